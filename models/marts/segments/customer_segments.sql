{#
    One row per customer and segment they belong to as of the build date:
    dynamic segments from seed segment_rules (segment_type `dynamic`) and
    the static loyalty tier by lifetime revenue from seed loyalty_tiers
    (segment_type `loyalty_tier`), each with the date it was entered.
#}
with

rules_evaluated as (
    select * from {{ ref('int_customer_rules_evaluated') }}
),

loyalty_tiers_assigned as (
    select * from {{ ref('int_customer_loyalty_tiers_assigned') }}
),

segment_rules as (
    select * from {{ ref('segment_rules') }}
),

segment_names as (
    select distinct
        segment_key,
        segment_name
    from segment_rules
),

dynamic_segments as (
    select
        rules_evaluated.customer_id,
        'dynamic' as segment_type,
        rules_evaluated.group_key as segment_key,
        segment_names.segment_name,
        rules_evaluated.entered_date,
        rules_evaluated.entered_date_basis,
        rules_evaluated.reference_date as as_of_date
    from rules_evaluated
    inner join segment_names
        on rules_evaluated.group_key = segment_names.segment_key
    where
        rules_evaluated.reference_kind = 'as_of'
        and rules_evaluated.rule_set = 'segment'
),

tier_segments as (
    select
        customer_id,
        'loyalty_tier' as segment_type,
        tier_key as segment_key,
        tier_name as segment_name,
        entered_date,
        'tier_reached' as entered_date_basis,
        reference_date as as_of_date
    from loyalty_tiers_assigned
    where reference_kind = 'as_of'
),

unioned as (
    select * from dynamic_segments
    union all
    select * from tier_segments
),

final as (
    select
        {{ dbt.concat(['customer_id', "'|'", 'segment_key']) }} as customer_segment_id,
        customer_id,
        segment_type,
        segment_key,
        segment_name,
        entered_date,
        entered_date_basis,
        as_of_date
    from unioned
)

select * from final
