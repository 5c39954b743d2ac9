{#
    One row per web event (`event_id`) with its customer and session. A
    device's next event starts a new session when it comes more than var
    session_timeout_minutes after the previous one, or when it carries a
    non-NULL utm_campaign different from the campaign of the session so far
    (a session that started without a campaign changes campaign too).
    Midnight does not split sessions. Window functions over the device only:
    no self-join on events.
#}
{%- set timeout_seconds = var('session_timeout_minutes') * 60 %}

with

web_events as (
    select * from {{ ref('stg_web__events') }}
),

identifier_lookup as (
    select * from {{ ref('int_identity_identifier_lookup') }}
),

customers_erased as (
    select * from {{ ref('int_customers_erased') }}
),

device_customers as (
    select
        identifier_value as anonymous_id,
        customer_id
    from identifier_lookup
    where
        identifier_type = 'anonymous_id'
        and customer_count = 1
),

account_customers as (
    select
        identifier_value as account_id,
        customer_id
    from identifier_lookup
    where
        identifier_type = 'account_id'
        and customer_count = 1
),

-- the device's customer (anonymous browsing before a login included); while
-- logged in, the account's customer
events_attributed as (
    select
        web_events.*,
        device_customers.customer_id as device_customer_id,
        account_customers.customer_id as account_customer_id
    from web_events
    left join device_customers
        on web_events.anonymous_id = device_customers.anonymous_id
    left join account_customers
        on web_events.account_id = account_customers.account_id
),

-- events of erased customers are left out before sessionising
events_kept as (
    select events_attributed.*
    from events_attributed
    left join customers_erased as erased_devices
        on events_attributed.device_customer_id = erased_devices.customer_id
    left join customers_erased as erased_accounts
        on events_attributed.account_customer_id = erased_accounts.customer_id
    where
        erased_devices.customer_id is null
        and erased_accounts.customer_id is null
),

with_previous_event as (
    select
        *,
        lag(event_at) over (
            partition by anonymous_id
            order by event_at asc, event_id asc
        ) as previous_event_at
    from events_kept
),

with_inactivity_flags as (
    select
        *,
        coalesce(
            {{ dbt.datediff('previous_event_at', 'event_at', 'second') }} > {{ timeout_seconds }},
            true
        ) as is_inactivity_start
    from with_previous_event
),

with_inactivity_groups as (
    select
        *,
        sum(case when is_inactivity_start then 1 else 0 end) over (
            partition by anonymous_id
            order by event_at asc, event_id asc
            rows between unbounded preceding and current row
        ) as inactivity_group
    from with_inactivity_flags
),

-- the last campaign seen before each event, and the inactivity group it was seen in
with_previous_campaign as (
    select
        *,
        {{ journeymap.last_value_ignore_nulls('utm_campaign') }} over (
            partition by anonymous_id
            order by event_at asc, event_id asc
            rows between unbounded preceding and 1 preceding
        ) as previous_campaign,
        {{ journeymap.last_value_ignore_nulls('case when utm_campaign is not null then inactivity_group end') }} over (
            partition by anonymous_id
            order by event_at asc, event_id asc
            rows between unbounded preceding and 1 preceding
        ) as previous_campaign_group
    from with_inactivity_groups
),

with_session_starts as (
    select
        *,
        is_inactivity_start
        or (
            utm_campaign is not null
            and (
                previous_campaign_group is null
                or previous_campaign_group <> inactivity_group
                or previous_campaign <> utm_campaign
            )
        ) as is_session_start
    from with_previous_campaign
),

with_sessions as (
    select
        *,
        {{ journeymap.last_value_ignore_nulls('case when is_session_start then event_id end') }} over (
            partition by anonymous_id
            order by event_at asc, event_id asc
            rows between unbounded preceding and current row
        ) as session_first_event_id
    from with_session_starts
),

final as (
    select
        event_id,
        {{ dbt.hash(dbt.concat(['anonymous_id', "'|'", 'session_first_event_id'])) }} as session_id,
        anonymous_id,
        account_id,
        coalesce(account_customer_id, device_customer_id) as customer_id,
        device_customer_id,
        account_customer_id,
        event_type,
        event_at,
        page_url,
        product_id,
        order_id,
        device_type,
        utm_source,
        utm_medium,
        utm_campaign,
        referrer,
        is_session_start,
        is_inactivity_start,
        {{ dbt.datediff('previous_event_at', 'event_at', 'second') }} as seconds_since_previous_event
    from with_sessions
)

select * from final
