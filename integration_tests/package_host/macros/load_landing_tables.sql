{#
    The host's stand-in for a loader (Fivetran, Airbyte, ...): copies a
    generated raw folder into REAL DuckDB tables (not views over files) in
    the schemas and under the table names dbt_project.yml maps journeymap's
    sources to, skipping the tables the host switched off. Like a real
    loader, it lands some columns typed (orders: a TIMESTAMPTZ and a
    DECIMAL) and the support export without its optional `channel` column:
    journeymap reads typed columns as text and a missing optional column as
    NULL (fct_raw_column_presence: column_missing).

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
            {%- if node.name == 'shop_orders' -%}
                {%- do run_query("alter table " ~ relation ~ " alter ordered_at type timestamptz using try_cast(ordered_at as timestamptz)") -%}
                {%- do run_query("alter table " ~ relation ~ " alter order_total type decimal(18, 2) using try_cast(order_total as decimal(18, 2))") -%}
            {%- elif node.name == 'support_tickets' -%}
                {%- do run_query("alter table " ~ relation ~ " drop column channel") -%}
            {%- endif -%}
            {{ log("loaded " ~ relation, info=true) }}
        {%- endif -%}
    {%- endfor -%}
    {%- do run_query("checkpoint") -%}
{%- endmacro %}
