{#
    listagg_ordered(measure, delimiter_text, order_by, descending=false): an
    aggregate joining the non-NULL values of `measure` with `delimiter_text`
    in the order of `order_by` (one expression; ties in any order), NULL
    when there is none. dbt.listagg on Spark ignores its order clause
    (collect_list order is arbitrary) and returns '' instead of NULL; this
    sorts (order_by, measure) pairs with array_sort there. NULL order keys
    are not expected (they sort first on Spark, last on DuckDB).
#}
{% macro listagg_ordered(measure, delimiter_text, order_by, descending=false) -%}
    {{ return(adapter.dispatch('listagg_ordered', 'journeymap')(measure, delimiter_text, order_by, descending)) }}
{%- endmacro %}

{% macro default__listagg_ordered(measure, delimiter_text, order_by, descending=false) -%}
    {{ dbt.listagg(measure, delimiter_text, 'order by ' ~ order_by ~ (' desc' if descending else ' asc')) }}
{%- endmacro %}

{% macro spark__listagg_ordered(measure, delimiter_text, order_by, descending=false) -%}
    {%- set sorted = "array_sort(collect_list(case when (" ~ measure ~ ") is not null then named_struct('sort_key', "
        ~ order_by ~ ", 'value', " ~ measure ~ ") end))" -%}
    case
        when count({{ measure }}) > 0
            then array_join(
                transform({{ "reverse(" ~ sorted ~ ")" if descending else sorted }}, item -> item.value),
                {{ delimiter_text }}
            )
    end
{%- endmacro %}
