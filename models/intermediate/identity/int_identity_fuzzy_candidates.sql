{#
    One row per candidate pair of CRM contact records (record_key_a < record_key_b)
    that share at least one blocking key, with the passes that proposed it.
#}
{%- set max_block_size = var('identity')['fuzzy']['max_block_size'] -%}
{%- set passes = {
    'dob_last_phonetic': ["cast(date_of_birth as " ~ dbt.type_string() ~ ")", 'last_name_phonetic'],
    'dob_first_phonetic': ["cast(date_of_birth as " ~ dbt.type_string() ~ ")", 'first_name_phonetic'],
    'postal_last_phonetic': ['postal_key', 'last_name_phonetic'],
    'postal_first_prefix': ['postal_key', "substring(first_name_key, 1, 2)"],
    'postal_dob': ['postal_key', "cast(date_of_birth as " ~ dbt.type_string() ~ ")"],
    'street_last_phonetic': ['street_key', 'last_name_phonetic'],
    'street_city': ['street_key', 'city_key'],
    'dob_unordered_last_initial': [
        "cast(extract(year from date_of_birth) as " ~ dbt.type_string() ~ ")",
        "cast(least(extract(month from date_of_birth), extract(day from date_of_birth)) as " ~ dbt.type_string() ~ ")",
        "cast(greatest(extract(month from date_of_birth), extract(day from date_of_birth)) as " ~ dbt.type_string() ~ ")",
        "substring(last_name_key, 1, 1)"],
    'dob_unordered_names_phonetic': [
        "cast(date_of_birth as " ~ dbt.type_string() ~ ")",
        "least(first_name_phonetic, last_name_phonetic)",
        "greatest(first_name_phonetic, last_name_phonetic)"],
    'names_phonetic_birth_year': [
        'first_name_phonetic',
        'last_name_phonetic',
        "cast(extract(year from date_of_birth) as " ~ dbt.type_string() ~ ")"],
} -%}
with

person_records as (
    select * from {{ ref('int_identity_person_records') }}
),

-- blocks and pairs are built on record numbers (in record-key order), not
-- on the long record keys: the self-join and the pair de-duplication are
-- the costliest steps of identity resolution
crm_records as (
    select
        record_key,
        row_number() over (order by record_key) as record_number,
        first_name_key,
        last_name_key,
        first_name_phonetic,
        last_name_phonetic,
        date_of_birth,
        postal_key,
        street_key,
        city_key
    from person_records
    where source_table = 'crm_contacts'
),

block_keys as (
    {%- for pass_name, parts in passes.items() %}
        select
            '{{ pass_name }}' as blocking_pass,
            record_number,
            {{ journeymap.identity_block_key(parts) }} as block_key
        from crm_records
        where {% for part in parts %}({{ part }}) is not null{% if not loop.last %} and {% endif %}{% endfor %}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

block_sizes as (
    select
        blocking_pass,
        block_key,
        count(*) as block_size
    from block_keys
    group by blocking_pass, block_key
),

usable_blocks as (
    select
        block_keys.blocking_pass,
        block_keys.block_key,
        block_keys.record_number
    from block_keys
    inner join block_sizes
        on
            block_keys.blocking_pass = block_sizes.blocking_pass
            and block_keys.block_key = block_sizes.block_key
    where block_sizes.block_size between 2 and {{ max_block_size }}
),

pairs as (
    select
        left_record.record_number as record_number_a,
        right_record.record_number as record_number_b,
        left_record.blocking_pass
    from usable_blocks as left_record
    inner join usable_blocks as right_record
        on
            left_record.blocking_pass = right_record.blocking_pass
            and left_record.block_key = right_record.block_key
            and left_record.record_number < right_record.record_number
),

distinct_pairs as (
    select
        record_number_a,
        record_number_b,
        count(*) as blocking_pass_count,
        min(blocking_pass) as first_blocking_pass
    from pairs
    group by record_number_a, record_number_b
),

final as (
    select
        record_a.record_key as record_key_a,
        record_b.record_key as record_key_b,
        distinct_pairs.blocking_pass_count,
        distinct_pairs.first_blocking_pass
    from distinct_pairs
    inner join crm_records as record_a
        on distinct_pairs.record_number_a = record_a.record_number
    inner join crm_records as record_b
        on distinct_pairs.record_number_b = record_b.record_number
)

select * from final
