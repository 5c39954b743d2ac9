{# One row per consent event (`consent_event_id`). #}
-- A table, unlike most staging models: its de-duplication is a window over
-- every consent event, and a dozen models and tests read it (as a view, each would
-- re-run the window).
{{ config(materialized='table') }}
with

consent_events as (
    select * from {{ ref('base_consent__events') }}
    where rejection_reason is null
),

ranked as (
    select
        *,
        row_number() over (partition by consent_event_id order by event_at, row_hash) as copy_rank
    from consent_events
),

final as (
    select
        consent_event_id,
        subject_type,
        subject_id,
        purpose,
        consent_status,
        event_at,
        jurisdiction,
        collection_point
    from ranked
    where copy_rank = 1
)

select * from final
