{#
    Replaying customer_identity_history gives customer_identity_map: the
    records whose latest change is not a removal are exactly the records of
    the map, with the same customer_id. A missed change (a state lost, or a
    record whose customer changed without a row) shows up here.
#}
with

identity_history as (
    select * from {{ ref('customer_identity_history') }}
),

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

latest_changes as (
    select
        source_table,
        source_record_id,
        customer_id,
        change_type,
        row_number() over (
            partition by record_key
            order by build_number desc, change_id desc
        ) as recency_rank
    from identity_history
),

replayed as (
    select
        source_table,
        source_record_id,
        customer_id
    from latest_changes
    where recency_rank = 1 and change_type <> 'removed'
),

final as (
    select
        coalesce(replayed.source_table, identity_map.source_table) as source_table,
        coalesce(replayed.source_record_id, identity_map.source_record_id) as source_record_id,
        replayed.customer_id as replayed_customer_id,
        identity_map.customer_id as map_customer_id
    from replayed
    full outer join identity_map
        on
            replayed.source_table = identity_map.source_table
            and replayed.source_record_id = identity_map.source_record_id
    where
        replayed.source_record_id is null
        or identity_map.source_record_id is null
        or replayed.customer_id <> identity_map.customer_id
)

select * from final
