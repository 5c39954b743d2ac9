{#
    How the identity map changed, build after build (grain: change_id = one
    record whose customer_id changed in one build). Identity resolution
    re-resolves every record each build: a new contact can merge two
    customers, a device that logs in to a second account leaves its
    customer, a backfilled record can become an older anchor. Downstream
    tools that keep their own copy of customer_id (a CRM sync, an audience
    tool) need those changes as events, not a diff of two map versions.

    State lives in this table: every build compares customer_identity_map
    with the map as of the previous build (the latest row per record that is
    not a removal). `full_refresh: false` keeps the state through
    `dbt build --full-refresh`; the first build lists every record as added.

    A change of several records at once is named by how the groups moved,
    counting only records present in both builds:
    - merged: the record's new customer holds records of several earlier
      customers, and its earlier customer went to this one only;
    - split: the record's earlier customer went to several customers, and
      its new customer came from this one only;
    - regrouped: both at once;
    - renamed: the group stayed whole and only its id changed (a new, older
      anchor record: docs/identity.md, "Stable customer_id").
    By the id rule the surviving side of a merge or a split keeps its id, so
    its records do not appear: only the records that changed customer do.

    Erasure: an erased customer's records leave the map; the post-hook
    (erasure_keys) deletes every row of theirs, by record and by customer.
#}
-- erasure post-hook (erase_from_this) reads these:
-- depends_on: {{ ref('int_customers_erased') }}
-- depends_on: {{ ref('int_identity_identifier_lookup') }}
-- depends_on: {{ ref('int_identity_records_resolved') }}
with

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

as_of_date as (
    select * from {{ ref('int_as_of_date') }}
),

{% if is_incremental() %}

    history as (
        select * from {{ this }}
    ),

{% else %}

    -- first build: no earlier state (an empty relation with the table's columns)
    history as (
        select
            cast(null as {{ dbt.type_string() }}) as change_id,
            cast(null as {{ dbt.type_bigint() }}) as build_number,
            cast(null as {{ dbt.type_string() }}) as build_id,
            cast(null as {{ dbt.type_timestamp() }}) as built_at,
            cast(null as date) as as_of_date,
            cast(null as {{ dbt.type_string() }}) as record_key,
            cast(null as {{ dbt.type_string() }}) as source_table,
            cast(null as {{ dbt.type_string() }}) as source_record_id,
            cast(null as {{ dbt.type_string() }}) as customer_id,
            cast(null as {{ dbt.type_string() }}) as previous_customer_id,
            cast(null as {{ dbt.type_string() }}) as change_type
        where 1 = 0
    ),

{% endif %}

this_build as (
    {{ journeymap.change_log_this_build('history') }}
),

current_records as (
    select
        {{ dbt.concat(['source_table', "'|'", 'source_record_id']) }} as record_key,
        source_table,
        source_record_id,
        customer_id
    from identity_map
),

latest_rows as (
    select
        record_key,
        source_table,
        source_record_id,
        customer_id,
        change_type,
        row_number() over (
            partition by record_key
            order by build_number desc, change_id desc
        ) as recency_rank
    from history
),

previous_records as (
    select
        record_key,
        source_table,
        source_record_id,
        customer_id
    from latest_rows
    where recency_rank = 1 and change_type <> 'removed'
),

compared as (
    select
        coalesce(current_records.record_key, previous_records.record_key) as record_key,
        coalesce(current_records.source_table, previous_records.source_table) as source_table,
        coalesce(current_records.source_record_id, previous_records.source_record_id) as source_record_id,
        current_records.customer_id,
        previous_records.customer_id as previous_customer_id
    from current_records
    full outer join previous_records
        on current_records.record_key = previous_records.record_key
),

-- records present in both builds: where each new customer came from, where
-- each earlier customer went
kept_records as (
    select * from compared
    where customer_id is not null and previous_customer_id is not null
),

origins as (
    select
        customer_id,
        count(distinct previous_customer_id) as origin_count
    from kept_records
    group by customer_id
),

destinations as (
    select
        previous_customer_id,
        count(distinct customer_id) as destination_count
    from kept_records
    group by previous_customer_id
),

changes as (
    select
        compared.record_key,
        compared.source_table,
        compared.source_record_id,
        compared.customer_id,
        compared.previous_customer_id,
        case
            when compared.previous_customer_id is null then 'added'
            when compared.customer_id is null then 'removed'
            when origins.origin_count > 1 and destinations.destination_count > 1 then 'regrouped'
            when origins.origin_count > 1 then 'merged'
            when destinations.destination_count > 1 then 'split'
            else 'renamed'
        end as change_type
    from compared
    left join origins
        on compared.customer_id = origins.customer_id
    left join destinations
        on compared.previous_customer_id = destinations.previous_customer_id
    where
        compared.previous_customer_id is null
        or compared.customer_id is null
        or compared.customer_id <> compared.previous_customer_id
),

final as (
    select
        {{ dbt.hash(dbt.concat([
            dbt.cast('this_build.build_number', dbt.type_string()), "'|'",
            'changes.record_key',
        ])) }} as change_id,
        this_build.build_number,
        this_build.build_id,
        this_build.built_at,
        as_of_date.as_of_date,
        changes.record_key,
        changes.source_table,
        changes.source_record_id,
        changes.customer_id,
        changes.previous_customer_id,
        changes.change_type
    from changes
    cross join this_build
    cross join as_of_date
)

select * from final
