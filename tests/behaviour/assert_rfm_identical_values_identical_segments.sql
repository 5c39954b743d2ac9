{#
    Customers with the same recency_days, frequency and monetary in
    customer_rfm have the same r, f and m scores and the same rfm_segment:
    scores are tie-aware (macro rfm_score), never split by customer_id as
    NTILE did. One row per (recency, frequency, monetary) that is scored or
    segmented two ways.
#}
with

customer_rfm as (
    select * from {{ ref('customer_rfm') }}
),

final as (
    select
        recency_days,
        frequency,
        monetary,
        count(*) as customer_count,
        count(distinct rfm_score) as score_count,
        count(distinct rfm_segment) as segment_count
    from customer_rfm
    group by recency_days, frequency, monetary
    having count(distinct rfm_score) > 1 or count(distinct rfm_segment) > 1
)

select * from final
