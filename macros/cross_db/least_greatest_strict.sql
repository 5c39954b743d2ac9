{#
    least_strict(expressions) / greatest_strict(expressions): the smallest /
    largest of a list of SQL expressions, NULL as soon as any of them is
    NULL (SQL's usual NULL rule). DuckDB, Spark, Postgres and Redshift
    `least`/`greatest` skip NULLs instead, so `least(x / nullif(n, 0), 1.0)`
    reads 1.0 when n = 0: use these wherever an unknown input must stay
    unknown. Snowflake and BigQuery already propagate NULL.
    Arguments: expressions (list of SQL text, at least one).
#}
{% macro least_strict(expressions) -%}
    {{ return(adapter.dispatch('least_strict', 'journeymap')(expressions)) }}
{%- endmacro %}

{% macro greatest_strict(expressions) -%}
    {{ return(adapter.dispatch('greatest_strict', 'journeymap')(expressions)) }}
{%- endmacro %}


{# The NULL guard written out: portable to every engine, whatever its least/greatest do with NULLs. #}
{% macro journeymap_null_guarded(function_name, expressions) -%}
    {%- if expressions is string -%}
        {{ exceptions.raise_compiler_error(function_name ~ "_strict expects a list of SQL expressions, got the string: " ~ expressions) }}
    {%- endif -%}
    {%- if expressions | length == 0 -%}
        {{ exceptions.raise_compiler_error(function_name ~ "_strict needs at least one expression") }}
    {%- endif -%}
    (case
        when {% for expression in expressions %}({{ expression }}) is null{% if not loop.last %} or {% endif %}{% endfor %}
            then null
        else {{ function_name }}({% for expression in expressions %}{{ expression }}{% if not loop.last %}, {% endif %}{% endfor %})
    end)
{%- endmacro %}

{% macro default__least_strict(expressions) -%}
    {{ journeymap.journeymap_null_guarded('least', expressions) }}
{%- endmacro %}

{% macro default__greatest_strict(expressions) -%}
    {{ journeymap.journeymap_null_guarded('greatest', expressions) }}
{%- endmacro %}

{# DuckDB: least/greatest skip NULLs, so the guard is needed. #}
{% macro duckdb__least_strict(expressions) -%}
    {{ journeymap.journeymap_null_guarded('least', expressions) }}
{%- endmacro %}

{% macro duckdb__greatest_strict(expressions) -%}
    {{ journeymap.journeymap_null_guarded('greatest', expressions) }}
{%- endmacro %}

{# Spark: least/greatest skip NULLs (with ANSI mode on or off), so the guard is needed. #}
{% macro spark__least_strict(expressions) -%}
    {{ journeymap.journeymap_null_guarded('least', expressions) }}
{%- endmacro %}

{% macro spark__greatest_strict(expressions) -%}
    {{ journeymap.journeymap_null_guarded('greatest', expressions) }}
{%- endmacro %}

{# Snowflake and BigQuery: least/greatest already return NULL when any argument is NULL. #}
{% macro snowflake__least_strict(expressions) -%}
    least({{ expressions | join(', ') }})
{%- endmacro %}

{% macro snowflake__greatest_strict(expressions) -%}
    greatest({{ expressions | join(', ') }})
{%- endmacro %}

{% macro bigquery__least_strict(expressions) -%}
    least({{ expressions | join(', ') }})
{%- endmacro %}

{% macro bigquery__greatest_strict(expressions) -%}
    greatest({{ expressions | join(', ') }})
{%- endmacro %}
