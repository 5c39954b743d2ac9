{#
    spark__persist_constraints(relation, model): dbt-spark adds a contract's
    constraints with ALTER TABLE when file_format is delta, but reads an unset
    file_format as delta, so on plain Parquet tables (the local target) it
    fails with "does not support ALTER COLUMN ... SET NOT NULL". Here only an
    explicit delta table gets them; elsewhere the not_null/unique data tests
    carry the same rules.
#}
{% macro spark__persist_constraints(relation, model) -%}
    {%- set contract_config = config.get('contract') -%}
    {%- if contract_config.enforced and config.get('file_format') == 'delta' -%}
        {%- do alter_table_add_constraints(relation, model.constraints) -%}
        {%- do alter_column_set_constraints(relation, model.columns) -%}
    {%- endif -%}
{%- endmacro %}
