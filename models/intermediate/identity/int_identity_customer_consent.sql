{#
    One row per resolved customer (erased customers out): consent per purpose
    as of the as-of date -- the one place consent is decided; customer
    profiles, audiences and next-best-actions all read it.

    The latest consent event on or before the as-of date, per purpose, across
    all the customer's subjects (emails, accounts, devices) wins; ties on time
    go to the larger consent_event_id. Without an event the raw contract's
    defaults apply: no consent for email_marketing, personalization and
    third_party_data; analytics granted unless the customer is a GDPR subject
    (jurisdiction of the latest event in var personalization.gdpr_jurisdictions,
    or, with no jurisdiction on record, a golden-record country in the EU).
#}
{%- set purposes = var('consent_purposes') -%}
{%- set gdpr_jurisdictions = var('personalization')['gdpr_jurisdictions'] -%}
with

consent_events as (
    select * from {{ ref('stg_consent__events') }}
),

unambiguous_identifiers as (
    select * from {{ ref('int_identity_identifiers_unambiguous') }}
),

records_resolved as (
    select * from {{ ref('int_identity_records_resolved') }}
),

golden_records as (
    select * from {{ ref('int_identity_golden_records') }}
),

customers_erased as (
    select * from {{ ref('int_customers_erased') }}
),

countries as (
    select * from {{ ref('countries') }}
),

as_of_date as (
    select * from {{ ref('int_as_of_date') }}
),

customers as (
    select distinct records_resolved.customer_id
    from records_resolved
    left join customers_erased
        on records_resolved.customer_id = customers_erased.customer_id
    where
        records_resolved.customer_id is not null
        and customers_erased.customer_id is null
),

customer_events as (
    select
        unambiguous_identifiers.customer_id,
        consent_events.consent_event_id,
        consent_events.purpose,
        consent_events.consent_status,
        consent_events.event_at,
        consent_events.jurisdiction
    from consent_events
    inner join unambiguous_identifiers
        on
            consent_events.subject_type = unambiguous_identifiers.identifier_type
            and consent_events.subject_id = unambiguous_identifiers.identifier_value
    cross join as_of_date
    where consent_events.event_at < cast({{ dbt.dateadd('day', 1, 'as_of_date.as_of_date') }} as {{ dbt.type_timestamp() }})
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

latest_status as (
    select
        customer_id,
        {%- for purpose in purposes %}
            max(case when purpose = '{{ purpose }}' then consent_status end) as {{ purpose }}_status,
            max(case when purpose = '{{ purpose }}' then event_at end) as {{ purpose }}_event_at{% if not loop.last %},{% endif %}
        {%- endfor %}
    from latest_per_purpose
    where recency_rank = 1
    group by customer_id
),

subjects as (
    select
        customers.customer_id,
        latest_jurisdiction.jurisdiction as consent_jurisdiction,
        coalesce(
            latest_jurisdiction.jurisdiction in ({{ "'" ~ gdpr_jurisdictions | join("', '") ~ "'" }}),
            countries.is_eu,
            false
        ) as is_gdpr_subject
    from customers
    left join latest_jurisdiction
        on
            customers.customer_id = latest_jurisdiction.customer_id
            and latest_jurisdiction.recency_rank = 1
    left join golden_records
        on customers.customer_id = golden_records.customer_id
    left join countries
        on golden_records.country_code = countries.country_code
),

final as (
    select
        subjects.customer_id,
        subjects.consent_jurisdiction,
        subjects.is_gdpr_subject,
        {%- for purpose in purposes %}
            {%- if purpose == 'analytics' %}
                coalesce(latest_status.analytics_status = 'granted', not subjects.is_gdpr_subject) as has_analytics_consent,
            {%- else %}
                coalesce(latest_status.{{ purpose }}_status = 'granted', false) as has_{{ purpose }}_consent,
            {%- endif %}
            case when latest_status.{{ purpose }}_status is null then 'default' else 'event' end as {{ purpose }}_consent_basis,
            latest_status.{{ purpose }}_event_at as {{ purpose }}_consent_at,
        {%- endfor %}
        as_of_date.as_of_date
    from subjects
    cross join as_of_date
    left join latest_status
        on subjects.customer_id = latest_status.customer_id
)

select * from final
