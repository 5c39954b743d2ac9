{# One row per support ticket. #}
with

tickets as (
    select * from {{ ref('base_support__tickets') }}
    where rejection_reason is null
),

ranked as (
    select
        *,
        row_number() over (partition by ticket_id order by row_hash) as copy_rank
    from tickets
),

final as (
    select
        ticket_id,
        requester_email,
        requester_phone,
        channel,
        category,
        opened_at,
        case when resolved_at_issue is null then resolved_at end as resolved_at,
        case when csat_score_issue is null then csat_score end as csat_score
    from ranked
    where copy_rank = 1
)

select * from final
