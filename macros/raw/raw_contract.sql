{#
    The raw contract at run time: where each raw table is, which of its
    columns are there, and what a base model reads from it. The contract
    itself (tables, columns, required flags, identity-critical columns) lives
    only in models/staging/*/_*__sources.yml; these macros read it from the
    graph, so they work the same when journeymap is the root project and when
    it is installed as a package (graph nodes of package `journeymap`, never
    `project_name`, which is the host's name there).

    Two modes (README "Use journeymap in your own dbt project"):
      - folder mode: var `journeymap__raw_dir` (default when journeymap is the
        root project: var `raw_dir` = $JOURNEYMAP_RAW_DIR) names a folder of
        <table>.parquet | <table>.csv | <table>/**/*.parquet files, which
        register_raw_sources() turns into views at the source locations;
      - warehouse mode (no folder, e.g. a host project): the tables are at
        the source locations already (vars journeymap__<source>_database,
        journeymap__<source>_schema, journeymap__<table>_identifier).
#}

{# Source nodes of the journeymap package, in a fixed order. #}
{% macro raw_source_nodes() -%}
    {%- set nodes = [] -%}
    {%- for node in graph.sources.values() | sort(attribute='unique_id') if node.package_name == 'journeymap' -%}
        {%- do nodes.append(node) -%}
    {%- endfor -%}
    {{ return(nodes) }}
{%- endmacro %}

{# The raw folder of folder mode, or none (warehouse mode). #}
{% macro raw_folder() -%}
    {%- set folder = var('journeymap__raw_dir', none) -%}
    {%- if folder is none and project_name == 'journeymap' -%}
        {%- set folder = var('raw_dir', none) -%}
    {%- endif -%}
    {%- if folder is none or (folder | string | trim) == '' -%}{{ return(none) }}{%- endif -%}
    {{ return((folder | string | trim).rstrip('/')) }}
{%- endmacro %}

{# Is the optional table switched on (var journeymap__using_<table>, default true)? #}
{% macro raw_table_enabled(node) -%}
    {%- set enabled = var('journeymap__using_' ~ node.name, true) -%}
    {%- if enabled is string -%}{%- set enabled = enabled | lower not in ['false', '0', 'no', 'off', ''] -%}{%- endif -%}
    {%- if not enabled and node.meta.get('contract_required', false) -%}
        {{ exceptions.raise_compiler_error(
            "journeymap__using_" ~ node.name ~ " is false, but '" ~ node.name ~ "' is a required raw table "
            ~ "(the raw contract); only optional tables can be switched off. Remove the var.") }}
    {%- endif -%}
    {{ return(enabled) }}
{%- endmacro %}

{# The relation a source node points at (quoted as the adapter quotes sources). #}
{% macro raw_relation(node) -%}
    {{ return(api.Relation.create(
        database=(node.database if node.database else none),
        schema=node.schema,
        identifier=node.identifier)) }}
{%- endmacro %}

{#
    Folder mode on DuckDB: {table name: scan expression} for the tables
    found in `folder` (one glob of the folder for all tables).
#}
{% macro duckdb_raw_scans(folder) -%}
    {%- set files = run_query("select file from glob(" ~ journeymap.sql_string_literal(folder ~ '/**')
        ~ ") order by file").columns[0].values() -%}
    {%- set scans = {'__files__': files} -%}
    {%- for node in journeymap.raw_source_nodes() -%}
        {%- set prefix = folder ~ '/' ~ node.name -%}
        {%- if (prefix ~ '.parquet') in files -%}
            {%- do scans.update({node.name: "read_parquet(" ~ journeymap.sql_string_literal(prefix ~ '.parquet') ~ ", filename = '_journeymap_file')"}) -%}
        {%- elif (prefix ~ '.csv') in files -%}
            {%- do scans.update({node.name: "read_csv(" ~ journeymap.sql_string_literal(prefix ~ '.csv')
                ~ ", header = true, all_varchar = true, filename = '_journeymap_file')"}) -%}
        {%- else -%}
            {%- for file in files if file.startswith(prefix ~ '/') and file.endswith('.parquet') -%}
                {%- if loop.first -%}
                    {%- do scans.update({node.name: "read_parquet(" ~ journeymap.sql_string_literal(prefix ~ '/**/*.parquet')
                        ~ ", union_by_name = true, filename = '_journeymap_file')"}) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(scans) }}
{%- endmacro %}

{#
    What is there of one raw table: {enabled, found, location, columns}
    (columns: the lower-cased names found, or [] when the table is absent
    or switched off). Folder mode reads the files (DuckDB) or the external
    table register_raw_sources() made (Spark); warehouse mode asks the
    adapter about the source relation. `scans`: duckdb_raw_scans() output,
    to list the folder once for many tables.
#}
{% macro raw_table_state(node, scans=none) -%}
    {%- set state = {'enabled': journeymap.raw_table_enabled(node), 'found': false, 'location': none, 'columns': []} -%}
    {%- if not state.enabled -%}{{ return(state) }}{%- endif -%}
    {%- set folder = journeymap.raw_folder() -%}
    {%- set located = var('spark_raw_tables', none) -%}
    {%- if target.type == 'spark' and located is not none -%}
        {%- if located is string -%}{%- set located = fromjson(located) -%}{%- endif -%}
        {%- set found = located.get(node.name) -%}
        {%- if found is not none -%}
            {%- set files_table = api.Relation.create(schema=node.schema, identifier=node.identifier ~ '__files') -%}
            {%- set names = run_query("select * from " ~ files_table ~ " limit 0").column_names -%}
            {%- do state.update({'found': true, 'location': found.path, 'columns': names | map('lower') | list}) -%}
        {%- endif -%}
    {%- elif target.type == 'duckdb' and folder is not none -%}
        {%- set scans = scans if scans is not none else journeymap.duckdb_raw_scans(folder) -%}
        {%- set scan = scans.get(node.name) -%}
        {%- if scan is not none -%}
            {%- set names = run_query("describe select * from " ~ scan).columns[0].values() -%}
            {%- do state.update({'found': true, 'location': scan, 'columns': names | map('lower') | list}) -%}
        {%- endif -%}
    {%- else -%}
        {%- set relation = adapter.get_relation(
            database=(node.database if node.database else none), schema=node.schema, identifier=node.identifier) -%}
        {%- if relation is not none -%}
            {%- set names = [] -%}
            {%- for column in adapter.get_columns_in_relation(relation) -%}
                {%- do names.append(column.name | lower) -%}
            {%- endfor -%}
            {%- do state.update({'found': true, 'location': relation | string, 'columns': names}) -%}
        {%- endif -%}
    {%- endif -%}
    {{ return(state) }}
{%- endmacro %}

{#
    Stop the build when a required table or a required (key) column is
    missing, with a message that says where it was looked for and what to do.
#}
{% macro raw_contract_check(node, state) -%}
    {%- set folder = journeymap.raw_folder() -%}
    {%- set where = ("'" ~ folder ~ "'") if folder is not none else (journeymap.raw_relation(node) | string) -%}
    {%- if state.enabled and not state.found and node.meta.get('contract_required', false) -%}
        {%- if folder is not none -%}
            {{ exceptions.raise_compiler_error(
                "Required raw table '" ~ node.name ~ "' not found in " ~ where ~ ". Expected "
                ~ node.name ~ ".parquet, " ~ node.name ~ ".csv or a folder " ~ node.name ~ "/ of Parquet files"
                ~ ". Point JOURNEYMAP_RAW_DIR (var journeymap__raw_dir) at the folder of raw tables, or generate "
                ~ "demo data with `python -m journeymap.generator --out " ~ folder ~ "`.") }}
        {%- else -%}
            {{ exceptions.raise_compiler_error(
                "Required raw table '" ~ node.name ~ "' not found at " ~ where ~ ". Set vars journeymap__"
                ~ node.source_name ~ "_database / journeymap__" ~ node.source_name ~ "_schema / journeymap__"
                ~ node.name ~ "_identifier to where your loader lands it, or journeymap__raw_dir to a folder of files.") }}
        {%- endif -%}
    {%- endif -%}
    {%- for column in node.columns.values() if state.found and column.meta.get('contract_required', false) -%}
        {%- if column.name | lower not in state.columns -%}
            {{ exceptions.raise_compiler_error(
                "Raw table '" ~ node.name ~ "' (" ~ state.location ~ ") has no column '" ~ column.name
                ~ "', which the raw contract requires. Columns found: " ~ state.columns | join(', ')
                ~ ". Rename the column in the export or fix the table.") }}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}

{#
    Exactly the contract's columns as strings, NULL where the table lacks one.
    `file_sql`: when given, one more column `_raw_file` (the file a row was
    read from), which incremental staging keys on (macros/raw/raw_files.sql).
#}
{% macro raw_contract_select(node, state, from_sql, file_sql=none) -%}
    {%- set selects = [] -%}
    {%- for column in node.columns.values() -%}
        {%- if column.name | lower in state.columns -%}
            {%- do selects.append("cast(" ~ adapter.quote(column.name) ~ " as " ~ dbt.type_string() ~ ") as " ~ adapter.quote(column.name)) -%}
        {%- else -%}
            {%- do selects.append("cast(null as " ~ dbt.type_string() ~ ") as " ~ adapter.quote(column.name)) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if file_sql is not none -%}
        {%- do selects.append(file_sql ~ " as _raw_file") -%}
    {%- endif -%}
    {%- if from_sql is none -%}
        {{ return("select " ~ selects | join(', ') ~ " where 1 = 0") }}
    {%- endif -%}
    {{ return("select " ~ selects | join(', ') ~ " from " ~ from_sql) }}
{%- endmacro %}

{#
    raw_source(source_name, table_name): what a base model selects from, in
    place of source(): the source relation (folder mode: the view
    register_raw_sources() made), or when the optional table is switched off
    (journeymap__using_<table>: false) or absent from the warehouse, an empty
    relation with the contract's columns; in warehouse mode the table's own
    columns are cast to strings and a missing optional column is NULL, as in
    folder mode. The source() call keeps the DAG edge either way.
#}
{% macro raw_source(source_name, table_name) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- if not execute or model.resource_type == 'unit_test' -%}{{ return(relation) }}{%- endif -%}
    {%- set node = graph.sources['source.journeymap.' ~ source_name ~ '.' ~ table_name] -%}
    {%- if not journeymap.raw_table_enabled(node) -%}
        {{ return("(" ~ journeymap.raw_contract_select(node, {'columns': []}, none) ~ ")") }}
    {%- endif -%}
    {%- if journeymap.raw_folder() is not none or var('spark_raw_tables', none) is not none -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set state = journeymap.raw_table_state(node) -%}
    {%- do journeymap.raw_contract_check(node, state) -%}
    {%- if not state.found -%}
        {{ return("(" ~ journeymap.raw_contract_select(node, state, none) ~ ")") }}
    {%- endif -%}
    {{ return("(" ~ journeymap.raw_contract_select(node, state, relation | string) ~ ")") }}
{%- endmacro %}

{#
    raw_column_presence_rows(): one dict per raw contract column with where
    its table was read and whether the column is there (presence_status:
    present | column_missing | table_missing | table_switched_off). Read at
    run time; [] while parsing. fct_raw_column_presence lists them.
#}
{% macro raw_column_presence_rows() -%}
    {%- set rows = [] -%}
    {%- if not execute -%}{{ return(rows) }}{%- endif -%}
    {%- set folder = journeymap.raw_folder() -%}
    {%- set scans = journeymap.duckdb_raw_scans(folder) if (target.type == 'duckdb' and folder is not none) else none -%}
    {%- for node in journeymap.raw_source_nodes() -%}
        {%- set state = journeymap.raw_table_state(node, scans) -%}
        {#- the target's own database (a DuckDB file's stem) would make the mart depend on the file name; unquoted, the name reads the same on every adapter -#}
        {%- set relation = journeymap.raw_relation(node) -%}
        {%- if relation.database == target.database -%}{%- set relation = relation.include(database=false) -%}{%- endif -%}
        {%- for column in node.columns.values() -%}
            {%- if not state.enabled -%}
                {%- set status = 'table_switched_off' -%}
            {%- elif not state.found -%}
                {%- set status = 'table_missing' -%}
            {%- elif column.name | lower in state.columns -%}
                {%- set status = 'present' -%}
            {%- else -%}
                {%- set status = 'column_missing' -%}
            {%- endif -%}
            {%- do rows.append({
                'source_name': node.source_name,
                'source_table': node.name,
                'relation_name': relation.quote(database=false, schema=false, identifier=false) | string,
                'column_name': column.name,
                'is_table_required': node.meta.get('contract_required', false),
                'is_column_required': column.meta.get('contract_required', false),
                'is_identity_critical': column.meta.get('identity_critical', false),
                'presence_status': status,
            }) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(rows) }}
{%- endmacro %}
