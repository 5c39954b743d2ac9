{# One row per clickstream event (`event_id`), de-duplicated, with its session and customer. #}
with

events_sessionized as (
    select * from {{ ref('int_web_events_sessionized') }}
),

final as (
    select
        event_id,
        session_id,
        customer_id,
        anonymous_id,
        account_id,
        event_type,
        event_at,
        cast(event_at as date) as event_date,
        page_url,
        product_id,
        order_id,
        device_type,
        utm_source,
        utm_medium,
        utm_campaign,
        referrer,
        is_session_start
    from events_sessionized
)

select * from final
