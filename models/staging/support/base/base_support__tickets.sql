{# Every raw support ticket row, parsed; `rejection_reason` is NULL for usable rows. #}
with

source as (
    select * from {{ journeymap.raw_source('support', 'support_tickets') }}
),

countries as (
    select * from {{ ref('countries') }}
),

-- tickets carry no country: national phone numbers use var default_phone_country
default_country as (
    select calling_code as default_calling_code
    from countries
    where country_code = '{{ var("default_phone_country") }}'
),

parsed as (
    select
        nullif(trim(source.ticket_id), '') as ticket_id,
        {{ journeymap.normalize_email('source.requester_email') }} as requester_email,
        {{ journeymap.normalize_phone('source.requester_phone', 'default_country.default_calling_code') }} as requester_phone,
        {{ journeymap.normalize_label('source.channel') }} as channel,
        {{ journeymap.normalize_label('source.category') }} as category,
        {{ journeymap.parse_timestamp_utc('trim(source.opened_at)') }} as opened_at,
        {{ journeymap.parse_timestamp_utc('trim(source.resolved_at)') }} as resolved_at,
        {{ journeymap.parse_integer('source.csat_score') }} as csat_score,
        source.requester_email as requester_email_raw,
        source.requester_phone as requester_phone_raw,
        source.opened_at as opened_at_raw,
        source.resolved_at as resolved_at_raw,
        source.csat_score as csat_score_raw,
        {{ journeymap.email_issue('source.requester_email') }} as requester_email_issue,
        {{ journeymap.phone_issue('source.requester_phone', 'default_country.default_calling_code') }} as requester_phone_issue,
        {{ journeymap.row_hash([
            'source.ticket_id', 'source.requester_email', 'source.requester_phone', 'source.channel',
            'source.category', 'source.opened_at', 'source.resolved_at', 'source.csat_score'
        ]) }} as row_hash
    from source
    cross join default_country
),

checked as (
    select
        *,
        coalesce(
            {{ journeymap.temporal_issue('resolved_at_raw', 'resolved_at') }},
            case when resolved_at < opened_at then 'resolved_before_opened' end
        ) as resolved_at_issue,
        case
            when {{ journeymap.parse_issue('csat_score_raw', 'csat_score', 'x') }} is not null then 'unparseable_integer'
            when csat_score not between 1 and 5 then 'out_of_range'
        end as csat_score_issue
    from parsed
),

final as (
    select
        *,
        {{ journeymap.rejection_columns([
            ['ticket_id is null', 'missing_required', 'ticket_id', none],
            ["nullif(trim(opened_at_raw), '') is null", 'missing_required', 'opened_at', none],
            ['opened_at is null', 'unparseable_timestamp', 'opened_at', 'opened_at_raw'],
            [journeymap.is_future('opened_at'), 'future_timestamp', 'opened_at', 'opened_at_raw'],
        ]) }}
    from checked
)

select * from final
