{# One row per identifier left out of identity matching (hub, household-shared, shared device), values masked: type, reason, how many records carried it. #}
with

hub_identifiers as (
    select * from {{ ref('int_identity_hub_identifiers') }}
),

final as (
    select
        {{ journeymap.sha256(dbt.concat(['identifier_type', "'|'", 'identifier_value'])) }} as hub_identifier_id,
        identifier_type,
        hub_reason,
        cast(record_count as integer) as record_count,
        cast(person_record_count as integer) as person_record_count
    from hub_identifiers
)

select * from final
