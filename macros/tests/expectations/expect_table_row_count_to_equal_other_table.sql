{#
    row count of model = row count of compare_model * factor, overall or per
    group (group_by on model matched position by position with
    compare_group_by on compare_model, which defaults to group_by). A group
    present on one side only counts 0 on the other. Returns one row per
    failing group (or one row for the table) with both counts.
#}
{% test expect_table_row_count_to_equal_other_table(model, compare_model, group_by=none, compare_group_by=none, factor=1, row_condition=none, compare_row_condition=none) %}

{%- set groups = jm_expect__as_list(group_by) -%}
{%- set compare_groups = jm_expect__as_list(compare_group_by) or groups -%}
{%- if compare_groups | length != groups | length -%}
    {{ exceptions.raise_compiler_error(
        "expect_table_row_count_to_equal_other_table: group_by and compare_group_by must have the same number of columns.") }}
{%- endif -%}
{%- set aliases = [] -%}
{%- for group in groups -%}
    {%- do aliases.append(jm_expect__group_alias(group, loop.index)) -%}
{%- endfor %}

with model_counts as (

    select
        {%- for group in groups %}
        {{ group }} as {{ aliases[loop.index0] }},
        {%- endfor %}
        count(*) as model_row_count,
        0 as compare_row_count
    from {{ model }}
    {{ jm_expect__where([row_condition]) }}
    {%- if groups %}
    group by {{ groups | join(', ') }}
    {%- endif %}

),

compare_counts as (

    select
        {%- for group in compare_groups %}
        {{ group }} as {{ aliases[loop.index0] }},
        {%- endfor %}
        0 as model_row_count,
        count(*) as compare_row_count
    from {{ compare_model }}
    {{ jm_expect__where([compare_row_condition]) }}
    {%- if compare_groups %}
    group by {{ compare_groups | join(', ') }}
    {%- endif %}

),

both_counts as (

    select
        {%- for alias in aliases %}
        {{ alias }},
        {%- endfor %}
        sum(model_row_count) as model_row_count,
        sum(compare_row_count) as compare_row_count
    from (
        select * from model_counts
        union all
        select * from compare_counts
    ) as unioned
    {%- if aliases %}
    group by {{ aliases | join(', ') }}
    {%- endif %}

)

select
    *,
    {{ factor }} as factor
from both_counts
where model_row_count <> compare_row_count * {{ factor }}

{% endtest %}
