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

prioritised as (
    select
        candidates.customer_id,
        candidates.record_key,
        candidates.field_group,
        candidates.updated_at,
        candidates.filled_field_count,
        candidates.is_deleted,
        source_priority.priority_rank,
        row_number() over (
            partition by candidates.record_key, candidates.field_group
            order by
                case when source_priority.source_system = '*' then 1 else 0 end,
                case when source_priority.field_group = '*' then 1 else 0 end
        ) as specificity_rank
    from candidates
    left join source_priority
        on
            candidates.source_table = source_priority.source_table
            and (candidates.source_system = source_priority.source_system or source_priority.source_system = '*')
            and (candidates.field_group = source_priority.field_group or source_priority.field_group = '*')
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
    where specificity_rank = 1
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

final as (
    select
        customers.customer_id,
        email_winner.email,
        phone_winner.phone,
        name_winner.first_name,
        name_winner.last_name,
        dob_winner.date_of_birth,
        address_winner.street_address,
        address_winner.city,
        address_winner.postal_code,
        address_winner.state,
        country_winner.country_code,
        {%- for alias, group in [('email_winner', 'email'), ('phone_winner', 'phone'), ('name_winner', 'name'), ('address_winner', 'address'), ('dob_winner', 'date_of_birth'), ('country_winner', 'country')] %}
            {{ alias }}.source_table as {{ group }}_source_table,
            {{ alias }}.source_record_id as {{ group }}_source_record_id{% if not loop.last %},{% endif %}
        {%- endfor %}
    from
        customers
    {%- for alias, group in [('email_winner', 'email'), ('phone_winner', 'phone'), ('name_winner', 'name'), ('address_winner', 'address'), ('dob_winner', 'date_of_birth'), ('country_winner', 'country')] %}
        left join winners as {{ alias }}
            on
                customers.customer_id = {{ alias }}.customer_id
                and {{ alias }}.field_group = '{{ group }}'
    {%- endfor %}
)

select * from final
