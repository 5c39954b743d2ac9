{#
    columns_have_declared_types(model): the model's columns in the warehouse
    are exactly the columns its yml declares, each of its declared
    `data_type`. This is the check an enforced contract makes at build
    time, for the models whose adapter enforces none: dbt-duckdb (and
    dbt-databricks) ignore `contract` on Python models. Types are compared
    after normalize_type (varchar = string = text, ...). Returns one row per
    mismatch: column_name, declared_type, actual_type.
#}
{% test columns_have_declared_types(model) %}
{%- set mismatches = [] -%}
{%- if execute -%}
    {%- set node = graph.nodes.values()
        | selectattr('resource_type', 'equalto', 'model')
        | selectattr('name', 'equalto', model.identifier)
        | first -%}
    {%- set declared = {} -%}
    {%- for name, column in node.columns.items() -%}
        {%- do declared.update({name | lower: journeymap.normalize_type(column.data_type)}) -%}
    {%- endfor -%}
    {%- set actual = {} -%}
    {%- for column in adapter.get_columns_in_relation(model) -%}
        {%- do actual.update({column.name | lower: journeymap.normalize_type(column.dtype)}) -%}
    {%- endfor -%}
    {%- for name in ((declared.keys() | list) + (actual.keys() | list)) | unique | sort -%}
        {%- if declared.get(name) != actual.get(name) -%}
            {%- do mismatches.append([name, declared.get(name) or 'not declared', actual.get(name) or 'not produced']) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}
{%- for mismatch in mismatches %}
{% if not loop.first %}union all{% endif %}
select
    '{{ mismatch[0] }}' as column_name,
    '{{ mismatch[1] }}' as declared_type,
    '{{ mismatch[2] }}' as actual_type
{%- else %}
select
    cast(null as {{ dbt.type_string() }}) as column_name,
    cast(null as {{ dbt.type_string() }}) as declared_type,
    cast(null as {{ dbt.type_string() }}) as actual_type
where 1 = 0
{%- endfor %}
{% endtest %}


{#
    normalize_type(data_type): a column type in one spelling per kind, so a
    declared type and the warehouse's agree across adapters (`VARCHAR`,
    `string`, `text` -> `varchar`; `int64`, `long` -> `bigint`; ...). Other
    types come back lower-cased, white space removed; none stays none.
#}
{% macro normalize_type(data_type) -%}
    {%- if data_type is none or (data_type | string | trim) == '' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set spelled = (data_type | string | lower | replace(' ', '')) -%}
    {%- set synonyms = {
        'string': 'varchar', 'text': 'varchar',
        'int64': 'bigint', 'long': 'bigint', 'int8': 'bigint',
        'float64': 'double', 'float8': 'double', 'doubleprecision': 'double',
        'bool': 'boolean',
    } -%}
    {{ return(synonyms.get(spelled, spelled)) }}
{%- endmacro %}
