{#
    The Fellegi-Sunter model of this build, one row per (comparison, level)
    of var identity_comparisons: m (EM, int_identity_m_estimates), u (random
    pairs, int_identity_u_estimates) and the match weight log2(m / u) in
    bits; plus one row comparison = 'prior' whose weight is the log2 odds that
    a candidate pair matches. A missing value (level 0) has no row: weight 0.
#}
-- depends_on: {{ ref('int_identity_training_state') }}
{% if journeymap.identity_training_keeps() %}
-- the stored training is kept this build (int_identity_training_state)
select * from {{ this }}
{% else %}
    with

    m_estimates as (
        select * from {{ ref('int_identity_m_estimates') }}
    ),

    u_estimates as (
        select * from {{ ref('int_identity_u_estimates') }}
    ),

    comparison_levels as (
        {{ journeymap.identity_comparison_levels_sql() }}
    ),

    {%- set tf_comparisons = [] -%}
    {%- for comparison in var('identity_comparisons') if comparison.get('term_frequency') -%}
        {%- do tf_comparisons.append("'" ~ comparison['name'] ~ "'") -%}
    {%- endfor %}

    levels as (
        select
            comparison_levels.comparison,
            comparison_levels.comparison_order,
            comparison_levels.comparison_level,
            comparison_levels.level_name,
            m_estimates.m_probability,
            u_estimates.u_probability,
            m_estimates.h_probability,
            ln(m_estimates.m_probability / u_estimates.u_probability) / ln(2.0) as match_weight_bits,
            ln(m_estimates.h_probability / u_estimates.u_probability) / ln(2.0) as household_weight_bits,
            'expectation_maximisation' as m_estimation,
            'random_pairs' as u_estimation,
            m_estimates.training_pairs,
            m_estimates.expected_match_pairs,
            u_estimates.u_sample_pairs,
            m_estimates.em_iterations,
            {%- if tf_comparisons %}
                comparison_levels.level_name = 'exact'
                and comparison_levels.comparison in ({{ tf_comparisons | join(', ') }}) as has_term_frequency_adjustment
            {%- else %}
            false as has_term_frequency_adjustment
            {%- endif %}
        from comparison_levels
        inner join m_estimates
            on
                comparison_levels.comparison = m_estimates.comparison
                and comparison_levels.comparison_level = m_estimates.comparison_level
        inner join u_estimates
            on
                comparison_levels.comparison = u_estimates.comparison
                and comparison_levels.comparison_level = u_estimates.comparison_level
    ),

    prior as (
        select
            'prior' as comparison,
            0 as comparison_order,
            0 as comparison_level,
            'random record pair' as level_name,
            m_probability,
            1.0 - m_probability - h_probability as u_probability,
            h_probability,
            ln(m_probability / (1.0 - m_probability - h_probability)) / ln(2.0) as match_weight_bits,
            case
                when h_probability > 0 then ln(h_probability / (1.0 - m_probability - h_probability)) / ln(2.0)
            end as household_weight_bits,
            'expectation_maximisation' as m_estimation,
            cast(null as {{ dbt.type_string() }}) as u_estimation,
            training_pairs,
            expected_match_pairs,
            cast(null as bigint) as u_sample_pairs,
            em_iterations,
            false as has_term_frequency_adjustment
        from m_estimates
        where comparison = 'prior'
    ),

    unioned as (
        select * from prior
        union all
        select * from levels
    ),

    final as (
        select
            cast(comparison as {{ dbt.type_string() }}) as comparison,
            cast(comparison_order as integer) as comparison_order,
            cast(comparison_level as integer) as comparison_level,
            cast(level_name as {{ dbt.type_string() }}) as level_name,
            cast(m_probability as double) as m_probability,
            cast(u_probability as double) as u_probability,
            cast(h_probability as double) as h_probability,
            cast(match_weight_bits as double) as match_weight_bits,
            cast(household_weight_bits as double) as household_weight_bits,
            cast(m_estimation as {{ dbt.type_string() }}) as m_estimation,
            cast(u_estimation as {{ dbt.type_string() }}) as u_estimation,
            cast(training_pairs as bigint) as training_pairs,
            cast(expected_match_pairs as double) as expected_match_pairs,
            cast(u_sample_pairs as bigint) as u_sample_pairs,
            cast(em_iterations as integer) as em_iterations,
            has_term_frequency_adjustment
        from unioned
    )

    select * from final
{%- endif %}
