{#
    fct_action_uplift over all weeks (grain: rule_id): treated vs held-out
    conversion and revenue in the var personalization.uplift_window_days
    after the action, lift and confidence interval (macro
    uplift_lift_columns), from every complete exposure of the rule. The
    dashboard's uplift panel reads it.
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
        min(exposure_week) as first_exposure_week,
        max(exposure_week) as last_exposure_week,
        {{ journeymap.uplift_arm_aggregates() }}
    from exposures
    group by rule_id, channel, action
),

final as (
    select
        rule_id,
        channel,
        action,
        first_exposure_week,
        last_exposure_week,
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
