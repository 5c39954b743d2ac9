{# One row per web device (`anonymous_id`): the accounts it was seen with and the account it is attached to, if any. #}
with

web_events as (
    select * from {{ ref('stg_web__events') }}
),

device_activity as (
    select
        anonymous_id,
        min(event_at) as first_seen_at,
        max(event_at) as last_seen_at,
        count(*) as event_count
    from web_events
    where anonymous_id is not null
    group by anonymous_id
),

-- any event carrying both ids (a login, or activity while logged in) links them
device_account_links as (
    select
        anonymous_id,
        account_id,
        count(*) as linked_event_count,
        min(event_at) as first_linked_at
    from web_events
    where anonymous_id is not null and account_id is not null
    group by anonymous_id, account_id
),

ranked_links as (
    select
        anonymous_id,
        account_id,
        linked_event_count,
        count(*) over (partition by anonymous_id) as account_count,
        row_number() over (
            partition by anonymous_id
            order by linked_event_count desc, first_linked_at, account_id
        ) as link_rank
    from device_account_links
),

final as (
    select
        device_activity.anonymous_id,
        device_activity.first_seen_at,
        device_activity.last_seen_at,
        device_activity.event_count,
        coalesce(ranked_links.account_count, 0) as account_count,
        ranked_links.account_id as dominant_account_id,
        coalesce(ranked_links.account_count, 0) > {{ var('identity')['device_max_accounts'] }} as is_shared_device,
        -- a device is a leaf: it follows its dominant account, never glues accounts
        case
            when coalesce(ranked_links.account_count, 0) <= {{ var('identity')['device_max_accounts'] }}
                then ranked_links.account_id
        end as attached_account_id
    from device_activity
    left join ranked_links
        on device_activity.anonymous_id = ranked_links.anonymous_id
        and ranked_links.link_rank = 1
)

select * from final
