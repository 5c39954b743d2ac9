{# The latest build's table totals in fct_data_quality_history equal fct_source_row_counts of the same build. #}
with

history as (
    select * from {{ ref('fct_data_quality_history') }}
),

source_row_counts as (
    select * from {{ ref('fct_source_row_counts') }}
),

latest_build_time as (
    select max(built_at) as built_at from history
),

latest_build as (
    select
        history.source_table,
        history.metric_value
    from history
    inner join latest_build_time
        on history.built_at = latest_build_time.built_at
    where
        history.metric = 'rows_in'
        and history.metric_detail = ''
),

final as (
    select
        source_row_counts.source_table,
        source_row_counts.rows_in,
        latest_build.metric_value
    from source_row_counts
    left join latest_build
        on source_row_counts.source_table = latest_build.source_table
    where
        latest_build.metric_value is null
        or latest_build.metric_value <> source_row_counts.rows_in
)

select * from final
