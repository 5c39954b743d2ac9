{#
    Every model that reports revenue or an order count per customer agrees
    with the orders it is summed from (fct_orders = int_orders_attributed):
    customer_profiles, dim_customers and customer_behaviour over all time,
    int_customer_features_aggregated before its reference date, and
    fct_segment_effectiveness's all_customers row over its window. One row
    per disagreement (model, customer, expected and reported figures);
    expected = counted orders (is_counted) and their order_total_usd. The
    semantic layer's revenue is checked against the same marts by
    tests/python/build/test_semantic_layer.py.
#}
with

orders as (
    select * from {{ ref('fct_orders') }}
),

customer_profiles as (
    select * from {{ ref('customer_profiles') }}
),

dim_customers as (
    select * from {{ ref('dim_customers') }}
),

customer_behaviour as (
    select * from {{ ref('customer_behaviour') }}
),

customer_features as (
    select * from {{ ref('int_customer_features_aggregated') }}
),

reference_dates as (
    select * from {{ ref('int_segment_reference_dates') }}
),

segment_effectiveness as (
    select * from {{ ref('fct_segment_effectiveness') }}
),

lifetime_orders as (
    select
        customer_id,
        count(case when is_counted then 1 end) as counted_orders,
        coalesce(sum(case when is_counted then order_total_usd end), 0) as revenue_usd
    from orders
    where customer_id is not null
    group by customer_id
),

reported_lifetime as (
    select
        'customer_profiles' as model_name,
        customer_id,
        lifetime_order_count as counted_orders,
        lifetime_revenue_usd as revenue_usd
    from customer_profiles
    union all
    select
        'dim_customers' as model_name,
        customer_id,
        lifetime_order_count as counted_orders,
        lifetime_revenue_usd as revenue_usd
    from dim_customers
    union all
    select
        'customer_behaviour' as model_name,
        customer_id,
        lifetime_orders as counted_orders,
        lifetime_revenue_usd as revenue_usd
    from customer_behaviour
),

reporting_models as (
    select distinct model_name from reported_lifetime
),

-- each model against every customer with orders (a missing buyer is a disagreement too)
lifetime_expected as (
    select
        reporting_models.model_name,
        lifetime_orders.customer_id,
        lifetime_orders.counted_orders,
        lifetime_orders.revenue_usd
    from lifetime_orders
    cross join reporting_models
),

lifetime_mismatches as (
    select
        coalesce(reported_lifetime.model_name, lifetime_expected.model_name) as model_name,
        coalesce(reported_lifetime.customer_id, lifetime_expected.customer_id) as customer_id,
        coalesce(lifetime_expected.counted_orders, 0) as expected_orders,
        reported_lifetime.counted_orders as reported_orders,
        coalesce(lifetime_expected.revenue_usd, 0) as expected_revenue_usd,
        reported_lifetime.revenue_usd as reported_revenue_usd
    from reported_lifetime
    full outer join lifetime_expected
        on
            reported_lifetime.model_name = lifetime_expected.model_name
            and reported_lifetime.customer_id = lifetime_expected.customer_id
    -- a buyer missing from a model, or a model reporting other figures, is a disagreement
    where
        reported_lifetime.customer_id is null
        or reported_lifetime.counted_orders is null
        or reported_lifetime.revenue_usd is null
        or reported_lifetime.counted_orders <> coalesce(lifetime_expected.counted_orders, 0)
        or reported_lifetime.revenue_usd <> coalesce(lifetime_expected.revenue_usd, 0)
),

features_expected as (
    select
        customer_features.reference_kind,
        customer_features.customer_id,
        count(case when orders.is_counted then 1 end) as counted_orders,
        coalesce(sum(case when orders.is_counted then orders.order_total_usd end), 0) as revenue_usd
    from customer_features
    left join orders
        on
            customer_features.customer_id = orders.customer_id
            and customer_features.reference_date > orders.order_date
    group by customer_features.reference_kind, customer_features.customer_id
),

features_mismatches as (
    select
        {{ dbt.concat(["'int_customer_features_aggregated:'", 'customer_features.reference_kind']) }} as model_name,
        customer_features.customer_id,
        features_expected.counted_orders as expected_orders,
        customer_features.lifetime_orders as reported_orders,
        features_expected.revenue_usd as expected_revenue_usd,
        customer_features.lifetime_revenue_usd as reported_revenue_usd
    from customer_features
    inner join features_expected
        on
            customer_features.reference_kind = features_expected.reference_kind
            and customer_features.customer_id = features_expected.customer_id
    where
        customer_features.lifetime_orders <> features_expected.counted_orders
        or customer_features.lifetime_revenue_usd <> features_expected.revenue_usd
),

window_bounds as (
    select
        max(case when reference_kind = 'effectiveness_cutoff' then reference_date end) as cutoff_date,
        max(case when reference_kind = 'as_of' then reference_date end) as as_of_date
    from reference_dates
),

-- the baseline row: every customer at the cutoff, their counted orders in the window
window_expected as (
    select
        count(case when orders.is_counted then 1 end) as counted_orders,
        coalesce(sum(case when orders.is_counted then orders.order_total_usd end), 0) as revenue_usd
    from customer_features
    cross join window_bounds
    inner join orders
        on
            customer_features.customer_id = orders.customer_id
            and window_bounds.cutoff_date <= orders.order_date
            and window_bounds.as_of_date > orders.order_date
    where customer_features.reference_kind = 'effectiveness_cutoff'
),

window_mismatches as (
    select
        'fct_segment_effectiveness:all_customers' as model_name,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        window_expected.counted_orders as expected_orders,
        segment_effectiveness.window_orders as reported_orders,
        window_expected.revenue_usd as expected_revenue_usd,
        segment_effectiveness.window_revenue_usd as reported_revenue_usd
    from window_expected
    left join segment_effectiveness
        on segment_effectiveness.segment_type = 'all_customers'
    -- no baseline row is a disagreement only when there were orders to report
    where
        (segment_effectiveness.segment_type is null and window_expected.counted_orders > 0)
        or segment_effectiveness.window_orders <> window_expected.counted_orders
        or segment_effectiveness.window_revenue_usd <> window_expected.revenue_usd
),

final as (
    select * from lifetime_mismatches
    union all
    select * from features_mismatches
    union all
    select * from window_mismatches
)

select * from final
