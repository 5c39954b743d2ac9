{#
    One row per audience member now (grain: audience_member_id, a hash of
    audience_id and customer_id, stable from build to build): the table
    Hightouch, Census or RudderStack diff by primary key. entered_at is when
    the current stay in the audience began, last_updated_at when a synced
    attribute last changed (or entered_at), both build times taken from
    audience_changes. No contact details: the sync joins them from the
    channel audience (audience_email_marketing, audience_onsite_personalization).
    Erased and unconsented customers are absent (int_audience_members_current).
#}
with

current_members as (
    select * from {{ ref('int_audience_members_current') }}
),

audience_changes as (
    select * from {{ ref('audience_changes') }}
),

-- the latest entry, and the latest entry or update, of each member
member_times as (
    select
        audience_member_id,
        max(case when change_type = 'entered' then built_at end) as entered_at,
        max(case when change_type in ('entered', 'updated') then built_at end) as last_updated_at
    from audience_changes
    group by audience_member_id
),

final as (
    select
        current_members.audience_member_id,
        current_members.audience_id,
        current_members.customer_id,
        current_members.channel,
        current_members.consent_purpose,
        current_members.consent_basis,
        current_members.consent_granted_at,
        member_times.entered_at,
        member_times.last_updated_at,
        current_members.loyalty_tier,
        current_members.segment_keys,
        current_members.journey_stage,
        current_members.next_best_action,
        current_members.next_best_action_rule_id,
        current_members.is_holdout,
        current_members.action_at,
        current_members.visitor_id_count,
        current_members.attributes_hash
    from current_members
    left join member_times
        on current_members.audience_member_id = member_times.audience_member_id
)

select * from final
