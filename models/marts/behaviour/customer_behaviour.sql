{#
    One row per customer with any web session, email event, support ticket
    or order: browsing, email engagement, support and purchase figures.
    Erased customers are left out.
#}
with

sessions as (
    select * from {{ ref('fct_sessions') }}
),

orders as (
    select * from {{ ref('int_orders_attributed') }}
),

email_events as (
    select * from {{ ref('int_email_events_accumulated') }}
),

tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

unambiguous_identifiers as (
    select * from {{ ref('int_identity_identifiers_unambiguous') }}
),

records_resolved as (
    select * from {{ ref('int_identity_records_resolved') }}
),

customers_erased as (
    select * from {{ ref('int_customers_erased') }}
),

email_customers as (
    select
        identifier_value as email,
        customer_id
    from unambiguous_identifiers
    where identifier_type = 'email'
),

ticket_customers as (
    select
        source_record_id as ticket_id,
        customer_id
    from records_resolved
    where
        source_table = 'support_tickets'
        and customer_id is not null
),

session_figures as (
    select
        customer_id,
        count(*) as session_count,
        min(session_start_at) as first_session_at,
        max(session_start_at) as last_session_at,
        cast(sum(page_views) as bigint) as page_views,
        cast(sum(product_views) as bigint) as product_views,
        cast(sum(cart_adds) as bigint) as cart_adds,
        count(case when cart_adds > 0 then 1 end) as sessions_with_cart_add,
        count(case when cart_adds > 0 and not has_purchase then 1 end) as sessions_with_abandoned_cart,
        count(case when has_purchase then 1 end) as sessions_with_purchase
    from sessions
    where customer_id is not null
    group by customer_id
),

-- one email's events per campaign; an event without a campaign counts as its own
email_events_attributed as (
    select
        email_customers.customer_id,
        email_events.event_type,
        email_events.event_at,
        coalesce(email_events.campaign_id, email_events.event_id) as campaign_key
    from email_events
    inner join email_customers
        on email_events.email = email_customers.email
),

email_figures as (
    select
        customer_id,
        count(case when event_type = 'sent' then 1 end) as emails_sent,
        count(case when event_type = 'delivered' then 1 end) as emails_delivered,
        count(case when event_type = 'open' then 1 end) as email_opens,
        count(case when event_type = 'click' then 1 end) as email_clicks,
        count(distinct case when event_type = 'sent' then campaign_key end) as campaigns_sent,
        count(distinct case when event_type = 'open' then campaign_key end) as campaigns_opened,
        count(distinct case when event_type = 'click' then campaign_key end) as campaigns_clicked,
        max(case when event_type in ('open', 'click') then event_at end) as last_email_engagement_at,
        max(case when event_type = 'delivered' then event_at end) as last_delivered_at,
        max(case when event_type = 'bounce' then event_at end) as last_bounced_at,
        count(case when event_type = 'unsubscribe' then 1 end) > 0 as is_unsubscribed,
        count(case when event_type = 'complaint' then 1 end) > 0 as has_complained
    from email_events_attributed
    group by customer_id
),

ticket_figures as (
    select
        ticket_customers.customer_id,
        count(*) as ticket_count,
        count(case when tickets.resolved_at is null then 1 end) as open_ticket_count,
        max(tickets.opened_at) as last_ticket_at,
        avg(cast(tickets.csat_score as double)) as avg_csat_score,
        count(tickets.csat_score) as csat_response_count
    from tickets
    inner join ticket_customers
        on tickets.ticket_id = ticket_customers.ticket_id
    group by ticket_customers.customer_id
),

order_figures as (
    select
        customer_id,
        count(*) as order_count,
        count(case when is_counted then 1 end) as lifetime_orders,
        -- the project's one revenue rule (int_orders_attributed), as in customer_profiles
        sum(counted_revenue_usd) as lifetime_revenue_usd,
        count(case when is_unconverted then 1 end) as unconverted_order_count,
        min(case when is_counted then ordered_at end) as first_order_at,
        max(case when is_counted then ordered_at end) as last_order_at
    from orders
    where customer_id is not null
    group by customer_id
),

customer_spine as (
    select customer_id from session_figures
    union
    select customer_id from email_figures
    union
    select customer_id from ticket_figures
    union
    select customer_id from order_figures
),

final as (
    select
        customer_spine.customer_id,
        coalesce(session_figures.session_count, 0) as session_count,
        session_figures.first_session_at,
        session_figures.last_session_at,
        coalesce(session_figures.page_views, 0) as page_views,
        coalesce(session_figures.product_views, 0) as product_views,
        coalesce(session_figures.cart_adds, 0) as cart_adds,
        coalesce(session_figures.sessions_with_cart_add, 0) as sessions_with_cart_add,
        coalesce(session_figures.sessions_with_purchase, 0) as sessions_with_purchase,
        cast(session_figures.sessions_with_abandoned_cart as double)
        / nullif(session_figures.sessions_with_cart_add, 0) as cart_abandonment_rate,
        coalesce(email_figures.emails_sent, 0) as emails_sent,
        coalesce(email_figures.emails_delivered, 0) as emails_delivered,
        coalesce(email_figures.email_opens, 0) as email_opens,
        coalesce(email_figures.email_clicks, 0) as email_clicks,
        -- capped at 1 (opens of campaigns whose send is missing); least_strict
        -- because plain least skips NULLs and turned "never emailed" into 1.0
        {{ journeymap.least_strict([
            'cast(email_figures.campaigns_opened as double) / nullif(email_figures.campaigns_sent, 0)',
            '1.0',
        ]) }} as email_open_rate,
        {{ journeymap.least_strict([
            'cast(email_figures.campaigns_clicked as double) / nullif(email_figures.campaigns_sent, 0)',
            '1.0',
        ]) }} as email_click_rate,
        email_figures.last_email_engagement_at,
        coalesce(
            email_figures.last_bounced_at is not null
            and (
                email_figures.last_delivered_at is null
                or email_figures.last_bounced_at > email_figures.last_delivered_at
            ),
            false
        ) as is_email_bounced,
        coalesce(email_figures.is_unsubscribed, false) as is_unsubscribed,
        coalesce(email_figures.has_complained, false) as has_complained,
        coalesce(ticket_figures.ticket_count, 0) as ticket_count,
        coalesce(ticket_figures.open_ticket_count, 0) as open_ticket_count,
        ticket_figures.last_ticket_at,
        ticket_figures.avg_csat_score,
        coalesce(ticket_figures.csat_response_count, 0) as csat_response_count,
        order_figures.first_order_at,
        order_figures.last_order_at,
        coalesce(order_figures.order_count, 0) as order_count,
        coalesce(order_figures.lifetime_orders, 0) as lifetime_orders,
        cast(coalesce(order_figures.lifetime_revenue_usd, 0) as decimal(18, 2)) as lifetime_revenue_usd,
        coalesce(order_figures.unconverted_order_count, 0) as unconverted_order_count
    from customer_spine
    left join session_figures
        on customer_spine.customer_id = session_figures.customer_id
    left join email_figures
        on customer_spine.customer_id = email_figures.customer_id
    left join ticket_figures
        on customer_spine.customer_id = ticket_figures.customer_id
    left join order_figures
        on customer_spine.customer_id = order_figures.customer_id
    left join customers_erased
        on customer_spine.customer_id = customers_erased.customer_id
    where customers_erased.customer_id is null
)

select * from final
