{#
    regexp_like(expression, pattern, flags=''): true when the text contains a
    match of the pattern anywhere (search, not a whole-string match; anchor
    with ^...$ for that). NULL text gives NULL.

    - pattern: a SQL expression giving the regex, usually a string literal
      such as "'^[0-9]+$'". Use regexp_literal() to build that literal from
      raw regex text portably (it escapes quotes and, where the engine's
      string literals eat backslashes, backslashes).
    - flags: optional letters, e.g. 'i' (case-insensitive, portable).
      DuckDB/Snowflake take them as the options argument; Spark, BigQuery and
      Postgres get them as an inline `(?flags)` prefix.

    Snowflake's REGEXP_LIKE matches the whole string, so Snowflake uses
    REGEXP_INSTR(...) > 0 to keep search semantics.
#}
{% macro regexp_like(expression, pattern, flags='') -%}
    {%- if flags and not (flags | string).isalpha() -%}
        {{ exceptions.raise_compiler_error("regexp_like: flags must be letters only, got '" ~ flags ~ "'") }}
    {%- endif -%}
    {{ return(adapter.dispatch('regexp_like', 'journeymap')(expression, pattern, flags)) }}
{%- endmacro %}

{% macro default__regexp_like(expression, pattern, flags='') -%}
    regexp_like({{ expression }}, {{ pattern }}{% if flags %}, '{{ flags }}'{% endif %})
{%- endmacro %}

{% macro duckdb__regexp_like(expression, pattern, flags='') -%}
    regexp_matches({{ expression }}, {{ pattern }}{% if flags %}, '{{ flags }}'{% endif %})
{%- endmacro %}

{% macro spark__regexp_like(expression, pattern, flags='') -%}
    ({{ expression }} rlike {% if flags %}concat('(?{{ flags }})', {{ pattern }}){% else %}{{ pattern }}{% endif %})
{%- endmacro %}

{% macro snowflake__regexp_like(expression, pattern, flags='') -%}
    (regexp_instr({{ expression }}, {{ pattern }}, 1, 1, 0{% if flags %}, '{{ flags }}'{% endif %}) > 0)
{%- endmacro %}

{% macro bigquery__regexp_like(expression, pattern, flags='') -%}
    regexp_contains({{ expression }}, {% if flags %}concat('(?{{ flags }})', {{ pattern }}){% else %}{{ pattern }}{% endif %})
{%- endmacro %}

{% macro postgres__regexp_like(expression, pattern, flags='') -%}
    ({{ expression }} ~ {% if flags %}('(?{{ flags }})' || {{ pattern }}){% else %}{{ pattern }}{% endif %})
{%- endmacro %}


{#
    regexp_literal(regex, is_raw=true): a SQL string literal holding `regex`.

    is_raw=true: `regex` is the regular expression itself (backslashes are
    regex escapes, e.g. '\d'); the literal is written so the engine receives
    exactly that text: quotes escaped, and backslashes doubled on engines
    whose string literals process backslash escapes (Spark, Snowflake,
    BigQuery). This is the portable form.
    is_raw=false: `regex` is pasted into the literal as written (only quotes
    escaped), so backslashes follow the engine's own literal rules
    (dbt-expectations' default behaviour).
#}
{% macro regexp_literal(regex, is_raw=true) -%}
    {{ return(adapter.dispatch('regexp_literal', 'journeymap')(regex | string, is_raw)) }}
{%- endmacro %}

{# ANSI literals (DuckDB, Postgres with standard_conforming_strings, Trino): backslashes are plain characters. #}
{% macro default__regexp_literal(regex, is_raw=true) -%}
    '{{ dbt.escape_single_quotes(regex) }}'
{%- endmacro %}

{% macro journeymap_backslash_regexp_literal(regex, is_raw=true) -%}
    {%- set text = regex | replace('\\', '\\\\') if is_raw else regex -%}
    '{{ text | replace("'", "\\'") }}'
{%- endmacro %}

{% macro spark__regexp_literal(regex, is_raw=true) -%}
    {{ journeymap_backslash_regexp_literal(regex, is_raw) }}
{%- endmacro %}

{% macro snowflake__regexp_literal(regex, is_raw=true) -%}
    {{ journeymap_backslash_regexp_literal(regex, is_raw) }}
{%- endmacro %}

{% macro bigquery__regexp_literal(regex, is_raw=true) -%}
    {{ journeymap_backslash_regexp_literal(regex, is_raw) }}
{%- endmacro %}
