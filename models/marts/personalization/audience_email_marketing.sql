{#
    One row per customer to include in email campaigns as of the as-of date:
    customer_profiles.is_email_reachable (the project's one email rule:
    email_marketing consent, an address on file, not bounced, unsubscribed,
    complained or erased; next_best_actions uses the same). Carries the contact details the email service needs (PII,
    tag `pii`: this is an activation export, not a BI table) and the
    targeting attributes: loyalty tier, segments, journey stage and the email
    next best action. Erased customers are absent (customer_profiles).
#}
with

customer_profiles as (
    select * from {{ ref('customer_profiles') }}
),

consent as (
    select * from {{ ref('int_identity_customer_consent') }}
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
        customer_profiles.customer_id,
        customer_profiles.email,
        customer_profiles.first_name,
        customer_profiles.last_name,
        customer_profiles.country_code,
        consent.email_marketing_consent_at as consent_granted_at,
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
    left join segment_lists
        on customer_profiles.customer_id = segment_lists.customer_id
    left join journey_stage
        on customer_profiles.customer_id = journey_stage.customer_id
    left join next_best_actions
        on
            customer_profiles.customer_id = next_best_actions.customer_id
            and next_best_actions.channel = 'email'
    where customer_profiles.is_email_reachable
)

select * from final
