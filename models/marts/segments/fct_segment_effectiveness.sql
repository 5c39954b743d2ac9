{#
    One row per segment (dynamic, loyalty tier, RFM segment) as it stood at
    the effectiveness cutoff (as_of_date minus var
    segments.effectiveness_window_days), plus an `all_customers` baseline:
    members at the cutoff, how many ordered in the window that followed
    (conversion rate), their counted revenue, revenue per member, and lift
    over the baseline conversion rate.
#}
with

reference_dates as (
    select * from {{ ref('int_segment_reference_dates') }}
),

rules_evaluated as (
    select * from {{ ref('int_customer_rules_evaluated') }}
),

loyalty_tiers_assigned as (
    select * from {{ ref('int_customer_loyalty_tiers_assigned') }}
),

customer_features as (
    select * from {{ ref('int_customer_features_aggregated') }}
),

segment_rules as (
    select * from {{ ref('segment_rules') }}
),

orders as (
    select * from {{ ref('int_orders_attributed') }}
),

window_bounds as (
    select
        max(case when reference_kind = 'effectiveness_cutoff' then reference_date end) as cutoff_date,
        max(case when reference_kind = 'as_of' then reference_date end) as as_of_date
    from reference_dates
),

segment_names as (
    select distinct
        segment_key,
        segment_name
    from segment_rules
),

memberships as (
    select
        'dynamic' as segment_type,
        rules_evaluated.group_key as segment_key,
        segment_names.segment_name,
        rules_evaluated.customer_id
    from rules_evaluated
    inner join segment_names
        on rules_evaluated.group_key = segment_names.segment_key
    where
        rules_evaluated.reference_kind = 'effectiveness_cutoff'
        and rules_evaluated.rule_set = 'segment'
    union all
    select
        'rfm' as segment_type,
        rfm_segment as segment_key,
        rfm_segment as segment_name,
        customer_id
    from customer_features
    where
        reference_kind = 'effectiveness_cutoff'
        and rfm_segment is not null
    union all
    select
        'loyalty_tier' as segment_type,
        tier_key as segment_key,
        tier_name as segment_name,
        customer_id
    from loyalty_tiers_assigned
    where reference_kind = 'effectiveness_cutoff'
    union all
    select
        'all_customers' as segment_type,
        'all_customers' as segment_key,
        'All customers' as segment_name,
        customer_id
    from customer_features
    where reference_kind = 'effectiveness_cutoff'
),

window_outcomes as (
    select
        orders.customer_id,
        count(*) as window_orders,
        sum(coalesce(orders.counted_revenue_usd, 0)) as window_revenue_usd
    from orders
    cross join window_bounds
    where
        orders.is_counted
        and orders.order_date >= window_bounds.cutoff_date
        and orders.order_date < window_bounds.as_of_date
    group by orders.customer_id
),

segment_outcomes as (
    select
        memberships.segment_type,
        memberships.segment_key,
        memberships.segment_name,
        count(*) as members_at_cutoff,
        count(window_outcomes.customer_id) as converted_customers,
        coalesce(sum(window_outcomes.window_orders), 0) as window_orders,
        coalesce(sum(window_outcomes.window_revenue_usd), 0) as window_revenue_usd
    from memberships
    left join window_outcomes
        on memberships.customer_id = window_outcomes.customer_id
    group by memberships.segment_type, memberships.segment_key, memberships.segment_name
),

baseline as (
    select 1.0 * converted_customers / members_at_cutoff as baseline_conversion_rate
    from segment_outcomes
    where
        segment_type = 'all_customers'
        and members_at_cutoff > 0
),

final as (
    select
        {{ dbt.concat(['segment_outcomes.segment_type', "'|'", 'segment_outcomes.segment_key']) }} as segment_effectiveness_id,
        segment_outcomes.segment_type,
        segment_outcomes.segment_key,
        segment_outcomes.segment_name,
        window_bounds.cutoff_date,
        window_bounds.as_of_date as window_end_date,
        cast({{ var('segments')['effectiveness_window_days'] }} as {{ dbt.type_int() }}) as window_days,
        cast(segment_outcomes.members_at_cutoff as {{ dbt.type_bigint() }}) as members_at_cutoff,
        cast(segment_outcomes.converted_customers as {{ dbt.type_bigint() }}) as converted_customers,
        cast(1.0 * segment_outcomes.converted_customers / segment_outcomes.members_at_cutoff as decimal(9, 4)) as conversion_rate,
        cast(segment_outcomes.window_orders as {{ dbt.type_bigint() }}) as window_orders,
        cast(segment_outcomes.window_revenue_usd as decimal(18, 2)) as window_revenue_usd,
        -- In whole cents, rounded half up: a double such as 35.495 is stored
        -- just below the half, and engines round its cast to decimal apart.
        cast(
            round(round(segment_outcomes.window_revenue_usd * 100) / segment_outcomes.members_at_cutoff) / 100
            as decimal(18, 2)
        ) as revenue_per_member_usd,
        cast(
            case
                when baseline.baseline_conversion_rate > 0
                    then
                        (1.0 * segment_outcomes.converted_customers / segment_outcomes.members_at_cutoff)
                        / baseline.baseline_conversion_rate
            end as decimal(9, 4)
        ) as conversion_lift_vs_all
    from segment_outcomes
    cross join window_bounds
    left join baseline
        on 1 = 1
)

select * from final
