{#
    register_raw_sources(): make the raw contract's tables queryable at their
    source locations before anything builds (called from on-run-start; the
    contract itself is read from the sources yml, see raw_contract.sql).

    Warehouse mode (no raw folder: a host project, a warehouse, Spark without
    var `spark_raw_tables`): nothing is created; the required tables and key
    columns are checked at the source locations, so a misconfigured var
    stops the build before any model runs.

    Folder mode on DuckDB (var `journeymap__raw_dir`, by default
    $JOURNEYMAP_RAW_DIR when journeymap is the root project): one view per
    table at `<database>.<schema>.<identifier>` of its source, over the files

      <table>.parquet | <table>.csv | <table>/**/*.parquet

    Each view selects exactly the contract's columns, all as text (raw data
    may arrive as text; staging parses), and `_raw_file`, the file's path
    under the folder, which incremental staging keys on (raw_files.sql). Unknown extra columns are ignored; a
    missing non-key column becomes NULL (listed in fct_raw_column_presence and
    the build summary; an identity-critical one fails a warn test); a missing
    or switched-off optional table is an empty view. A missing required table
    or key column stops the build with a message naming it and the folder.

    Why views over files and not dbt-duckdb's `external_location` on the
    sources: external_location renders source() as a bare read_parquet() of
    one fixed path and format, so a missing optional table or column would be
    a binder error, and typed or CSV files could not be read as text (README).

    Every path and identifier is quoted or escaped (sql_string_literal,
    adapter relations), so a folder such as `/data/o'brien raw` works.
#}
{% macro register_raw_sources() -%}
    {%- if execute -%}
        {%- for node in journeymap.raw_source_nodes() if target.type == 'spark'
            and var('journeymap__' ~ node.source_name ~ '_database', none) is not none -%}
            {{ exceptions.raise_compiler_error(
                "var journeymap__" ~ node.source_name ~ "_database is set, but Spark has no database level "
                ~ "(a schema is a database there). Remove the var and set journeymap__" ~ node.source_name
                ~ "_schema instead.") }}
        {%- endfor -%}
    {%- endif -%}
    {{ return(adapter.dispatch('register_raw_sources', 'journeymap')()) }}
{%- endmacro %}

{% macro default__register_raw_sources() -%}
    {%- if execute -%}
        {%- for node in journeymap.raw_source_nodes() -%}
            {%- do journeymap.raw_contract_check(node, journeymap.raw_table_state(node)) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('select 1 as raw_tables_are_in_the_warehouse') }}
{%- endmacro %}

{% macro duckdb__register_raw_sources() -%}
    {%- if not execute -%}{{ return('select 1') }}{%- endif -%}
    {%- set folder = journeymap.raw_folder() -%}
    {%- if folder is none -%}{{ return(journeymap.default__register_raw_sources()) }}{%- endif -%}
    {%- set scans = journeymap.duckdb_raw_scans(folder) -%}
    {%- set statements = [] -%}
    {%- set schemas = [] -%}

    {%- for node in journeymap.raw_source_nodes() -%}
        {%- set relation = journeymap.raw_relation(node) -%}
        {%- set schema_relation = api.Relation.create(database=relation.database, schema=relation.schema) -%}
        {%- if (schema_relation | string) not in schemas -%}
            {%- do schemas.append(schema_relation | string) -%}
            {%- do statements.append("create schema if not exists " ~ schema_relation) -%}
        {%- endif -%}
        {%- set state = journeymap.raw_table_state(node, scans) -%}
        {%- if state.enabled and not state.found and node.meta.get('contract_required', false) -%}
            {%- set near = [] -%}
            {%- set prefix = folder ~ '/' ~ node.name -%}
            {%- for file in scans['__files__'] if file.startswith(prefix ~ '.') or file.startswith(prefix ~ '/') -%}
                {%- do near.append(file) -%}
            {%- endfor -%}
            {%- if near -%}
                {{ exceptions.raise_compiler_error(
                    "Required raw table '" ~ node.name ~ "' not found in '" ~ folder ~ "'. Expected "
                    ~ node.name ~ ".parquet, " ~ node.name ~ ".csv or a folder " ~ node.name ~ "/ of Parquet files"
                    ~ " (found " ~ near | join(', ') ~ ", which is not Parquet or CSV)"
                    ~ ". Point JOURNEYMAP_RAW_DIR at the folder of raw tables, or generate demo data with "
                    ~ "`python -m journeymap.generator --out " ~ folder ~ "`.") }}
            {%- endif -%}
        {%- endif -%}
        {%- do journeymap.raw_contract_check(node, state) -%}
        {%- for column in node.columns.values() if state.found and column.name | lower not in state.columns -%}
            {{ log("journeymap: raw table '" ~ node.name ~ "' has no column '" ~ column.name ~ "'; it is read as NULL"
                ~ (" (identity-critical: see the warn test and fct_raw_column_presence)" if column.meta.get('identity_critical', false) else "")
                ~ ".", info=true) }}
        {%- endfor -%}
        {%- do statements.append("create or replace view " ~ relation ~ " as "
            ~ journeymap.raw_contract_select(node, state, state.location if state.found else none,
                journeymap.raw_file_name_sql('_journeymap_file', folder) if state.found else 'cast(null as varchar)')) -%}
    {%- endfor -%}
    {{ return(statements | join(';\n')) }}
{%- endmacro %}

