{# One row per person record that identity resolution matches (CRM contact, shop account, support ticket, guest-checkout email), with matching keys. #}
with

crm_contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

shop_customers as (
    select * from {{ ref('stg_shop__customers') }}
),

support_tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

shop_orders as (
    select * from {{ ref('stg_shop__orders') }}
),

crm_records as (
    select
        'crm_contacts' as source_table,
        contact_record_id as source_record_id,
        source_system,
        email,
        phone,
        first_name,
        last_name,
        date_of_birth,
        street_address,
        city,
        postal_code,
        state,
        country_code,
        created_at,
        updated_at,
        is_deleted
    from crm_contacts
),

shop_records as (
    select
        'shop_customers' as source_table,
        account_id as source_record_id,
        'shop' as source_system,
        email,
        phone,
        first_name,
        last_name,
        cast(null as date) as date_of_birth,
        cast(null as {{ dbt.type_string() }}) as street_address,
        cast(null as {{ dbt.type_string() }}) as city,
        cast(null as {{ dbt.type_string() }}) as postal_code,
        cast(null as {{ dbt.type_string() }}) as state,
        country_code,
        created_at,
        updated_at,
        false as is_deleted
    from shop_customers
),

-- a ticket carrying both an email and a phone bridges them
ticket_records as (
    select
        'support_tickets' as source_table,
        ticket_id as source_record_id,
        'support' as source_system,
        requester_email as email,
        requester_phone as phone,
        cast(null as {{ dbt.type_string() }}) as first_name,
        cast(null as {{ dbt.type_string() }}) as last_name,
        cast(null as date) as date_of_birth,
        cast(null as {{ dbt.type_string() }}) as street_address,
        cast(null as {{ dbt.type_string() }}) as city,
        cast(null as {{ dbt.type_string() }}) as postal_code,
        cast(null as {{ dbt.type_string() }}) as state,
        cast(null as {{ dbt.type_string() }}) as country_code,
        opened_at as created_at,
        opened_at as updated_at,
        false as is_deleted
    from support_tickets
    where requester_email is not null or requester_phone is not null
),

-- a guest checkout is known only by its email: one record per email
guest_records as (
    select
        'guest_checkouts' as source_table,
        guest_email as source_record_id,
        'shop' as source_system,
        guest_email as email,
        cast(null as {{ dbt.type_string() }}) as phone,
        cast(null as {{ dbt.type_string() }}) as first_name,
        cast(null as {{ dbt.type_string() }}) as last_name,
        cast(null as date) as date_of_birth,
        cast(null as {{ dbt.type_string() }}) as street_address,
        cast(null as {{ dbt.type_string() }}) as city,
        cast(null as {{ dbt.type_string() }}) as postal_code,
        cast(null as {{ dbt.type_string() }}) as state,
        cast(null as {{ dbt.type_string() }}) as country_code,
        min(ordered_at) as created_at,
        max(ordered_at) as updated_at,
        false as is_deleted
    from shop_orders
    where account_id is null and guest_email is not null
    group by guest_email
),

unioned as (
    select * from crm_records
    union all
    select * from shop_records
    union all
    select * from ticket_records
    union all
    select * from guest_records
),

-- the street key (macro identity_street_key) is a chain of ~25 regex
-- replacements: computed once, in three stages so no expression nests too deep
street_key_stage_1 as (
    select
        *,
        {{ journeymap.identity_street_key_stage('street_address', 1) }} as street_key_1
    from unioned
),

street_key_stage_2 as (
    select
        *,
        {{ journeymap.identity_street_key_stage('street_key_1', 2) }} as street_key_2
    from street_key_stage_1
),

with_street_key as (
    select
        *,
        {{ journeymap.identity_street_key_stage('street_key_2', 3) }} as street_key
    from street_key_stage_2
),

with_keys as (
    select
        {{ dbt.concat(['source_table', "'|'", 'source_record_id']) }} as record_key,
        source_table,
        source_record_id,
        source_system,
        email,
        phone,
        first_name,
        last_name,
        date_of_birth,
        street_address,
        city,
        postal_code,
        state,
        country_code,
        created_at,
        updated_at,
        is_deleted,
        -- matching forms: accents stripped, lower case, letters only
        nullif({{ journeymap.regexp_replace_all(journeymap.strip_accents('lower(first_name)'), "'[^a-z]'", "''") }}, '') as first_name_key,
        nullif({{ journeymap.regexp_replace_all(journeymap.strip_accents('lower(last_name)'), "'[^a-z]'", "''") }}, '') as last_name_key,
        street_key,
        nullif({{ journeymap.regexp_replace_all('street_key', "'[^0-9]'", "''") }}, '') as street_number_key,
        nullif({{ journeymap.regexp_replace_all(journeymap.strip_accents('lower(city)'), "'[^a-z]'", "''") }}, '') as city_key,
        {{ journeymap.identity_postal_key('postal_code') }} as postal_key,
        -- completeness: how many golden-record fields the record fills
        (
            case when email is not null then 1 else 0 end
            + case when phone is not null then 1 else 0 end
            + case when first_name is not null then 1 else 0 end
            + case when last_name is not null then 1 else 0 end
            + case when date_of_birth is not null then 1 else 0 end
            + case when street_address is not null then 1 else 0 end
            + case when postal_code is not null then 1 else 0 end
            + case when city is not null then 1 else 0 end
        ) as filled_field_count
    from with_street_key
),

-- phonetic codes (macro phonetic_key, a chain of regex replacements) feed
-- several blocking passes and link rules: computed once per record, here
final as (
    select
        *,
        {{ journeymap.phonetic_key('first_name_key') }} as first_name_phonetic,
        {{ journeymap.phonetic_key('last_name_key') }} as last_name_phonetic
    from with_keys
)

select * from final
