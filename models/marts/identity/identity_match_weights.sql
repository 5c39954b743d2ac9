{#
    The identity matching model learned in this build (Fellegi-Sunter), one
    row per comparison level plus the prior: m, u, the weight in bits and how
    each was estimated. See docs/identity.md, "Reading identity_match_weights".
#}
with

match_weights as (
    select * from {{ ref('int_identity_match_weights') }}
),

final as (
    select
        comparison,
        comparison_order,
        comparison_level,
        level_name,
        m_probability,
        u_probability,
        h_probability,
        match_weight_bits,
        household_weight_bits,
        m_estimation,
        u_estimation,
        training_pairs,
        expected_match_pairs,
        u_sample_pairs,
        em_iterations,
        has_term_frequency_adjustment
    from match_weights
)

select * from final
