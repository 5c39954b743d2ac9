{#
    One row per customer and channel: the next best action, the eligible
    rule of seed next_best_action_rules with the lowest priority. A rule is
    eligible when its conditions hold (required_trigger fired and is still
    active, required_segment held, rfm_segment in required_rfm_segments --
    empty conditions always hold), the customer has consent for the
    channel's purpose (var personalization.channel_consent_purposes) as of
    the as-of date, the channel is reachable (email:
    customer_profiles.is_email_reachable, the rule audience_email_marketing
    uses too), and the action is out of cooldown.

    Cooldown: an action "fired" whenever a trigger that leads to it fired
    (fct_triggers); a trigger rule's action fires now at its latest active
    trigger, a segment/RFM rule's action at the as-of date, and it is
    suppressed when the same action fired less than cooldown_days before.
    Holdout: a deterministic hash of customer_id puts var
    personalization.holdout_share of customers in the holdout (is_holdout),
    the same on every channel and build; they are flagged, not dropped.
#}
{%- set channel_purposes = var('personalization')['channel_consent_purposes'] -%}
{%- set purpose_whens = [] -%}
{%- set consent_whens = [] -%}
{%- for channel, purpose in channel_purposes.items() -%}
    {%- do purpose_whens.append("when '" ~ channel ~ "' then '" ~ purpose ~ "'") -%}
    {%- do consent_whens.append("when '" ~ channel ~ "' then consent.has_" ~ purpose ~ "_consent") -%}
{%- endfor -%}
with

rules as (
    select * from {{ ref('next_best_action_rules') }}
),

triggers as (
    select * from {{ ref('fct_triggers') }}
),

customer_segments as (
    select * from {{ ref('customer_segments') }}
),

customer_rfm as (
    select * from {{ ref('customer_rfm') }}
),

consent as (
    select * from {{ ref('int_identity_customer_consent') }}
),

customer_profiles as (
    select * from {{ ref('customer_profiles') }}
),

as_of_date as (
    select * from {{ ref('int_as_of_date') }}
),

latest_active_triggers as (
    select
        customer_id,
        trigger_name,
        trigger_id,
        fired_at,
        row_number() over (
            partition by customer_id, trigger_name
            order by fired_at desc, trigger_id desc
        ) as recency_rank
    from triggers
    where is_active
),

trigger_candidates as (
    select
        latest_active_triggers.customer_id,
        rules.rule_id,
        latest_active_triggers.trigger_id,
        latest_active_triggers.fired_at as action_at
    from rules
    inner join latest_active_triggers
        on
            rules.required_trigger = latest_active_triggers.trigger_name
            and latest_active_triggers.recency_rank = 1
),

state_candidates as (
    select
        customer_profiles.customer_id,
        rules.rule_id,
        cast(null as {{ dbt.type_string() }}) as trigger_id,
        cast(as_of_date.as_of_date as {{ dbt.type_timestamp() }}) as action_at
    from rules
    cross join customer_profiles
    cross join as_of_date
    where rules.required_trigger is null
),

candidates as (
    select * from trigger_candidates
    union all
    select * from state_candidates
),

conditions_met as (
    select
        candidates.customer_id,
        candidates.rule_id,
        candidates.trigger_id,
        candidates.action_at,
        rules.priority,
        rules.channel,
        rules.action,
        rules.required_trigger,
        rules.cooldown_days
    from candidates
    inner join rules
        on candidates.rule_id = rules.rule_id
    left join customer_segments
        on
            candidates.customer_id = customer_segments.customer_id
            and rules.required_segment = customer_segments.segment_key
    left join customer_rfm
        on candidates.customer_id = customer_rfm.customer_id
    where
        (rules.required_segment is null or customer_segments.customer_id is not null)
        and (
            rules.required_rfm_segments is null
            or {{ dbt.concat(["';'", 'rules.required_rfm_segments', "';'"]) }}
            like {{ dbt.concat(["'%;'", 'customer_rfm.rfm_segment', "';%'"]) }}
        )
),

action_history as (
    select
        triggers.customer_id,
        rules.action,
        triggers.fired_at
    from triggers
    inner join rules
        on triggers.trigger_name = rules.required_trigger
),

with_previous_action as (
    select
        conditions_met.customer_id,
        conditions_met.rule_id,
        conditions_met.action_at,
        max(action_history.fired_at) as previous_action_at
    from conditions_met
    left join action_history
        on
            conditions_met.customer_id = action_history.customer_id
            and conditions_met.action = action_history.action
            and conditions_met.action_at > action_history.fired_at
    group by conditions_met.customer_id, conditions_met.rule_id, conditions_met.action_at
),

eligible as (
    select
        conditions_met.customer_id,
        conditions_met.rule_id,
        conditions_met.trigger_id,
        conditions_met.action_at,
        conditions_met.priority,
        conditions_met.channel,
        conditions_met.action,
        conditions_met.required_trigger,
        conditions_met.cooldown_days,
        with_previous_action.previous_action_at,
        case conditions_met.channel {{ purpose_whens | join(' ') }} end as consent_purpose
    from conditions_met
    inner join with_previous_action
        on
            conditions_met.customer_id = with_previous_action.customer_id
            and conditions_met.rule_id = with_previous_action.rule_id
    inner join consent
        on conditions_met.customer_id = consent.customer_id
    inner join customer_profiles
        on conditions_met.customer_id = customer_profiles.customer_id
    where
        case conditions_met.channel {{ consent_whens | join(' ') }} else false end
        and (conditions_met.channel <> 'email' or customer_profiles.is_email_reachable)
        and (
            with_previous_action.previous_action_at is null
            or with_previous_action.previous_action_at
            <= {{ dbt.dateadd('day', '-1 * conditions_met.cooldown_days', 'conditions_met.action_at') }}
        )
),

ranked as (
    select
        eligible.customer_id,
        eligible.rule_id,
        eligible.trigger_id,
        eligible.action_at,
        eligible.priority,
        eligible.channel,
        eligible.action,
        eligible.required_trigger,
        eligible.cooldown_days,
        eligible.previous_action_at,
        eligible.consent_purpose,
        row_number() over (
            partition by eligible.customer_id, eligible.channel
            order by eligible.priority asc, eligible.rule_id asc
        ) as action_rank
    from eligible
),

final as (
    select
        {{ dbt.concat(['ranked.customer_id', "'|'", 'ranked.channel']) }} as next_best_action_id,
        ranked.customer_id,
        ranked.channel,
        ranked.action,
        ranked.rule_id,
        cast(ranked.priority as {{ dbt.type_int() }}) as priority,
        ranked.consent_purpose,
        ranked.required_trigger as trigger_name,
        ranked.trigger_id,
        ranked.action_at,
        ranked.previous_action_at,
        cast(ranked.cooldown_days as {{ dbt.type_int() }}) as cooldown_days,
        {{ journeymap.holdout_bucket('ranked.customer_id', var('personalization')['holdout_salt']) }} as holdout_bucket,
        {{ journeymap.is_in_holdout('ranked.customer_id') }} as is_holdout,
        as_of_date.as_of_date
    from ranked
    cross join as_of_date
    where ranked.action_rank = 1
)

select * from final
