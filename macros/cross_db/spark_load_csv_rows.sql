{#
    Seeds on Spark. The seed ymls type text columns `varchar` (what DuckDB and
    most warehouses take); Spark wants `varchar(n)`, so a bare `varchar` or
    `text` becomes `string` here (spark_seed_type), in both the create and the
    insert.

    spark__load_csv_rows(model, agate_table): dbt-spark's seed loader, with the
    values written as SQL literals. dbt-spark `method: session` pastes bindings
    into the SQL as '<value>' without escaping, so an apostrophe in a seed
    ("Can't Lose Them") breaks the insert, a backslash is eaten, and an empty
    cell loads as the string 'None'. Here: NULL for empty cells, numbers and
    booleans as they are, strings escaped for Spark literals. The root
    project's version wins over the adapter's (dispatch searches it first).
#}
{% macro spark__load_csv_rows(model, agate_table) -%}
    {%- set batch_size = get_batch_size() -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set types = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- do types.append(journeymap.spark_seed_type(column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)))) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(batch_size) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for value in row -%}
                    cast({{ journeymap.spark_seed_literal(value) }} as {{ types[loop.index0] }})
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{%- endmacro %}

{# A Python/agate value as a Spark SQL literal. #}
{% macro spark_seed_literal(value) -%}
    {%- if value is none -%}
        null
    {%- elif value is sameas true -%}
        true
    {%- elif value is sameas false -%}
        false
    {%- elif value is number -%}
        {{ value }}
    {%- else -%}
        '{{ (value | string) | replace("\\", "\\\\") | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}

{# A seed column type for Spark: bare varchar/text (no length) -> string. #}
{% macro spark_seed_type(data_type) -%}
    {{- 'string' if (data_type | string | trim | lower) in ('varchar', 'text', 'character varying') else data_type -}}
{%- endmacro %}

{# dbt-spark's spark__create_csv_table with spark_seed_type applied to the column types. #}
{% macro spark__create_csv_table(model, agate_table) -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}
    {%- set sql -%}
        create table {{ this.render() }} (
            {%- for col_name in agate_table.column_names -%}
                {%- set data_type = journeymap.spark_seed_type(column_override.get(col_name, adapter.convert_type(agate_table, loop.index0))) -%}
                {{ adapter.quote_seed_column(col_name | string, quote_seed_column) }} {{ data_type }}
                {%- if not loop.last %}, {% endif -%}
            {%- endfor -%}
        )
        {{ file_format_clause() }}
        {{ partition_cols(label="partitioned by") }}
        {{ clustered_cols(label="clustered by") }}
        {{ location_clause() }}
        {{ comment_clause() }}
    {%- endset -%}
    {%- call statement('_') -%}
        {{ sql }}
    {%- endcall -%}
    {{ return(sql) }}
{%- endmacro %}
