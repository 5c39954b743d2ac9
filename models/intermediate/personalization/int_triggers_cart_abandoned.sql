{#
    One row per abandoned cart: a customer's cart add followed by no purchase
    and no further cart add (on any device) within var
    personalization.cart_abandon_window_minutes. Fires when the window
    closes (before the as-of date). Context: the last product added and the
    list-price value of the products added in that session since its last
    purchase (NULL when they are in several currencies). Removals are not
    subtracted.
#}
{%- set window_minutes = var('personalization')['cart_abandon_window_minutes'] -%}
with

web_events as (
    select * from {{ ref('fct_web_events') }}
),

products as (
    select * from {{ ref('dim_products') }}
),

as_of_date as (
    select * from {{ ref('int_as_of_date') }}
),

cart_events as (
    select
        web_events.event_id,
        web_events.customer_id,
        web_events.session_id,
        web_events.event_type,
        web_events.event_at,
        web_events.product_id,
        products.list_price,
        products.currency_code,
        sum(case when web_events.event_type = 'purchase' then 1 else 0 end) over (
            partition by web_events.session_id
            order by web_events.event_at asc, web_events.event_id asc
            rows between unbounded preceding and current row
        ) as session_purchase_epoch
    from web_events
    cross join as_of_date
    left join products
        on web_events.product_id = products.product_id
    where
        web_events.customer_id is not null
        and web_events.event_type in ('add_to_cart', 'purchase')
        and web_events.event_at < cast(as_of_date.as_of_date as {{ dbt.type_timestamp() }})
),

sequenced as (
    select
        event_id,
        customer_id,
        session_id,
        event_type,
        event_at,
        product_id,
        lead(event_at) over (partition by customer_id order by event_at asc, event_id asc) as next_cart_event_at,
        sum(case when event_type = 'add_to_cart' then list_price end) over (
            partition by session_id, session_purchase_epoch
            order by event_at asc, event_id asc
            rows between unbounded preceding and current row
        ) as cart_list_value,
        min(case when event_type = 'add_to_cart' then currency_code end) over (
            partition by session_id, session_purchase_epoch
            order by event_at asc, event_id asc
            rows between unbounded preceding and current row
        ) as cart_min_currency,
        max(case when event_type = 'add_to_cart' then currency_code end) over (
            partition by session_id, session_purchase_epoch
            order by event_at asc, event_id asc
            rows between unbounded preceding and current row
        ) as cart_max_currency
    from cart_events
),

abandoned as (
    select
        sequenced.customer_id,
        sequenced.event_id as source_event_id,
        {{ dbt.dateadd('minute', window_minutes, 'sequenced.event_at') }} as fired_at,
        sequenced.product_id as context_product_id,
        case when sequenced.cart_min_currency = sequenced.cart_max_currency then sequenced.cart_list_value end as context_cart_value,
        case when sequenced.cart_min_currency = sequenced.cart_max_currency then sequenced.cart_min_currency end as context_currency_code
    from sequenced
    cross join as_of_date
    where
        sequenced.event_type = 'add_to_cart'
        and (
            sequenced.next_cart_event_at is null
            or sequenced.next_cart_event_at > {{ dbt.dateadd('minute', window_minutes, 'sequenced.event_at') }}
        )
        and {{ dbt.dateadd('minute', window_minutes, 'sequenced.event_at') }}
        <= cast(as_of_date.as_of_date as {{ dbt.type_timestamp() }})
),

final as (
    select
        customer_id,
        'cart_abandoned' as trigger_name,
        source_event_id,
        cast(fired_at as {{ dbt.type_timestamp() }}) as fired_at,
        context_product_id,
        cast(context_cart_value as decimal(18, 2)) as context_cart_value,
        context_currency_code,
        cast(null as date) as context_event_date
    from abandoned
)

select * from final
