{#
    What the trigger-based next best actions did, per rule, channel and
    week of exposure (grain: action_uplift_id): conversion and revenue of
    treated vs held-out exposures in the var personalization.uplift_window_days
    after the action (fct_action_exposures), absolute and relative lift,
    and a confidence interval at var personalization.uplift_confidence_z
    (normal approximation; macro uplift_lift_columns documents it). An arm
    without exposures makes its figures and the lift NULL.
#}
with

exposures as (
    select * from {{ ref('fct_action_exposures') }}
),

arms as (
    select
        rule_id,
        channel,
        action,
        exposure_week,
        {{ journeymap.uplift_arm_aggregates() }}
    from exposures
    group by rule_id, channel, action, exposure_week
),

final as (
    select
        {{ dbt.concat(['rule_id', "'|'", dbt.cast('exposure_week', dbt.type_string())]) }} as action_uplift_id,
        rule_id,
        channel,
        action,
        exposure_week,
        treated_exposures,
        treated_customers,
        treated_conversions,
        treated_conversion_rate,
        treated_revenue_usd,
        treated_revenue_per_exposure_usd,
        holdout_exposures,
        holdout_customers,
        holdout_conversions,
        holdout_conversion_rate,
        holdout_revenue_usd,
        holdout_revenue_per_exposure_usd,
        {{ journeymap.uplift_lift_columns(var('personalization')['uplift_confidence_z']) }},
        {{ var('personalization')['uplift_window_days'] }} as window_days
    from arms
)

select * from final
