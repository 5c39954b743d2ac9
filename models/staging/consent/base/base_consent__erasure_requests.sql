{# Every raw erasure request row, parsed; `rejection_reason` is NULL for usable rows. #}
with

source as (
    select * from {{ journeymap.raw_source('consent', 'erasure_requests') }}
),

parsed as (
    select
        nullif(trim(request_id), '') as request_id,
        {{ journeymap.normalize_label('subject_type') }} as subject_type,
        case
            when {{ journeymap.normalize_label('subject_type') }} = 'email'
                then {{ journeymap.normalize_email('subject_id') }}
            else nullif(trim(subject_id), '')
        end as subject_id,
        {{ journeymap.parse_timestamp_utc('trim(requested_at)') }} as requested_at,
        subject_type as subject_type_raw,
        subject_id as subject_id_raw,
        requested_at as requested_at_raw,
        {{ journeymap.row_hash(['request_id', 'subject_type', 'subject_id', 'requested_at']) }} as row_hash
    from source
),

-- a future requested_at is nulled, not refused: the request is honoured all the same
checked as (
    select
        *,
        case when {{ journeymap.is_future('requested_at') }} then 'future_timestamp' end as requested_at_issue
    from parsed
),

final as (
    select
        *,
        {{ journeymap.rejection_columns([
            ['request_id is null', 'missing_required', 'request_id', none],
            ['subject_type is null', 'missing_required', 'subject_type', none],
            ['not ' ~ journeymap.in_list('subject_type', var('consent_subject_types')), 'unknown_subject_type', 'subject_type', 'subject_type_raw'],
            ["nullif(trim(subject_id_raw), '') is null", 'missing_required', 'subject_id', none],
            ['subject_id is null', 'invalid_email', 'subject_id', 'subject_id_raw'],
            ["nullif(trim(requested_at_raw), '') is null", 'missing_required', 'requested_at', none],
            ['requested_at is null', 'unparseable_timestamp', 'requested_at', 'requested_at_raw'],
        ]) }}
    from checked
)

select * from final
