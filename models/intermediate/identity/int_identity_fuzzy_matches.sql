{#
    One row per scored candidate pair of CRM records whose match probability
    reaches var identity_scoring.review_probability. The Fellegi-Sunter score:
    match_weight (log2 odds of a match) = prior_bits (log2 prior odds of a
    candidate pair) + the weight of each comparison's level
    (int_identity_match_weights, estimated in this build) with a
    term-frequency adjustment on exact agreement (log2(u_exact / tf of the
    shared value): agreeing on a rare name counts more than on `smith`) +
    household_bits (<= 0: how much of the evidence the household class
    explains, -log2(1 + 2^household_score)). `<name>_bits` are each
    comparison's contribution: with prior_bits and household_bits they add
    up to match_weight (the waterfall: why a pair matched).

    `is_match` pairs become identity edges: probability >= match_probability
    and, with require_person_evidence where the data has households
    (households_detected, identity_scoring.household_detection: among
    candidate pairs sharing last name and address, at least min_share pairs
    that differ on first name and birth date per pair that agrees on both),
    evidence about the person, not only the household
    (identity_scoring.person_evidence): last name and address are what a
    family shares, so there a record missing its first name and birth date
    never matches a member on them alone. Where the data has no households
    (FEBRL: 0 to 0.01; the generator: about 0.45), the rule would only cost
    recall.
    identity_scoring.household_guard, also only where households_detected:
    where the household class explains a pair's agreement better than chance
    (household_score > 0), a pair at those levels (a first name that
    disagrees) is a household member, not a match -- twins share the birth
    date too.
#}
{%- set comparisons = var('identity_comparisons') -%}
{%- set scoring = var('identity_scoring') -%}
{%- set detection = scoring['household_detection'] -%}
{%- set shared = [] -%}
{%- for name, level_names in detection['shared'].items() -%}
    {%- do shared.append(journeymap.identity_level_condition(name, level_names, 'identity_scoring.household_detection')) -%}
{%- endfor -%}
{%- set differ = [] -%}
{%- set agree = [] -%}
{%- for name in detection['personal'] -%}
    {%- do differ.append(journeymap.identity_level_condition(name, ['else'], 'identity_scoring.household_detection')) -%}
    {%- do agree.append(journeymap.identity_level_condition(name, ['exact'], 'identity_scoring.household_detection')) -%}
{%- endfor %}
with

pair_comparisons as (
    select * from {{ ref('int_identity_pair_comparisons') }}
),

match_weights as (
    select * from {{ ref('int_identity_match_weights') }}
),

term_frequencies as (
    select * from {{ ref('int_identity_term_frequencies') }}
),

-- Does the data have households? Among candidate pairs that share what a
-- household shares (household_detection.shared), those that differ on
-- everything personal (two members) against those that agree on it (one
-- person): generator data 0.44-0.60, FEBRL (no households) 0.00-0.01.
-- Counted on the pairs, not read from EM's household prior, which at
-- 100,000 persons fell to 1 household pair per 600 matches on data full of
-- families.
household_signals as (
    select
        sum(case when {{ shared | join(' and ') }} and {{ differ | join(' and ') }} then 1 else 0 end)
            as household_signature_pairs,
        sum(case when {{ shared | join(' and ') }} and {{ agree | join(' and ') }} then 1 else 0 end)
            as duplicate_signature_pairs
    from pair_comparisons
),

prior as (
    select
        match_weights.match_weight_bits as prior_bits,
        coalesce(match_weights.household_weight_bits, -1000) as household_prior_bits,
        coalesce(household_signals.household_signature_pairs, 0) > 0
        and coalesce(household_signals.household_signature_pairs, 0)
        >= {{ detection['min_share'] }} * coalesce(household_signals.duplicate_signature_pairs, 0)
            as households_detected
    from match_weights
    cross join household_signals
    where match_weights.comparison = 'prior'
),

contributions as (
    select
        pair_comparisons.record_key_a,
        pair_comparisons.record_key_b,
        pair_comparisons.first_blocking_pass,
        pair_comparisons.blocking_pass_count,
        prior.prior_bits,
        prior.household_prior_bits,
        prior.households_detected,
        {%- for comparison in comparisons %}
            {%- set name = comparison['name'] %}
            pair_comparisons.{{ name }}_level,
            coalesce(weight_{{ name }}.level_name, 'null') as {{ name }}_match,
        {%- set tf_bits = ' + coalesce(ln(weight_' ~ name ~ '.u_probability / tf_' ~ name ~ '.term_frequency) / ln(2.0), 0)'
            if comparison.get('term_frequency') else '' %}
            coalesce(weight_{{ name }}.match_weight_bits, 0){{ tf_bits }} as {{ name }}_bits,
            coalesce(weight_{{ name }}.household_weight_bits, 0){{ tf_bits }} as {{ name }}_household_bits{% if not loop.last %},{% endif %}
        {%- endfor %}
    from pair_comparisons
    cross join prior
    {%- for comparison in comparisons %}
        {%- set name = comparison['name'] %}
        left join match_weights as weight_{{ name }}
            on
                weight_{{ name }}.comparison = '{{ name }}'
                and pair_comparisons.{{ name }}_level = weight_{{ name }}.comparison_level
        {%- if comparison.get('term_frequency') %}
            left join term_frequencies as tf_{{ name }}
                on
                    tf_{{ name }}.comparison = '{{ name }}'
                    and pair_comparisons.{{ name }}_value = tf_{{ name }}.term_value
        {%- endif %}
    {%- endfor %}
),

scored as (
    select
        *,
        prior_bits{% for comparison in comparisons %} + {{ comparison['name'] }}_bits{% endfor %} as match_score,
        {%- set requires = var('identity_estimation').get('household_requires', []) %}
        -- a household is told apart by household_requires (the first name):
        -- without it the household class does not apply, as in EM
        case
            when {% for name in requires %}{{ name }}_level > 0 and {% endfor %}true
                then household_prior_bits{% for comparison in comparisons %} + {{ comparison['name'] }}_household_bits{% endfor %}
            else -1000
        end as household_score,
        {%- set evidence = [] -%}
        {%- for name, levels in scoring['person_evidence'].items() -%}
            {%- do evidence.append(journeymap.identity_level_condition(name, levels, 'identity_scoring.person_evidence')) -%}
        {%- endfor %}
        {{ '(' ~ evidence | join(' or ') ~ ')' if evidence else 'false' }} as has_person_evidence,
        {%- set guard = [] -%}
        {%- for name, levels in scoring.get('household_guard', {}).items() -%}
            {%- do guard.append(journeymap.identity_level_condition(name, levels, 'identity_scoring.household_guard')) -%}
        {%- endfor %}
        {{ '(' ~ guard | join(' or ') ~ ')' if guard else 'false' }} as is_household_guard_level
    from contributions
),

-- odds(match) = 2^match_score / (1 + 2^household_score): a pair that looks
-- like two members of one household loses what the household explains
household_adjusted as (
    select
        *,
        match_score - case
            when household_score > 60 then household_score
            when household_score < -60 then 0
            else ln(1.0 + power(2.0, household_score)) / ln(2.0)
        end as match_weight,
        -case
            when household_score > 60 then household_score
            when household_score < -60 then 0
            else ln(1.0 + power(2.0, household_score)) / ln(2.0)
        end as household_bits
    from scored
),

probabilities as (
    select
        *,
        case
            when match_weight > 60 then 1.0
            when match_weight < -60 then 0.0
            else 1.0 / (1.0 + power(2.0, -match_weight))
        end as match_probability
    from household_adjusted
),

final as (
    select
        record_key_a,
        record_key_b,
        cast(match_probability as double) as match_probability,
        cast(match_weight as double) as match_weight,
        match_probability >= {{ scoring['match_probability'] }}
        {%- if scoring['require_person_evidence'] %} and (has_person_evidence or not households_detected){% endif %}
        -- where the pair looks like a household (the household class explains
        -- its agreement better than chance) a disagreeing first name is a
        -- household member, also when the birth date agrees (twins)
        and not (is_household_guard_level and household_score > 0 and households_detected) as is_match,
        household_score > 0 and is_household_guard_level and households_detected as is_household_guarded,
        has_person_evidence,
        households_detected,
        {%- set matched = [] -%}
        {%- for comparison in comparisons -%}
            {%- do matched.append("case when " ~ comparison['name'] ~ "_bits > 0 then '" ~ comparison['name'] ~ ",' else '' end") -%}
        {%- endfor %}
        -- the comparisons that counted for the pair
        {{ journeymap.regexp_replace_all(dbt.concat(matched), "',$'", "''") }} as matched_fields,
        cast(prior_bits as double) as prior_bits,
        cast(household_bits as double) as household_bits,
        {%- for comparison in comparisons %}
            {{ comparison['name'] }}_level,
            {{ comparison['name'] }}_match,
            cast({{ comparison['name'] }}_bits as double) as {{ comparison['name'] }}_bits,
        {%- endfor %}
        first_blocking_pass,
        blocking_pass_count
    from probabilities
    where match_probability >= {{ scoring['review_probability'] }}
)

select * from final
