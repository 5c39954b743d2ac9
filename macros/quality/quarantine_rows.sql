{#
    quarantine_rows(base_model, source_table, record_key): the quarantine
    entries of one base model, as rows of
      (source_table, source_record_key, row_hash, action, reason,
       column_name, offending_value)

    * `row_rejected`: the row is unusable (`rejection_reason` not NULL); it is
      not staged. `rejection_column` names the column at fault.
    * `value_nulled`: the row is staged but one value did not parse and was
      set to NULL. Found by convention: every `<column>_issue` column of the
      base model holds the reason, and `<column>_raw` the value as delivered.

    Adding a check to a base model is enough to have it quarantined.
#}
{% macro quarantine_rows(base_model, source_table, record_key) -%}
    {%- set relation = ref(base_model) -%}
    {%- set issue_columns = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- if column.name.endswith('_issue') -%}
                {%- do issue_columns.append(column.name[:-6]) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif %}
    select
        '{{ source_table }}' as source_table,
        {{ record_key }} as source_record_key,
        row_hash,
        'row_rejected' as quarantine_action,
        rejection_reason as reason,
        rejection_column as column_name,
        rejection_value as offending_value
    from {{ relation }}
    where rejection_reason is not null
    {%- for column in issue_columns | sort %}

    union all

    select
        '{{ source_table }}' as source_table,
        {{ record_key }} as source_record_key,
        row_hash,
        'value_nulled' as quarantine_action,
        {{ column }}_issue as reason,
        '{{ column }}' as column_name,
        {{ column }}_raw as offending_value
    from {{ relation }}
    where rejection_reason is null and {{ column }}_issue is not null
    {%- endfor %}
{%- endmacro %}
