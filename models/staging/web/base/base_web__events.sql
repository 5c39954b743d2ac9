{# Every raw clickstream row (duplicates included), parsed; `rejection_reason` is NULL for usable rows. #}
-- Staged by raw file: a run parses only the files that are new or changed
-- (macros/raw/raw_files.sql, docs/incremental.md).
{{ config(
    materialized=journeymap.raw_file_materialization(),
    unique_key='raw_file',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook=["{{ journeymap.forget_vanished_raw_files('web', 'web_events') }}"],
    meta={'mirrors_raw': true},
) }}
with

source as (
    select * from {{ journeymap.raw_source('web', 'web_events') }}
),

{{ journeymap.raw_rows_to_parse('source', parse_settings={'web_event_types': var('web_event_types'), 'placeholder_text_values': var('placeholder_text_values'), 'max_future_days': var('max_future_days')}) }},

parsed as (
    select
        nullif(trim(event_id), '') as event_id,
        nullif(trim(anonymous_id), '') as anonymous_id,
        nullif(trim(account_id), '') as account_id,
        {{ journeymap.normalize_label('event_type') }} as event_type,
        {{ journeymap.parse_timestamp_utc('trim(event_at)') }} as event_at,
        nullif(trim(page_url), '') as page_url,
        nullif(trim(product_id), '') as product_id,
        nullif(trim(order_id), '') as order_id,
        {{ journeymap.normalize_label('device_type') }} as device_type,
        lower({{ journeymap.clean_text('utm_source') }}) as utm_source,
        lower({{ journeymap.clean_text('utm_medium') }}) as utm_medium,
        lower({{ journeymap.clean_text('utm_campaign') }}) as utm_campaign,
        nullif(trim(referrer), '') as referrer,
        event_type as event_type_raw,
        event_at as event_at_raw,
        {{ journeymap.row_hash([
            'event_id', 'anonymous_id', 'account_id', 'event_type', 'event_at', 'page_url', 'product_id',
            'order_id', 'device_type', 'utm_source', 'utm_medium', 'utm_campaign', 'referrer'
        ]) }} as row_hash,
        raw_file,
        raw_file_rows,
        raw_parse_settings
    from rows_to_parse
),

final as (
    select
        *,
        {{ journeymap.rejection_columns([
            ['event_id is null', 'missing_required', 'event_id', none],
            ['anonymous_id is null', 'missing_required', 'anonymous_id', none],
            ['event_type is null', 'missing_required', 'event_type', none],
            ['not ' ~ journeymap.in_list('event_type', var('web_event_types')), 'unknown_event_type', 'event_type', 'event_type_raw'],
            ["nullif(trim(event_at_raw), '') is null", 'missing_required', 'event_at', none],
            ['event_at is null', 'unparseable_timestamp', 'event_at', 'event_at_raw'],
            [journeymap.is_future('event_at'), 'future_timestamp', 'event_at', 'event_at_raw'],
        ]) }}
    from parsed
)

select * from final
