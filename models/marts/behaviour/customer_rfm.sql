{#
    One row per customer with at least one counted order before the as-of
    date: recency, frequency and monetary value, their 1-5 scores (5 best)
    and the named segment from seed rfm_segments.
#}
with

orders as (
    select * from {{ ref('fct_orders') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

rfm_segments as (
    select * from {{ ref('rfm_segments') }}
),

counted_orders as (
    select
        orders.customer_id,
        orders.order_date,
        orders.order_total_usd,
        as_of.as_of_date
    from orders
    cross join as_of
    where
        orders.is_counted
        and orders.customer_id is not null
        and orders.order_date < as_of.as_of_date
),

customer_orders as (
    select
        customer_id,
        as_of_date,
        max(order_date) as last_order_date,
        count(*) as frequency,
        -- USD only: orders without a rate are counted in frequency, not in monetary
        sum(order_total_usd) as monetary,
        count(*) - count(order_total_usd) as unconverted_order_count
    from counted_orders
    group by
        customer_id,
        as_of_date
),

with_recency as (
    select
        *,
        {{ dbt.datediff('last_order_date', 'as_of_date', 'day') }} as recency_days
    from customer_orders
),

-- tie-aware quintiles (macro rfm_score): equal values, equal scores; 5 is best
scored as (
    select
        *,
        {{ journeymap.rfm_scores() }}
    from with_recency
),

segment_matches as (
    {{ journeymap.rfm_segment_matches('scored', 'rfm_segments') }}
),

final as (
    select
        scored.customer_id,
        scored.as_of_date,
        cast(scored.recency_days as integer) as recency_days,
        cast(scored.frequency as integer) as frequency,
        cast(scored.monetary as decimal(18, 2)) as monetary,
        cast(scored.r_score as integer) as r_score,
        cast(scored.f_score as integer) as f_score,
        cast(scored.m_score as integer) as m_score,
        {{ dbt.concat([
            dbt.cast('scored.r_score', dbt.type_string()),
            dbt.cast('scored.f_score', dbt.type_string()),
            dbt.cast('scored.m_score', dbt.type_string()),
        ]) }} as rfm_score,
        segment_matches.rfm_segment,
        scored.last_order_date,
        cast(scored.unconverted_order_count as integer) as unconverted_order_count
    from scored
    left join segment_matches
        on
            scored.customer_id = segment_matches.customer_id
            and segment_matches.match_rank = 1
)

select * from final
