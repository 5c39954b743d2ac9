{#
    One row per (comparison, level) with m, the probability that two records
    of one person fall in that level, estimated by EM (macro identity_em) on
    the comparison-pattern counts of int_identity_comparison_patterns: one
    training session per blocking rule, without the comparisons the rule
    blocks on. h: the same for the household class (two members of one
    family; var identity_estimation.household_differs_on). Plus the row
    comparison = 'prior': the probabilities that two CRM records taken at
    random are a match (m_probability) or a household pair (h_probability),
    from the same data (candidate pairs' posteriors over all record pairs).
#}
{{ config(
    post_hook="{{ journeymap.drop_identity_em_work(this) }}",
) }}
-- depends_on: {{ ref('int_identity_training_state') }}
{% if journeymap.identity_training_keeps() %}
-- the stored training is kept this build (int_identity_training_state)
select * from {{ this }}
{% else %}
    {%- set estimation = var('identity_estimation') -%}
    {%- set exclusions = {'all_candidates': []} -%}
    {%- for rule in var('identity_blocking')['rules'] -%}
        {%- do exclusions.update({rule['name']: rule.get('blocks_on', [])}) -%}
    {%- endfor -%}
    {%- set estimates = journeymap.identity_em(
        ref('int_identity_comparison_patterns'),
        ref('int_identity_u_estimates'),
        var('identity_comparisons'),
        exclusions,
        household_differs_on=estimation.get('household_differs_on', []),
        household_requires=estimation.get('household_requires', []),
        population_pairs="(select cast(count(*) as double) * (count(*) - 1) / 2 from " ~ ref('int_identity_person_records')
            ~ " where source_table = 'crm_contacts')",
        max_iterations=estimation['em_max_iterations'],
        tolerance=estimation['em_tolerance'],
    ) -%}
    with

    estimates as (
        select * from {{ estimates }}
    ),

    final as (
        select
            cast(comparison as {{ dbt.type_string() }}) as comparison,
            cast(comparison_level as integer) as comparison_level,
            cast(m_probability as double) as m_probability,
            cast(h_probability as double) as h_probability,
            cast(training_pairs as bigint) as training_pairs,
            cast(expected_match_pairs as double) as expected_match_pairs,
            cast(training_sessions as integer) as training_sessions,
            cast(em_iterations as integer) as em_iterations
        from estimates
    )

    select * from final
{%- endif %}
