{#
    The latest build's freshness_hours in fct_data_quality_history are never
    negative: a value later than the as-of date (a future timestamp that
    slipped through staging, or a backdated JOURNEYMAP_AS_OF_DATE) must not
    count as the latest load.
#}
with

history as (
    select * from {{ ref('fct_data_quality_history') }}
),

latest_build_time as (
    select max(built_at) as built_at from history
),

final as (
    select
        history.source_table,
        history.metric_value
    from history
    inner join latest_build_time
        on history.built_at = latest_build_time.built_at
    where
        history.metric = 'freshness_hours'
        and history.metric_value < 0
)

select * from final
