{#
    One row per (identifier, customer): how an email, phone, email SHA-256,
    account_id or anonymous_id found anywhere resolves to customers. Other
    models use it to key events, consent subjects and erasure requests.
    An identifier normally has one customer; hub identifiers can have several
    (customer_count > 1) and consumers decide (erasure takes them all).
#}
with

records_resolved as (
    select * from {{ ref('int_identity_records_resolved') }}
),

record_identifiers as (
    select * from {{ ref('int_identity_record_identifiers') }}
),

contact_identifiers as (
    select
        record_identifiers.identifier_type,
        record_identifiers.identifier_value,
        records_resolved.customer_id
    from record_identifiers
    inner join records_resolved
        on record_identifiers.record_key = records_resolved.record_key
    where records_resolved.customer_id is not null
),

email_hashes as (
    select
        'email_sha256' as identifier_type,
        {{ journeymap.sha256('identifier_value') }} as identifier_value,
        customer_id
    from contact_identifiers
    where identifier_type = 'email'
),

record_ids as (
    select
        case source_table
            when 'shop_customers' then 'account_id'
            when 'web_devices' then 'anonymous_id'
            else source_table
        end as identifier_type,
        source_record_id as identifier_value,
        customer_id
    from records_resolved
    where
        source_table in ('shop_customers', 'web_devices')
        and customer_id is not null
),

unioned as (
    select * from contact_identifiers
    union all
    select * from email_hashes
    union all
    select * from record_ids
),

deduplicated as (
    select distinct
        identifier_type,
        identifier_value,
        customer_id
    from unioned
),

final as (
    select
        identifier_type,
        identifier_value,
        customer_id,
        count(*) over (partition by identifier_type, identifier_value) as customer_count
    from deduplicated
)

select * from final
