{#
    count(distinct column_name) / count(column_name) (NULLs ignored) lies
    between min_value and max_value (inclusive; exclusive when strictly),
    overall or per group_by group. A group without non-null values is not
    checked. Returns one row per failing group with the counts and the
    proportion.
#}
{% test expect_column_proportion_of_unique_values_to_be_between(model, column_name, min_value=none, max_value=none, group_by=none, row_condition=none, strictly=false) %}

{%- set groups = jm_expect__as_list(group_by) %}

with value_counts as (

    select
        {%- for group in groups %}
        {{ group }} as {{ jm_expect__group_alias(group, loop.index) }},
        {%- endfor %}
        count(distinct {{ column_name }}) as unique_value_count,
        count({{ column_name }}) as value_count
    from {{ model }}
    {{ jm_expect__where([row_condition]) }}
    {%- if groups %}
    group by {{ groups | join(', ') }}
    {%- endif %}

),

proportions as (

    select
        *,
        unique_value_count * 1.0 / nullif(value_count, 0) as proportion_unique
    from value_counts

)

select *
from proportions
where not {{ jm_expect__between('proportion_unique', min_value, max_value, strictly, 'expect_column_proportion_of_unique_values_to_be_between') }}

{% endtest %}
