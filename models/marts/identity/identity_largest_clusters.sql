{# The 100 customers with the most identity-bearing records, with their record counts per source: the first place to look for false merges. #}
with

records_resolved as (
    select * from {{ ref('int_identity_records_resolved') }}
),

customers_erased as (
    select * from {{ ref('int_customers_erased') }}
),

customer_sizes as (
    select
        records_resolved.customer_id,
        count(*) as record_count,
        sum(case when records_resolved.source_table = 'crm_contacts' then 1 else 0 end) as crm_contact_count,
        sum(case when records_resolved.source_table = 'shop_customers' then 1 else 0 end) as shop_account_count,
        sum(case when records_resolved.source_table = 'web_devices' then 1 else 0 end) as web_device_count,
        sum(case when records_resolved.source_table = 'support_tickets' then 1 else 0 end) as support_ticket_count
    from records_resolved
    left join customers_erased
        on records_resolved.customer_id = customers_erased.customer_id
    where
        records_resolved.customer_id is not null
        and customers_erased.customer_id is null
    group by records_resolved.customer_id
),

ranked as (
    select
        customer_id,
        record_count,
        crm_contact_count,
        shop_account_count,
        web_device_count,
        support_ticket_count,
        row_number() over (order by record_count desc, customer_id asc) as size_rank
    from customer_sizes
),

final as (
    select
        customer_id,
        cast(size_rank as integer) as size_rank,
        cast(record_count as integer) as record_count,
        cast(crm_contact_count as integer) as crm_contact_count,
        cast(shop_account_count as integer) as shop_account_count,
        cast(web_device_count as integer) as web_device_count,
        cast(support_ticket_count as integer) as support_ticket_count
    from ranked
    where size_rank <= 100
)

select * from final
