{# One row per order (latest version), attributed to a customer, with USD amounts and the revenue rule applied (all from int_orders_attributed). #}
with

orders_attributed as (
    select * from {{ ref('int_orders_attributed') }}
),

final as (
    select
        order_id,
        customer_id,
        account_id,
        is_guest,
        ordered_at,
        order_date,
        order_status,
        is_counted,
        currency_code,
        order_total,
        discount_total,
        usd_per_unit,
        order_total_usd,
        discount_total_usd,
        counted_revenue_usd,
        shipping_country_code,
        updated_at,
        version_count
    from orders_attributed
)

select * from final
