{#
    One row per customer: the surviving (golden) value of each field group
    with its provenance. For each field group (email, phone, name, address,
    date_of_birth, country) the winning record is, among the customer's
    records that fill the group: not soft-deleted first, then the lowest
    priority_rank from seed identity_source_priority (most specific seed row:
    exact source_system beats `*`, exact field_group beats `*`; unlisted
    sources rank 999), then the most recently updated, then the most complete
    record, then the smallest record key.
#}
{%- set field_groups = {
    'email': 'email is not null',
    'phone': 'phone is not null',
    'name': 'first_name is not null or last_name is not null',
    'address': 'street_address is not null or postal_code is not null or city is not null',
    'date_of_birth': 'date_of_birth is not null',
    'country': 'country_code is not null',
} -%}
with

person_records as (
    select * from {{ ref('int_identity_person_records') }}
),

records_resolved as (
    select * from {{ ref('int_identity_records_resolved') }}
),

source_priority as (
    select * from {{ ref('identity_source_priority') }}
),

customer_records as (
    select
        records_resolved.customer_id,
        person_records.record_key,
        person_records.source_table,
        person_records.source_system,
        person_records.email,
        person_records.phone,
        person_records.first_name,
        person_records.last_name,
        person_records.date_of_birth,
        person_records.street_address,
        person_records.postal_code,
        person_records.city,
        person_records.country_code,
        person_records.updated_at,
        person_records.filled_field_count,
        person_records.is_deleted
    from person_records
    inner join records_resolved
        on person_records.record_key = records_resolved.record_key
    where records_resolved.customer_id is not null
),

candidates as (
    {%- for group, condition in field_groups.items() %}
        select
            customer_id,
            record_key,
            source_table,
            source_system,
            updated_at,
            filled_field_count,
            is_deleted,
            '{{ group }}' as field_group
        from customer_records
        where {{ condition }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

-- the priority of each (source table, source system, field group) is
-- resolved once, on the few distinct combinations, not per record
source_keys as (
    select distinct
        source_table,
        source_system,
        field_group
    from candidates
),

source_key_priorities as (
    select
        source_keys.source_table,
        source_keys.source_system,
        source_keys.field_group,
        source_priority.priority_rank,
        row_number() over (
            partition by source_keys.source_table, source_keys.source_system, source_keys.field_group
            order by
                case when source_priority.source_system = '*' then 1 else 0 end,
                case when source_priority.field_group = '*' then 1 else 0 end
        ) as specificity_rank
    from source_keys
    left join source_priority
        on
            source_keys.source_table = source_priority.source_table
            and (source_keys.source_system = source_priority.source_system or source_priority.source_system = '*')
            and (source_keys.field_group = source_priority.field_group or source_priority.field_group = '*')
),

prioritised as (
    select
        candidates.customer_id,
        candidates.record_key,
        candidates.field_group,
        candidates.updated_at,
        candidates.filled_field_count,
        candidates.is_deleted,
        source_key_priorities.priority_rank
    from candidates
    left join source_key_priorities
        on
            candidates.source_table = source_key_priorities.source_table
            and coalesce(candidates.source_system, '') = coalesce(source_key_priorities.source_system, '')
            and candidates.field_group = source_key_priorities.field_group
            and source_key_priorities.specificity_rank = 1
),

ranked as (
    select
        customer_id,
        field_group,
        record_key,
        row_number() over (
            partition by customer_id, field_group
            order by
                case when is_deleted then 1 else 0 end,
                coalesce(priority_rank, 999),
                updated_at desc nulls last,
                filled_field_count desc,
                record_key asc
        ) as survivor_rank
    from prioritised
),

winners as (
    select
        ranked.customer_id,
        ranked.field_group,
        person_records.source_table,
        person_records.source_record_id,
        person_records.email,
        person_records.phone,
        person_records.first_name,
        person_records.last_name,
        person_records.date_of_birth,
        person_records.street_address,
        person_records.city,
        person_records.postal_code,
        person_records.state,
        person_records.country_code
    from ranked
    inner join person_records
        on ranked.record_key = person_records.record_key
    where ranked.survivor_rank = 1
),

customers as (
    select distinct customer_id
    from customer_records
),

-- one row per customer: each group's winner is the only row of its group,
-- so max() picks it (one pass instead of a join per field group)
pivoted as (
    select
        customer_id,
        max(case when field_group = 'email' then email end) as email,
        max(case when field_group = 'phone' then phone end) as phone,
        max(case when field_group = 'name' then first_name end) as first_name,
        max(case when field_group = 'name' then last_name end) as last_name,
        max(case when field_group = 'date_of_birth' then date_of_birth end) as date_of_birth,
        max(case when field_group = 'address' then street_address end) as street_address,
        max(case when field_group = 'address' then city end) as city,
        max(case when field_group = 'address' then postal_code end) as postal_code,
        max(case when field_group = 'address' then state end) as state,
        max(case when field_group = 'country' then country_code end) as country_code,
        {%- for group in field_groups %}
            max(case when field_group = '{{ group }}' then source_table end) as {{ group }}_source_table,
            max(case when field_group = '{{ group }}' then source_record_id end) as {{ group }}_source_record_id{% if not loop.last %},{% endif %}
        {%- endfor %}
    from winners
    group by customer_id
),

final as (
    select
        customers.customer_id,
        pivoted.email,
        pivoted.phone,
        pivoted.first_name,
        pivoted.last_name,
        pivoted.date_of_birth,
        pivoted.street_address,
        pivoted.city,
        pivoted.postal_code,
        pivoted.state,
        pivoted.country_code,
        {%- for group in field_groups %}
            pivoted.{{ group }}_source_table,
            pivoted.{{ group }}_source_record_id{% if not loop.last %},{% endif %}
        {%- endfor %}
    from customers
    left join pivoted
        on customers.customer_id = pivoted.customer_id
)

select * from final
