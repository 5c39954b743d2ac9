{#
    One row per customer with at least one consent event: per purpose, the
    status of the latest event across all the customer's subjects (emails,
    accounts, devices) -- the most recent expression of will wins -- and the
    jurisdiction of the latest event that names one. Defaults for customers
    or purposes without events are applied in customer_profiles.
#}
{%- set purposes = ['email_marketing', 'personalization', 'analytics', 'third_party_data'] -%}
with

consent_events as (
    select * from {{ ref('stg_consent__events') }}
),

identifier_lookup as (
    select * from {{ ref('int_identity_identifier_lookup') }}
),

customer_events as (
    select
        identifier_lookup.customer_id,
        consent_events.consent_event_id,
        consent_events.purpose,
        consent_events.consent_status,
        consent_events.event_at,
        consent_events.jurisdiction
    from consent_events
    inner join identifier_lookup
        on
            consent_events.subject_type = identifier_lookup.identifier_type
            and consent_events.subject_id = identifier_lookup.identifier_value
            and identifier_lookup.customer_count = 1
),

latest_per_purpose as (
    select
        customer_id,
        purpose,
        consent_status,
        event_at,
        row_number() over (
            partition by customer_id, purpose
            order by event_at desc, consent_event_id desc
        ) as recency_rank
    from customer_events
),

latest_jurisdiction as (
    select
        customer_id,
        jurisdiction,
        row_number() over (
            partition by customer_id
            order by event_at desc, consent_event_id desc
        ) as recency_rank
    from customer_events
    where jurisdiction is not null
),

customers as (
    select distinct customer_id
    from customer_events
),

final as (
    select
        customers.customer_id,
        latest_jurisdiction.jurisdiction as consent_jurisdiction,
        {%- for purpose in purposes %}
            max(case when latest_per_purpose.purpose = '{{ purpose }}' then latest_per_purpose.consent_status end)
                as {{ purpose }}_consent_status,
            max(case when latest_per_purpose.purpose = '{{ purpose }}' then latest_per_purpose.event_at end)
                as {{ purpose }}_consent_at{% if not loop.last %},{% endif %}
        {%- endfor %}
    from customers
    left join latest_per_purpose
        on
            customers.customer_id = latest_per_purpose.customer_id
            and latest_per_purpose.recency_rank = 1
    left join latest_jurisdiction
        on
            customers.customer_id = latest_jurisdiction.customer_id
            and latest_jurisdiction.recency_rank = 1
    group by customers.customer_id, latest_jurisdiction.jurisdiction
)

select * from final
