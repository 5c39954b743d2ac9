{#
    No entry or update in the latest build of audience_changes for a
    customer who is erased, unknown, or without the audience's consent
    purpose granted as of the as-of date (int_identity_customer_consent
    has no row for erased customers). Earlier builds are not re-judged: a
    customer may have had consent then.
#}
{%- set purposes = var('personalization')['channel_consent_purposes'].values() | unique | list -%}
with

audience_changes as (
    select * from {{ ref('audience_changes') }}
),

consent as (
    select * from {{ ref('int_identity_customer_consent') }}
),

customers_erased as (
    select * from {{ ref('int_customers_erased') }}
),

latest_build as (
    select max(build_number) as build_number
    from audience_changes
)

select
    audience_changes.change_id,
    audience_changes.audience_id,
    audience_changes.customer_id,
    audience_changes.change_type,
    audience_changes.consent_purpose
from audience_changes
inner join latest_build
    on audience_changes.build_number = latest_build.build_number
left join consent
    on audience_changes.customer_id = consent.customer_id
left join customers_erased
    on audience_changes.customer_id = customers_erased.customer_id
where
    audience_changes.change_type in ('entered', 'updated')
    and (
        audience_changes.customer_id is null
        or customers_erased.customer_id is not null
        or consent.customer_id is null
        {%- for purpose in purposes %}
            or (audience_changes.consent_purpose = '{{ purpose }}' and not consent.has_{{ purpose }}_consent)
        {%- endfor %}
    )
