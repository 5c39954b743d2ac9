{# Every raw email engagement row (duplicates included), parsed; `rejection_reason` is NULL for usable rows. #}
-- Staged by raw file: a run parses only the files that are new or changed
-- (macros/raw/raw_files.sql, docs/incremental.md).
{{ config(
    materialized=journeymap.raw_file_materialization(),
    unique_key='raw_file',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook=["{{ journeymap.forget_vanished_raw_files('esp', 'email_events') }}"],
    meta={'mirrors_raw': true},
) }}
with

source as (
    select * from {{ journeymap.raw_source('esp', 'email_events') }}
),

{{ journeymap.raw_rows_to_parse('source', parse_settings={'email_event_types': var('email_event_types'), 'placeholder_text_values': var('placeholder_text_values'), 'placeholder_email_domains': var('placeholder_email_domains'), 'placeholder_emails': var('placeholder_emails'), 'max_future_days': var('max_future_days')}) }},

parsed as (
    select
        nullif(trim(event_id), '') as event_id,
        {{ journeymap.normalize_email('email') }} as email,
        nullif(trim(campaign_id), '') as campaign_id,
        {{ journeymap.normalize_label('event_type') }} as event_type,
        {{ journeymap.parse_timestamp_utc('trim(event_at)') }} as event_at,
        nullif(trim(link_url), '') as link_url,
        email as email_raw,
        event_type as event_type_raw,
        event_at as event_at_raw,
        {{ journeymap.email_issue('email') }} as email_problem,
        {{ journeymap.row_hash(['event_id', 'email', 'campaign_id', 'event_type', 'event_at', 'link_url']) }} as row_hash,
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
            ["nullif(trim(email_raw), '') is null", 'missing_required', 'email', none],
            ["email_problem = 'placeholder_email'", 'placeholder_email', 'email', 'email_raw'],
            ['email is null', 'invalid_email', 'email', 'email_raw'],
            ['event_type is null', 'missing_required', 'event_type', none],
            ['not ' ~ journeymap.in_list('event_type', var('email_event_types')), 'unknown_event_type', 'event_type', 'event_type_raw'],
            ["nullif(trim(event_at_raw), '') is null", 'missing_required', 'event_at', none],
            ['event_at is null', 'unparseable_timestamp', 'event_at', 'event_at_raw'],
            [journeymap.is_future('event_at'), 'future_timestamp', 'event_at', 'event_at_raw'],
        ]) }}
    from parsed
)

select * from final
