{#
    One row per (reference_kind, customer_id): the customer features segment
    and journey-stage rules read, computed from activity strictly before the
    reference date (int_segment_reference_dates), so the same rules can be
    evaluated now and at the effectiveness cutoff. Erased customers are left
    out (customer_profiles already excludes them). The metric catalogue is
    macro customer_feature_metrics.
#}
{%- set windows = var('segments')['feature_windows_days'] -%}
with

reference_dates as (
    select * from {{ ref('int_segment_reference_dates') }}
),

customer_profiles as (
    select * from {{ ref('customer_profiles') }}
),

sessions as (
    select * from {{ ref('fct_sessions') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

customer_rfm as (
    select * from {{ ref('customer_rfm') }}
),

rfm_at_cutoff as (
    select * from {{ ref('int_customer_rfm_at_cutoff') }}
),

customers as (
    select
        reference_dates.reference_kind,
        reference_dates.reference_date,
        customer_profiles.customer_id,
        cast(customer_profiles.first_seen_at as date) as profile_first_seen_date
    from customer_profiles
    cross join reference_dates
    where
        customer_profiles.first_seen_at is null
        or cast(customer_profiles.first_seen_at as date) < reference_dates.reference_date
),

session_features as (
    select
        customers.reference_kind,
        customers.customer_id,
        min(sessions.session_date) as first_session_date,
        max(sessions.session_date) as last_session_date,
        count(sessions.session_id) as lifetime_sessions,
        coalesce(sum(sessions.product_views), 0) as lifetime_product_views,
        coalesce(sum(sessions.cart_adds), 0) as lifetime_cart_adds,
        {%- for days in windows %}
            sum(case when sessions.session_date >= {{ dbt.dateadd('day', -days, 'customers.reference_date') }} then 1 else 0 end)
                as sessions_last_{{ days }}d,
            sum(case when sessions.session_date >= {{ dbt.dateadd('day', -days, 'customers.reference_date') }} then sessions.product_views else 0 end)
                as product_views_last_{{ days }}d,
            sum(case when sessions.session_date >= {{ dbt.dateadd('day', -days, 'customers.reference_date') }} then sessions.cart_adds else 0 end)
                as cart_adds_last_{{ days }}d,
            sum(
                case
                    when
                        sessions.session_date >= {{ dbt.dateadd('day', -days, 'customers.reference_date') }}
                        and sessions.cart_adds > 0 and not sessions.has_purchase then 1
                    else 0
                end
            ) as abandoned_cart_sessions_last_{{ days }}d{% if not loop.last %},{% endif %}
        {%- endfor %}
    from customers
    inner join sessions
        on
            customers.customer_id = sessions.customer_id
            and customers.reference_date > sessions.session_date
    group by customers.reference_kind, customers.customer_id
),

order_features as (
    select
        customers.reference_kind,
        customers.customer_id,
        min(orders.order_date) as first_order_date,
        max(orders.order_date) as last_order_date,
        count(orders.order_id) as lifetime_orders,
        coalesce(sum(orders.order_total_usd), 0) as lifetime_revenue_usd,
        {%- for days in windows %}
            sum(case when orders.order_date >= {{ dbt.dateadd('day', -days, 'customers.reference_date') }} then 1 else 0 end)
                as orders_last_{{ days }}d,
            coalesce(sum(case when orders.order_date >= {{ dbt.dateadd('day', -days, 'customers.reference_date') }} then orders.order_total_usd end), 0)
                as revenue_last_{{ days }}d_usd{% if not loop.last %},{% endif %}
        {%- endfor %}
    from customers
    inner join orders
        on
            customers.customer_id = orders.customer_id
            and orders.is_counted
            and customers.reference_date > orders.order_date
    group by customers.reference_kind, customers.customer_id
),

dated as (
    select
        customers.reference_kind,
        customers.reference_date,
        customers.customer_id,
        session_features.last_session_date,
        order_features.first_order_date,
        order_features.last_order_date,
        least(
            coalesce(customers.profile_first_seen_date, session_features.first_session_date, order_features.first_order_date),
            coalesce(session_features.first_session_date, customers.profile_first_seen_date, order_features.first_order_date),
            coalesce(order_features.first_order_date, customers.profile_first_seen_date, session_features.first_session_date)
        ) as first_seen_date,
        greatest(
            coalesce(session_features.last_session_date, order_features.last_order_date),
            coalesce(order_features.last_order_date, session_features.last_session_date)
        ) as last_activity_date,
        session_features.lifetime_sessions,
        session_features.lifetime_product_views,
        session_features.lifetime_cart_adds,
        {%- for days in windows %}
            session_features.sessions_last_{{ days }}d,
            session_features.product_views_last_{{ days }}d,
            session_features.cart_adds_last_{{ days }}d,
            session_features.abandoned_cart_sessions_last_{{ days }}d,
            order_features.orders_last_{{ days }}d,
            order_features.revenue_last_{{ days }}d_usd,
        {%- endfor %}
        order_features.lifetime_orders,
        order_features.lifetime_revenue_usd
    from customers
    left join session_features
        on
            customers.reference_kind = session_features.reference_kind
            and customers.customer_id = session_features.customer_id
    left join order_features
        on
            customers.reference_kind = order_features.reference_kind
            and customers.customer_id = order_features.customer_id
),

final as (
    select
        dated.reference_kind,
        dated.reference_date,
        dated.customer_id,
        dated.first_seen_date,
        dated.last_activity_date,
        dated.last_session_date,
        dated.first_order_date,
        dated.last_order_date,
        {%- for anchor in ['first_seen', 'last_activity', 'last_session', 'first_order', 'last_order'] %}
            cast({{ dbt.datediff('dated.' ~ anchor ~ '_date', 'dated.reference_date', 'day') }} as {{ dbt.type_int() }}) as days_since_{{ anchor }},
        {%- endfor %}
        cast(coalesce(dated.lifetime_orders, 0) as {{ dbt.type_int() }}) as lifetime_orders,
        cast(coalesce(dated.lifetime_revenue_usd, 0) as decimal(18, 2)) as lifetime_revenue_usd,
        cast(coalesce(dated.lifetime_sessions, 0) as {{ dbt.type_int() }}) as lifetime_sessions,
        cast(coalesce(dated.lifetime_product_views, 0) as {{ dbt.type_int() }}) as lifetime_product_views,
        cast(coalesce(dated.lifetime_cart_adds, 0) as {{ dbt.type_int() }}) as lifetime_cart_adds,
        {%- for days in windows %}
            cast(coalesce(dated.sessions_last_{{ days }}d, 0) as {{ dbt.type_int() }}) as sessions_last_{{ days }}d,
            cast(coalesce(dated.product_views_last_{{ days }}d, 0) as {{ dbt.type_int() }}) as product_views_last_{{ days }}d,
            cast(coalesce(dated.cart_adds_last_{{ days }}d, 0) as {{ dbt.type_int() }}) as cart_adds_last_{{ days }}d,
            cast(coalesce(dated.abandoned_cart_sessions_last_{{ days }}d, 0) as {{ dbt.type_int() }}) as abandoned_cart_sessions_last_{{ days }}d,
            cast(coalesce(dated.orders_last_{{ days }}d, 0) as {{ dbt.type_int() }}) as orders_last_{{ days }}d,
            cast(coalesce(dated.revenue_last_{{ days }}d_usd, 0) as decimal(18, 2)) as revenue_last_{{ days }}d_usd,
        {%- endfor %}
        -- RFM: customer_rfm as of the build date; re-scored the same way at
        -- the effectiveness cutoff (int_customer_rfm_at_cutoff).
        coalesce(customer_rfm.recency_days, rfm_at_cutoff.recency_days) as recency_days,
        coalesce(customer_rfm.r_score, rfm_at_cutoff.r_score) as r_score,
        coalesce(customer_rfm.f_score, rfm_at_cutoff.f_score) as f_score,
        coalesce(customer_rfm.m_score, rfm_at_cutoff.m_score) as m_score,
        coalesce(customer_rfm.rfm_segment, rfm_at_cutoff.rfm_segment) as rfm_segment
    from dated
    left join customer_rfm
        on
            dated.reference_kind = 'as_of'
            and dated.customer_id = customer_rfm.customer_id
    left join rfm_at_cutoff
        on
            dated.reference_kind = 'effectiveness_cutoff'
            and dated.customer_id = rfm_at_cutoff.customer_id
)

select * from final
