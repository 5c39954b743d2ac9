{#
    column_A > column_B on every row (>= when or_equal). Rows where either is
    NULL are not checked. Returns the offending rows.
#}
{% test expect_column_pair_values_A_to_be_greater_than_B(model, column_A, column_B, or_equal=false, row_condition=none) %}

select *
from {{ model }}
{{ jm_expect__where([
    row_condition,
    column_A ~ ' is not null',
    column_B ~ ' is not null',
    'not (' ~ column_A ~ (' >= ' if or_equal else ' > ') ~ column_B ~ ')'
]) }}

{% endtest %}
