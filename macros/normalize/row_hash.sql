{#
    row_hash(columns): a stable hash of a raw row's text columns, used to name
    raw rows in the quarantine when their key is missing or repeated.
#}
{% macro row_hash(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {#- the marker is the six characters \u0000 on every engine (regexp_literal keeps backslashes plain) -#}
        {%- do parts.append("coalesce(" ~ column ~ ", " ~ journeymap.regexp_literal('\\u0000') ~ ")") -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}
