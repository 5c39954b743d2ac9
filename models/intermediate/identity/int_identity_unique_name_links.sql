{#
    One row per pair of first-pass components (component_id_a <
    component_id_b) that a unique name links: a component with shop
    accounts but no CRM contact (the account shares no email/phone with the
    CRM) and exactly one CRM component carrying the account's name: first
    names agree (equal, nickname equivalent, Jaro-Winkler >=
    name_agree_similarity), last names agree, same country (or none on the
    account), possibly typed the wrong way round. Exactly one means no other
    CRM component carries a name that is even loosely compatible (same
    phonetic last name and same first initial, nickname, missing first
    name, or first/last swapped; first and last names not `disagree`;
    country equal or missing). A CRM record without a first name counts
    only when its component knows no first name at all. A name shared by
    two people is never enough. Assumes shop customers are mostly known to
    the CRM; switch it off with var identity.unique_name_links.
#}
{%- set unique_name_links = var('identity').get('unique_name_links', true) -%}
with

name_equivalences as (
    select * from {{ ref('int_identity_name_equivalences') }}
),

named_records as (
    select * from {{ ref('int_identity_named_records') }}
),

component_sources as (
    select
        component_id,
        max(case when source_table = 'crm_contacts' then 1 else 0 end) as has_crm_contact
    from named_records
    group by component_id
),

orphan_accounts as (
    select
        named_records.component_id,
        named_records.first_name_key,
        named_records.last_name_key,
        named_records.country_code,
        named_records.first_name_phonetic,
        named_records.last_name_phonetic
    from named_records
    inner join component_sources
        on named_records.component_id = component_sources.component_id
    where
        {{ 'true' if unique_name_links else 'false' }}
        and component_sources.has_crm_contact = 0
        and named_records.source_table = 'shop_customers'
        and named_records.first_name_key is not null
        and named_records.last_name_key is not null
),

-- components that know a first name: their nameless records add nothing
first_named_components as (
    select distinct component_id
    from named_records
    where source_table = 'crm_contacts' and first_name_key is not null
),

crm_names as (
    select
        named_records.component_id,
        named_records.first_name_key,
        named_records.last_name_key,
        named_records.country_code,
        substring(named_records.first_name_key, 1, 1) as first_initial,
        named_records.first_name_phonetic,
        named_records.last_name_phonetic
    from named_records
    left join first_named_components
        on named_records.component_id = first_named_components.component_id
    where
        named_records.source_table = 'crm_contacts'
        -- a record without a first name stands for its component's first names
        and (named_records.first_name_key is not null or first_named_components.component_id is null)
),

-- one row per distinct CRM name with the range of components carrying it:
-- far fewer rows to block against than one per record, and "exactly one
-- component" is still decidable (smallest = largest over all matched names)
crm_name_index as (
    select
        first_name_key,
        last_name_key,
        country_code,
        first_initial,
        first_name_phonetic,
        last_name_phonetic,
        min(component_id) as min_component_id,
        max(component_id) as max_component_id
    from crm_names
    group by
        first_name_key,
        last_name_key,
        country_code,
        first_initial,
        first_name_phonetic,
        last_name_phonetic
),

-- every CRM record whose name could be the account holder's, blocked by phonetic keys
loose_blocked as (
    select
        orphan_accounts.component_id as orphan_component_id,
        orphan_accounts.first_name_key as orphan_first_name_key,
        orphan_accounts.last_name_key as orphan_last_name_key,
        orphan_accounts.country_code as orphan_country_code,
        crm_names.min_component_id,
        crm_names.max_component_id,
        crm_names.first_name_key,
        crm_names.last_name_key,
        crm_names.country_code,
        false as is_swapped
    from orphan_accounts
    inner join crm_name_index as crm_names
        on
            orphan_accounts.last_name_phonetic = crm_names.last_name_phonetic
            and (
                substring(orphan_accounts.first_name_key, 1, 1) = crm_names.first_initial
                or crm_names.first_name_key is null
            )
    union all
    select
        orphan_accounts.component_id as orphan_component_id,
        orphan_accounts.first_name_key as orphan_first_name_key,
        orphan_accounts.last_name_key as orphan_last_name_key,
        orphan_accounts.country_code as orphan_country_code,
        crm_names.min_component_id,
        crm_names.max_component_id,
        crm_names.first_name_key,
        crm_names.last_name_key,
        crm_names.country_code,
        false as is_swapped
    from orphan_accounts
    inner join name_equivalences
        on orphan_accounts.first_name_key = name_equivalences.name_key_a
    inner join crm_name_index as crm_names
        on
            orphan_accounts.last_name_phonetic = crm_names.last_name_phonetic
            and name_equivalences.name_key_b = crm_names.first_name_key
    union all
    select
        orphan_accounts.component_id as orphan_component_id,
        orphan_accounts.first_name_key as orphan_first_name_key,
        orphan_accounts.last_name_key as orphan_last_name_key,
        orphan_accounts.country_code as orphan_country_code,
        crm_names.min_component_id,
        crm_names.max_component_id,
        crm_names.last_name_key as first_name_key,
        crm_names.first_name_key as last_name_key,
        crm_names.country_code,
        true as is_swapped
    from orphan_accounts
    inner join crm_name_index as crm_names
        on
            orphan_accounts.last_name_phonetic = crm_names.first_name_phonetic
            and orphan_accounts.first_name_phonetic = crm_names.last_name_phonetic
),

loose_matches as (
    select
        loose_blocked.orphan_component_id,
        loose_blocked.min_component_id,
        loose_blocked.max_component_id,
        -- the same name: first names agree (equal, nickname, Jaro-Winkler),
        -- last names agree, same country (or none on the account)
        (
            (
                name_equivalences.name_key_a is not null
                or {{ journeymap.identity_name_match('loose_blocked.orphan_first_name_key', 'loose_blocked.first_name_key') }} = 'agree'
            )
            and {{ journeymap.identity_name_match('loose_blocked.orphan_last_name_key', 'loose_blocked.last_name_key') }} = 'agree'
            and coalesce(loose_blocked.orphan_country_code = loose_blocked.country_code, loose_blocked.orphan_country_code is null)
        ) as is_same_name
    from loose_blocked
    left join name_equivalences
        on
            loose_blocked.orphan_first_name_key = name_equivalences.name_key_a
            and loose_blocked.first_name_key = name_equivalences.name_key_b
    where
        (
            loose_blocked.country_code is null
            or loose_blocked.orphan_country_code is null
            or loose_blocked.orphan_country_code = loose_blocked.country_code
        )
        and (
            name_equivalences.name_key_a is not null
            or coalesce({{ journeymap.identity_name_match('loose_blocked.orphan_first_name_key', 'loose_blocked.first_name_key') }}, 'agree') <> 'disagree'
        )
        and coalesce({{ journeymap.identity_name_match('loose_blocked.orphan_last_name_key', 'loose_blocked.last_name_key') }}, 'agree') <> 'disagree'
),

loose_counts as (
    select
        orphan_component_id,
        min(min_component_id) as crm_component_id,
        max(max_component_id) as max_crm_component_id,
        max(case when is_same_name then 1 else 0 end) as has_same_name
    from loose_matches
    group by orphan_component_id
),

final as (
    select
        case
            when orphan_component_id < crm_component_id then orphan_component_id
            else crm_component_id
        end as component_id_a,
        case
            when orphan_component_id < crm_component_id then crm_component_id
            else orphan_component_id
        end as component_id_b,
        'unique_name' as link_type
    from loose_counts
    where crm_component_id = max_crm_component_id and has_same_name = 1
)

select * from final
