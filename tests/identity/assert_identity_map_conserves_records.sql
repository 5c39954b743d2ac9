{#
    Row conservation: every staged CRM contact, shop account and web device
    is in customer_identity_map exactly once, unless its customer is erased.
    Returns (source_table, source_record_id, problem) rows.
#}
with

crm_contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

shop_customers as (
    select * from {{ ref('stg_shop__customers') }}
),

device_accounts as (
    select * from {{ ref('int_identity_device_accounts') }}
),

records_resolved as (
    select * from {{ ref('int_identity_records_resolved') }}
),

customers_erased as (
    select * from {{ ref('int_customers_erased') }}
),

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

expected as (
    select
        'crm_contacts' as source_table,
        contact_record_id as source_record_id
    from crm_contacts
    union all
    select
        'shop_customers' as source_table,
        account_id as source_record_id
    from shop_customers
    union all
    select
        'web_devices' as source_table,
        anonymous_id as source_record_id
    from device_accounts
),

expected_visible as (
    select
        expected.source_table,
        expected.source_record_id
    from expected
    left join records_resolved
        on
            expected.source_table = records_resolved.source_table
            and expected.source_record_id = records_resolved.source_record_id
    left join customers_erased
        on records_resolved.customer_id = customers_erased.customer_id
    where customers_erased.customer_id is null
),

map_counts as (
    select
        source_table,
        source_record_id,
        count(*) as map_rows
    from identity_map
    group by source_table, source_record_id
),

final as (
    select
        coalesce(expected_visible.source_table, map_counts.source_table) as source_table,
        coalesce(expected_visible.source_record_id, map_counts.source_record_id) as source_record_id,
        case
            when map_counts.source_record_id is null then 'missing_from_map'
            when expected_visible.source_record_id is null then 'unexpected_in_map'
            else 'duplicated_in_map'
        end as problem
    from expected_visible
    full outer join map_counts
        on
            expected_visible.source_table = map_counts.source_table
            and expected_visible.source_record_id = map_counts.source_record_id
    where
        map_counts.source_record_id is null
        or expected_visible.source_record_id is null
        or map_counts.map_rows > 1
)

select * from final
