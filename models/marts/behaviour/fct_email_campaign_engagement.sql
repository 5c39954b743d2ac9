{#
    One row per customer and email campaign the customer has an email event
    for (grain: customer_id x campaign_key), with whether the campaign was
    sent, opened and clicked: customer_behaviour's per-campaign rule at
    event level, so rates can be cut by send date and campaign.
#}
with

email_events as (
    select * from {{ ref('stg_esp__email_events') }}
),

unambiguous_identifiers as (
    select * from {{ ref('int_identity_identifiers_unambiguous') }}
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

-- an event without a campaign counts as its own campaign
email_events_attributed as (
    select
        email_customers.customer_id,
        email_events.campaign_id,
        email_events.event_type,
        email_events.event_at,
        coalesce(email_events.campaign_id, email_events.event_id) as campaign_key
    from email_events
    inner join email_customers
        on email_events.email = email_customers.email
),

campaign_figures as (
    select
        customer_id,
        campaign_key,
        max(campaign_id) as campaign_id,
        min(case when event_type = 'sent' then event_at end) as first_sent_at,
        count(case when event_type = 'sent' then 1 end) > 0 as is_sent,
        count(case when event_type = 'open' then 1 end) > 0 as is_opened,
        count(case when event_type = 'click' then 1 end) > 0 as is_clicked,
        count(*) as event_count
    from email_events_attributed
    group by
        customer_id,
        campaign_key
),

final as (
    select
        {{ dbt.concat(['campaign_figures.customer_id', "'|'", 'campaign_figures.campaign_key']) }} as email_campaign_engagement_id,
        campaign_figures.customer_id,
        campaign_figures.campaign_key,
        campaign_figures.campaign_id,
        campaign_figures.first_sent_at,
        cast(campaign_figures.first_sent_at as date) as first_sent_date,
        campaign_figures.is_sent,
        campaign_figures.is_opened,
        campaign_figures.is_clicked,
        campaign_figures.event_count
    from campaign_figures
    left join customers_erased
        on campaign_figures.customer_id = customers_erased.customer_id
    where customers_erased.customer_id is null
)

select * from final
