{#
    One row per web session (`session_id`) of int_web_events_sessionized,
    without identity: start, end, landing attributes from the first event,
    event counts. Incremental: a run rebuilds every session of the devices
    with an event at or after the cutoff (latest session_end_at minus var
    incremental_lookback_hours), replacing the device's rows (unique_key
    anonymous_id), so a session that a late event split or merged away
    leaves no stale row.
#}
{{ config(unique_key='anonymous_id') }}
-- erasure post-hook (erase_from_this) reads these:
-- depends_on: {{ ref('int_customers_erased') }}
-- depends_on: {{ ref('int_identity_identifier_lookup') }}

with

events_sessionized as (
    select * from {{ ref('int_web_events_sessionized') }}
),

{% if is_incremental() %}

    cutoff as (
        select {{ journeymap.incremental_cutoff('session_end_at') }} as cutoff_at
        from {{ this }}
    ),

    devices_in_window as (
        select distinct events_sessionized.anonymous_id
        from events_sessionized
        cross join cutoff
        where events_sessionized.event_at >= cutoff.cutoff_at
    ),

    events_to_aggregate as (
        select events_sessionized.*
        from events_sessionized
        inner join devices_in_window
            on events_sessionized.anonymous_id = devices_in_window.anonymous_id
    ),

{% else %}

    events_to_aggregate as (
        select * from events_sessionized
    ),

{% endif %}

sessions as (
    select
        session_id,
        anonymous_id,
        max(case when account_id is not null then 1 else 0 end) = 1 as is_logged_in,
        min(event_at) as session_start_at,
        max(event_at) as session_end_at,
        max(case when is_session_start then page_url end) as landing_page_url,
        max(case when is_session_start then utm_source end) as utm_source,
        max(case when is_session_start then utm_medium end) as utm_medium,
        max(case when is_session_start then utm_campaign end) as utm_campaign,
        max(case when is_session_start then referrer end) as referrer,
        max(case when is_session_start then device_type end) as device_type,
        count(case when event_type = 'page_view' then 1 end) as page_views,
        count(case when event_type = 'product_view' then 1 end) as product_views,
        count(case when event_type = 'add_to_cart' then 1 end) as cart_adds,
        max(case when event_type = 'checkout_started' then 1 else 0 end) = 1 as has_checkout,
        max(case when event_type = 'purchase' then 1 else 0 end) = 1 as has_purchase,
        count(*) as event_count
    from events_to_aggregate
    group by
        session_id,
        anonymous_id
),

final as (
    select
        session_id,
        anonymous_id,
        is_logged_in,
        session_start_at,
        session_end_at,
        landing_page_url,
        utm_source,
        utm_medium,
        utm_campaign,
        referrer,
        device_type,
        page_views,
        product_views,
        cart_adds,
        has_checkout,
        has_purchase,
        event_count
    from sessions
)

select * from final
