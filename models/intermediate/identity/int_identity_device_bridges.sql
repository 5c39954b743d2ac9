{#
    One row per pair of first-pass components (component_id_a <
    component_id_b) that a device bridges: a device (not a shared device)
    linked to records of both components, whose named records agree on
    first and last name (equal, nickname equivalents, Jaro-Winkler >=
    name_agree_similarity, or typed the wrong way round) and never conflict
    (identity_records_conflict). A family tablet used by two members'
    accounts fails: their first names differ.
#}
{%- set fuzzy = var('identity')['fuzzy'] -%}
with

components as (
    select * from {{ ref('int_identity_components') }}
),

device_links as (
    select * from {{ ref('int_identity_device_links') }}
),

device_accounts as (
    select * from {{ ref('int_identity_device_accounts') }}
),

name_equivalences as (
    select * from {{ ref('int_identity_name_equivalences') }}
),

named_records as (
    select * from {{ ref('int_identity_named_records') }}
),

device_components as (
    select distinct
        device_links.anonymous_id,
        components.component_id
    from device_links
    inner join device_accounts
        on device_links.anonymous_id = device_accounts.anonymous_id
    inner join components
        on device_links.linked_record_key = components.node_id
    where not device_accounts.is_shared_device
),

device_component_pairs as (
    select distinct
        left_device.component_id as component_id_a,
        right_device.component_id as component_id_b
    from device_components as left_device
    inner join device_components as right_device
        on
            left_device.anonymous_id = right_device.anonymous_id
            and left_device.component_id < right_device.component_id
),

device_record_pairs as (
    select
        device_component_pairs.component_id_a,
        device_component_pairs.component_id_b,
        (
            (
                left_record.first_name_key = right_record.first_name_key
                or name_equivalences.name_key_a is not null
                or {{ journeymap.jaro_winkler('left_record.first_name_key', 'right_record.first_name_key') }}
                >= {{ fuzzy['name_agree_similarity'] }}
            )
            and {{ journeymap.jaro_winkler('left_record.last_name_key', 'right_record.last_name_key') }}
            >= {{ fuzzy['name_agree_similarity'] }}
        )
        or (
            {{ journeymap.jaro_winkler('left_record.first_name_key', 'right_record.last_name_key') }}
            >= {{ fuzzy['name_agree_similarity'] }}
            and {{ journeymap.jaro_winkler('left_record.last_name_key', 'right_record.first_name_key') }}
            >= {{ fuzzy['name_agree_similarity'] }}
        ) as is_same_name,
        {{ journeymap.identity_records_conflict('left_record', 'right_record', 'name_equivalences.name_key_a is not null') }} as is_conflict
    from device_component_pairs
    inner join named_records as left_record
        on device_component_pairs.component_id_a = left_record.component_id
    inner join named_records as right_record
        on device_component_pairs.component_id_b = right_record.component_id
    left join name_equivalences
        on
            left_record.first_name_key = name_equivalences.name_key_a
            and right_record.first_name_key = name_equivalences.name_key_b
),

final as (
    select
        component_id_a,
        component_id_b,
        'device_bridge' as link_type
    from device_record_pairs
    group by component_id_a, component_id_b
    having
        max(case when coalesce(is_same_name, false) then 1 else 0 end) = 1
        and max(case when coalesce(is_conflict, false) then 1 else 0 end) = 0
)

select * from final
