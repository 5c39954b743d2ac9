{#
    Schemas are named by layer (`staging`, `intermediate`, `reference`, and the
    target schema for marts) instead of dbt's default `<target>_<custom>`: in an
    embedded DuckDB file there is one developer per file, so the prefix only
    adds noise. Override per deployment if a shared warehouse needs prefixes.

    Installed as a package, journeymap keeps dbt's default (`analytics_staging`
    for target schema `analytics`): a host warehouse has its own `staging`
    schemas, and a host project's own generate_schema_name wins anyway.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif project_name != 'journeymap' -%}
        {{ default__generate_schema_name(custom_schema_name, node) }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
