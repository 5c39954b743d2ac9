{#
    One row per customer with a counted order before the effectiveness
    cutoff (int_segment_reference_dates): RFM scored as customer_rfm scores
    it (tie-aware quintiles, 5 best, equal values equal scores; named
    segment from seed rfm_segments, lowest priority wins), but as of the cutoff, so
    fct_segment_effectiveness can measure RFM segments without hindsight.
    Scoring is shared with customer_rfm through macros/scoring/rfm.sql.
#}
with

orders as (
    select * from {{ ref('fct_orders') }}
),

reference_dates as (
    select * from {{ ref('int_segment_reference_dates') }}
),

rfm_segments as (
    select * from {{ ref('rfm_segments') }}
),

customer_orders as (
    select
        orders.customer_id,
        reference_dates.reference_date,
        max(orders.order_date) as last_order_date,
        count(*) as frequency,
        sum(orders.order_total_usd) as monetary
    from orders
    inner join reference_dates
        on
            reference_dates.reference_kind = 'effectiveness_cutoff'
            and orders.order_date < reference_dates.reference_date
    where
        orders.is_counted
        and orders.customer_id is not null
    group by orders.customer_id, reference_dates.reference_date
),

with_recency as (
    select
        customer_id,
        reference_date,
        {{ dbt.datediff('last_order_date', 'reference_date', 'day') }} as recency_days,
        frequency,
        monetary
    from customer_orders
),

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
        scored.reference_date,
        cast(scored.recency_days as {{ dbt.type_int() }}) as recency_days,
        cast(scored.frequency as {{ dbt.type_int() }}) as frequency,
        cast(scored.r_score as {{ dbt.type_int() }}) as r_score,
        cast(scored.f_score as {{ dbt.type_int() }}) as f_score,
        cast(scored.m_score as {{ dbt.type_int() }}) as m_score,
        segment_matches.rfm_segment
    from scored
    left join segment_matches
        on
            scored.customer_id = segment_matches.customer_id
            and segment_matches.match_rank = 1
)

select * from final
