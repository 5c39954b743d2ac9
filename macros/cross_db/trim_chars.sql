{#
    trim_chars(expression, characters): `expression` without leading and
    trailing characters from the set `characters` (a SQL string expression,
    e.g. "'_'"). The two-argument trim() is not portable: DuckDB and Postgres
    read trim(text, chars), Spark reads trim(chars, text) for the same call,
    so the ANSI `trim(both ... from ...)` form is the default.
#}
{% macro trim_chars(expression, characters) -%}
    {{ return(adapter.dispatch('trim_chars', 'journeymap')(expression, characters)) }}
{%- endmacro %}

{% macro default__trim_chars(expression, characters) -%}
    trim(both {{ characters }} from {{ expression }})
{%- endmacro %}

{% macro snowflake__trim_chars(expression, characters) -%}
    trim({{ expression }}, {{ characters }})
{%- endmacro %}

{% macro bigquery__trim_chars(expression, characters) -%}
    trim({{ expression }}, {{ characters }})
{%- endmacro %}
