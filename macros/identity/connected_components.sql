{#
    connected_components(edges, node_a='node_a', node_b='node_b', max_iterations=64)

    Connected components of an undirected graph, run to convergence with
    portable SQL. Returns the name of a relation with columns
    (node_id, component_id) covering every node that appears in `edges`;
    component_id is the smallest node_id of the component (so it does not
    depend on edge order or on the number of rounds). Add a self-edge
    (n, n) for a node that has no edge but must still get a component.

    - edges: a relation (ref/source/Relation) with two columns of one
      comparable type (strings or integers) naming the two ends of an edge.
    - node_a, node_b: those column names.
    - max_iterations: safety limit on rounds; reaching it stops the build
      with an error instead of returning a partial closure.
    - work_relation: relation whose schema and name prefix the work tables
      (default `this`; required outside a model, e.g. in run-operation).

    Algorithm (graph contraction with min-hooking and pointer jumping;
    every round at least halves the number of vertices that still have an
    edge, so rounds are O(log n) whatever the shape, a chain included):
      0. number the nodes in node order (row_number), so the rounds join
         integers, not long string ids; map back to ids at the end;
      1. hook: every vertex v of the current edge list points to
         p(v) = min(v, neighbours of v);
      2. jump: p(v) := p(p(v)) until nothing changes (flattens hook trees,
         O(log depth) jumps);
      3. relabel every original node's label through p, relabel the edges
         to (p(a), p(b)) and drop loops and duplicates;
      4. stop when no edge is left.
    Each step is one `create table as` through run_query on work tables
    named `<model>__cc_*` in the model's schema; call
    drop_connected_components_work(this) in a post-hook to remove them.
    Only runs when the model is built (`dbt run` / `dbt build`, or a
    run-operation); at parse and compile time (docs, sqlfluff) it returns
    `edges` so nothing is executed.
#}
{% macro connected_components(edges, node_a='node_a', node_b='node_b', max_iterations=64, work_relation=none) -%}
    {#- Iterate only when the model is really being built (run/build, or a
        run-operation test): `dbt compile`, docs and sqlfluff's dbt templater
        get the edge relation back, so they never run the closure. -#}
    {%- if not execute or flags.WHICH not in ['run', 'build', 'run-operation'] -%}
        {{- return(edges) -}}
    {%- endif -%}

    {%- set labels = journeymap._cc_relation('labels', work_relation) -%}
    {%- set work_nodes = journeymap._cc_relation('nodes', work_relation) -%}
    {%- set work_edges = journeymap._cc_relation('edges', work_relation) -%}
    {%- set work_hooks = journeymap._cc_relation('hooks', work_relation) -%}
    {%- set work_next = journeymap._cc_relation('next', work_relation) -%}

    {#- Rounds run on integers: joins and group-bys on long string ids cost
        several times more. Numbers follow the node order, so the smallest
        number of a component is its smallest node id. -#}
    {%- do journeymap._cc_create(work_nodes,
        "select node_id, row_number() over (order by node_id) as node_number from ("
        ~ " select " ~ node_a ~ " as node_id from " ~ edges ~ " where " ~ node_a ~ " is not null and " ~ node_b ~ " is not null"
        ~ " union"
        ~ " select " ~ node_b ~ " as node_id from " ~ edges ~ " where " ~ node_a ~ " is not null and " ~ node_b ~ " is not null"
        ~ ") as endpoints") -%}
    {%- do journeymap._cc_create(work_edges,
        "select distinct"
        ~ " case when node_a.node_number < node_b.node_number then node_a.node_number else node_b.node_number end as a,"
        ~ " case when node_a.node_number < node_b.node_number then node_b.node_number else node_a.node_number end as b"
        ~ " from " ~ edges ~ " as edges"
        ~ " inner join " ~ work_nodes ~ " as node_a on edges." ~ node_a ~ " = node_a.node_id"
        ~ " inner join " ~ work_nodes ~ " as node_b on edges." ~ node_b ~ " = node_b.node_id"
        ~ " where node_a.node_number <> node_b.node_number") -%}
    {%- do journeymap._cc_create(work_edges,
        "select a, b from " ~ work_edges ~ " union all select b as a, a as b from " ~ work_edges,
        replace_source=work_edges) -%}
    {%- do journeymap._cc_create(labels,
        "select node_number as node_id, node_number as component_id from " ~ work_nodes) -%}

    {%- set state = {'rounds': 0, 'jumps': 0} -%}
    {%- for round in range(max_iterations + 1) -%}
        {%- set remaining = journeymap._cc_count(work_edges) -%}
        {%- if remaining == 0 -%}
            {%- break -%}
        {%- endif -%}
        {%- if round == max_iterations -%}
            {{- exceptions.raise_compiler_error(
                "connected_components: no convergence after " ~ max_iterations ~ " rounds ("
                ~ remaining ~ " edges still join different labels). Raise var identity.max_closure_iterations "
                ~ "only if the graph really is that deep; otherwise check the edge input.") -}}
        {%- endif -%}
        {%- do state.update({'rounds': round + 1}) -%}

        {#- 1. hook to the smallest neighbour (edges are symmetric). -#}
        {%- do journeymap._cc_create(work_hooks,
            "select a as node_id, case when min(b) < a then min(b) else a end as parent_id"
            ~ " from " ~ work_edges ~ " group by a") -%}

        {#- 2. pointer jumping to a fixed point. Parents are always vertices of
               the edge list, so every parent has its own hook row. -#}
        {%- for jump in range(max_iterations + 1) -%}
            {%- if jump == max_iterations -%}
                {{- exceptions.raise_compiler_error("connected_components: pointer jumping did not converge after " ~ max_iterations ~ " jumps.") -}}
            {%- endif -%}
            {%- do journeymap._cc_create(work_next,
                "select child.node_id, parent.parent_id, "
                ~ "case when parent.parent_id <> child.parent_id then 1 else 0 end as is_changed"
                ~ " from " ~ work_hooks ~ " as child"
                ~ " inner join " ~ work_hooks ~ " as parent on child.parent_id = parent.node_id") -%}
            {%- set changed = journeymap._cc_scalar("select count(*) from " ~ work_next ~ " where is_changed = 1") -%}
            {%- do journeymap._cc_rename(work_next, work_hooks) -%}
            {%- do state.update({'jumps': state.jumps + 1}) -%}
            {%- if changed == 0 -%}
                {%- break -%}
            {%- endif -%}
        {%- endfor -%}

        {#- 3. relabel nodes and contract edges. -#}
        {%- do journeymap._cc_create(work_next,
            "select labels.node_id, coalesce(hooks.parent_id, labels.component_id) as component_id"
            ~ " from " ~ labels ~ " as labels"
            ~ " left join " ~ work_hooks ~ " as hooks on labels.component_id = hooks.node_id") -%}
        {%- do journeymap._cc_rename(work_next, labels) -%}
        {%- do journeymap._cc_create(work_next,
            "select distinct hook_a.parent_id as a, hook_b.parent_id as b"
            ~ " from " ~ work_edges ~ " as edges"
            ~ " inner join " ~ work_hooks ~ " as hook_a on edges.a = hook_a.node_id"
            ~ " inner join " ~ work_hooks ~ " as hook_b on edges.b = hook_b.node_id"
            ~ " where hook_a.parent_id <> hook_b.parent_id") -%}
        {%- do journeymap._cc_rename(work_next, work_edges) -%}
    {%- endfor -%}

    {#- back from numbers to node ids -#}
    {%- do journeymap._cc_create(work_next,
        "select nodes.node_id, components.node_id as component_id"
        ~ " from " ~ labels ~ " as labels"
        ~ " inner join " ~ work_nodes ~ " as nodes on labels.node_id = nodes.node_number"
        ~ " inner join " ~ work_nodes ~ " as components on labels.component_id = components.node_number") -%}
    {%- do journeymap._cc_rename(work_next, labels) -%}

    {%- do adapter.drop_relation(work_nodes) -%}
    {%- do adapter.drop_relation(work_hooks) -%}
    {%- do adapter.drop_relation(work_next) -%}
    {%- do adapter.drop_relation(work_edges) -%}
    {%- do log("connected_components: converged in " ~ state.rounds ~ " rounds, " ~ state.jumps ~ " pointer jumps", info=true) -%}
    {{- return(labels) -}}
{%- endmacro %}


{# Work relation `<this>__cc_<suffix>` beside the model being built. #}
{% macro _cc_relation(suffix, model_relation=none) -%}
    {%- set base = model_relation if model_relation is not none else this -%}
    {{- return(api.Relation.create(
        database=base.database,
        schema=base.schema,
        identifier=base.identifier ~ '__cc_' ~ suffix,
        type='table')) -}}
{%- endmacro %}

{#
    (Re)create `relation` from `sql`. With replace_source, `sql` reads from
    relation `replace_source` and that relation is dropped afterwards (the
    table is renamed by building into a temporary name first).
#}
{% macro _cc_create(relation, sql, replace_source=none) -%}
    {%- if replace_source is not none and replace_source.identifier == relation.identifier -%}
        {%- set staging = relation.incorporate(path={'identifier': relation.identifier ~ '_tmp'}) -%}
        {%- do adapter.drop_relation(staging) -%}
        {%- do run_query(dbt.create_table_as(false, staging, sql)) -%}
        {%- do adapter.drop_relation(relation) -%}
        {%- do adapter.rename_relation(staging, relation) -%}
    {%- else -%}
        {%- do adapter.drop_relation(relation) -%}
        {%- do run_query(dbt.create_table_as(false, relation, sql)) -%}
        {%- if replace_source is not none -%}
            {%- do adapter.drop_relation(replace_source) -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{# Replace `target` by `source` (renamed, not copied). #}
{% macro _cc_rename(source, target) -%}
    {%- do adapter.drop_relation(target) -%}
    {%- do adapter.rename_relation(source, target) -%}
{%- endmacro %}

{% macro _cc_scalar(sql) -%}
    {{- return(run_query(sql).columns[0].values()[0] | int) -}}
{%- endmacro %}

{% macro _cc_count(relation) -%}
    {{- return(journeymap._cc_scalar("select count(*) from " ~ relation)) -}}
{%- endmacro %}


{# Post-hook: drop the final work table once the model has copied it. #}
{% macro drop_connected_components_work(model_relation) -%}
    {%- if execute -%}
        {%- do adapter.drop_relation(journeymap._cc_relation('labels', model_relation)) -%}
    {%- endif -%}
    select 1 as dropped_connected_components_work
{%- endmacro %}
