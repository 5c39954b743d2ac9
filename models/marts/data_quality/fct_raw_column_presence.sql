{#
    One row per raw contract column: is the column in the raw table this build
    read? Missing optional columns are read as NULL, so without this mart a
    dropped `email` only shows as fewer matches downstream. The state is read
    at run time (raw_table_state: the files in folder mode, the warehouse
    relation otherwise), the contract from the sources yml.
#}
{%- set rows = journeymap.raw_column_presence_rows() -%}

with

contract_columns as (
    {%- for row in rows %}
    select
        {{ dbt.string_literal(row.source_name) }} as source_name,
        {{ dbt.string_literal(row.source_table) }} as source_table,
        {{ dbt.string_literal(row.relation_name) }} as relation_name,
        {{ dbt.string_literal(row.column_name) }} as column_name,
        {{ row.is_table_required | lower }} as is_table_required,
        {{ row.is_column_required | lower }} as is_column_required,
        {{ row.is_identity_critical | lower }} as is_identity_critical,
        {{ dbt.string_literal(row.presence_status) }} as presence_status
    {%- if not loop.last %}
    union all
    {%- endif -%}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as source_name,
        cast(null as {{ dbt.type_string() }}) as source_table,
        cast(null as {{ dbt.type_string() }}) as relation_name,
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as boolean) as is_table_required,
        cast(null as boolean) as is_column_required,
        cast(null as boolean) as is_identity_critical,
        cast(null as {{ dbt.type_string() }}) as presence_status
    where 1 = 0
    {%- endfor %}
),

final as (
    select
        cast(source_table as {{ dbt.type_string() }}) as source_table,
        cast(column_name as {{ dbt.type_string() }}) as column_name,
        cast(source_name as {{ dbt.type_string() }}) as source_name,
        cast(relation_name as {{ dbt.type_string() }}) as relation_name,
        presence_status = 'present' as is_present,
        cast(presence_status as {{ dbt.type_string() }}) as presence_status,
        is_table_required,
        is_column_required,
        is_identity_critical
    from contract_columns
)

select * from final
