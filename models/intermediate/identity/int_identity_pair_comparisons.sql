{#
    One row per candidate pair (int_identity_fuzzy_candidates) with the level
    of every comparison in var identity_comparisons (`<name>_level`: 0 =
    missing, 1 = strongest configured level, ..., n + 1 = else) and, for
    comparisons with term_frequency or hub_identifier_type, the value both records share when they
    agree exactly (`<name>_value`), for the term-frequency adjustment and the hub check.
#}
with

candidates as (
    select * from {{ ref('int_identity_fuzzy_candidates') }}
),

person_records as (
    select * from {{ ref('int_identity_person_records') }}
),

name_equivalences as (
    select * from {{ ref('int_identity_name_equivalences') }}
),

compared as (
    select
        candidates.record_key_a,
        candidates.record_key_b,
        candidates.first_blocking_pass,
        candidates.blocking_pass_count,
        candidates.blocking_rule_mask,
        {%- for comparison in var('identity_comparisons') if comparison.get('term_frequency') or comparison.get('hub_identifier_type') %}
            record_a.{{ comparison['column'] }} as {{ comparison['name'] }}_value_a,
        {%- endfor %}
        {{ journeymap.identity_comparison_columns('record_a', 'record_b') }}
    from candidates
    inner join person_records as record_a
        on candidates.record_key_a = record_a.record_key
    inner join person_records as record_b
        on candidates.record_key_b = record_b.record_key
    {{ journeymap.identity_nickname_joins('record_a', 'record_b', 'name_equivalences') }}
),

final as (
    select
        record_key_a,
        record_key_b,
        first_blocking_pass,
        blocking_pass_count,
        blocking_rule_mask,
        {%- for comparison in var('identity_comparisons') %}
            {{ comparison['name'] }}_level,
        {%- endfor %}
        {%- for comparison in var('identity_comparisons') if comparison.get('term_frequency') or comparison.get('hub_identifier_type') %}
            case
                when {{ comparison['name'] }}_level = {{ journeymap.identity_exact_level(comparison) }}
                    then {{ comparison['name'] }}_value_a
            end as {{ comparison['name'] }}_value{% if not loop.last %},{% endif %}
        {%- endfor %}
    from compared
)

select * from final
