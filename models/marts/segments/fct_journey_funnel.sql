{#
    One row per journey stage (seed journey_stage_rules): customers currently
    in the stage, customers who have reached it (furthest progression stage
    at or beyond it), and stage-to-stage conversion of the progression
    stages. `lapsed` is not a progression step: its reach and conversions
    are NULL.
#}
with

journey_stage as (
    select * from {{ ref('customer_journey_stage') }}
),

journey_stage_rules as (
    select * from {{ ref('journey_stage_rules') }}
),

as_of_date as (
    select * from {{ ref('int_as_of_date') }}
),

stages as (
    select distinct
        journey_stage,
        stage_order,
        is_progression,
        stage_description
    from journey_stage_rules
),

current_counts as (
    select
        journey_stage,
        count(*) as customers_in_stage
    from journey_stage
    group by journey_stage
),

reached_counts as (
    select
        stages.journey_stage,
        count(journey_stage.customer_id) as customers_reached
    from stages
    left join journey_stage
        on stages.stage_order <= journey_stage.furthest_stage_order
    where stages.is_progression
    group by stages.journey_stage
),

stage_figures as (
    select
        stages.journey_stage,
        stages.stage_order,
        stages.is_progression,
        stages.stage_description,
        coalesce(current_counts.customers_in_stage, 0) as customers_in_stage,
        reached_counts.customers_reached
    from stages
    left join current_counts
        on stages.journey_stage = current_counts.journey_stage
    left join reached_counts
        on stages.journey_stage = reached_counts.journey_stage
),

with_previous as (
    select
        journey_stage,
        stage_order,
        is_progression,
        stage_description,
        customers_in_stage,
        customers_reached,
        lag(customers_reached) over (partition by is_progression order by stage_order asc) as previous_stage_reached,
        first_value(customers_reached) over (
            partition by is_progression
            order by stage_order asc
            rows between unbounded preceding and unbounded following
        ) as first_stage_reached
    from stage_figures
),

final as (
    select
        with_previous.journey_stage,
        cast(with_previous.stage_order as {{ dbt.type_int() }}) as stage_order,
        with_previous.is_progression,
        with_previous.stage_description,
        cast(with_previous.customers_in_stage as {{ dbt.type_bigint() }}) as customers_in_stage,
        cast(with_previous.customers_reached as {{ dbt.type_bigint() }}) as customers_reached,
        cast(
            case
                when with_previous.is_progression and with_previous.previous_stage_reached > 0
                    then 1.0 * with_previous.customers_reached / with_previous.previous_stage_reached
            end as decimal(9, 4)
        ) as conversion_from_previous_stage,
        cast(
            case
                when with_previous.is_progression and with_previous.first_stage_reached > 0
                    then 1.0 * with_previous.customers_reached / with_previous.first_stage_reached
            end as decimal(9, 4)
        ) as conversion_from_first_stage,
        as_of_date.as_of_date
    from with_previous
    cross join as_of_date
)

select * from final
