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
