{# initcap(expression): first letter of every space-separated word upper case. #}
{% macro initcap(expression) -%}
    {{ return(adapter.dispatch('initcap', 'journeymap')(expression)) }}
{%- endmacro %}

{% macro default__initcap(expression) -%}
    initcap({{ expression }})
{%- endmacro %}

{# DuckDB has no initcap. #}
{% macro duckdb__initcap(expression) -%}
    array_to_string(
        list_transform(
            string_split(lower({{ expression }}), ' '),
            lambda w: upper(left(w, 1)) || substr(w, 2)
        ),
        ' '
    )
{%- endmacro %}
