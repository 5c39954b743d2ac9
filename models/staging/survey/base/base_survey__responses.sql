{# Every raw survey answer row, parsed; `rejection_reason` is NULL for usable rows. #}
with

source as (
    select * from {{ journeymap.raw_source('survey', 'survey_responses') }}
),

parsed as (
    select
        nullif(trim(response_id), '') as response_id,
        {{ journeymap.normalize_email('email') }} as email,
        {{ journeymap.normalize_label('question_key') }} as question_key,
        {{ journeymap.clean_text('answer') }} as answer,
        {{ journeymap.parse_timestamp_utc('trim(responded_at)') }} as responded_at,
        email as email_raw,
        responded_at as responded_at_raw,
        {{ journeymap.email_issue('email') }} as email_problem,
        {{ journeymap.row_hash(['response_id', 'email', 'question_key', 'answer', 'responded_at']) }} as row_hash
    from source
),

checked as (
    select
        *,
        {{ journeymap.temporal_issue('responded_at_raw', 'responded_at') }} as responded_at_issue
    from parsed
),

final as (
    select
        *,
        {{ journeymap.rejection_columns([
            ['response_id is null', 'missing_required', 'response_id', none],
            ["nullif(trim(email_raw), '') is null", 'missing_required', 'email', none],
            ["email_problem = 'placeholder_email'", 'placeholder_email', 'email', 'email_raw'],
            ['email is null', 'invalid_email', 'email', 'email_raw'],
            ['question_key is null', 'missing_required', 'question_key', none],
        ]) }}
    from checked
)

select * from final
