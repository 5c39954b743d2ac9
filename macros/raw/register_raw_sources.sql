{#
    register_raw_sources(): make the raw contract's tables queryable as
    `<raw_schema>.<table>` before anything builds (called from on-run-start).

    The contract itself (tables, columns, which are required) is read from the
    sources yml, so it lives in one place. On a warehouse or Spark the raw
    schema already holds the tables and this does nothing; on DuckDB it creates
    one view per table over the files in var `raw_dir`:

      <table>.parquet | <table>.csv | <table>/**/*.parquet

    Each view selects exactly the contract's columns, all as text (raw data may
    arrive as text; staging parses). Unknown extra columns are ignored; a
    missing non-key column becomes NULL (with a warning); a missing optional
    table is an empty view. A missing required table or key column stops the
    build with a message naming it and the folder searched.
#}
{% macro register_raw_sources() -%}
    {{ return(adapter.dispatch('register_raw_sources', 'journeymap')()) }}
{%- endmacro %}

{% macro default__register_raw_sources() -%}
    select 1 as raw_tables_are_in_the_warehouse
{%- endmacro %}

{% macro duckdb__register_raw_sources() -%}
    {%- if not execute -%}{{ return('select 1') }}{%- endif -%}
    {%- set raw_dir = var('raw_dir').rstrip('/') -%}
    {%- set raw_schema = var('raw_schema') -%}
    {%- set files = run_query("select file from glob('" ~ raw_dir ~ "/**') order by file").columns[0].values() -%}
    {%- set statements = ["create schema if not exists " ~ raw_schema] -%}

    {%- for node in graph.sources.values() | sort(attribute='unique_id') if node.package_name == project_name -%}
        {%- set table = node.identifier -%}
        {%- set prefix = raw_dir ~ '/' ~ table -%}
        {%- set contract_columns = node.columns.values() | list -%}
        {%- set scan = none -%}
        {%- if (prefix ~ '.parquet') in files -%}
            {%- set scan = "read_parquet('" ~ prefix ~ ".parquet')" -%}
        {%- elif (prefix ~ '.csv') in files -%}
            {%- set scan = "read_csv('" ~ prefix ~ ".csv', header = true, all_varchar = true)" -%}
        {%- else -%}
            {%- set parts = [] -%}
            {%- for file in files if file.startswith(prefix ~ '/') and file.endswith('.parquet') -%}
                {%- do parts.append(file) -%}
            {%- endfor -%}
            {%- if parts | length > 0 -%}
                {%- set scan = "read_parquet('" ~ prefix ~ "/**/*.parquet', union_by_name = true)" -%}
            {%- endif -%}
        {%- endif -%}

        {%- if scan is none -%}
            {%- if node.meta.get('contract_required', false) -%}
                {%- set near = [] -%}
                {%- for file in files if file.startswith(prefix ~ '.') or file.startswith(prefix ~ '/') -%}
                    {%- do near.append(file) -%}
                {%- endfor -%}
                {{ exceptions.raise_compiler_error(
                    "Required raw table '" ~ table ~ "' not found in '" ~ raw_dir ~ "'. Expected "
                    ~ table ~ ".parquet, " ~ table ~ ".csv or a folder " ~ table ~ "/ of Parquet files"
                    ~ (" (found " ~ near | join(', ') ~ ", which is not Parquet or CSV)" if near else "")
                    ~ ". Point JOURNEYMAP_RAW_DIR at the folder of raw tables, or generate demo data with "
                    ~ "`python -m journeymap.generate --out " ~ raw_dir ~ "`.") }}
            {%- endif -%}
            {%- set selects = [] -%}
            {%- for column in contract_columns -%}
                {%- do selects.append("cast(null as varchar) as " ~ column.name) -%}
            {%- endfor -%}
            {%- do statements.append("create or replace view " ~ raw_schema ~ "." ~ table ~ " as select "
                ~ selects | join(', ') ~ " where 1 = 0") -%}
        {%- else -%}
            {%- set present = run_query("describe select * from " ~ scan).columns[0].values() | map('lower') | list -%}
            {%- set selects = [] -%}
            {%- for column in contract_columns -%}
                {%- if column.name in present -%}
                    {%- do selects.append("cast(" ~ adapter.quote(column.name) ~ " as varchar) as " ~ column.name) -%}
                {%- elif column.meta.get('contract_required', false) -%}
                    {{ exceptions.raise_compiler_error(
                        "Raw table '" ~ table ~ "' (" ~ scan ~ ") has no column '" ~ column.name
                        ~ "', which the raw contract requires. Columns found: " ~ present | join(', ')
                        ~ ". Rename the column in the export or fix the file.") }}
                {%- else -%}
                    {{ log("journeymap: raw table '" ~ table ~ "' has no column '" ~ column.name ~ "'; it is read as NULL.", info=true) }}
                    {%- do selects.append("cast(null as varchar) as " ~ column.name) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- do statements.append("create or replace view " ~ raw_schema ~ "." ~ table ~ " as select "
                ~ selects | join(', ') ~ " from " ~ scan) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements | join(';\n')) }}
{%- endmacro %}

