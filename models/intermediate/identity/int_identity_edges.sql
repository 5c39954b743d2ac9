{#
    One row per edge of the identity graph (node_a, node_b, edge_type).
    Nodes are person records (`<source_table>|<record id>`) and email
    identifiers (`email|...`). Edges: a record and each email it carries
    (except hub emails); two named records of the same person sharing a phone
    or a household email (verified pairs, int_identity_household_pairs); a
    fuzzy match between two CRM records;
    and a self-edge per record so that records with no link still get a
    component.
#}
with

person_records as (
    select * from {{ ref('int_identity_person_records') }}
),

record_identifiers as (
    select * from {{ ref('int_identity_record_identifiers') }}
),

hub_identifiers as (
    select * from {{ ref('int_identity_hub_identifiers') }}
),

fuzzy_matches as (
    select * from {{ ref('int_identity_fuzzy_matches') }}
),

household_pairs as (
    select * from {{ ref('int_identity_household_pairs') }}
),

usable_identifiers as (
    select
        record_identifiers.record_key,
        record_identifiers.identifier_type,
        record_identifiers.identifier_value
    from record_identifiers
    left join hub_identifiers
        on
            record_identifiers.identifier_type = hub_identifiers.identifier_type
            and record_identifiers.identifier_value = hub_identifiers.identifier_value
    where hub_identifiers.identifier_value is null
    -- phones link only through verified pairs (int_identity_household_pairs)
    and record_identifiers.identifier_type = 'email'
),

identifier_edges as (
    select
        record_key as node_a,
        {{ dbt.concat(['identifier_type', "'|'", 'identifier_value']) }} as node_b,
        {{ dbt.concat(["'shared_'", 'identifier_type']) }} as edge_type
    from usable_identifiers
),

fuzzy_edges as (
    select
        record_key_a as node_a,
        record_key_b as node_b,
        'fuzzy_match' as edge_type
    from fuzzy_matches
    where is_match
),

-- shared phones, and household emails, link verified pairs of records
household_edges as (
    select
        record_key_a as node_a,
        record_key_b as node_b,
        case
            when identifier_type = 'phone' then 'shared_phone'
            else 'household_email'
        end as edge_type
    from household_pairs
),

self_edges as (
    select
        record_key as node_a,
        record_key as node_b,
        'self' as edge_type
    from person_records
),

final as (
    select * from identifier_edges
    union all
    select * from fuzzy_edges
    union all
    select * from household_edges
    union all
    select * from self_edges
)

select * from final
