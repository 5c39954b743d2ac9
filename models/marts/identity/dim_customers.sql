{# One row per resolved customer for BI: customer_profiles without PII (contact fields reduced to coarse attributes; no hashes of them either, an unsalted hash is reversible). #}
with

customer_profiles as (
    select * from {{ ref('customer_profiles') }}
),

final as (
    select
        customer_id,
        email is not null as has_email,
        phone is not null as has_phone,
        {{ dbt.split_part('email', "'@'", 2) }} as email_domain,
        country_code,
        cast(extract(year from date_of_birth) as integer) as birth_year,
        profile_type,
        crm_contact_count,
        shop_account_count,
        web_device_count,
        first_seen_at,
        last_seen_at,
        is_gdpr_subject,
        has_email_marketing_consent,
        has_personalization_consent,
        has_analytics_consent,
        has_third_party_data_consent,
        is_email_reachable,
        lifetime_order_count,
        lifetime_revenue_usd,
        first_ordered_at,
        last_ordered_at
    from customer_profiles
)

select * from final
