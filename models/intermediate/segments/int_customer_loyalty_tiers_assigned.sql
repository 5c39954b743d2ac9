{#
    One row per (reference_kind, customer_id) with counted revenue before the
    reference date: the static loyalty tier (seed loyalty_tiers, highest
    min_lifetime_revenue_usd reached) and entered_date = the date the
    customer's cumulative counted revenue first reached that tier.
#}
with

reference_dates as (
    select * from {{ ref('int_segment_reference_dates') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

customer_profiles as (
    select * from {{ ref('customer_profiles') }}
),

loyalty_tiers as (
    select * from {{ ref('loyalty_tiers') }}
),

counted_orders as (
    select
        reference_dates.reference_kind,
        reference_dates.reference_date,
        orders.customer_id,
        orders.order_date,
        sum(coalesce(orders.order_total_usd, 0)) over (
            partition by reference_dates.reference_kind, orders.customer_id
            order by orders.ordered_at asc, orders.order_id asc
            rows between unbounded preceding and current row
        ) as cumulative_revenue_usd
    from orders
    inner join customer_profiles
        on orders.customer_id = customer_profiles.customer_id
    cross join reference_dates
    where
        orders.is_counted
        and orders.order_date < reference_dates.reference_date
),

tiers_reached as (
    select
        counted_orders.reference_kind,
        counted_orders.reference_date,
        counted_orders.customer_id,
        loyalty_tiers.tier_key,
        loyalty_tiers.tier_name,
        loyalty_tiers.tier_rank,
        min(counted_orders.order_date) as reached_date
    from counted_orders
    inner join loyalty_tiers
        on counted_orders.cumulative_revenue_usd >= loyalty_tiers.min_lifetime_revenue_usd
    group by
        counted_orders.reference_kind,
        counted_orders.reference_date,
        counted_orders.customer_id,
        loyalty_tiers.tier_key,
        loyalty_tiers.tier_name,
        loyalty_tiers.tier_rank
),

ranked as (
    select
        reference_kind,
        reference_date,
        customer_id,
        tier_key,
        tier_name,
        tier_rank,
        reached_date,
        row_number() over (
            partition by reference_kind, customer_id
            order by tier_rank desc
        ) as tier_position
    from tiers_reached
),

final as (
    select
        reference_kind,
        reference_date,
        customer_id,
        tier_key,
        tier_name,
        tier_rank,
        reached_date as entered_date
    from ranked
    where tier_position = 1
)

select * from final
