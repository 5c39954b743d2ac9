{# Every raw consent event row, parsed; `rejection_reason` is NULL for usable rows. #}
with

source as (
    select * from {{ journeymap.raw_source('consent', 'consent_events') }}
),

parsed as (
    select
        nullif(trim(consent_event_id), '') as consent_event_id,
        {{ journeymap.normalize_label('subject_type') }} as subject_type,
        -- emails are matched in their normalised form; other ids are opaque
        case
            when {{ journeymap.normalize_label('subject_type') }} = 'email'
                then {{ journeymap.normalize_email('subject_id') }}
            else nullif(trim(subject_id), '')
        end as subject_id,
        {{ journeymap.normalize_label('purpose') }} as purpose,
        {{ journeymap.normalize_label('status') }} as consent_status,
        {{ journeymap.parse_timestamp_utc('trim(event_at)') }} as event_at,
        upper({{ journeymap.clean_text('jurisdiction') }}) as jurisdiction,
        {{ journeymap.normalize_label('collection_point') }} as collection_point,
        subject_type as subject_type_raw,
        subject_id as subject_id_raw,
        purpose as purpose_raw,
        status as consent_status_raw,
        event_at as event_at_raw,
        {{ journeymap.row_hash([
            'consent_event_id', 'subject_type', 'subject_id', 'purpose', 'status', 'event_at',
            'jurisdiction', 'collection_point'
        ]) }} as row_hash
    from source
),

final as (
    select
        *,
        {{ journeymap.rejection_columns([
            ['consent_event_id is null', 'missing_required', 'consent_event_id', none],
            ['subject_type is null', 'missing_required', 'subject_type', none],
            ['not ' ~ journeymap.in_list('subject_type', var('consent_subject_types')), 'unknown_subject_type', 'subject_type', 'subject_type_raw'],
            ["nullif(trim(subject_id_raw), '') is null", 'missing_required', 'subject_id', none],
            ['subject_id is null', 'invalid_email', 'subject_id', 'subject_id_raw'],
            ['purpose is null', 'missing_required', 'purpose', none],
            ['not ' ~ journeymap.in_list('purpose', var('consent_purposes')), 'unknown_purpose', 'purpose', 'purpose_raw'],
            ['consent_status is null', 'missing_required', 'status', none],
            ["consent_status not in ('granted', 'withdrawn')", 'unknown_status', 'status', 'consent_status_raw'],
            ["nullif(trim(event_at_raw), '') is null", 'missing_required', 'event_at', none],
            ['event_at is null', 'unparseable_timestamp', 'event_at', 'event_at_raw'],
            [journeymap.is_future('event_at'), 'future_timestamp', 'event_at', 'event_at_raw'],
        ]) }}
    from parsed
)

select * from final
