{#
    One row per customer: the current journey stage as of the build date
    (seed journey_stage_rules: the qualifying stage with the lowest
    assign_priority, so `lapsed` overrides the rest) and the furthest
    progression stage ever reached (awareness -> consideration -> purchase ->
    retention -> loyalty), which the funnel counts.
#}
with

rules_evaluated as (
    select * from {{ ref('int_customer_rules_evaluated') }}
),

customer_features as (
    select * from {{ ref('int_customer_features_aggregated') }}
),

journey_stage_rules as (
    select * from {{ ref('journey_stage_rules') }}
),

stages as (
    select distinct
        journey_stage,
        stage_order,
        is_progression,
        assign_priority
    from journey_stage_rules
),

qualified_stages as (
    select
        rules_evaluated.customer_id,
        rules_evaluated.entered_date,
        stages.journey_stage,
        stages.stage_order,
        stages.is_progression,
        row_number() over (
            partition by rules_evaluated.customer_id
            order by stages.assign_priority asc, stages.journey_stage asc
        ) as current_rank,
        case
            when stages.is_progression
                then row_number() over (
                    partition by rules_evaluated.customer_id, stages.is_progression
                    order by stages.stage_order desc, stages.journey_stage asc
                )
        end as furthest_rank
    from rules_evaluated
    inner join stages
        on rules_evaluated.group_key = stages.journey_stage
    where
        rules_evaluated.reference_kind = 'as_of'
        and rules_evaluated.rule_set = 'journey_stage'
),

final as (
    select
        customer_features.customer_id,
        current_stage.journey_stage,
        current_stage.stage_order as journey_stage_order,
        current_stage.entered_date as journey_stage_entered_date,
        furthest_stage.journey_stage as furthest_stage_reached,
        furthest_stage.stage_order as furthest_stage_order,
        coalesce(not current_stage.is_progression, false) as is_lapsed,
        customer_features.lifetime_orders,
        customer_features.lifetime_sessions,
        customer_features.days_since_last_activity,
        customer_features.reference_date as as_of_date
    from customer_features
    left join qualified_stages as current_stage
        on
            customer_features.customer_id = current_stage.customer_id
            and current_stage.current_rank = 1
    left join qualified_stages as furthest_stage
        on
            customer_features.customer_id = furthest_stage.customer_id
            and furthest_stage.furthest_rank = 1
    where customer_features.reference_kind = 'as_of'
)

select * from final
