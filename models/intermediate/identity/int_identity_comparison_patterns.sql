{#
    One row per (training_session, comparison pattern): how many candidate
    pairs show that combination of comparison levels. The small table EM
    runs on (int_identity_m_estimates), whatever the data size. Sessions: one
    per blocking rule (the pairs that rule proposed) and `all_candidates`
    (every candidate pair once, for the prior). Pairs agreeing on a hub
    email or phone (a comparison's `hub_identifier_type`) are left out.
#}
-- depends_on: {{ ref('int_identity_training_state') }}
{% if journeymap.identity_training_keeps() %}
-- the stored training is kept this build (int_identity_training_state)
select * from {{ this }}
{% else %}
    {%- set comparisons = var('identity_comparisons') -%}
    {%- set rules = var('identity_blocking')['rules'] -%}
    with

    pair_comparisons as (
        select * from {{ ref('int_identity_pair_comparisons') }}
    ),

    hub_identifiers as (
        select * from {{ ref('int_identity_hub_identifiers') }}
    ),

    -- pairs agreeing on a hub identifier are the hub's pattern, not the data's:
    -- they are scored (with the term-frequency adjustment) but do not train EM
    training_pairs as (
        select pair_comparisons.*
        from pair_comparisons
        {% for comparison in comparisons if comparison.get('hub_identifier_type') %}
            left join hub_identifiers as hub_{{ comparison['name'] }}
                on
                    hub_{{ comparison['name'] }}.identifier_type = '{{ comparison["hub_identifier_type"] }}'
                    and pair_comparisons.{{ comparison['name'] }}_value = hub_{{ comparison['name'] }}.identifier_value
        {% endfor %}
        where
            true
            {%- for comparison in comparisons if comparison.get('hub_identifier_type') %}
                and hub_{{ comparison['name'] }}.identifier_value is null
            {%- endfor %}
    ),

    by_mask as (
        select
            blocking_rule_mask,
            {%- for comparison in comparisons %}
                {{ comparison['name'] }}_level,
            {%- endfor %}
            count(*) as pair_count
        from training_pairs
        group by
            blocking_rule_mask{% for comparison in comparisons %}
                ,
                {{ comparison['name'] }}_level{% endfor %}
    ),

    rules as (
        {%- for rule in rules %}
            select
                '{{ rule["name"] }}' as training_session,
                {{ loop.index0 }} as blocking_rule_number
            {%- if not loop.last %}
                union all
            {%- endif %}
        {%- endfor %}
    ),

    sessions as (
        select
            rules.training_session,
            {%- for comparison in comparisons %}
                by_mask.{{ comparison['name'] }}_level,
            {%- endfor %}
            by_mask.pair_count
        from by_mask
        inner join rules
            on cast(floor(by_mask.blocking_rule_mask / power(2, rules.blocking_rule_number)) as bigint) % 2 = 1
        union all
        select
            'all_candidates' as training_session,
            {%- for comparison in comparisons %}
                {{ comparison['name'] }}_level,
            {%- endfor %}
            pair_count
        from by_mask
    ),

    final as (
        select
            training_session,
            {{ dbt.concat(journeymap.identity_pattern_key_parts()) }} as pattern_id,
            {%- for comparison in comparisons %}
                {{ comparison['name'] }}_level,
            {%- endfor %}
            cast(sum(pair_count) as bigint) as pair_count
        from sessions
        group by
            training_session{% for comparison in comparisons %}
                ,
                {{ comparison['name'] }}_level{% endfor %}
    )

    select * from final
{%- endif %}
