{#
    One row per audience a reverse-ETL tool can sync (grain: audience_id):
    the two channel audiences and one audience per next-best-action rule
    (seed next_best_action_rules), with its channel, consent purpose, size
    now and holdout. Rule audiences leave held-out customers out (they are
    counted in held_out_customers); channel audiences keep them, flagged
    is_holdout in audience_memberships, since the holdout only withholds
    next best actions.
#}
{%- set settings = var('personalization') -%}
{%- set channel_purposes = settings['channel_consent_purposes'] -%}
with

rules as (
    select * from {{ ref('next_best_action_rules') }}
),

members as (
    select * from {{ ref('int_audience_members_current') }}
),

next_best_actions as (
    select * from {{ ref('next_best_actions') }}
),

channel_definitions as (
    select
        'email_marketing' as audience_id,
        'Email marketing' as audience_name,
        'Customers who may be emailed: email_marketing consent, an address on file, not bounced, unsubscribed or complained (audience_email_marketing).' as audience_description,
        'email' as channel,
        'channel' as audience_type,
        cast(null as {{ dbt.type_string() }}) as rule_id
    union all
    select
        'onsite_personalization' as audience_id,
        'Onsite personalisation' as audience_name,
        'Customers the website may personalise for: personalization consent and a known device or shop account (audience_onsite_personalization).' as audience_description,
        'onsite' as channel,
        'channel' as audience_type,
        cast(null as {{ dbt.type_string() }}) as rule_id
),

rule_definitions as (
    select
        rule_id as audience_id,
        action as audience_name,
        rule_description as audience_description,
        channel,
        'next_best_action' as audience_type,
        rule_id
    from rules
),

definitions as (
    select * from channel_definitions
    union all
    select * from rule_definitions
),

member_counts as (
    select
        audience_id,
        count(*) as member_count,
        count(case when is_holdout then 1 end) as held_out_members
    from members
    group by audience_id
),

-- held-out customers a rule audience would hold but for the holdout
rule_holdouts as (
    select
        next_best_actions.rule_id as audience_id,
        count(*) as held_out_customers
    from next_best_actions
    inner join members
        on
            next_best_actions.customer_id = members.customer_id
            and next_best_actions.channel = members.channel
            and members.audience_type = 'channel'
    where next_best_actions.is_holdout
    group by next_best_actions.rule_id
),

counted as (
    select
        definitions.audience_id,
        definitions.audience_name,
        definitions.audience_description,
        definitions.audience_type,
        definitions.rule_id,
        definitions.channel,
        case definitions.channel
            {%- for channel, purpose in channel_purposes.items() %}
                when '{{ channel }}' then '{{ purpose }}'
            {%- endfor %}
        end as consent_purpose,
        coalesce(member_counts.member_count, 0) as member_count,
        case definitions.audience_type
            when 'channel' then coalesce(member_counts.held_out_members, 0)
            else coalesce(rule_holdouts.held_out_customers, 0)
        end as held_out_customers,
        cast({{ settings['holdout_share'] }} as double) as holdout_share
    from definitions
    left join member_counts
        on definitions.audience_id = member_counts.audience_id
    left join rule_holdouts
        on definitions.audience_id = rule_holdouts.audience_id
),

final as (
    select
        audience_id,
        audience_name,
        audience_description,
        audience_type,
        rule_id,
        channel,
        consent_purpose,
        member_count,
        held_out_customers,
        holdout_share,
        -- the share the hash actually drew among the audience's eligible customers
        case audience_type
            when 'channel' then cast(held_out_customers as double) / nullif(member_count, 0)
            else cast(held_out_customers as double) / nullif(member_count + held_out_customers, 0)
        end as measured_holdout_share
    from counted
)

select * from final
