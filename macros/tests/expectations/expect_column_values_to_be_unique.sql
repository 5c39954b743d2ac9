{#
    Non-null values of column_name are unique (on the rows kept by
    row_condition). Returns one row per duplicated value with n_records.
#}
{% test expect_column_values_to_be_unique(model, column_name, row_condition=none) %}

select
    {{ column_name }},
    count(*) as n_records
from {{ model }}
{{ jm_expect__where([row_condition, column_name ~ ' is not null']) }}
group by {{ column_name }}
having count(*) > 1

{% endtest %}
