{# One row per order line (`order_id:line_number`) of an order in fct_orders, with its USD line total and the order's revenue rule. #}
with

order_items as (
    select * from {{ ref('stg_shop__order_items') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

final as (
    select
        order_items.order_item_id,
        order_items.order_id,
        order_items.line_number,
        orders.customer_id,
        order_items.product_id,
        orders.ordered_at,
        orders.order_date,
        order_items.quantity,
        order_items.unit_price,
        cast(order_items.quantity * order_items.unit_price as decimal(18, 2)) as line_total,
        orders.currency_code,
        cast(round(order_items.quantity * order_items.unit_price * orders.usd_per_unit, 2) as decimal(18, 2)) as line_total_usd,
        orders.is_counted
    from order_items
    -- lines of refused or erased orders have no order to belong to
    inner join orders
        on order_items.order_id = orders.order_id
)

select * from final
