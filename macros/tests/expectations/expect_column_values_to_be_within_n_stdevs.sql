{#
    Every value of column_name lies within sigma_threshold sample standard
    deviations of the column mean. With group_by, the column is first summed
    per group and the group sums are compared with their mean. NULLs are not
    checked; a zero deviation passes. Returns the offending rows (or groups)
    with metric_value, metric_avg, metric_sigma and metric_z.
#}
{% test expect_column_values_to_be_within_n_stdevs(model, column_name, group_by=none, sigma_threshold=3) %}

{%- set groups = jm_expect__as_list(group_by) %}

with metric_values as (

    {%- if groups %}
    select
        {%- for group in groups %}
        {{ group }} as {{ jm_expect__group_alias(group, loop.index) }},
        {%- endfor %}
        sum({{ column_name }}) as metric_value
    from {{ model }}
    group by {{ groups | join(', ') }}
    {%- else %}
    select
        *,
        {{ column_name }} as metric_value
    from {{ model }}
    {%- endif %}

),

metric_stats as (

    select
        avg(metric_value) as metric_avg,
        stddev_samp(metric_value) as metric_sigma
    from metric_values

),

scored as (

    select
        metric_values.*,
        metric_stats.metric_avg,
        metric_stats.metric_sigma,
        (metric_values.metric_value - metric_stats.metric_avg)
            / nullif(metric_stats.metric_sigma, 0) as metric_z
    from metric_values
    cross join metric_stats

)

select *
from scored
where abs(metric_z) > {{ sigma_threshold }}

{% endtest %}
