{#
    identity_cc_selftest(length=500, shuffle=true): run-operation that
    proves connected_components() converges on a long chain. It builds, in
    the target schema, a path of `length` links whose node ids are
    scrambled (so min-label propagation alone would need ~length rounds),
    plus a second, disjoint path and an isolated self-edge, runs the closure
    and raises unless it finds exactly three components with the expected
    sizes and minimum ids. Used by tests/python/build/test_identity_build.py (test_long_chain_converges):

        dbt run-operation identity_cc_selftest --args '{length: 800}'
#}
{% macro identity_cc_selftest(length=500, shuffle=true) -%}
    {%- set edges = api.Relation.create(database=target.database, schema=target.schema, identifier='identity_cc_selftest_edges', type='table') -%}
    {%- set work = api.Relation.create(database=target.database, schema=target.schema, identifier='identity_cc_selftest', type='table') -%}
    {%- do adapter.create_schema(edges) -%}
    {%- set rows = [] -%}
    {#- node i of the chain gets id (i * 7919) mod 100003, zero padded: a fixed
        scramble, so ids do not increase along the chain. -#}
    {%- for i in range(length) -%}
        {%- set a = (i * 7919) % 100003 if shuffle else i -%}
        {%- set b = ((i + 1) * 7919) % 100003 if shuffle else i + 1 -%}
        {%- do rows.append("select 'n" ~ '%06d' % a ~ "' as node_a, 'n" ~ '%06d' % b ~ "' as node_b") -%}
    {%- endfor -%}
    {#- a second chain, in increasing id order, and an isolated node -#}
    {%- for i in range(50) -%}
        {%- do rows.append("select 'z" ~ '%06d' % (i + 1) ~ "' as node_a, 'z" ~ '%06d' % i ~ "' as node_b") -%}
    {%- endfor -%}
    {%- do rows.append("select 'solo' as node_a, 'solo' as node_b") -%}
    {%- do adapter.drop_relation(edges) -%}
    {%- do run_query(dbt.create_table_as(false, edges, rows | join(' union all '))) -%}

    {%- set labels = journeymap.connected_components(edges, max_iterations=var('identity', {}).get('max_closure_iterations', 64), work_relation=work) -%}
    {%- set result = run_query(
        "select component_id, count(*) as nodes, min(node_id) as min_node from " ~ labels
        ~ " group by component_id order by component_id") -%}
    {%- set expected = [
        ('n000000', length + 1, 'n000000'),
        ('solo', 1, 'solo'),
        ('z000000', 51, 'z000000')] -%}
    {%- set got = [] -%}
    {%- for row in result.rows -%}
        {%- do got.append((row[0], row[1] | int, row[2])) -%}
    {%- endfor -%}
    {%- do adapter.drop_relation(labels) -%}
    {%- do adapter.drop_relation(edges) -%}
    {%- if got != expected -%}
        {{- exceptions.raise_compiler_error("identity_cc_selftest failed: expected " ~ expected ~ ", got " ~ got) -}}
    {%- endif -%}
    {%- do log("identity_cc_selftest passed: chain of " ~ length ~ " links is one component", info=true) -%}
{%- endmacro %}
