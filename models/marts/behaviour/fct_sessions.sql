{# One row per web session (`session_id`): a device's run of events split by inactivity or a campaign change. #}
with

events_sessionized as (
    select * from {{ ref('int_web_events_sessionized') }}
),

sessions as (
    select
        session_id,
        anonymous_id,
        -- a login during the session names the customer; else the device's customer
        coalesce(max(account_customer_id), max(device_customer_id)) as customer_id,
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
    from events_sessionized
    group by
        session_id,
        anonymous_id
),

final as (
    select
        session_id,
        anonymous_id,
        customer_id,
        is_logged_in,
        session_start_at,
        session_end_at,
        cast(session_start_at as date) as session_date,
        {{ dbt.datediff('session_start_at', 'session_end_at', 'second') }} as duration_seconds,
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
