{#
    One row per (customer, product, streak) where the customer viewed the
    product more than var personalization.repeat_view_threshold times
    without buying it: views are counted since the customer's last order of
    the product, and the trigger fires on the view that crosses the
    threshold (once per streak).
#}
{%- set threshold = var('personalization')['repeat_view_threshold'] -%}
with

web_events as (
    select * from {{ ref('fct_web_events') }}
),

order_items as (
    select * from {{ ref('fct_order_items') }}
),

as_of_date as (
    select * from {{ ref('int_as_of_date') }}
),

product_touches as (
    select
        web_events.customer_id,
        web_events.product_id,
        web_events.event_id as touch_id,
        web_events.event_at as touched_at,
        'view' as touch_type
    from web_events
    cross join as_of_date
    where
        web_events.customer_id is not null
        and web_events.product_id is not null
        and web_events.event_type = 'product_view'
        and web_events.event_at < cast(as_of_date.as_of_date as {{ dbt.type_timestamp() }})
    union all
    select
        order_items.customer_id,
        order_items.product_id,
        order_items.order_item_id as touch_id,
        order_items.ordered_at as touched_at,
        'order' as touch_type
    from order_items
    where order_items.customer_id is not null
),

streaks as (
    select
        customer_id,
        product_id,
        touch_id,
        touched_at,
        touch_type,
        sum(case when touch_type = 'order' then 1 else 0 end) over (
            partition by customer_id, product_id
            order by touched_at asc, touch_type desc, touch_id asc
            rows between unbounded preceding and current row
        ) as purchase_streak
    from product_touches
),

numbered_views as (
    select
        customer_id,
        product_id,
        touch_id,
        touched_at,
        row_number() over (
            partition by customer_id, product_id, purchase_streak
            order by touched_at asc, touch_id asc
        ) as view_number
    from streaks
    where touch_type = 'view'
),

final as (
    select
        customer_id,
        'product_viewed_repeatedly' as trigger_name,
        touch_id as source_event_id,
        cast(touched_at as {{ dbt.type_timestamp() }}) as fired_at,
        product_id as context_product_id,
        cast(null as decimal(18, 2)) as context_cart_value,
        cast(null as {{ dbt.type_string() }}) as context_currency_code,
        cast(null as date) as context_event_date
    from numbered_views
    where view_number = {{ threshold + 1 }}
)

select * from final
