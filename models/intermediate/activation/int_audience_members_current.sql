{#
    One row per (audience, customer) who belongs to the audience in this
    build (grain: audience_member_id). The audiences:

    - `email_marketing` and `onsite_personalization`: the customers of the
      channel audiences audience_email_marketing and
      audience_onsite_personalization (consent, reachability and erasure are
      decided there, not here);
    - one audience per next-best-action rule (audience_id = rule_id): the
      customers whose next best action comes from that rule, who are not in
      the holdout (a held-out customer must not be synced to the tool that
      acts) and who are in the channel's audience (so the rule audiences
      inherit its consent and reachability checks).

    Only non-PII targeting attributes: reverse-ETL tools join the contact
    details from the channel audience at sync time. attributes_hash changes
    exactly when a synced attribute changes (an `updated` row in
    audience_changes).
#}
{%- set channel_purposes = var('personalization')['channel_consent_purposes'] -%}
with

email_audience as (
    select * from {{ ref('audience_email_marketing') }}
),

onsite_audience as (
    select * from {{ ref('audience_onsite_personalization') }}
),

next_best_actions as (
    select * from {{ ref('next_best_actions') }}
),

-- the onsite audience has one row per visitor id; its attributes are the customer's
onsite_customers as (
    select
        customer_id,
        min(consent_granted_at) as consent_granted_at,
        max(loyalty_tier) as loyalty_tier,
        max(segment_keys) as segment_keys,
        max(journey_stage) as journey_stage,
        max(next_best_action) as next_best_action,
        max(next_best_action_rule_id) as next_best_action_rule_id,
        max(case when is_holdout then 1 else 0 end) = 1 as is_holdout,
        count(*) as visitor_id_count
    from onsite_audience
    group by customer_id
),

channel_members as (
    select
        'email' as channel,
        customer_id,
        consent_granted_at,
        loyalty_tier,
        segment_keys,
        journey_stage,
        next_best_action,
        next_best_action_rule_id,
        is_holdout,
        cast(null as {{ dbt.type_bigint() }}) as visitor_id_count
    from email_audience
    union all
    select
        'onsite' as channel,
        customer_id,
        consent_granted_at,
        loyalty_tier,
        segment_keys,
        journey_stage,
        next_best_action,
        next_best_action_rule_id,
        is_holdout,
        visitor_id_count
    from onsite_customers
),

channel_audience_members as (
    select
        case channel
            when 'email' then 'email_marketing'
            else 'onsite_personalization'
        end as audience_id,
        'channel' as audience_type,
        channel,
        customer_id,
        consent_granted_at,
        loyalty_tier,
        segment_keys,
        journey_stage,
        next_best_action,
        next_best_action_rule_id,
        is_holdout,
        cast(null as {{ dbt.type_timestamp() }}) as action_at,
        visitor_id_count
    from channel_members
),

rule_audience_members as (
    select
        next_best_actions.rule_id as audience_id,
        'next_best_action' as audience_type,
        next_best_actions.channel,
        channel_members.customer_id,
        channel_members.consent_granted_at,
        channel_members.loyalty_tier,
        channel_members.segment_keys,
        channel_members.journey_stage,
        next_best_actions.action as next_best_action,
        next_best_actions.rule_id as next_best_action_rule_id,
        next_best_actions.is_holdout,
        next_best_actions.action_at,
        channel_members.visitor_id_count
    from next_best_actions
    inner join channel_members
        on
            next_best_actions.customer_id = channel_members.customer_id
            and next_best_actions.channel = channel_members.channel
    where not next_best_actions.is_holdout
),

members as (
    select * from channel_audience_members
    union all
    select * from rule_audience_members
),

final as (
    select
        {{ dbt.hash(dbt.concat(['members.audience_id', "'|'", 'members.customer_id'])) }} as audience_member_id,
        members.audience_id,
        members.audience_type,
        members.customer_id,
        members.channel,
        case members.channel
            {%- for channel, purpose in channel_purposes.items() %}
                when '{{ channel }}' then '{{ purpose }}'
            {%- endfor %}
        end as consent_purpose,
        -- members need a granted consent event: these purposes have no default consent
        'consent_event' as consent_basis,
        members.consent_granted_at,
        members.loyalty_tier,
        members.segment_keys,
        members.journey_stage,
        members.next_best_action,
        members.next_best_action_rule_id,
        members.is_holdout,
        members.action_at,
        members.visitor_id_count,
        {{ dbt.hash(dbt.concat([
            "coalesce(members.loyalty_tier, '')", "'|'",
            "coalesce(members.segment_keys, '')", "'|'",
            "coalesce(members.journey_stage, '')", "'|'",
            "coalesce(members.next_best_action, '')", "'|'",
            "coalesce(members.next_best_action_rule_id, '')", "'|'",
            "case when members.is_holdout then '1' else '0' end", "'|'",
            "coalesce(" ~ dbt.cast('members.action_at', dbt.type_string()) ~ ", '')", "'|'",
            "coalesce(" ~ dbt.cast('members.visitor_id_count', dbt.type_string()) ~ ", '')",
        ])) }} as attributes_hash
    from members
)

select * from final
