{# Every staged web event of a non-erased customer is in exactly one session: event counts of fct_sessions add up to fct_web_events. #}
with

sessions as (
    select * from {{ ref('fct_sessions') }}
),

web_events as (
    select * from {{ ref('fct_web_events') }}
),

session_events as (
    select sum(event_count) as event_total from sessions
),

events as (
    select count(*) as event_total from web_events
),

final as (
    select
        session_events.event_total as session_event_total,
        events.event_total as web_event_total
    from session_events
    cross join events
    where session_events.event_total <> events.event_total
)

select * from final
