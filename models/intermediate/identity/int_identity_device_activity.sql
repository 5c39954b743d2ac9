{#
    One row per (web device, account_id, order_id) combination seen in web
    events -- NULL account_id / order_id included -- with event count and
    first/last event time. The clickstream is scanned once here; device
    links and device summaries read this compact table.
#}
with

web_events as (
    select * from {{ ref('stg_web__events') }}
),

final as (
    select
        anonymous_id,
        account_id,
        case when event_type = 'purchase' then order_id end as order_id,
        count(*) as event_count,
        min(event_at) as first_event_at,
        max(event_at) as last_event_at
    from web_events
    where anonymous_id is not null
    group by
        anonymous_id,
        account_id,
        case when event_type = 'purchase' then order_id end
)

select * from final
