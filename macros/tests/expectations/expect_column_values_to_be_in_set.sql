{#
    Each non-null value of column_name is one of value_set. quote_values
    (default true) writes the values as string literals; false writes them
    as SQL as is (numbers, expressions). Returns the offending rows.
#}
{% test expect_column_values_to_be_in_set(model, column_name, value_set, quote_values=true, row_condition=none) %}

{%- set values = jm_expect__as_list(value_set) -%}
{%- if values | length == 0 -%}
    {{ exceptions.raise_compiler_error("expect_column_values_to_be_in_set: value_set must not be empty.") }}
{%- endif -%}
{%- set rendered = [] -%}
{%- for value in values -%}
    {%- if quote_values -%}
        {%- do rendered.append("'" ~ dbt.escape_single_quotes(value | string) ~ "'") -%}
    {%- else -%}
        {%- do rendered.append(value | string) -%}
    {%- endif -%}
{%- endfor %}

select *
from {{ model }}
{{ jm_expect__where([
    row_condition,
    column_name ~ ' is not null',
    column_name ~ ' not in (' ~ rendered | join(', ') ~ ')'
]) }}

{% endtest %}
