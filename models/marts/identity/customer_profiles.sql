{#
    One row per resolved customer: golden contact fields with provenance,
    activity span, consent flags per purpose, vendor demographics and
    lifetime orders. Holds PII (activation model, tagged `pii`); BI reads
    dim_customers. Erased customers are left out.
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

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

fx_rates as (
    select * from {{ ref('stg_finance__fx_rates') }}
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
        sum(case when records_resolved.source_table = 'web_devices' then 1 else 0 end) as web_device_count
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

-- an order belongs to its account's customer, a guest order to its email's:
-- one key per order makes it a single equi-join (a join on `a or b` cannot be hashed)
order_owners as (
    select
        order_id,
        ordered_at,
        order_status,
        currency_code,
        order_total,
        case when account_id is not null then 'shop_customers' else 'guest_checkouts' end as owner_source_table,
        coalesce(account_id, guest_email) as owner_record_id
    from orders
),

customer_orders as (
    select
        records_resolved.customer_id,
        order_owners.order_id,
        order_owners.ordered_at,
        order_owners.order_status,
        order_owners.currency_code,
        order_owners.order_total
    from order_owners
    inner join records_resolved
        on
            order_owners.owner_source_table = records_resolved.source_table
            and order_owners.owner_record_id = records_resolved.source_record_id
),

latest_fx_rates as (
    select
        currency_code,
        usd_per_unit,
        row_number() over (partition by currency_code order by rate_date desc) as recency_rank
    from fx_rates
),

orders_in_usd as (
    select
        customer_orders.customer_id,
        customer_orders.order_id,
        customer_orders.ordered_at,
        customer_orders.order_status,
        customer_orders.order_total
        * case
            when customer_orders.currency_code = 'USD' then 1
            else coalesce(daily_rates.usd_per_unit, latest_fx_rates.usd_per_unit)
        end as order_total_usd
    from customer_orders
    left join fx_rates as daily_rates
        on
            customer_orders.currency_code = daily_rates.currency_code
            and cast(customer_orders.ordered_at as date) = daily_rates.rate_date
    left join latest_fx_rates
        on
            customer_orders.currency_code = latest_fx_rates.currency_code
            and latest_fx_rates.recency_rank = 1
),

order_summary as (
    select
        customer_id,
        min(ordered_at) as first_ordered_at,
        max(ordered_at) as last_ordered_at,
        sum(case when order_status <> 'cancelled' then 1 else 0 end) as lifetime_order_count,
        -- NULL (not a guess) when an order's currency has no rate
        case
            when sum(case when order_status not in ('cancelled', 'returned') and order_total_usd is null then 1 else 0 end) > 0
                then null
            else coalesce(sum(case when order_status not in ('cancelled', 'returned') then order_total_usd end), 0)
        end as lifetime_revenue_usd
    from orders_in_usd
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
        customer_demographics.age,
        customer_demographics.household_income,
        customer_demographics.region,
        customer_demographics.interests,
        cast(coalesce(order_summary.lifetime_order_count, 0) as integer) as lifetime_order_count,
        cast(
            case when order_summary.customer_id is null then 0 else order_summary.lifetime_revenue_usd end
            as decimal(18, 2)
        ) as lifetime_revenue_usd,
        order_summary.first_ordered_at,
        order_summary.last_ordered_at
    from customers
    left join golden_records
        on customers.customer_id = golden_records.customer_id
    left join activity_span
        on customers.customer_id = activity_span.customer_id
    left join customer_consent
        on customers.customer_id = customer_consent.customer_id
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
