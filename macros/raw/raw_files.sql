{#
    Incremental staging by raw file (docs/incremental.md, "Incremental
    staging"). The raw contract has no load timestamp, but in folder mode
    every row comes from a file, and a loader delivers new data as new files
    (`web_events/2026-06-30.parquet`). So the event-scale base models parse
    each file once: a run parses the files that are new, or whose row count
    changed, and forgets the rows of files that are gone. A file is known by
    its path under the raw folder and its row count (`raw_file`,
    `raw_file_rows` on every base row), so moving the folder re-reads nothing
    and a file rewritten with rows added or removed (an erasure at the
    source, say) is parsed again.

    Where rows carry no file (warehouse mode, Spark), the same models are
    tables, rebuilt every run from the same SQL.
#}

{# Do raw rows carry the file they were read from? (DuckDB reading a raw folder.) #}
{% macro raw_files_are_tracked() -%}
    {{ return(target.type == 'duckdb' and journeymap.raw_folder() is not none) }}
{%- endmacro %}

{# The materialization of a model that stages raw files incrementally. #}
{% macro raw_file_materialization() -%}
    {{ return('incremental' if journeymap.raw_files_are_tracked() else 'table') }}
{%- endmacro %}

{# SQL: the path of `file_column` under `folder` (the path as read when it is elsewhere). #}
{% macro raw_file_name_sql(file_column, folder) -%}
    {%- set prefix = folder ~ '/' -%}
    {{ return("case when starts_with(" ~ file_column ~ ", " ~ journeymap.sql_string_literal(prefix) ~ ") then substr("
        ~ file_column ~ ", " ~ (prefix | length + 1) ~ ") else " ~ file_column ~ " end") }}
{%- endmacro %}

{# The fingerprint of the settings (var values) that decide how a base model parses a row. #}
{% macro raw_parse_settings_hash(parse_settings) -%}
    {{ return(local_md5(tojson(parse_settings or {}, sort_keys=true))) }}
{%- endmacro %}

{#
    seed_fingerprint(seed_name): the checksum dbt keeps of a seed's file, for
    the parse settings of a base model that looks values up in that seed
    (base_shop__orders: currencies, country_aliases). An edited seed then
    asks for the full refresh, as a changed var does. Empty while parsing
    and in unit tests (no graph there; they never run incrementally).
#}
{% macro seed_fingerprint(seed_name) -%}
    {%- if not execute or not graph.get('nodes') -%}{{ return('') }}{%- endif -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'seed' and node.package_name == 'journeymap' and node.name == seed_name -%}
        {{ return(node.checksum.checksum) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("seed_fingerprint: no seed named '" ~ seed_name ~ "' in package journeymap") }}
{%- endmacro %}

{#
    Stop with what to do when `this` cannot be extended: it was built before
    it was staged by file (no raw_file column), or, given `parse_settings`
    (a base model), it holds rows parsed under other values of those vars. A
    file is parsed once, so a changed var (an event type added to
    web_event_types, say) would reach only new files and staging would no
    longer equal a full build; rebuilding from base down re-parses.
#}
{% macro require_raw_file_columns(parse_settings=none) -%}
    {%- if execute and is_incremental() and model.resource_type != 'unit_test' -%}
        {%- set names = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
        {%- if 'raw_file' not in names or 'raw_file_rows' not in names -%}
            {{ exceptions.raise_compiler_error(
                this ~ " was built before journeymap staged raw files incrementally (it has no raw_file column). "
                ~ "Rebuild it once: dbt build --full-refresh --select " ~ model.name ~ "+") }}
        {%- endif -%}
        {%- if parse_settings is not none -%}
            {%- set current = journeymap.raw_parse_settings_hash(parse_settings) -%}
            {%- set stored = [] -%}
            {%- if 'raw_parse_settings' in names -%}
                {%- set stored = run_query(
                    "select distinct raw_parse_settings from " ~ this ~ " where raw_parse_settings is not null"
                ).columns[0].values() | list -%}
            {%- endif -%}
            {%- if 'raw_parse_settings' not in names or (stored | reject('equalto', current) | list) -%}
                {{ exceptions.raise_compiler_error(
                    this ~ " holds rows parsed with other values of the vars "
                    ~ (parse_settings.keys() | sort | join(', '))
                    ~ " than this run's (its raw files are parsed once). Re-parse them: dbt build --full-refresh --select "
                    ~ model.name ~ "+") }}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#
    raw_rows_to_parse(source_cte): CTEs ending in `rows_to_parse`, the rows
    of `source_cte` a base model parses in this run, with `raw_file` and
    `raw_file_rows`: every row in a full build; in an incremental run, the
    rows of the files that are new or whose row count changed.
    `parse_settings` (a dict of the vars the parse reads) is fingerprinted
    into `raw_parse_settings`; an incremental run under other values stops
    with the full refresh to run. Put it
    between the import CTE and the parsing CTE:

        source as (select * from {{ journeymap.raw_source('web', 'web_events') }}),
        {{ journeymap.raw_rows_to_parse('source') }},
        parsed as (select ..., raw_file, raw_file_rows from rows_to_parse)
#}
{% macro raw_rows_to_parse(source_cte, parse_settings=none) -%}
    {%- set settings_hash = journeymap.sql_string_literal(journeymap.raw_parse_settings_hash(parse_settings)) -%}
    {%- if not journeymap.raw_files_are_tracked() %}
    rows_to_parse as (
        select
            {{ source_cte }}.*,
            cast(null as {{ dbt.type_string() }}) as raw_file,
            cast(null as {{ dbt.type_bigint() }}) as raw_file_rows,
            {{ settings_hash }} as raw_parse_settings
        from {{ source_cte }}
    )
    {%- else %}
    {%- do journeymap.require_raw_file_columns(parse_settings or {}) %}
    raw_files as (
        select
            _raw_file as raw_file,
            count(*) as raw_file_rows
        from {{ source_cte }}
        group by _raw_file
    ),

    files_to_parse as (
        select
            raw_files.raw_file,
            raw_files.raw_file_rows
        from raw_files
        {%- if is_incremental() %}
        left join (
            select distinct
                raw_file,
                raw_file_rows
            from {{ this }}
        ) as parsed_files
            on
                raw_files.raw_file = parsed_files.raw_file
                and raw_files.raw_file_rows = parsed_files.raw_file_rows
        where parsed_files.raw_file is null
        {%- endif %}
    ),

    -- null-safe: a unit test's fixture rows have no file
    rows_to_parse as (
        select
            {{ source_cte }}.*,
            files_to_parse.raw_file,
            files_to_parse.raw_file_rows,
            {{ settings_hash }} as raw_parse_settings
        from {{ source_cte }}
        inner join files_to_parse
            on {{ source_cte }}._raw_file is not distinct from files_to_parse.raw_file
    )
    {%- endif %}
{%- endmacro %}

{#
    forget_vanished_raw_files(source_name, table_name): post-hook of a base
    model staged by file: delete the rows of files no longer in the raw
    folder (the rows of a changed file are replaced by delete+insert on
    `raw_file`). Nothing to do in a full build or where files are not
    tracked.
#}
{% macro forget_vanished_raw_files(source_name, table_name) -%}
    {%- if not journeymap.raw_files_are_tracked() or not is_incremental() -%}{{ return('') }}{%- endif -%}
    delete from {{ this }}
    where raw_file not in (
        select distinct _raw_file from {{ journeymap.raw_source(source_name, table_name) }}
    )
{%- endmacro %}

{#
    restaged_keys(base_model, key): SQL selecting the keys an incremental
    staging model re-deduplicates in this run: the keys of usable base rows
    from a file version (raw_file, raw_file_rows) the model has not seen,
    and the keys it holds from a file version that is gone. The model then
    ranks every usable base copy of those keys, so each is what a full
    build gives (see the staging models).
#}
{% macro restaged_keys(base_model, key) -%}
    {%- do journeymap.require_raw_file_columns() -%}
    {%- set base = ref(base_model) -%}
    select new_rows.{{ key }}
    from {{ base }} as new_rows
    left join (
        select distinct
            raw_file,
            raw_file_rows
        from {{ this }}
    ) as staged_files
        on
            new_rows.raw_file = staged_files.raw_file
            and new_rows.raw_file_rows = staged_files.raw_file_rows
    where new_rows.rejection_reason is null and staged_files.raw_file is null

    union all

    select stale.{{ key }}
    from {{ this }} as stale
    left join (
        select distinct
            raw_file,
            raw_file_rows
        from {{ base }}
    ) as base_files
        on
            stale.raw_file = base_files.raw_file
            and stale.raw_file_rows = base_files.raw_file_rows
    where base_files.raw_file is null
{%- endmacro %}

{#
    forget_unstaged_keys(base_model): post-hook of an incremental staging
    model: delete the rows whose file version is gone from the base model
    and that no copy replaced (an event removed from its raw file).
#}
{% macro forget_unstaged_keys(base_model) -%}
    {%- if not journeymap.raw_files_are_tracked() or not is_incremental() -%}{{ return('') }}{%- endif -%}
    delete from {{ this }}
    where not exists (
        select 1
        from (
            select distinct
                raw_file,
                raw_file_rows
            from {{ ref(base_model) }}
        ) as base_files
        where
            base_files.raw_file = {{ this }}.raw_file
            and base_files.raw_file_rows = {{ this }}.raw_file_rows
    )
{%- endmacro %}
