{# One row per clickstream event (`event_id`); at-least-once re-deliveries collapse to the first copy. #}
-- Stored, unlike most staging models: its de-duplication is a window over
-- every clickstream event, and a dozen models and tests read it (as a view, each would
-- re-run the window).
-- Incremental where raw files are tracked: a run re-ranks only the event
-- ids of new or changed raw files, over every copy base holds of them
-- (macros/raw/raw_files.sql, docs/incremental.md).
{{ config(
    materialized=journeymap.raw_file_materialization(),
    unique_key='event_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook=["{{ journeymap.forget_unstaged_keys('base_web__events') }}"],
    meta={'mirrors_raw': true},
) }}
with

events as (
    select * from {{ ref('base_web__events') }}
    where rejection_reason is null
    {% if is_incremental() %}
        and event_id in (
            {{ journeymap.restaged_keys('base_web__events', 'event_id') }}
        )
    {% endif %}
),

ranked as (
    select
        *,
        row_number() over (
            partition by event_id
            -- identical copies (same hash) differ only in their file: the first file keeps it
            order by event_at, row_hash, raw_file
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
        referrer,
        raw_file,
        raw_file_rows
    from ranked
    where copy_rank = 1
)

select * from final
