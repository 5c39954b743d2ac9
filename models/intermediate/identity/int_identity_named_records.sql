{#
    One row per CRM contact or shop account that carries a first or a last
    name, with its first-pass component (int_identity_components): the
    records the second pass (int_identity_device_bridges,
    int_identity_unique_name_links) compares by name.
#}
with

components as (
    select * from {{ ref('int_identity_components') }}
),

person_records as (
    select * from {{ ref('int_identity_person_records') }}
),

final as (
    select
        person_records.record_key,
        person_records.source_table,
        person_records.first_name_key,
        person_records.last_name_key,
        person_records.first_name_phonetic,
        person_records.last_name_phonetic,
        person_records.date_of_birth,
        person_records.country_code,
        components.component_id
    from person_records
    inner join components
        on person_records.record_key = components.node_id
    where
        person_records.source_table in ('crm_contacts', 'shop_customers')
        and (person_records.first_name_key is not null or person_records.last_name_key is not null)
)

select * from final
