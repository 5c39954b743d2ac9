{#
    One row per order (`order_id`, latest version): the single place an order
    gets its customer, its USD amounts and its revenue rule. Every revenue
    figure and order count of the project (fct_orders, customer_profiles,
    dim_customers, customer_behaviour, RFM, segments, the semantic layer)
    is summed from these columns, so they cannot disagree.
#}
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

identifier_lookup as (
    select * from {{ ref('int_identity_identifier_lookup') }}
),

customers_erased as (
    select * from {{ ref('int_customers_erased') }}
),

-- every account and email of an erased customer, shared ones included: an
-- order placed with one is left out even when it resolves to nobody (privacy
-- wins; erase_from_history deletes the same orders from the incremental model)
erased_identifiers as (
    select distinct
        identifier_lookup.identifier_type,
        identifier_lookup.identifier_value
    from identifier_lookup
    inner join customers_erased
        on identifier_lookup.customer_id = customers_erased.customer_id
    where identifier_lookup.identifier_type in ('account_id', 'email')
),

-- the account's customer; a guest checkout goes to the customer holding its
-- email, and an email (or account) resolving to several customers to nobody
orders_with_customer as (
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

-- the rate of the order date, never the latest one: a past order's value
-- must not move when rates do; USD is 1, a currency without a rate that day
-- stays unconverted (NULL) rather than guessed
orders_in_usd as (
    select
        orders_with_customer.*,
        case
            when orders_with_customer.currency_code = 'USD' then cast(1 as decimal(18, 10))
            else fx_rates.usd_per_unit
        end as usd_per_unit
    from orders_with_customer
    left join fx_rates
        on
            orders_with_customer.order_date = fx_rates.rate_date
            and orders_with_customer.currency_code = fx_rates.currency_code
),

with_rule as (
    select
        orders_in_usd.*,
        coalesce(order_status_rules.is_counted, false) as is_counted,
        -- rounded per order, so every sum over orders adds the same cents
        cast(round(orders_in_usd.order_total * orders_in_usd.usd_per_unit, 2) as decimal(18, 2)) as order_total_usd,
        cast(round(orders_in_usd.discount_total * orders_in_usd.usd_per_unit, 2) as decimal(18, 2)) as discount_total_usd
    from orders_in_usd
    left join order_status_rules
        on coalesce(orders_in_usd.order_status, 'unknown') = order_status_rules.order_status
),

final as (
    select
        with_rule.order_id,
        with_rule.customer_id,
        with_rule.account_id,
        with_rule.is_guest,
        with_rule.ordered_at,
        with_rule.order_date,
        with_rule.order_status,
        with_rule.is_counted,
        with_rule.currency_code,
        with_rule.order_total,
        with_rule.discount_total,
        cast(with_rule.usd_per_unit as decimal(18, 10)) as usd_per_unit,
        with_rule.order_total_usd,
        with_rule.discount_total_usd,
        cast(case when with_rule.is_counted then with_rule.order_total_usd end as decimal(18, 2)) as counted_revenue_usd,
        with_rule.is_counted and with_rule.order_total_usd is null as is_unconverted,
        with_rule.shipping_country_code,
        with_rule.updated_at,
        with_rule.version_count
    from with_rule
    -- erased customers' orders are left out of everything built on this
    left join customers_erased
        on with_rule.customer_id = customers_erased.customer_id
    left join erased_identifiers as erased_accounts
        on
            erased_accounts.identifier_type = 'account_id'
            and with_rule.account_id = erased_accounts.identifier_value
    left join erased_identifiers as erased_guest_emails
        on
            erased_guest_emails.identifier_type = 'email'
            and with_rule.account_id is null
            and with_rule.guest_email = erased_guest_emails.identifier_value
    where
        customers_erased.customer_id is null
        and erased_accounts.identifier_value is null
        and erased_guest_emails.identifier_value is null
)

select * from final
