{#
    One row per (reference_kind, rule_set, group_key, customer_id) where the
    customer meets every rule of the group: rule_set `segment` groups are
    segment_rules.segment_key, `journey_stage` groups are
    journey_stage_rules.journey_stage. Rules of a group are ANDed; a group
    without conditions (metric_name empty) matches every customer.

    entered_date: when the group's conditions all became true, where that is
    computable -- every met rule is on a `days_since_*` metric (it became
    true `threshold` days after the anchor date for `>`/`>=`/`=`, at the
    anchor date for `<`/`<=`) -- else the reference date
    (entered_date_basis says which).
#}
with

features as (
    select * from {{ ref('int_customer_features_unpivoted') }}
),

customer_features as (
    select * from {{ ref('int_customer_features_aggregated') }}
),

segment_rules as (
    select * from {{ ref('segment_rules') }}
),

journey_stage_rules as (
    select * from {{ ref('journey_stage_rules') }}
),

rules as (
    select
        'segment' as rule_set,
        segment_key as group_key,
        metric_name,
        operator,
        cast(threshold as {{ dbt.type_string() }}) as threshold
    from segment_rules
    union all
    select
        'journey_stage' as rule_set,
        journey_stage as group_key,
        metric_name,
        operator,
        cast(threshold as {{ dbt.type_string() }}) as threshold
    from journey_stage_rules
),

group_conditions as (
    select
        rule_set,
        group_key,
        count(metric_name) as condition_count
    from rules
    group by rule_set, group_key
),

rules_met as (
    select
        features.reference_kind,
        features.reference_date,
        features.customer_id,
        rules.rule_set,
        rules.group_key,
        case
            when features.anchor_date is null then null
            when rules.operator in ('<', '<=') then features.anchor_date
            when rules.operator in ('>', '>=', '=')
                then {{ dbt.dateadd(
                    'day',
                    'cast(' ~ journeymap.try_cast('rules.threshold', dbt.type_float()) ~ ' as ' ~ dbt.type_int() ~ ')'
                    ~ " + case when rules.operator = '>' then 1 else 0 end",
                    'features.anchor_date'
                ) }}
        end as condition_true_since
    from features
    inner join rules
        on features.metric_name = rules.metric_name
    where {{ journeymap.rule_condition_met('features.metric_number', 'features.metric_text', 'rules.operator', 'rules.threshold') }}
),

groups_met as (
    select
        rules_met.reference_kind,
        rules_met.reference_date,
        rules_met.customer_id,
        rules_met.rule_set,
        rules_met.group_key,
        count(*) as met_count,
        count(rules_met.condition_true_since) as dated_count,
        max(rules_met.condition_true_since) as latest_true_since
    from rules_met
    group by
        rules_met.reference_kind,
        rules_met.reference_date,
        rules_met.customer_id,
        rules_met.rule_set,
        rules_met.group_key
),

qualified as (
    select
        groups_met.reference_kind,
        groups_met.reference_date,
        groups_met.customer_id,
        groups_met.rule_set,
        groups_met.group_key,
        case
            when groups_met.dated_count = groups_met.met_count
                then cast(least(groups_met.latest_true_since, groups_met.reference_date) as date)
            else groups_met.reference_date
        end as entered_date,
        case
            when groups_met.dated_count = groups_met.met_count then 'rule_start'
            else 'reference_date'
        end as entered_date_basis
    from groups_met
    inner join group_conditions
        on
            groups_met.rule_set = group_conditions.rule_set
            and groups_met.group_key = group_conditions.group_key
    where groups_met.met_count = group_conditions.condition_count
),

unconditional as (
    select
        customer_features.reference_kind,
        customer_features.reference_date,
        customer_features.customer_id,
        group_conditions.rule_set,
        group_conditions.group_key,
        customer_features.reference_date as entered_date,
        'reference_date' as entered_date_basis
    from customer_features
    cross join group_conditions
    where group_conditions.condition_count = 0
),

final as (
    select * from qualified
    union all
    select * from unconditional
)

select * from final