{#
    Spark: Spark SQL cannot list a folder, so `python -m journeymap.spark_raw
    --raw-dir DIR` lists it and hands the result over as var
    `spark_raw_tables` ({table: {format: parquet|csv, path: absolute path}};
    the Makefile's test-spark passes it with --vars). Each present table
    becomes an external table `<raw_schema>.<table>__files` over its files and
    a view `<raw_schema>.<table>` with exactly the contract's columns as
    strings; an absent optional table an empty view; an absent required table
    or key column an error (as on DuckDB). Without the var, the raw schema is
    taken to hold the tables already (a Spark/Databricks warehouse), as on
    default__.
#}
{% macro spark__register_raw_sources() -%}
    {%- set located = var('spark_raw_tables', none) -%}
    {%- if not execute or located is none -%}{{ return(default__register_raw_sources()) }}{%- endif -%}
    {%- if located is string -%}{%- set located = fromjson(located) -%}{%- endif -%}
    {%- set raw_schema = var('raw_schema') -%}
    {%- set raw_dir = var('spark_raw_dir', var('raw_dir')) -%}
    {%- do run_query("create database if not exists " ~ raw_schema) -%}
    {#- Each catalog call costs; the local catalog starts empty, so drop only what exists. -#}
    {%- set existing = run_query("show tables in " ~ raw_schema).columns[1].values() | map('lower') | list -%}

    {%- for node in graph.sources.values() | sort(attribute='unique_id') if node.package_name == project_name -%}
        {%- set table = node.identifier -%}
        {%- set view = raw_schema ~ "." ~ table -%}
        {%- set files_table = raw_schema ~ "." ~ table ~ "__files" -%}
        {%- set contract_columns = node.columns.values() | list -%}
        {%- set found = located.get(table) -%}
        {%- if table in existing -%}{%- do run_query("drop view if exists " ~ view) -%}{%- endif -%}
        {%- if (table ~ '__files') in existing -%}{%- do run_query("drop table if exists " ~ files_table) -%}{%- endif -%}
        {%- if found is none -%}
            {%- if node.meta.get('contract_required', false) -%}
                {{ exceptions.raise_compiler_error(
                    "Required raw table '" ~ table ~ "' not found in '" ~ raw_dir ~ "'. Expected "
                    ~ table ~ ".parquet, " ~ table ~ ".csv or a folder " ~ table ~ "/ of Parquet files"
                    ~ ". Point JOURNEYMAP_RAW_DIR at the folder of raw tables, or generate demo data with "
                    ~ "`python -m journeymap.generate --out " ~ raw_dir ~ "`.") }}
            {%- endif -%}
            {%- set selects = [] -%}
            {%- for column in contract_columns -%}
                {%- do selects.append("cast(null as string) as " ~ adapter.quote(column.name)) -%}
            {%- endfor -%}
            {%- do run_query("create view " ~ view ~ " as select " ~ selects | join(', ') ~ " where 1 = 0") -%}
        {%- else -%}
            {%- if found.format == 'csv' -%}
                {%- set options = "header 'true'" -%}
            {%- else -%}
                {%- set options = "recursiveFileLookup 'true', mergeSchema 'true', pathGlobFilter '*.parquet'" -%}
            {%- endif -%}
            {%- do run_query("create table " ~ files_table ~ " using " ~ found.format ~ " options (" ~ options
                ~ ") location " ~ journeymap.regexp_literal(found.path)) -%}
            {%- set present = {} -%}
            {%- for name in run_query("select * from " ~ files_table ~ " limit 0").column_names -%}
                {%- do present.update({name | lower: name}) -%}
            {%- endfor -%}
            {%- set selects = [] -%}
            {%- for column in contract_columns -%}
                {%- if column.name in present -%}
                    {%- do selects.append("cast(" ~ adapter.quote(present[column.name]) ~ " as string) as " ~ adapter.quote(column.name)) -%}
                {%- elif column.meta.get('contract_required', false) -%}
                    {{ exceptions.raise_compiler_error(
                        "Raw table '" ~ table ~ "' (" ~ found.path ~ ") has no column '" ~ column.name
                        ~ "', which the raw contract requires. Columns found: " ~ present.keys() | sort | join(', ')
                        ~ ". Rename the column in the export or fix the file.") }}
                {%- else -%}
                    {{ log("journeymap: raw table '" ~ table ~ "' has no column '" ~ column.name ~ "'; it is read as NULL.", info=true) }}
                    {%- do selects.append("cast(null as string) as " ~ adapter.quote(column.name)) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- do run_query("create view " ~ view ~ " as select " ~ selects | join(', ') ~ " from " ~ files_table) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(default__register_raw_sources()) }}
{%- endmacro %}
