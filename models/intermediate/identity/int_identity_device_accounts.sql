{#
    One row per web device (`anonymous_id`): activity span, how many records
    (shop accounts, guest checkouts) it is linked to (int_identity_device_links)
    and the first-linked one. Whether it is attached is decided after the
    closure (int_identity_records_resolved): only when all its linked
    records resolve to one customer.
#}
with

device_activity as (
    select * from {{ ref('int_identity_device_activity') }}
),

device_links as (
    select * from {{ ref('int_identity_device_links') }}
),

device_spans as (
    select
        anonymous_id,
        min(first_event_at) as first_seen_at,
        max(last_event_at) as last_seen_at,
        sum(event_count) as event_count
    from device_activity
    group by anonymous_id
),

ranked_links as (
    select
        anonymous_id,
        linked_record_key,
        linked_event_count,
        count(*) over (partition by anonymous_id) as linked_record_count,
        row_number() over (
            partition by anonymous_id
            order by first_linked_at, linked_record_key
        ) as link_rank
    from device_links
),

final as (
    select
        device_spans.anonymous_id,
        device_spans.first_seen_at,
        device_spans.last_seen_at,
        device_spans.event_count,
        cast(coalesce(ranked_links.linked_record_count, 0) as integer) as account_count,
        ranked_links.linked_record_key as first_linked_record_key,
        coalesce(ranked_links.linked_record_count, 0) > {{ var('identity')['device_max_accounts'] }} as is_shared_device
    from device_spans
    left join ranked_links
        on
            device_spans.anonymous_id = ranked_links.anonymous_id
            and ranked_links.link_rank = 1
)

select * from final
