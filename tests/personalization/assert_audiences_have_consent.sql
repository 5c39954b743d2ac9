{#
    No customer without the needed consent (as of the as-of date) in an
    activation audience: email needs email_marketing, onsite needs
    personalization; every audience row must also be a non-erased customer.
#}
with

consent as (
    select * from {{ ref('int_identity_customer_consent') }}
),

email_audience as (
    select * from {{ ref('audience_email_marketing') }}
),

onsite_audience as (
    select * from {{ ref('audience_onsite_personalization') }}
),

customers_erased as (
    select * from {{ ref('int_customers_erased') }}
),

audience_members as (
    select
        'audience_email_marketing' as audience,
        customer_id,
        'email_marketing' as purpose
    from email_audience
    union all
    select
        'audience_onsite_personalization' as audience,
        customer_id,
        'personalization' as purpose
    from onsite_audience
)

select
    audience_members.audience,
    audience_members.customer_id,
    audience_members.purpose
from audience_members
left join consent
    on audience_members.customer_id = consent.customer_id
left join customers_erased
    on audience_members.customer_id = customers_erased.customer_id
where
    customers_erased.customer_id is not null
    or consent.customer_id is null
    or (audience_members.purpose = 'email_marketing' and not consent.has_email_marketing_consent)
    or (audience_members.purpose = 'personalization' and not consent.has_personalization_consent)
