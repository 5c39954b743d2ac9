{#
    identity_em(patterns, u_estimates, comparisons, session_exclusions,
                household_differs_on=[], max_iterations=40, tolerance=0.0001,
                work_relation=none)

    Fellegi-Sunter m probabilities and the priors by expectation
    maximisation, in portable SQL iterations (like connected_components:
    one `create table as` per step through run_query, on work tables named
    `<model>__em_*`; call drop_identity_em_work(this) in a post-hook).

    Classes of a candidate pair: match (m), non-match (u, held fixed: it
    comes from random pairs, not from EM) and, when household_differs_on is
    not empty, household (h): two people of one family, who share what a
    household shares (its levels are learned like m) and agree on the
    comparisons listed (first name, birth date) only at random rates (h = u
    there, held fixed, so the class cannot absorb matches). EM learns how common each
    class is, so households stay apart where they exist and cost nothing
    where they do not.

    - patterns: relation with training_session, pattern_id, pair_count and
      one `<name>_level` column per comparison (int_identity_comparison_patterns).
      Session `all_candidates` holds every candidate pair once; every other
      session the pairs one blocking rule proposed.
    - u_estimates: relation with comparison, comparison_level, u_probability.
    - comparisons: var identity_comparisons.
    - session_exclusions: {session: [comparison names]}, the comparisons a
      blocking rule forces to agree. They are left out of that session (their
      agreement there says nothing about matching).

    Each iteration, per session: E step, the posterior probability of each
    class for every pattern; M step, m (h) of each level = expected matching
    (household) pairs in that level over those with the value known (plus one
    pseudo-pair spread over the levels, so no probability is 0), priors =
    expected pairs of the class / pairs. Stops when no m or h moves more than
    `tolerance`, or after max_iterations.

    Then, per comparison level, m (h) = the average of the sessions that did
    not exclude the comparison, weighted by each session's expected matching
    (household) pairs (the all_candidates estimate only when every rule
    excludes it), and the priors are re-estimated on all_candidates with
    those m and h held fixed, over `population_pairs` (a SQL expression: all
    record pairs, of which those no blocking rule proposed count as
    non-matches), so they are the probabilities that two records taken at
    random match / are one household (over the candidate pairs when
    population_pairs is none).

    Returns the relation of the result: comparison, comparison_level,
    m_probability, h_probability, training_pairs, expected_match_pairs,
    training_sessions, em_iterations; plus one row comparison = 'prior'
    (comparison_level 0) whose m_probability / h_probability are those
    prior probabilities of a match / a household pair.
    At parse/compile time it returns `patterns` and runs nothing.
#}
{% macro identity_em(patterns, u_estimates, comparisons, session_exclusions, household_differs_on=[], household_requires=[], population_pairs=none, max_iterations=40, tolerance=0.0001, work_relation=none) -%}
    {%- if not execute or flags.WHICH not in ['run', 'build', 'run-operation', 'test'] -%}
        {{- return(patterns) -}}
    {%- endif -%}
    {%- set households = household_differs_on | length > 0 -%}
    {%- set rel = {} -%}
    {%- for name in ['long', 'pattern_keys', 'sessions', 'params', 'priors', 'post', 'next', 'priors_next', 'result'] -%}
        {%- do rel.update({name: journeymap._em_relation(name, work_relation)}) -%}
    {%- endfor -%}

    {#- patterns in long form, without missing values and excluded comparisons -#}
    {%- set long_parts = [] -%}
    {%- for comparison in comparisons -%}
        {%- set excluded = [] -%}
        {%- for session, names in session_exclusions.items() if comparison['name'] in names -%}
            {%- do excluded.append("'" ~ session ~ "'") -%}
        {%- endfor -%}
        {%- do long_parts.append(
            "select training_session, pattern_id, '" ~ comparison['name'] ~ "' as comparison, "
            ~ comparison['name'] ~ "_level as comparison_level, pair_count from " ~ patterns
            ~ " where " ~ comparison['name'] ~ "_level > 0"
            ~ ((" and training_session not in (" ~ excluded | join(', ') ~ ")") if excluded else "")) -%}
    {%- endfor -%}
    {%- do journeymap._cc_create(rel.long, long_parts | join(' union all ')) -%}
    {#- a pattern can be a household pair only when the comparisons of
        household_requires are known (a household is told apart by them) -#}
    {%- set possible = [] -%}
    {%- for name in household_requires -%}
        {%- do possible.append(name ~ "_level > 0") -%}
    {%- endfor -%}
    {#- nor in a session that leaves out what tells a household apart: any
        comparison of household_requires, or all of household_differs_on -#}
    {%- set blind = [] -%}
    {%- for session, names in session_exclusions.items() -%}
        {%- set missing_required = [] -%}
        {%- for name in household_requires if name in names -%}{% do missing_required.append(name) %}{%- endfor -%}
        {%- set kept_differs = [] -%}
        {%- for name in household_differs_on if name not in names -%}{% do kept_differs.append(name) %}{%- endfor -%}
        {%- if households and (missing_required or not kept_differs) -%}
            {%- do blind.append("'" ~ session ~ "'") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if blind -%}
        {%- do possible.append("training_session not in (" ~ blind | join(', ') ~ ")") -%}
    {%- endif -%}
    {%- do journeymap._cc_create(rel.pattern_keys,
        "select training_session, pattern_id, pair_count, "
        ~ ("case when " ~ possible | join(' and ') ~ " then 1 else 0 end" if possible else "1")
        ~ " as is_household_possible from " ~ patterns) -%}
    {%- do journeymap._cc_create(rel.sessions,
        "select training_session, sum(pair_count) as session_pairs from " ~ patterns ~ " group by training_session") -%}

    {#- starting point: m falls by a factor 4 per level from the strongest
        (`exact` ~ 0.75-0.8), the same for every session; h like m, except on
        the comparisons households differ on, where it is u -#}
    {%- set exclusion_tests = [] -%}
    {%- for session, names in session_exclusions.items() if names -%}
        {%- do exclusion_tests.append("(sessions.training_session = '" ~ session ~ "' and levels.comparison in ('"
            ~ names | join("', '") ~ "'))") -%}
    {%- endfor -%}
    {%- set level_count = "count(*) over (partition by sessions.training_session, levels.comparison)" -%}
    {%- set differs = "('" ~ household_differs_on | join("', '") ~ "')" if households else "('')" -%}
    {%- do journeymap._cc_create(rel.params,
        "select training_session, comparison, comparison_level, level_count, u, m, m as m_previous,"
        ~ " case when comparison in " ~ differs ~ " then u else m end as h,"
        ~ " m as h_previous from ("
        ~ " select sessions.training_session, levels.comparison, levels.comparison_level,"
        ~ " " ~ level_count ~ " as level_count, levels.u_probability as u,"
        ~ " power(4.0, " ~ level_count ~ " - levels.comparison_level) * 3.0 / (power(4.0, " ~ level_count ~ ") - 1.0) as m"
        ~ " from " ~ rel.sessions ~ " as sessions cross join " ~ u_estimates ~ " as levels"
        ~ ((" where not (" ~ exclusion_tests | join(' or ') ~ ")") if exclusion_tests else "")
        ~ ") as initial") -%}
    {%- do journeymap._cc_create(rel.priors,
        "select training_session, cast(0.2 as double) as prior, cast(" ~ (0.1 if households else 0) ~ " as double) as household_prior"
        ~ " from " ~ rel.sessions) -%}

    {%- set state = {'iterations': 0, 'delta': none} -%}
    {%- for iteration in range(max_iterations) -%}
        {%- do state.update({'iterations': iteration + 1}) -%}
        {%- do journeymap._em_e_step(rel, households) -%}
        {%- set mass_sql -%}
            select levels_long.training_session, levels_long.comparison, levels_long.comparison_level,
                {{ journeymap._em_sum('post.posterior * levels_long.pair_count') }} as mass,
                {{ journeymap._em_sum('post.household_posterior * levels_long.pair_count') }} as household_mass
            from {{ rel.long }} as levels_long
            inner join {{ rel.post }} as post
                on levels_long.training_session = post.training_session and levels_long.pattern_id = post.pattern_id
            group by levels_long.training_session, levels_long.comparison, levels_long.comparison_level
        {%- endset -%}
        {%- do journeymap._cc_create(rel.next,
            "select params.training_session, params.comparison, params.comparison_level, params.level_count, params.u,"
            ~ " (coalesce(level_mass.mass, 0) + cast(1 as double) / params.level_count)"
            ~ " / (coalesce(cast(sum(cast(level_mass.mass as decimal(38, 15))) over (partition by params.training_session, params.comparison) as double), 0) + 1.0) as m,"
            ~ " params.m as m_previous,"
            ~ " case when params.comparison in " ~ differs ~ " then params.u else"
            ~ " (coalesce(level_mass.household_mass, 0) + cast(1 as double) / params.level_count)"
            ~ " / (coalesce(cast(sum(cast(level_mass.household_mass as decimal(38, 15))) over (partition by params.training_session, params.comparison) as double), 0) + 1.0)"
            ~ " end as h,"
            ~ " params.h as h_previous"
            ~ " from " ~ rel.params ~ " as params"
            ~ " left join (" ~ mass_sql ~ ") as level_mass"
            ~ " on params.training_session = level_mass.training_session and params.comparison = level_mass.comparison"
            ~ " and params.comparison_level = level_mass.comparison_level") -%}
        {%- do journeymap._cc_rename(rel.next, rel.params) -%}
        {%- do journeymap._em_prior_step(rel, households) -%}
        {%- set delta = journeymap._em_float(
            "select coalesce(max(case when abs(m - m_previous) > abs(h - h_previous) then abs(m - m_previous)"
            ~ " else abs(h - h_previous) end), 0) from " ~ rel.params) -%}
        {%- do state.update({'delta': delta}) -%}
        {%- if delta < tolerance -%}
            {%- break -%}
        {%- endif -%}
    {%- endfor -%}

    {#- combine the sessions: weights = expected matching (household) pairs per session -#}
    {%- set rules_only = "params.training_session <> 'all_candidates'" -%}
    {%- set all_only = "params.training_session = 'all_candidates'" -%}
    {%- do journeymap._cc_create(rel.next,
        "select params.comparison, params.comparison_level, params.u,"
        ~ " coalesce("
        ~ " " ~ journeymap._em_sum("case when " ~ rules_only ~ " then priors.prior * sessions.session_pairs * params.m end")
        ~ " / nullif(" ~ journeymap._em_sum("case when " ~ rules_only ~ " then priors.prior * sessions.session_pairs end") ~ ", 0),"
        ~ " max(case when " ~ all_only ~ " then params.m end)) as m,"
        ~ " coalesce("
        ~ " " ~ journeymap._em_sum("case when " ~ rules_only ~ " then priors.household_prior * sessions.session_pairs * params.h end")
        ~ " / nullif(" ~ journeymap._em_sum("case when " ~ rules_only ~ " then priors.household_prior * sessions.session_pairs end") ~ ", 0),"
        ~ " max(case when " ~ all_only ~ " then params.h end)) as h,"
        ~ " coalesce(sum(case when " ~ rules_only ~ " then sessions.session_pairs end),"
        ~ " max(case when " ~ all_only ~ " then sessions.session_pairs end)) as training_pairs,"
        ~ " coalesce(" ~ journeymap._em_sum("case when " ~ rules_only ~ " then priors.prior * sessions.session_pairs end") ~ ","
        ~ " max(case when " ~ all_only ~ " then priors.prior * sessions.session_pairs end)) as expected_match_pairs,"
        ~ " coalesce(nullif(sum(case when " ~ rules_only ~ " then 1 else 0 end), 0), 1) as training_sessions"
        ~ " from " ~ rel.params ~ " as params"
        ~ " inner join " ~ rel.priors ~ " as priors on params.training_session = priors.training_session"
        ~ " inner join " ~ rel.sessions ~ " as sessions on params.training_session = sessions.training_session"
        ~ " group by params.comparison, params.comparison_level, params.u") -%}
    {%- do journeymap._cc_create(rel.result, "select * from " ~ rel.next) -%}

    {#- the priors of a candidate pair, with the combined m and h held fixed -#}
    {%- do journeymap._cc_create(rel.next,
        "select 'all_candidates' as training_session, comparison, comparison_level, m, u, h from " ~ rel.result) -%}
    {%- do journeymap._cc_rename(rel.next, rel.params) -%}
    {%- do journeymap._cc_create(rel.next,
        "select training_session, prior, household_prior from " ~ rel.priors ~ " where training_session = 'all_candidates'") -%}
    {%- do journeymap._cc_rename(rel.next, rel.priors) -%}
    {%- for iteration in range(max_iterations * 5) -%}
        {%- set previous = journeymap._em_float("select max(prior + household_prior) from " ~ rel.priors) -%}
        {%- do journeymap._em_e_step(rel, households) -%}
        {%- do journeymap._em_prior_step(rel, households, population_pairs) -%}
        {%- set current = journeymap._em_float("select max(prior + household_prior) from " ~ rel.priors) -%}
        {%- if (current - previous) | abs <= current * tolerance -%}
            {%- break -%}
        {%- endif -%}
    {%- endfor -%}

    {%- do journeymap._cc_create(rel.next,
        "select comparison, comparison_level, m as m_probability, h as h_probability, training_pairs, expected_match_pairs,"
        ~ " training_sessions, " ~ state.iterations ~ " as em_iterations from " ~ rel.result
        ~ " union all"
        ~ " select 'prior' as comparison, 0 as comparison_level, priors.prior as m_probability,"
        ~ " priors.household_prior as h_probability,"
        ~ " sessions.session_pairs as training_pairs, priors.prior * sessions.session_pairs as expected_match_pairs,"
        ~ " 1 as training_sessions, " ~ state.iterations ~ " as em_iterations"
        ~ " from " ~ rel.priors ~ " as priors inner join " ~ rel.sessions ~ " as sessions"
        ~ " on priors.training_session = sessions.training_session") -%}
    {%- do journeymap._cc_rename(rel.next, rel.result) -%}

    {%- for name in ['long', 'pattern_keys', 'sessions', 'params', 'priors', 'post', 'priors_next'] -%}
        {%- do adapter.drop_relation(rel[name]) -%}
    {%- endfor -%}
    {%- do log("identity_em: " ~ state.iterations ~ " iterations, last change " ~ state.delta, info=true) -%}
    {{- return(rel.result) -}}
{%- endmacro %}


{#
    E step: posterior probability of the match and household classes for
    every (session, pattern), from log-likelihood ratios against the
    non-match class (exponents clamped: exp() of a large number overflows).
#}
{% macro _em_e_step(rel, households) -%}
    {%- set household_odds = "case when pattern_keys.is_household_possible = 1 then ln(priors.household_prior / (1.0 - priors.prior - priors.household_prior)) + coalesce(evidence.household_log_ratio, 0) else -1000 end" -%}
    {%- set sql -%}
        select
            training_session,
            pattern_id,
            pair_count,
            1.0 / (1.0 + {{ journeymap._em_exp('-log_odds') }}
                {%- if households %} + {{ journeymap._em_exp('household_log_odds - log_odds') }}{% endif %}) as posterior,
            {%- if households %}
            1.0 / (1.0 + {{ journeymap._em_exp('-household_log_odds') }} + {{ journeymap._em_exp('log_odds - household_log_odds') }})
            {%- else %}
            cast(0 as double)
            {%- endif %} as household_posterior
        from (
            select
                pattern_keys.training_session,
                pattern_keys.pattern_id,
                pattern_keys.pair_count,
                ln(priors.prior / (1.0 - priors.prior - priors.household_prior)) + coalesce(evidence.log_ratio, 0) as log_odds,
                {{ household_odds if households else '0' }} as household_log_odds
            from {{ rel.pattern_keys }} as pattern_keys
            inner join {{ rel.priors }} as priors
                on pattern_keys.training_session = priors.training_session
            left join (
                select
                    levels_long.training_session,
                    levels_long.pattern_id,
                    {{ journeymap._em_sum('ln(params.m) - ln(params.u)') }} as log_ratio,
                    {{ journeymap._em_sum('ln(params.h) - ln(params.u)') }} as household_log_ratio
                from {{ rel.long }} as levels_long
                inner join {{ rel.params }} as params
                    on
                        levels_long.training_session = params.training_session
                        and levels_long.comparison = params.comparison
                        and levels_long.comparison_level = params.comparison_level
                group by levels_long.training_session, levels_long.pattern_id
            ) as evidence
                on pattern_keys.training_session = evidence.training_session and pattern_keys.pattern_id = evidence.pattern_id
        ) as scored
    {%- endset -%}
    {%- do journeymap._cc_create(rel.post, sql) -%}
{%- endmacro %}

{#
    _em_sum(x): sum() of a double expression through DECIMAL(38, 15): exact,
    so the result does not depend on the order in which threads add up rows
    (a build with another thread count gives the same model, bit for bit).
#}
{% macro _em_sum(x) -%}
    cast(sum(cast({{ x }} as decimal(38, 15))) as double)
{%- endmacro %}

{# exp(x) with x clamped to [-60, 60] #}
{% macro _em_exp(x) -%}
    exp(case when {{ x }} > 60 then 60 when {{ x }} < -60 then -60 else {{ x }} end)
{%- endmacro %}

{# M step for the priors: expected pairs of each class / pairs, kept inside (0, 1). #}
{% macro _em_prior_step(rel, households, population_pairs=none) -%}
    {%- set sql -%}
        select
            training_session,
            case when prior < 0.000000000001 then 0.000000000001 when prior > 0.98 then 0.98 else prior end as prior,
            {%- if households %}
            -- at least 1% of the candidate pairs stay non-matches
            case
                when household_prior < 0.000000000001 then 0.000000000001
                when household_prior > 0.99 - (case when prior > 0.98 then 0.98 else prior end)
                    then 0.99 - (case when prior > 0.98 then 0.98 else prior end)
                else household_prior
            end as household_prior
            {%- else %}
            cast(0 as double) as household_prior
            {%- endif %}
        from (
            select
                training_session,
                {{ journeymap._em_sum('posterior * pair_count') }} / {{ 'sum(pair_count)' if population_pairs is none else population_pairs }} as prior,
                {{ journeymap._em_sum('household_posterior * pair_count') }} / {{ 'sum(pair_count)' if population_pairs is none else population_pairs }}
                    as household_prior
            from {{ rel.post }}
            group by training_session
        ) as expected
    {%- endset -%}
    {%- do journeymap._cc_create(rel.priors_next, sql) -%}
    {%- do journeymap._cc_rename(rel.priors_next, rel.priors) -%}
{%- endmacro %}

{# Work relation `<this>__em_<suffix>` beside the model being built. #}
{% macro _em_relation(suffix, model_relation=none) -%}
    {%- set base = model_relation if model_relation is not none else this -%}
    {{- return(api.Relation.create(
        database=base.database,
        schema=base.schema,
        identifier=base.identifier ~ '__em_' ~ suffix,
        type='table')) -}}
{%- endmacro %}

{% macro _em_float(sql) -%}
    {{- return(run_query(sql).columns[0].values()[0] | float) -}}
{%- endmacro %}

{# Post-hook: drop the result work table once the model has copied it. #}
{% macro drop_identity_em_work(model_relation) -%}
    {%- if execute -%}
        {%- do adapter.drop_relation(journeymap._em_relation('result', model_relation)) -%}
    {%- endif -%}
    select 1 as dropped_identity_em_work
{%- endmacro %}
