{#
    Two rows: the dates segments are evaluated at. `as_of` = the build's
    as_of_date (customer_segments, journey stages); `effectiveness_cutoff` =
    as_of_date minus var segments.effectiveness_window_days (membership
    whose outcomes fct_segment_effectiveness measures in the window after).
#}
with

as_of_date as (
    select * from {{ ref('int_as_of_date') }}
),

final as (
    select
        'as_of' as reference_kind,
        as_of_date as reference_date
    from as_of_date
    union all
    select
        'effectiveness_cutoff' as reference_kind,
        cast({{ dbt.dateadd('day', -1 * var('segments')['effectiveness_window_days'], 'as_of_date') }} as date) as reference_date
    from as_of_date
)

select * from final
