{#
    Each non-null value of column_name lies between min_value and max_value
    (inclusive; exclusive when strictly). Returns the offending rows.
#}
{% test expect_column_values_to_be_between(model, column_name, min_value=none, max_value=none, row_condition=none, strictly=false) %}

select *
from {{ model }}
{{ jm_expect__where([
    row_condition,
    column_name ~ ' is not null',
    'not ' ~ jm_expect__between(column_name, min_value, max_value, strictly, 'expect_column_values_to_be_between')
]) }}

{% endtest %}
