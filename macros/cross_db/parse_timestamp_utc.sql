{#
    parse_timestamp_utc(expression): ISO-8601 text, with or without a UTC
    offset (`2026-03-01T10:00:00+02:00`, `2026-03-01 08:00:00`, `...Z`), to a
    naive UTC timestamp; NULL when unparseable. Naive input is UTC (raw
    contract), which relies on the session time zone being UTC (profiles.yml).
#}
{% macro parse_timestamp_utc(expression) -%}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'journeymap')(expression)) }}
{%- endmacro %}

{% macro default__parse_timestamp_utc(expression) -%}
    cast({{ journeymap.try_cast(expression, 'timestamp') }} as timestamp)
{%- endmacro %}

{# DuckDB's cast to TIMESTAMP ignores the offset; TIMESTAMPTZ honours it. #}
{% macro duckdb__parse_timestamp_utc(expression) -%}
    cast(timezone('UTC', try_cast({{ expression }} as timestamptz)) as timestamp)
{%- endmacro %}

{# Spark applies the offset and renders in the session zone (UTC). #}
{% macro spark__parse_timestamp_utc(expression) -%}
    cast({{ expression }} as timestamp)
{%- endmacro %}
