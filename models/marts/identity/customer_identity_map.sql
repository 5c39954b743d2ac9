{# One row per identity-bearing raw record (CRM contact, shop account, web device) with its customer_id; erased customers are left out. #}
with

records_resolved as (
    select * from {{ ref('int_identity_records_resolved') }}
),

customers_erased as (
    select * from {{ ref('int_customers_erased') }}
),

final as (
    select
        records_resolved.source_table,
        records_resolved.source_record_id,
        records_resolved.customer_id,
        records_resolved.is_anchor_record
    from records_resolved
    left join customers_erased
        on records_resolved.customer_id = customers_erased.customer_id
    where
        records_resolved.source_table in ('crm_contacts', 'shop_customers', 'web_devices')
        and customers_erased.customer_id is null
)

select * from final
