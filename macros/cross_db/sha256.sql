{# sha256(expression): lower-case hex SHA-256 of a string. #}
{% macro sha256(expression) -%}
    {{ return(adapter.dispatch('sha256', 'journeymap')(expression)) }}
{%- endmacro %}

{% macro default__sha256(expression) -%}
    lower(sha2({{ expression }}, 256))
{%- endmacro %}

{% macro duckdb__sha256(expression) -%}
    sha256({{ expression }})
{%- endmacro %}

{% macro snowflake__sha256(expression) -%}
    lower(sha2({{ expression }}, 256))
{%- endmacro %}

{% macro bigquery__sha256(expression) -%}
    to_hex(sha256({{ expression }}))
{%- endmacro %}
