{#
    One row per resolved customer: golden contact fields with provenance,
    activity span, consent flags per purpose, email reachability, profile
    type, vendor demographics and lifetime orders (summed from
    int_orders_attributed, like every revenue figure). Holds PII (activation
    model, tagged `pii`); BI reads dim_customers. Erased customers are left
    out.
#}
{%- set purposes = var('consent_purposes') -%}
with

records_resolved as (
    select * from {{ ref('int_identity_records_resolved') }}
),

person_records as (
    select * from {{ ref('int_identity_person_records') }}
),

golden_records as (
    select * from {{ ref('int_identity_golden_records') }}
),

customer_consent as (
    select * from {{ ref('int_identity_customer_consent') }}
),

customers_erased as (
    select * from {{ ref('int_customers_erased') }}
),

unambiguous_identifiers as (
    select * from {{ ref('int_identity_identifiers_unambiguous') }}
),

device_accounts as (
    select * from {{ ref('int_identity_device_accounts') }}
),

orders_attributed as (
    select * from {{ ref('int_orders_attributed') }}
),

customer_behaviour as (
    select * from {{ ref('customer_behaviour') }}
),

demographics as (
    select * from {{ ref('stg_vendor__demographics') }}
),

customers as (
    select
        records_resolved.customer_id,
        max(case when records_resolved.is_anchor_record then records_resolved.record_key end) as anchor_record_key,
        sum(case when records_resolved.source_table = 'crm_contacts' then 1 else 0 end) as crm_contact_count,
        sum(case when records_resolved.source_table = 'shop_customers' then 1 else 0 end) as shop_account_count,
        sum(case when records_resolved.source_table = 'web_devices' then 1 else 0 end) as web_device_count,
        -- records that name a person (contact, account, guest checkout, ticket): not a bare device
        sum(case when records_resolved.source_table <> 'web_devices' then 1 else 0 end) as person_record_count
    from records_resolved
    left join customers_erased
        on records_resolved.customer_id = customers_erased.customer_id
    where
        records_resolved.customer_id is not null
        and customers_erased.customer_id is null
    group by records_resolved.customer_id
),

record_activity as (
    select
        records_resolved.customer_id,
        person_records.created_at as seen_at
    from records_resolved
    inner join person_records
        on records_resolved.record_key = person_records.record_key
    union all
    select
        records_resolved.customer_id,
        device_accounts.first_seen_at as seen_at
    from records_resolved
    inner join device_accounts
        on
            records_resolved.source_table = 'web_devices'
            and records_resolved.source_record_id = device_accounts.anonymous_id
    union all
    select
        records_resolved.customer_id,
        device_accounts.last_seen_at as seen_at
    from records_resolved
    inner join device_accounts
        on
            records_resolved.source_table = 'web_devices'
            and records_resolved.source_record_id = device_accounts.anonymous_id
),

customer_orders as (
    select * from orders_attributed
    where customer_id is not null
),

-- the same sums as customer_behaviour and the semantic layer: counted orders,
-- counted_revenue_usd (an order without a rate counts, adds no revenue)
order_summary as (
    select
        customer_id,
        min(case when is_counted then ordered_at end) as first_ordered_at,
        max(case when is_counted then ordered_at end) as last_ordered_at,
        count(case when is_counted then 1 end) as lifetime_order_count,
        coalesce(sum(counted_revenue_usd), 0) as lifetime_revenue_usd
    from customer_orders
    group by customer_id
),

activity_span as (
    select
        customer_id,
        min(seen_at) as first_seen_at,
        max(seen_at) as last_seen_at
    from (
        select
            customer_id,
            seen_at
        from record_activity
        union all
        select
            customer_id,
            ordered_at as seen_at
        from customer_orders
    ) as activity
    group by customer_id
),

customer_demographics as (
    select
        unambiguous_identifiers.customer_id,
        demographics.age,
        demographics.household_income,
        demographics.region,
        demographics.interests,
        demographics.vendor_updated_at,
        row_number() over (
            partition by unambiguous_identifiers.customer_id
            order by demographics.vendor_updated_at desc nulls last, demographics.email_sha256 asc
        ) as recency_rank
    from demographics
    inner join unambiguous_identifiers
        on
            unambiguous_identifiers.identifier_type = 'email_sha256'
            and demographics.email_sha256 = unambiguous_identifiers.identifier_value
),

final as (
    select
        customers.customer_id,
        golden_records.email,
        golden_records.phone,
        golden_records.first_name,
        golden_records.last_name,
        golden_records.date_of_birth,
        golden_records.street_address,
        golden_records.city,
        golden_records.postal_code,
        golden_records.state,
        golden_records.country_code,
        golden_records.email_source_table,
        golden_records.email_source_record_id,
        golden_records.phone_source_table,
        golden_records.phone_source_record_id,
        golden_records.name_source_table,
        golden_records.name_source_record_id,
        golden_records.address_source_table,
        golden_records.address_source_record_id,
        golden_records.date_of_birth_source_table,
        golden_records.date_of_birth_source_record_id,
        golden_records.country_source_table,
        golden_records.country_source_record_id,
        customers.anchor_record_key,
        case when customers.person_record_count > 0 then 'known_person' else 'anonymous_visitor' end as profile_type,
        cast(customers.crm_contact_count as integer) as crm_contact_count,
        cast(customers.shop_account_count as integer) as shop_account_count,
        cast(customers.web_device_count as integer) as web_device_count,
        activity_span.first_seen_at,
        activity_span.last_seen_at,
        customer_consent.consent_jurisdiction,
        coalesce(customer_consent.is_gdpr_subject, false) as is_gdpr_subject,
        {%- for purpose in purposes %}
            coalesce(customer_consent.has_{{ purpose }}_consent, false) as has_{{ purpose }}_consent,
        {%- endfor %}
        -- the one email reachability rule: every email audience and action reads it
        coalesce(
            customer_consent.has_email_marketing_consent
            and golden_records.email is not null
            and not coalesce(customer_behaviour.is_email_bounced, false)
            and not coalesce(customer_behaviour.is_unsubscribed, false)
            and not coalesce(customer_behaviour.has_complained, false),
            false
        ) as is_email_reachable,
        customer_demographics.age,
        customer_demographics.household_income,
        customer_demographics.region,
        customer_demographics.interests,
        cast(coalesce(order_summary.lifetime_order_count, 0) as integer) as lifetime_order_count,
        cast(coalesce(order_summary.lifetime_revenue_usd, 0) as decimal(18, 2)) as lifetime_revenue_usd,
        order_summary.first_ordered_at,
        order_summary.last_ordered_at
    from customers
    left join golden_records
        on customers.customer_id = golden_records.customer_id
    left join activity_span
        on customers.customer_id = activity_span.customer_id
    left join customer_consent
        on customers.customer_id = customer_consent.customer_id
    left join customer_behaviour
        on customers.customer_id = customer_behaviour.customer_id
    -- the vendor append is shown only with third_party_data consent
    left join customer_demographics
        on
            customers.customer_id = customer_demographics.customer_id
            and customer_demographics.recency_rank = 1
            and customer_consent.has_third_party_data_consent
    left join order_summary
        on customers.customer_id = order_summary.customer_id
)

select * from final
