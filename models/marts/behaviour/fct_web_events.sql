{# One row per clickstream event (`event_id`), de-duplicated, with its session and customer. #}
with

events_sessionized as (
    select * from {{ ref('int_web_events_sessionized') }}
),

sessions_of_erased as (
    select * from {{ ref('int_web_sessions_of_erased') }}
),

unambiguous_identifiers as (
    select * from {{ ref('int_identity_identifiers_unambiguous') }}
),

device_customers as (
    select
        identifier_value as anonymous_id,
        customer_id
    from unambiguous_identifiers
    where identifier_type = 'anonymous_id'
),

account_customers as (
    select
        identifier_value as account_id,
        customer_id
    from unambiguous_identifiers
    where identifier_type = 'account_id'
),

-- sessions an erased customer took part in are left out whole
events_kept as (
    select events_sessionized.*
    from events_sessionized
    left join sessions_of_erased
        on events_sessionized.session_id = sessions_of_erased.session_id
    where sessions_of_erased.session_id is null
),

-- while logged in, the account's customer; else the device's (anonymous browsing before a login included)
final as (
    select
        events_kept.event_id,
        events_kept.session_id,
        coalesce(account_customers.customer_id, device_customers.customer_id) as customer_id,
        events_kept.anonymous_id,
        events_kept.account_id,
        events_kept.event_type,
        events_kept.event_at,
        cast(events_kept.event_at as date) as event_date,
        events_kept.page_url,
        events_kept.product_id,
        events_kept.order_id,
        events_kept.device_type,
        events_kept.utm_source,
        events_kept.utm_medium,
        events_kept.utm_campaign,
        events_kept.referrer,
        events_kept.is_session_start
    from events_kept
    left join device_customers
        on events_kept.anonymous_id = device_customers.anonymous_id
    left join account_customers
        on events_kept.account_id = account_customers.account_id
)

select * from final
