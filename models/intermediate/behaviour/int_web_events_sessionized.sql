{#
    One row per web event (`event_id`) with its session; no identity (the
    marts attribute customers and leave out erased ones, every build). A
    device's next event starts a new session when it comes more than var
    session_timeout_minutes after the previous one, or when it carries a
    non-NULL utm_campaign different from the campaign of the session so far
    (a session that started without a campaign changes campaign too).
    Midnight does not split sessions. Window functions over the device only:
    no self-join on events.

    Incremental (docs/incremental.md): a run takes the devices with an event
    at or after the cutoff (latest event_at in the table minus var
    incremental_lookback_hours) and rebuilds each from its last inactivity
    start before the cutoff. No session spans an inactivity start and nothing
    before one changes a later session, so a session straddling the cutoff is
    rebuilt whole and keeps the id a full build gives it.
#}
{{ config(unique_key='event_id') }}
-- erasure post-hook (erase_from_this) reads these:
-- depends_on: {{ ref('int_customers_erased') }}
-- depends_on: {{ ref('int_identity_identifier_lookup') }}
-- Scheduling only: this window over every web event and the fuzzy matcher are
-- the two heaviest models of a build; side by side in one DuckDB process they
-- took 169 s and 197 s at 1,000,000 persons, one after the other 16-18 s and
-- 127 s (docs/benchmark.md). This edge makes dbt run them one after the other.
-- depends_on: {{ ref('int_identity_fuzzy_matches') }}
{%- set timeout_seconds = var('session_timeout_minutes') * 60 %}

with

web_events as (
    select * from {{ ref('stg_web__events') }}
),

{% if is_incremental() %}

    existing_events as (
        select * from {{ this }}
    ),

    cutoff as (
        select {{ journeymap.incremental_cutoff('event_at') }} as cutoff_at
        from existing_events
    ),

    devices_in_window as (
        select distinct web_events.anonymous_id
        from web_events
        cross join cutoff
        where web_events.event_at >= cutoff.cutoff_at
    ),

    -- the device's last inactivity start before the cutoff: its sessions are rebuilt from there
    restart_candidates as (
        select
            existing_events.anonymous_id,
            existing_events.event_id,
            existing_events.event_at,
            existing_events.seconds_since_previous_event,
            row_number() over (
                partition by existing_events.anonymous_id
                order by existing_events.event_at desc, existing_events.event_id desc
            ) as restart_rank
        from existing_events
        inner join devices_in_window
            on existing_events.anonymous_id = devices_in_window.anonymous_id
        cross join cutoff
        where
            existing_events.is_inactivity_start
            and existing_events.event_at < cutoff.cutoff_at
    ),

    restart_points as (
        select
            anonymous_id,
            event_id as restart_event_id,
            event_at as restart_at,
            seconds_since_previous_event as restart_seconds_since_previous_event
        from restart_candidates
        where restart_rank = 1
    ),

    -- a device without a restart point (new, or all its events in the window) is rebuilt whole
    events_to_sessionize as (
        select
            web_events.*,
            case
                when web_events.event_id = restart_points.restart_event_id
                    then restart_points.restart_seconds_since_previous_event
            end as carried_seconds_since_previous_event
        from web_events
        inner join devices_in_window
            on web_events.anonymous_id = devices_in_window.anonymous_id
        left join restart_points
            on web_events.anonymous_id = restart_points.anonymous_id
        where
            restart_points.restart_at is null
            or web_events.event_at > restart_points.restart_at
            or (
                web_events.event_at = restart_points.restart_at
                and web_events.event_id >= restart_points.restart_event_id
            )
    ),

{% else %}

    events_to_sessionize as (
        select
            *,
            cast(null as {{ dbt.type_bigint() }}) as carried_seconds_since_previous_event
        from web_events
    ),

{% endif %}

with_previous_event as (
    select
        *,
        lag(event_at) over (
            partition by anonymous_id
            order by event_at asc, event_id asc
        ) as previous_event_at
    from events_to_sessionize
),

with_inactivity_flags as (
    select
        *,
        coalesce(
            {{ dbt.datediff('previous_event_at', 'event_at', 'second') }} > {{ timeout_seconds }},
            true
        ) as is_inactivity_start
    from with_previous_event
),

with_inactivity_groups as (
    select
        *,
        sum(case when is_inactivity_start then 1 else 0 end) over (
            partition by anonymous_id
            order by event_at asc, event_id asc
            rows between unbounded preceding and current row
        ) as inactivity_group
    from with_inactivity_flags
),

-- the last campaign seen before each event, and the inactivity group it was seen in
with_previous_campaign as (
    select
        *,
        {{ journeymap.last_value_ignore_nulls('utm_campaign') }} over (
            partition by anonymous_id
            order by event_at asc, event_id asc
            rows between unbounded preceding and 1 preceding
        ) as previous_campaign,
        {{ journeymap.last_value_ignore_nulls('case when utm_campaign is not null then inactivity_group end') }} over (
            partition by anonymous_id
            order by event_at asc, event_id asc
            rows between unbounded preceding and 1 preceding
        ) as previous_campaign_group
    from with_inactivity_groups
),

with_session_starts as (
    select
        *,
        is_inactivity_start
        or (
            utm_campaign is not null
            and (
                previous_campaign_group is null
                or previous_campaign_group <> inactivity_group
                or previous_campaign <> utm_campaign
            )
        ) as is_session_start
    from with_previous_campaign
),

with_sessions as (
    select
        *,
        {{ journeymap.last_value_ignore_nulls('case when is_session_start then event_id end') }} over (
            partition by anonymous_id
            order by event_at asc, event_id asc
            rows between unbounded preceding and current row
        ) as session_first_event_id
    from with_session_starts
),

final as (
    select
        event_id,
        {{ dbt.hash(dbt.concat(['anonymous_id', "'|'", 'session_first_event_id'])) }} as session_id,
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
        is_session_start,
        is_inactivity_start,
        coalesce(
            carried_seconds_since_previous_event,
            {{ dbt.datediff('previous_event_at', 'event_at', 'second') }}
        ) as seconds_since_previous_event
    from with_sessions
)

select * from final