{#
    Spark: Spark SQL cannot list a folder, so `python -m journeymap.spark_raw
    --raw-dir DIR` lists it and hands the result over as var
    `spark_raw_tables` ({table: {format: parquet|csv, path: absolute path}};
    the Makefile's test-spark passes it with --vars). Each present table
    becomes an external table `<schema>.<identifier>__files` over its files
    and a view `<schema>.<identifier>` with exactly the contract's columns as
    strings; an absent (or switched-off) optional table an empty view; an
    absent required table or key column an error (as on DuckDB). Without the
    var, the schema is taken to hold the tables already (a Spark/Databricks
    warehouse), as on default__.
#}
{% macro spark__register_raw_sources() -%}
    {%- set located = var('spark_raw_tables', none) -%}
    {%- if not execute or located is none -%}{{ return(journeymap.default__register_raw_sources()) }}{%- endif -%}
    {%- if located is string -%}{%- set located = fromjson(located) -%}{%- endif -%}
    {%- set raw_dir = var('spark_raw_dir', var('raw_dir')) -%}
    {%- set existing = {} -%}

    {%- for node in journeymap.raw_source_nodes() -%}
        {%- set view = api.Relation.create(schema=node.schema, identifier=node.identifier) -%}
        {%- set files_table = api.Relation.create(schema=node.schema, identifier=node.identifier ~ '__files') -%}
        {%- if node.schema not in existing -%}
            {%- do run_query("create database if not exists " ~ adapter.quote(node.schema)) -%}
            {#- Each catalog call costs; the local catalog starts empty, so drop only what exists. -#}
            {%- do existing.update({node.schema: run_query("show tables in " ~ adapter.quote(node.schema)).columns[1].values() | map('lower') | list}) -%}
        {%- endif -%}
        {%- if node.identifier | lower in existing[node.schema] -%}{%- do run_query("drop view if exists " ~ view) -%}{%- endif -%}
        {%- if (node.identifier ~ '__files') | lower in existing[node.schema] -%}{%- do run_query("drop table if exists " ~ files_table) -%}{%- endif -%}
        {%- set found = located.get(node.name) if journeymap.raw_table_enabled(node) else none -%}
        {%- if found is not none -%}
            {%- if found.format == 'csv' -%}
                {%- set options = "header 'true'" -%}
            {%- else -%}
                {%- set options = "recursiveFileLookup 'true', mergeSchema 'true', pathGlobFilter '*.parquet'" -%}
            {%- endif -%}
            {%- do run_query("create table " ~ files_table ~ " using " ~ found.format ~ " options (" ~ options
                ~ ") location " ~ journeymap.sql_string_literal(found.path)) -%}
        {%- endif -%}
        {%- set state = journeymap.raw_table_state(node) -%}
        {%- if state.enabled and not state.found and node.meta.get('contract_required', false) -%}
            {{ exceptions.raise_compiler_error(
                "Required raw table '" ~ node.name ~ "' not found in '" ~ raw_dir ~ "'. Expected "
                ~ node.name ~ ".parquet, " ~ node.name ~ ".csv or a folder " ~ node.name ~ "/ of Parquet files"
                ~ ". Point JOURNEYMAP_RAW_DIR at the folder of raw tables, or generate demo data with "
                ~ "`python -m journeymap.generator --out " ~ raw_dir ~ "`.") }}
        {%- endif -%}
        {%- do journeymap.raw_contract_check(node, state) -%}
        {%- for column in node.columns.values() if state.found and column.name | lower not in state.columns -%}
            {{ log("journeymap: raw table '" ~ node.name ~ "' has no column '" ~ column.name ~ "'; it is read as NULL.", info=true) }}
        {%- endfor -%}
        {%- do run_query("create view " ~ view ~ " as "
            ~ journeymap.raw_contract_select(node, state, (files_table | string) if state.found else none)) -%}
    {%- endfor -%}
    {{ return('select 1 as raw_tables_are_registered') }}
{%- endmacro %}
