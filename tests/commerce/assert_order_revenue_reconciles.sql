{# Counted revenue agrees across fct_orders, customer_behaviour and customer_rfm (same customers, same USD sums). #}
with

orders as (
    select * from {{ ref('fct_orders') }}
),

customer_behaviour as (
    select * from {{ ref('customer_behaviour') }}
),

customer_rfm as (
    select * from {{ ref('customer_rfm') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

order_totals as (
    select
        orders.customer_id,
        count(*) as counted_orders,
        coalesce(sum(orders.order_total_usd), 0) as counted_revenue_usd
    from orders
    cross join as_of
    where
        orders.is_counted
        and orders.customer_id is not null
        and orders.order_date < as_of.as_of_date
    group by orders.customer_id
),

final as (
    select
        order_totals.customer_id,
        order_totals.counted_orders,
        order_totals.counted_revenue_usd,
        customer_rfm.frequency,
        customer_rfm.monetary,
        customer_behaviour.lifetime_revenue_usd
    from order_totals
    left join customer_rfm
        on order_totals.customer_id = customer_rfm.customer_id
    left join customer_behaviour
        on order_totals.customer_id = customer_behaviour.customer_id
    where
        customer_rfm.customer_id is null
        or customer_rfm.frequency <> order_totals.counted_orders
        or coalesce(customer_rfm.monetary, 0) <> order_totals.counted_revenue_usd
        or customer_behaviour.lifetime_revenue_usd < order_totals.counted_revenue_usd
)

select * from final
