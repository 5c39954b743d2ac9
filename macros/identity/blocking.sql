{#
    identity_blocking_ctes(person_records): the CTEs `crm_records` (CRM
    contact records numbered in record-key order, with the derived blocking
    keys below), `block_keys` (blocking_rule, block_key, record_number) and
    `block_sizes` (blocking_rule, block_key, block_size) for the rules in var
    `identity_blocking.rules`. A record takes part in a rule only when every
    key of the rule is known. Shared by int_identity_fuzzy_candidates (the
    pairs) and int_identity_blocking_stats (the report), so both see the
    same blocks.

    Keys a rule can use: any column below. Derived ones:
      date_of_birth_text, birth_year_text: the birth date / year as text;
      birth_day_month_unordered: the smaller and the larger of day and month
        (a transposed date lands in the same block);
      last_name_initial: first letter of the last name;
      name_low_key, name_high_key: the two name keys in alphabetical order
        (first and last typed the wrong way round land in the same block).
#}
{% macro identity_blocking_ctes(person_records) -%}
{%- set text = dbt.type_string() -%}
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
        house_number_key,
        street_name_key,
        city_key,
        cast(date_of_birth as {{ text }}) as date_of_birth_text,
        cast(extract(year from date_of_birth) as {{ text }}) as birth_year_text,
        case
            when extract(month from date_of_birth) <= extract(day from date_of_birth)
                then {{ dbt.concat([
                    "cast(extract(month from date_of_birth) as " ~ text ~ ")", "'-'",
                    "cast(extract(day from date_of_birth) as " ~ text ~ ")"]) }}
            when extract(month from date_of_birth) > extract(day from date_of_birth)
                then {{ dbt.concat([
                    "cast(extract(day from date_of_birth) as " ~ text ~ ")", "'-'",
                    "cast(extract(month from date_of_birth) as " ~ text ~ ")"]) }}
        end as birth_day_month_unordered,
        substring(last_name_key, 1, 1) as last_name_initial,
        -- NULL unless both names are known (a comparison with NULL is NULL)
        case
            when first_name_key <= last_name_key then first_name_key
            when first_name_key > last_name_key then last_name_key
        end as name_low_key,
        case
            when first_name_key <= last_name_key then last_name_key
            when first_name_key > last_name_key then first_name_key
        end as name_high_key
    from {{ person_records }}
    where source_table = 'crm_contacts'
),

block_keys as (
    {%- for rule in var('identity_blocking')['rules'] %}
    select
        '{{ rule["name"] }}' as blocking_rule,
        {{ loop.index0 }} as blocking_rule_number,
        record_number,
        {{ journeymap.identity_block_key(rule['keys']) }} as block_key
    from crm_records
    where {% for key in rule['keys'] %}{{ key }} is not null{% if not loop.last %} and {% endif %}{% endfor %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

block_sizes as (
    select
        blocking_rule,
        blocking_rule_number,
        block_key,
        count(*) as block_size
    from block_keys
    group by blocking_rule, blocking_rule_number, block_key
)
{%- endmacro %}
