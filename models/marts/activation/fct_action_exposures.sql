{#
    One row per exposure (grain: exposure_id): a moment a trigger-based
    next-best-action rule would act on a customer, with what the customer
    did in the var personalization.uplift_window_days that followed. The
    input of fct_action_uplift.

    An exposure is a firing of the rule's required_trigger (fct_triggers,
    every firing, not only the active ones) that is out of the action's
    cooldown (no earlier firing leading to the same action within
    cooldown_days, the rule of next_best_actions), for a customer with the
    channel's consent as of the as-of date (consent history is not kept, so
    today's consent stands in for the consent at the time; the filter is
    the same for both arms, so it does not bias the comparison). Treated or
    held out by the same hash as next_best_actions (is_holdout). Priority
    between rules is not replayed: each rule is measured on every moment
    its own conditions held.

    Only exposures whose whole window lies before the as-of date (complete
    outcome data) are kept; segment and RFM rules act at the as-of date, so
    their windows are still open and they have no exposures yet.
    Outcome: a counted order (fct_orders.is_counted) placed after the firing
    and at most uplift_window_days later; revenue is their order_total_usd.
#}
{%- set settings = var('personalization') -%}
{%- set channel_purposes = settings['channel_consent_purposes'] -%}
with

rules as (
    select * from {{ ref('next_best_action_rules') }}
),

triggers as (
    select * from {{ ref('fct_triggers') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

consent as (
    select * from {{ ref('int_identity_customer_consent') }}
),

as_of_date as (
    select * from {{ ref('int_as_of_date') }}
),

action_firings as (
    select distinct
        triggers.customer_id,
        rules.action,
        triggers.fired_at
    from triggers
    inner join rules
        on triggers.trigger_name = rules.required_trigger
),

action_firings_with_previous as (
    select
        customer_id,
        action,
        fired_at,
        lag(fired_at) over (partition by customer_id, action order by fired_at) as previous_action_at
    from action_firings
),

rule_firings as (
    select
        rules.rule_id,
        rules.channel,
        rules.action,
        rules.cooldown_days,
        triggers.trigger_id,
        triggers.trigger_name,
        triggers.customer_id,
        triggers.fired_at,
        action_firings_with_previous.previous_action_at
    from rules
    inner join triggers
        on rules.required_trigger = triggers.trigger_name
    inner join action_firings_with_previous
        on
            triggers.customer_id = action_firings_with_previous.customer_id
            and rules.action = action_firings_with_previous.action
            and triggers.fired_at = action_firings_with_previous.fired_at
),

exposures as (
    select
        rule_firings.rule_id,
        rule_firings.channel,
        rule_firings.action,
        rule_firings.trigger_id,
        rule_firings.trigger_name,
        rule_firings.customer_id,
        rule_firings.fired_at,
        {{ dbt.dateadd('day', settings['uplift_window_days'], 'rule_firings.fired_at') }} as window_end_at
    from rule_firings
    inner join consent
        on rule_firings.customer_id = consent.customer_id
    cross join as_of_date
    where
        case rule_firings.channel
            {%- for channel, purpose in channel_purposes.items() %}
                when '{{ channel }}' then consent.has_{{ purpose }}_consent
            {%- endfor %}
            else false
        end
        and (
            rule_firings.previous_action_at is null
            or rule_firings.previous_action_at
            <= {{ dbt.dateadd('day', '-1 * rule_firings.cooldown_days', 'rule_firings.fired_at') }}
        )
        and {{ dbt.dateadd('day', settings['uplift_window_days'], 'rule_firings.fired_at') }}
        <= cast(as_of_date.as_of_date as {{ dbt.type_timestamp() }})
),

outcomes as (
    select
        exposures.trigger_id,
        exposures.rule_id,
        count(orders.order_id) as orders_in_window,
        sum(cast(orders.order_total_usd as double)) as revenue_usd
    from exposures
    left join orders
        on
            exposures.customer_id = orders.customer_id
            and orders.is_counted
            and exposures.fired_at < orders.ordered_at
            and exposures.window_end_at >= orders.ordered_at
    group by exposures.trigger_id, exposures.rule_id
),

final as (
    select
        {{ dbt.hash(dbt.concat(['exposures.rule_id', "'|'", 'exposures.trigger_id'])) }} as exposure_id,
        exposures.rule_id,
        exposures.channel,
        exposures.action,
        exposures.trigger_id,
        exposures.trigger_name,
        exposures.customer_id,
        exposures.fired_at as exposed_at,
        cast({{ dbt.date_trunc('week', 'exposures.fired_at') }} as date) as exposure_week,
        exposures.window_end_at,
        {{ journeymap.is_in_holdout('exposures.customer_id') }} as is_holdout,
        cast(outcomes.orders_in_window as {{ dbt.type_int() }}) as orders_in_window,
        outcomes.orders_in_window > 0 as has_converted,
        coalesce(outcomes.revenue_usd, 0) as revenue_usd,
        as_of_date.as_of_date
    from exposures
    inner join outcomes
        on
            exposures.trigger_id = outcomes.trigger_id
            and exposures.rule_id = outcomes.rule_id
    cross join as_of_date
)

select * from final
