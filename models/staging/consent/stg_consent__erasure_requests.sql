{# One row per erasure request (`request_id`). #}
with

erasure_requests as (
    select * from {{ ref('base_consent__erasure_requests') }}
    where rejection_reason is null
),

ranked as (
    select
        *,
        row_number() over (partition by request_id order by case when requested_at_issue is null then requested_at end, row_hash) as copy_rank
    from erasure_requests
),

final as (
    select
        request_id,
        subject_type,
        subject_id,
        case when requested_at_issue is null then requested_at end as requested_at
    from ranked
    where copy_rank = 1
)

select * from final
