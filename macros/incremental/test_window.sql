{#
    Tests scoped to the new window (docs/incremental.md, "Tests on daily
    runs"). dbt wraps the model a generic test checks in get_where_subquery;
    this project's version adds, on a scoped run, a filter to the rows at or
    after the model's incremental cutoff: the window the incremental models
    rebuild. It applies to the models whose config.meta names a
    test_window_column; singular tests (row conservation, consent, PII) never
    go through it and always check whole tables.

    var test_scope: `full` (every test checks the whole model), `window`,
    or `auto` (the default): the window on a `dbt build --selector daily`
    without --full-refresh, the whole model otherwise.
#}
{% macro test_scope_is_window() -%}
    {%- set scope = var('test_scope', 'auto') -%}
    {%- if scope not in ('auto', 'full', 'window') -%}
        {{ exceptions.raise_compiler_error(
            "var test_scope must be auto, full or window, got '" ~ scope ~ "'") }}
    {%- endif -%}
    {%- if scope == 'auto' -%}
        {{ return(invocation_args_dict.get('selector') == 'daily' and not flags.FULL_REFRESH) }}
    {%- endif -%}
    {{ return(scope == 'window') }}
{%- endmacro %}

{#- the timestamp column of the model a generic test checks, or none -#}
{% macro test_window_column() -%}
    {%- set attached = model.get('attached_node') if model is mapping else none -%}
    {%- if not attached or attached not in graph.nodes -%}{{ return(none) }}{%- endif -%}
    {{ return((graph.nodes[attached].config.meta or {}).get('test_window_column')) }}
{%- endmacro %}

{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set window_column = journeymap.test_window_column() if journeymap.test_scope_is_window() else none -%}
    {%- if window_column -%}
        {%- set window_filter -%}
            {{ window_column }} >= (select {{ journeymap.incremental_cutoff(window_column) }} from {{ relation }})
        {%- endset -%}
        {%- set where = '(' ~ where ~ ') and ' ~ window_filter if where else window_filter -%}
    {%- endif -%}
    {%- if where -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {{ return(filtered) }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}
