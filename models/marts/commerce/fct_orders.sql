{# One row per order (latest version), attributed to a customer, with USD amounts and the revenue rule applied. #}
with

orders as (
    select * from {{ ref('int_orders_versions_resolved') }}
),

fx_rates as (
    select * from {{ ref('stg_finance__fx_rates') }}
),

order_status_rules as (
    select * from {{ ref('order_status_rules') }}
),

unambiguous_identifiers as (
    select * from {{ ref('int_identity_identifiers_unambiguous') }}
),

customers_erased as (
    select * from {{ ref('int_customers_erased') }}
),

orders_attributed as (
    select
        orders.*,
        cast(orders.ordered_at as date) as order_date,
        orders.account_id is null as is_guest,
        coalesce(account_customers.customer_id, guest_customers.customer_id) as customer_id
    from orders
    left join unambiguous_identifiers as account_customers
        on
            account_customers.identifier_type = 'account_id'
            and orders.account_id = account_customers.identifier_value
    left join unambiguous_identifiers as guest_customers
        on
            guest_customers.identifier_type = 'email'
            and orders.account_id is null
            and orders.guest_email = guest_customers.identifier_value
),

-- the rate of the order date; USD is 1 by definition, other currencies without a rate stay unconverted
orders_in_usd as (
    select
        orders_attributed.*,
        case
            when orders_attributed.currency_code = 'USD' then cast(1 as decimal(18, 10))
            else fx_rates.usd_per_unit
        end as usd_per_unit
    from orders_attributed
    left join fx_rates
        on
            orders_attributed.order_date = fx_rates.rate_date
            and orders_attributed.currency_code = fx_rates.currency_code
),

final as (
    select
        orders_in_usd.order_id,
        orders_in_usd.customer_id,
        orders_in_usd.account_id,
        orders_in_usd.is_guest,
        orders_in_usd.ordered_at,
        orders_in_usd.order_date,
        orders_in_usd.order_status,
        coalesce(order_status_rules.is_counted, false) as is_counted,
        orders_in_usd.currency_code,
        orders_in_usd.order_total,
        orders_in_usd.discount_total,
        cast(orders_in_usd.usd_per_unit as decimal(18, 10)) as usd_per_unit,
        cast(round(orders_in_usd.order_total * orders_in_usd.usd_per_unit, 2) as decimal(18, 2)) as order_total_usd,
        cast(round(orders_in_usd.discount_total * orders_in_usd.usd_per_unit, 2) as decimal(18, 2)) as discount_total_usd,
        orders_in_usd.shipping_country_code,
        orders_in_usd.updated_at,
        orders_in_usd.version_count
    from orders_in_usd
    left join order_status_rules
        on coalesce(orders_in_usd.order_status, 'unknown') = order_status_rules.order_status
    left join customers_erased
        on orders_in_usd.customer_id = customers_erased.customer_id
    where customers_erased.customer_id is null
)

select * from final
