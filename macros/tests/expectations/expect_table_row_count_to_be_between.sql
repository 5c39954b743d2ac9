{#
    The number of rows (per group_by group, if given) lies between min_value
    and max_value (inclusive; exclusive when strictly). With group_by only
    groups that have rows are checked. Returns one row per failing group
    (or one row for the table) with row_count.
#}
{% test expect_table_row_count_to_be_between(model, min_value=none, max_value=none, group_by=none, row_condition=none, strictly=false) %}

{%- set groups = jm_expect__as_list(group_by) %}

with row_counts as (

    select
        {%- for group in groups %}
        {{ group }} as {{ jm_expect__group_alias(group, loop.index) }},
        {%- endfor %}
        count(*) as row_count
    from {{ model }}
    {{ jm_expect__where([row_condition]) }}
    {%- if groups %}
    group by {{ groups | join(', ') }}
    {%- endif %}

)

select *
from row_counts
where not {{ jm_expect__between('row_count', min_value, max_value, strictly, 'expect_table_row_count_to_be_between') }}

{% endtest %}
