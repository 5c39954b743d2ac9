{#
    The host's stand-in for a loader (Fivetran, Airbyte, ...): copies a
    generated raw folder into REAL DuckDB tables (not views over files) in
    the schemas and under the table names dbt_project.yml maps journeymap's
    sources to, skipping the tables the host switched off.

        dbt run-operation load_landing_tables --args '{raw_dir: /path/to/raw}'
#}
{% macro load_landing_tables(raw_dir) -%}
    {%- set scans = journeymap.duckdb_raw_scans(raw_dir.rstrip('/')) -%}
    {%- for node in journeymap.raw_source_nodes() -%}
        {%- set relation = journeymap.raw_relation(node) -%}
        {%- do run_query("create schema if not exists " ~ api.Relation.create(database=relation.database, schema=relation.schema)) -%}
        {%- do run_query("drop table if exists " ~ relation) -%}
        {%- if journeymap.raw_table_enabled(node) and scans.get(node.name) -%}
            {%- do run_query("create table " ~ relation ~ " as select * from " ~ scans[node.name]) -%}
            {{ log("loaded " ~ relation, info=true) }}
        {%- endif -%}
    {%- endfor -%}
    {%- do run_query("checkpoint") -%}
{%- endmacro %}
