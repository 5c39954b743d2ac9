{#
    The latest value of column_name (a date or timestamp) is no older than
    `interval` `datepart`s (e.g. 1 day) before the current timestamp. An
    empty table (after row_condition) fails. Returns one row with the latest
    value and the threshold when the data is stale.
#}
{% test expect_row_values_to_have_recent_data(model, column_name, datepart, interval, row_condition=none) %}

with latest as (

    select max(cast({{ column_name }} as {{ dbt.type_timestamp() }})) as latest_value
    from {{ model }}
    {{ jm_expect__where([row_condition]) }}

),

threshold as (

    select cast(
        {{ dbt.dateadd(datepart, -1 * (interval | int), dbt.current_timestamp()) }}
        as {{ dbt.type_timestamp() }}
    ) as threshold_value

)

select
    latest.latest_value,
    threshold.threshold_value
from latest
cross join threshold
where latest.latest_value is null
   or latest.latest_value < threshold.threshold_value

{% endtest %}
