{#
    A one-order customer is never in an RFM segment whose definition needs
    repeat purchases: a seed rfm_segments row with min_orders > 1, or with
    f_score_min > 1 (under tie-aware scoring one order always scores f 1, so
    such a row describes repeat buyers). Checked as of the as-of date
    (customer_rfm) and as of the effectiveness cutoff
    (int_customer_rfm_at_cutoff). Fails with NTILE scores, which split the
    one-order majority across f scores 1-3 by customer_id.
#}
with

customer_rfm as (
    select * from {{ ref('customer_rfm') }}
),

rfm_at_cutoff as (
    select * from {{ ref('int_customer_rfm_at_cutoff') }}
),

rfm_segments as (
    select * from {{ ref('rfm_segments') }}
),

scored_customers as (
    select
        'customer_rfm' as model_name,
        customer_id,
        frequency,
        f_score,
        rfm_segment
    from customer_rfm
    union all
    select
        'int_customer_rfm_at_cutoff' as model_name,
        customer_id,
        frequency,
        f_score,
        rfm_segment
    from rfm_at_cutoff
),

final as (
    select
        scored_customers.model_name,
        scored_customers.customer_id,
        scored_customers.frequency,
        scored_customers.f_score,
        scored_customers.rfm_segment,
        rfm_segments.min_orders,
        rfm_segments.f_score_min
    from scored_customers
    inner join rfm_segments
        on scored_customers.rfm_segment = rfm_segments.rfm_segment
    where
        scored_customers.frequency = 1
        and (coalesce(rfm_segments.min_orders, 1) > 1 or rfm_segments.f_score_min > 1)
)

select * from final
