{#
    One row per (customer, device) to personalise on site as of the as-of
    date: customers with consent for `personalization` (latest consent event
    wins; no event = no consent), keyed by the web devices (anonymous_id)
    and shop account resolved to them, so the site can recognise the
    visitor. Carries the first name for greetings (PII, tag `pii`: an
    activation feed, not a BI table), segments, journey stage and the onsite
    next best action. Erased customers are absent (customer_profiles).
#}
with

customer_profiles as (
    select * from {{ ref('customer_profiles') }}
),

consent as (
    select * from {{ ref('int_identity_customer_consent') }}
),

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

customer_segments as (
    select * from {{ ref('customer_segments') }}
),

journey_stage as (
    select * from {{ ref('customer_journey_stage') }}
),

next_best_actions as (
    select * from {{ ref('next_best_actions') }}
),

devices as (
    select
        customer_id,
        source_table,
        source_record_id
    from identity_map
    where source_table in ('web_devices', 'shop_customers')
),

segment_lists as (
    select
        customer_id,
        max(case when segment_type = 'loyalty_tier' then segment_key end) as loyalty_tier,
        {{ journeymap.listagg_ordered(
            "case when segment_type = 'dynamic' then segment_key end",
            "';'",
            "case when segment_type = 'dynamic' then segment_key end"
        ) }} as segment_keys
    from customer_segments
    group by customer_id
),

final as (
    select
        {{ dbt.concat(['customer_profiles.customer_id', "'|'", 'devices.source_table', "'|'", 'devices.source_record_id']) }}
            as audience_member_id,
        customer_profiles.customer_id,
        case devices.source_table when 'web_devices' then 'anonymous_id' else 'account_id' end as visitor_id_type,
        devices.source_record_id as visitor_id,
        customer_profiles.first_name,
        consent.personalization_consent_at as consent_granted_at,
        segment_lists.loyalty_tier,
        segment_lists.segment_keys,
        journey_stage.journey_stage,
        next_best_actions.action as next_best_action,
        next_best_actions.rule_id as next_best_action_rule_id,
        coalesce(next_best_actions.is_holdout, false) as is_holdout,
        consent.as_of_date
    from customer_profiles
    inner join consent
        on customer_profiles.customer_id = consent.customer_id
    inner join devices
        on customer_profiles.customer_id = devices.customer_id
    left join segment_lists
        on customer_profiles.customer_id = segment_lists.customer_id
    left join journey_stage
        on customer_profiles.customer_id = journey_stage.customer_id
    left join next_best_actions
        on
            customer_profiles.customer_id = next_best_actions.customer_id
            and next_best_actions.channel = 'onsite'
    where consent.has_personalization_consent
)

select * from final
