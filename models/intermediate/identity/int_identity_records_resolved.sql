{#
    One row per identity-bearing record (CRM contact, shop account, support
    ticket, guest-checkout email, web device) with the customer it resolves to.

    customer_id rule (stable): each customer is named after its anchor record,
    the first of its records by (1) tier: CRM contacts and shop accounts, then
    guest checkouts, then web devices; (2) earliest created_at (first order /
    first event for guests / devices); (3) smallest record key.
    customer_id = hash of the anchor's record key, so a rebuild gives the same
    ids, a record that joins a customer later (created later) keeps its id,
    and when two customers merge the one with the older anchor survives.
    Support tickets only bridge identifiers: a component made only of tickets
    is not a customer (customer_id NULL).
#}
with

person_records as (
    select * from {{ ref('int_identity_person_records') }}
),

components as (
    select * from {{ ref('int_identity_components') }}
),

merged_components as (
    select * from {{ ref('int_identity_merged_components') }}
),

device_accounts as (
    select * from {{ ref('int_identity_device_accounts') }}
),

device_links as (
    select * from {{ ref('int_identity_device_links') }}
),

person_components as (
    select
        person_records.record_key,
        person_records.source_table,
        person_records.source_record_id,
        person_records.created_at,
        coalesce(merged_components.component_id, components.component_id) as component_id
    from person_records
    inner join components
        on person_records.record_key = components.node_id
    left join merged_components
        on components.component_id = merged_components.first_pass_component_id
),

-- components holding a CRM contact or shop account (not only guest emails)
person_bearing_components as (
    select distinct component_id
    from person_components
    where source_table in ('crm_contacts', 'shop_customers')
),

-- a device follows its linked records only when they resolve to one
-- component (a guest-only component, nameless, does not count when a
-- person-bearing one is there: the device's user checked out as a guest);
-- a device shared by two people (family tablet) stays on its own
device_link_components as (
    select
        device_links.anonymous_id,
        min(person_components.component_id) as component_id,
        count(distinct person_components.component_id) as component_count,
        min(person_bearing_components.component_id) as person_component_id,
        count(distinct person_bearing_components.component_id) as person_component_count
    from device_links
    inner join person_components
        on device_links.linked_record_key = person_components.record_key
    left join person_bearing_components
        on person_components.component_id = person_bearing_components.component_id
    group by device_links.anonymous_id
),

device_components as (
    select
        {{ dbt.concat(["'web_devices|'", 'device_accounts.anonymous_id']) }} as record_key,
        'web_devices' as source_table,
        device_accounts.anonymous_id as source_record_id,
        device_accounts.first_seen_at as created_at,
        case
            when device_accounts.is_shared_device then {{ dbt.concat(["'web_devices|'", 'device_accounts.anonymous_id']) }}
            when device_link_components.person_component_count = 1
                then device_link_components.person_component_id
            when device_link_components.component_count = 1
                then device_link_components.component_id
            else {{ dbt.concat(["'web_devices|'", 'device_accounts.anonymous_id']) }}
        end as component_id
    from device_accounts
    left join device_link_components
        on device_accounts.anonymous_id = device_link_components.anonymous_id
),

all_records as (
    select * from person_components
    union all
    select * from device_components
),

ranked as (
    select
        record_key,
        source_table,
        source_record_id,
        created_at,
        component_id,
        case
            when source_table in ('crm_contacts', 'shop_customers') then 1
            when source_table = 'guest_checkouts' then 2
            when source_table = 'web_devices' then 3
        end as anchor_tier
    from all_records
),

anchors as (
    select
        component_id,
        record_key as anchor_record_key,
        row_number() over (
            partition by component_id
            order by anchor_tier, created_at nulls last, record_key
        ) as anchor_rank
    from ranked
    where anchor_tier is not null
),

final as (
    select
        ranked.record_key,
        ranked.source_table,
        ranked.source_record_id,
        ranked.component_id,
        {{ dbt.hash('anchors.anchor_record_key') }} as customer_id,
        anchors.anchor_record_key,
        ranked.record_key = anchors.anchor_record_key as is_anchor_record
    from ranked
    left join anchors
        on
            ranked.component_id = anchors.component_id
            and anchors.anchor_rank = 1
)

select * from final
