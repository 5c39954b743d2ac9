{#
    One row per (web device, linked record): a device links to a shop
    account through any event carrying both ids (a login, or activity while
    logged in), and to an order's account or guest email through a
    `purchase` event's order_id.
#}
with

device_activity as (
    select * from {{ ref('int_identity_device_activity') }}
),

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

account_links as (
    select
        anonymous_id,
        {{ dbt.concat(["'shop_customers|'", 'account_id']) }} as linked_record_key,
        event_count,
        first_event_at
    from device_activity
    where account_id is not null
),

order_links as (
    select
        device_activity.anonymous_id,
        case
            when orders.account_id is not null
                then {{ dbt.concat(["'shop_customers|'", 'orders.account_id']) }}
            else {{ dbt.concat(["'guest_checkouts|'", 'orders.guest_email']) }}
        end as linked_record_key,
        device_activity.event_count,
        device_activity.first_event_at
    from device_activity
    inner join orders
        on device_activity.order_id = orders.order_id
    where
        device_activity.account_id is null
        and (orders.account_id is not null or orders.guest_email is not null)
),

links as (
    select * from account_links
    union all
    select * from order_links
),

final as (
    select
        anonymous_id,
        linked_record_key,
        sum(event_count) as linked_event_count,
        min(first_event_at) as first_linked_at
    from links
    group by anonymous_id, linked_record_key
)

select * from final
