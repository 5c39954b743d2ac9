{# column_name is never NULL (on the rows kept by row_condition). Returns the offending rows. #}
{% test expect_column_values_to_not_be_null(model, column_name, row_condition=none) %}

select *
from {{ model }}
{{ jm_expect__where([row_condition, column_name ~ ' is null']) }}

{% endtest %}
