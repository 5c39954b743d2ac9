{#
    spark__cast(field, type): dbt's cast() on Spark, with a bare `varchar` /
    `text` (what the model ymls declare for contracts, valid on DuckDB and
    most warehouses) read as `string`; Spark wants `varchar(n)`. dbt builds
    the enforced-contract check from cast('null', data_type), so this is what
    lets the public marts' contracts compile on Spark without per-engine
    types in the ymls.
#}
{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ journeymap.spark_seed_type(type) }})
{%- endmacro %}
