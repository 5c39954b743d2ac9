{# One row per identifier left out of matching: emails/phones shared by too many records or by evidently different people, and shared devices. #}
with

person_records as (
    select * from {{ ref('int_identity_person_records') }}
),

record_identifiers as (
    select * from {{ ref('int_identity_record_identifiers') }}
),

device_accounts as (
    select * from {{ ref('int_identity_device_accounts') }}
),

name_equivalences as (
    select * from {{ ref('int_identity_name_equivalences') }}
),

identifier_counts as (
    select
        identifier_type,
        identifier_value,
        cast(count(*) as integer) as record_count,
        cast(sum(case when source_table in ('crm_contacts', 'shop_customers') then 1 else 0 end) as integer) as person_record_count
    from record_identifiers
    group by identifier_type, identifier_value
),

too_many_records as (
    select
        identifier_type,
        identifier_value,
        record_count,
        person_record_count,
        'too_many_records' as hub_reason
    from identifier_counts
    where person_record_count > {{ var('identity')['hub_max_records'] }}
),

-- pairs of named records behind one identifier that are evidently two people
shared_candidates as (
    select
        record_identifiers.identifier_type,
        record_identifiers.identifier_value,
        person_records.record_key,
        person_records.first_name_key,
        person_records.last_name_key,
        person_records.date_of_birth
    from record_identifiers
    inner join identifier_counts
        on
            record_identifiers.identifier_type = identifier_counts.identifier_type
            and record_identifiers.identifier_value = identifier_counts.identifier_value
    inner join person_records
        on record_identifiers.record_key = person_records.record_key
    where
        identifier_counts.person_record_count between 2 and {{ var('identity')['hub_max_records'] }}
        and (person_records.first_name_key is not null or person_records.date_of_birth is not null)
),

several_people as (
    select
        left_record.identifier_type,
        left_record.identifier_value
    from shared_candidates as left_record
    inner join shared_candidates as right_record
        on
            left_record.identifier_type = right_record.identifier_type
            and left_record.identifier_value = right_record.identifier_value
            and left_record.record_key < right_record.record_key
    left join name_equivalences
        on
            left_record.first_name_key = name_equivalences.name_key_a
            and right_record.first_name_key = name_equivalences.name_key_b
    where {{ journeymap.identity_records_conflict('left_record', 'right_record', 'name_equivalences.name_key_a is not null') }}
    group by left_record.identifier_type, left_record.identifier_value
),

several_people_counts as (
    select
        identifier_counts.identifier_type,
        identifier_counts.identifier_value,
        identifier_counts.record_count,
        identifier_counts.person_record_count,
        'several_people' as hub_reason
    from several_people
    inner join identifier_counts
        on
            several_people.identifier_type = identifier_counts.identifier_type
            and several_people.identifier_value = identifier_counts.identifier_value
),

shared_devices as (
    select
        'anonymous_id' as identifier_type,
        anonymous_id as identifier_value,
        account_count as record_count,
        account_count as person_record_count,
        'shared_device' as hub_reason
    from device_accounts
    where is_shared_device
),

final as (
    select * from too_many_records
    union all
    select * from several_people_counts
    union all
    select * from shared_devices
)

select * from final
