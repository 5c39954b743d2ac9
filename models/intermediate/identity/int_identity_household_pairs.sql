{#
    One row per pair of named records (record_key_a < record_key_b) that share
    a phone (any phone that is not a `too_many_records` hub) or an email left
    out as `several_people` (a family address), and are clearly the same
    person: first names agree (equal, equivalent nicknames, Jaro-Winkler >=
    name_agree_similarity, or first/last typed the wrong way
    round), last names do not disagree, and the records do not conflict. Phones are shared by households
    (the landline), so they never link through a star: only such verified
    pairs become record-to-record edges, and a household identifier links each
    member's own records without gluing the members together.
#}
{%- set fuzzy = var('identity')['fuzzy'] -%}
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

name_equivalences as (
    select * from {{ ref('int_identity_name_equivalences') }}
),

household_records as (
    select
        record_identifiers.identifier_type,
        record_identifiers.identifier_value,
        person_records.record_key,
        person_records.first_name_key,
        person_records.last_name_key,
        person_records.date_of_birth
    from record_identifiers
    left join hub_identifiers
        on
            record_identifiers.identifier_type = hub_identifiers.identifier_type
            and record_identifiers.identifier_value = hub_identifiers.identifier_value
    inner join person_records
        on record_identifiers.record_key = person_records.record_key
    where
        person_records.first_name_key is not null
        and (
            (record_identifiers.identifier_type = 'phone' and hub_identifiers.identifier_value is null)
            or hub_identifiers.hub_reason = 'several_people'
        )
),

pairs as (
    select
        left_record.record_key as record_key_a,
        right_record.record_key as record_key_b,
        left_record.identifier_type
    from household_records as left_record
    inner join household_records as right_record
        on
            left_record.identifier_type = right_record.identifier_type
            and left_record.identifier_value = right_record.identifier_value
            and left_record.record_key < right_record.record_key
    left join name_equivalences
        on
            left_record.first_name_key = name_equivalences.name_key_a
            and right_record.first_name_key = name_equivalences.name_key_b
    where (
        left_record.first_name_key = right_record.first_name_key
        or name_equivalences.name_key_a is not null
        or {{ journeymap.jaro_winkler('left_record.first_name_key', 'right_record.first_name_key') }}
        >= {{ fuzzy['name_agree_similarity'] }}
        or coalesce(
            {{ journeymap.jaro_winkler('left_record.first_name_key', 'right_record.last_name_key') }}
            >= {{ fuzzy['name_agree_similarity'] }}
            and {{ journeymap.jaro_winkler('left_record.last_name_key', 'right_record.first_name_key') }}
            >= {{ fuzzy['name_agree_similarity'] }},
            false
        )
    )
    -- last names must not disagree either (a placeholder email that slipped
    -- through, shared by two unrelated Dylans, is not one person)
    and (
        coalesce({{ journeymap.identity_name_match('left_record.last_name_key', 'right_record.last_name_key') }} <> 'disagree', true)
        or coalesce(
            {{ journeymap.jaro_winkler('left_record.first_name_key', 'right_record.last_name_key') }}
            >= {{ fuzzy['name_agree_similarity'] }},
            false
        )
    )
    and not {{ journeymap.identity_records_conflict('left_record', 'right_record', 'name_equivalences.name_key_a is not null') }}
),

final as (
    select
        record_key_a,
        record_key_b,
        min(identifier_type) as identifier_type
    from pairs
    group by record_key_a, record_key_b
)

select * from final
