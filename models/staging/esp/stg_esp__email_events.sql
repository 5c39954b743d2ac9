{# One row per email engagement event (`event_id`); re-deliveries collapse to the first copy. #}
-- A table, unlike most staging models: its de-duplication is a window over
-- every email event, and a dozen models and tests read it (as a view, each would
-- re-run the window).
{{ config(materialized='table') }}
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
