{#
    Erasure: no record of an erased customer reaches customer_identity_map,
    customer_profiles or dim_customers, and no erasure subject (email,
    account_id, anonymous_id) appears in them. Returns leaking rows.
#}
with

customers_erased as (
    select * from {{ ref('int_customers_erased') }}
),

erasure_requests as (
    select * from {{ ref('stg_consent__erasure_requests') }}
),

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

customer_profiles as (
    select * from {{ ref('customer_profiles') }}
),

dim_customers as (
    select * from {{ ref('dim_customers') }}
),

map_leaks as (
    select
        'customer_identity_map' as relation_name,
        identity_map.customer_id
    from identity_map
    inner join customers_erased
        on identity_map.customer_id = customers_erased.customer_id
),

map_subject_leaks as (
    select
        'customer_identity_map:subject' as relation_name,
        identity_map.customer_id
    from identity_map
    inner join erasure_requests
        on (
            (erasure_requests.subject_type = 'account_id' and identity_map.source_table = 'shop_customers')
            or (erasure_requests.subject_type = 'anonymous_id' and identity_map.source_table = 'web_devices')
        )
        and identity_map.source_record_id = erasure_requests.subject_id
),

profile_leaks as (
    select
        'customer_profiles' as relation_name,
        customer_profiles.customer_id
    from customer_profiles
    left join customers_erased
        on customer_profiles.customer_id = customers_erased.customer_id
    left join erasure_requests
        on
            erasure_requests.subject_type = 'email'
            and customer_profiles.email = erasure_requests.subject_id
    where
        customers_erased.customer_id is not null
        or erasure_requests.request_id is not null
),

dim_leaks as (
    select
        'dim_customers' as relation_name,
        dim_customers.customer_id
    from dim_customers
    inner join customers_erased
        on dim_customers.customer_id = customers_erased.customer_id
),

final as (
    select * from map_leaks
    union all
    select * from map_subject_leaks
    union all
    select * from profile_leaks
    union all
    select * from dim_leaks
)

select * from final
