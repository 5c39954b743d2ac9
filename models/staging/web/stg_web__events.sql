{# One row per clickstream event (`event_id`); at-least-once re-deliveries collapse to the first copy. #}
-- A table, unlike most staging models: its de-duplication is a window over
-- every clickstream event, and a dozen models and tests read it (as a view, each would
-- re-run the window).
{{ config(materialized='table') }}
with

events as (
    select * from {{ ref('base_web__events') }}
    where rejection_reason is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by event_id
            order by event_at, row_hash
        ) as copy_rank
    from events
),

final as (
    select
        event_id,
        anonymous_id,
        account_id,
        event_type,
        event_at,
        page_url,
        product_id,
        order_id,
        device_type,
        utm_source,
        utm_medium,
        utm_campaign,
        referrer
    from ranked
    where copy_rank = 1
)

select * from final
