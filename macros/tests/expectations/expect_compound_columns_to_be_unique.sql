{#
    The combination of column_list is unique. ignore_row_if:
    'all_values_are_missing' (default) skips rows where every listed column
    is NULL; 'any_value_is_missing' skips rows where any is NULL. Otherwise
    NULLs compare equal (two (1, NULL) rows are duplicates). quote_columns
    quotes the column names. Returns one row per duplicated combination with
    n_records.
#}
{% test expect_compound_columns_to_be_unique(model, column_list, quote_columns=false, ignore_row_if='all_values_are_missing', row_condition=none) %}

{%- set columns = [] -%}
{%- for column in jm_expect__as_list(column_list) -%}
    {%- do columns.append(adapter.quote(column) if quote_columns else column) -%}
{%- endfor -%}
{%- if columns | length == 0 -%}
    {{ exceptions.raise_compiler_error("expect_compound_columns_to_be_unique: column_list must not be empty.") }}
{%- endif -%}
{%- set null_checks = [] -%}
{%- for column in columns -%}
    {%- do null_checks.append(column ~ ' is not null') -%}
{%- endfor -%}
{%- if ignore_row_if == 'all_values_are_missing' -%}
    {%- set missing_filter = null_checks | join(' or ') -%}
{%- elif ignore_row_if == 'any_value_is_missing' -%}
    {%- set missing_filter = null_checks | join(' and ') -%}
{%- else -%}
    {{ exceptions.raise_compiler_error(
        "expect_compound_columns_to_be_unique: ignore_row_if must be 'all_values_are_missing' or 'any_value_is_missing', got '" ~ ignore_row_if ~ "'.") }}
{%- endif %}

select
    {{ columns | join(',\n    ') }},
    count(*) as n_records
from {{ model }}
{{ jm_expect__where([row_condition, missing_filter]) }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
