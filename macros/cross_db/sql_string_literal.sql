{#
    sql_string_literal(text): `text` (a file path, a name) as a SQL string
    literal, escaped for the adapter. dbt.string_literal does not escape, so
    a path such as `/data/o'brien raw` would end the literal early.
#}
{% macro sql_string_literal(text) -%}
    {{ return(adapter.dispatch('sql_string_literal', 'journeymap')(text)) }}
{%- endmacro %}

{% macro default__sql_string_literal(text) -%}
    {{ return("'" ~ (text | string | replace("'", "''")) ~ "'") }}
{%- endmacro %}

{% macro spark__sql_string_literal(text) -%}
    {#- Spark reads backslash escapes in literals, and 'a''b' is two literals glued together. -#}
    {{ return("'" ~ (text | string | replace('\\', '\\\\') | replace("'", "\\'")) ~ "'") }}
{%- endmacro %}
