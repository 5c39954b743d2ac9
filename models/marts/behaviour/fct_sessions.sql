{# One row per web session (`session_id`): a device's run of events split by inactivity or a campaign change. #}
with

sessions_aggregated as (
    select * from {{ ref('int_web_sessions_aggregated') }}
),

session_accounts as (
    select * from {{ ref('int_web_session_accounts') }}
),

sessions_of_erased as (
    select * from {{ ref('int_web_sessions_of_erased') }}
),

unambiguous_identifiers as (
    select * from {{ ref('int_identity_identifiers_unambiguous') }}
),

device_customers as (
    select
        identifier_value as anonymous_id,
        customer_id
    from unambiguous_identifiers
    where identifier_type = 'anonymous_id'
),

account_customers as (
    select
        identifier_value as account_id,
        customer_id
    from unambiguous_identifiers
    where identifier_type = 'account_id'
),

-- the customer of an account logged in during the session (the greatest id if several)
session_account_customers as (
    select
        session_accounts.session_id,
        max(account_customers.customer_id) as account_customer_id
    from session_accounts
    inner join account_customers
        on session_accounts.account_id = account_customers.account_id
    group by session_accounts.session_id
),

final as (
    select
        sessions_aggregated.session_id,
        sessions_aggregated.anonymous_id,
        coalesce(
            session_account_customers.account_customer_id,
            device_customers.customer_id
        ) as customer_id,
        sessions_aggregated.is_logged_in,
        sessions_aggregated.session_start_at,
        sessions_aggregated.session_end_at,
        cast(sessions_aggregated.session_start_at as date) as session_date,
        {{ dbt.datediff('sessions_aggregated.session_start_at', 'sessions_aggregated.session_end_at', 'second') }} as duration_seconds,
        sessions_aggregated.landing_page_url,
        sessions_aggregated.utm_source,
        sessions_aggregated.utm_medium,
        sessions_aggregated.utm_campaign,
        sessions_aggregated.referrer,
        sessions_aggregated.device_type,
        sessions_aggregated.page_views,
        sessions_aggregated.product_views,
        sessions_aggregated.cart_adds,
        sessions_aggregated.has_checkout,
        sessions_aggregated.has_purchase,
        sessions_aggregated.event_count
    from sessions_aggregated
    left join session_account_customers
        on sessions_aggregated.session_id = session_account_customers.session_id
    left join device_customers
        on sessions_aggregated.anonymous_id = device_customers.anonymous_id
    left join sessions_of_erased
        on sessions_aggregated.session_id = sessions_of_erased.session_id
    where sessions_of_erased.session_id is null
)

select * from final
