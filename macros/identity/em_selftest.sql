{#
    identity_em_selftest(households=false, tolerance=0.01): run-operation that
    proves identity_em() recovers a planted mixture. It writes, in the target
    schema, the exact expected pattern counts of 100,000 pairs drawn from known
    classes -- match (prior 0.3, m below), non-match (u below) and, with
    households, a household class (prior 0.1, h below; h = u on first_name
    and date_of_birth) -- over four comparisons (first_name 3 levels,
    last_name, postal_code and date_of_birth 2 levels), runs EM from its usual starting point and raises
    unless every m (and h) and the priors are within `tolerance` of the truth.
    Used by tests/python/build/test_identity_em.py:

        dbt run-operation identity_em_selftest --args '{households: true}'
#}
{% macro identity_em_selftest(households=false, tolerance=0.01) -%}
    {%- set patterns = api.Relation.create(database=target.database, schema=target.schema, identifier='identity_em_selftest_patterns', type='table') -%}
    {%- set u_relation = api.Relation.create(database=target.database, schema=target.schema, identifier='identity_em_selftest_u', type='table') -%}
    {%- set work = api.Relation.create(database=target.database, schema=target.schema, identifier='identity_em_selftest', type='table') -%}
    {%- do adapter.create_schema(patterns) -%}
    {%- set comparisons = [{'name': 'first_name', 'levels': 3}, {'name': 'last_name', 'levels': 2}, {'name': 'postal_code', 'levels': 2}, {'name': 'date_of_birth', 'levels': 2}] -%}
    {%- set m = {'first_name': [0.85, 0.1, 0.05], 'last_name': [0.9, 0.1], 'postal_code': [0.7, 0.3], 'date_of_birth': [0.95, 0.05]} -%}
    {%- set u = {'first_name': [0.01, 0.02, 0.97], 'last_name': [0.02, 0.98], 'postal_code': [0.05, 0.95], 'date_of_birth': [0.001, 0.999]} -%}
    {%- set h = {'first_name': u['first_name'], 'last_name': [0.95, 0.05], 'postal_code': [0.9, 0.1], 'date_of_birth': u['date_of_birth']} -%}
    {%- set prior = 0.3 -%}
    {%- set household_prior = 0.1 if households else 0 -%}
    {%- set pairs = 100000 -%}
    {%- set rows = [] -%}
    {%- for a in range(3) -%}{%- for b in range(2) -%}{%- for c in range(2) -%}{%- for d in range(2) -%}
        {%- set count = pairs * (
            prior * m['first_name'][a] * m['last_name'][b] * m['postal_code'][c] * m['date_of_birth'][d]
            + household_prior * h['first_name'][a] * h['last_name'][b] * h['postal_code'][c] * h['date_of_birth'][d]
            + (1 - prior - household_prior) * u['first_name'][a] * u['last_name'][b] * u['postal_code'][c] * u['date_of_birth'][d]) -%}
        {%- do rows.append("select 'all_candidates' as training_session, '" ~ a ~ b ~ c ~ d ~ "' as pattern_id, "
            ~ (a + 1) ~ " as first_name_level, " ~ (b + 1) ~ " as last_name_level, " ~ (c + 1) ~ " as postal_code_level, "
            ~ (d + 1) ~ " as date_of_birth_level, cast(" ~ count ~ " as double) as pair_count") -%}
    {%- endfor -%}{%- endfor -%}{%- endfor -%}{%- endfor -%}
    {%- set u_rows = [] -%}
    {%- for comparison in comparisons -%}
        {%- for level in range(comparison['levels']) -%}
            {%- do u_rows.append("select '" ~ comparison['name'] ~ "' as comparison, " ~ (level + 1)
                ~ " as comparison_level, cast(" ~ u[comparison['name']][level] ~ " as double) as u_probability") -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- do adapter.drop_relation(patterns) -%}
    {%- do run_query(dbt.create_table_as(false, patterns, rows | join(' union all '))) -%}
    {%- do adapter.drop_relation(u_relation) -%}
    {%- do run_query(dbt.create_table_as(false, u_relation, u_rows | join(' union all '))) -%}

    {%- set result_relation = journeymap.identity_em(
        patterns, u_relation, comparisons, {'all_candidates': []},
        household_differs_on=(['first_name', 'date_of_birth'] if households else []),
        max_iterations=200, tolerance=0.00001, work_relation=work) -%}
    {%- set result = run_query("select comparison, comparison_level, m_probability, h_probability from " ~ result_relation
        ~ " order by comparison, comparison_level") -%}
    {%- set problems = [] -%}
    {%- for row in result.rows -%}
        {%- if row[0] == 'prior' -%}
            {%- set expected_m = prior -%}
            {%- set expected_h = household_prior -%}
        {%- else -%}
            {%- set expected_m = m[row[0]][row[1] - 1] -%}
            {%- set expected_h = h[row[0]][row[1] - 1] -%}
        {%- endif -%}
        {%- if (row[2] | float - expected_m) | abs > tolerance -%}
            {%- do problems.append(row[0] ~ "[" ~ row[1] ~ "] m " ~ row[2] ~ " (planted " ~ expected_m ~ ")") -%}
        {%- endif -%}
        {%- if households and (row[3] | float - expected_h) | abs > tolerance -%}
            {%- do problems.append(row[0] ~ "[" ~ row[1] ~ "] h " ~ row[3] ~ " (planted " ~ expected_h ~ ")") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do adapter.drop_relation(result_relation) -%}
    {%- do adapter.drop_relation(patterns) -%}
    {%- do adapter.drop_relation(u_relation) -%}
    {%- if problems or (result.rows | length) != 10 -%}
        {{- exceptions.raise_compiler_error("identity_em_selftest failed (" ~ (result.rows | length) ~ " rows): " ~ problems | join('; ')) -}}
    {%- endif -%}
    {%- do log("identity_em_selftest passed: planted m" ~ (", h" if households else "") ~ " and priors recovered within " ~ tolerance, info=true) -%}
{%- endmacro %}
