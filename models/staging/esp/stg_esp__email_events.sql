{# One row per email engagement event (`event_id`); re-deliveries collapse to the first copy. #}
with

email_events as (
    select * from {{ ref('base_esp__email_events') }}
    where rejection_reason is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by event_id
            order by event_at, row_hash
        ) as copy_rank
    from email_events
),

final as (
    select
        event_id,
        email,
        campaign_id,
        event_type,
        event_at,
        link_url
    from ranked
    where copy_rank = 1
)

select * from final
