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

-- names and cities repeat across records: their matching forms (accents
-- stripped, lower case, letters only) and phonetic codes (macro
-- phonetic_key, a chain of regex replacements read by several blocking
-- passes and link rules) are computed once per distinct value
name_values as (
    select first_name as name_value
    from with_street_key
    where first_name is not null
    union
    select last_name as name_value
    from with_street_key
    where last_name is not null
),

name_value_keys as (
    select
        name_value,
        nullif({{ journeymap.regexp_replace_all(journeymap.strip_accents('lower(name_value)'), "'[^a-z]'", "''") }}, '') as name_key
    from name_values
),

name_dictionary as (
    select
        name_value,
        name_key,
        {{ journeymap.phonetic_key('name_key') }} as name_phonetic
    from name_value_keys
),

city_dictionary as (
    select
        city,
        nullif({{ journeymap.regexp_replace_all(journeymap.strip_accents('lower(city)'), "'[^a-z]'", "''") }}, '') as city_key
    from (
        select distinct city
        from with_street_key
        where city is not null
    ) as cities
),

final as (
    select
        {{ dbt.concat(['with_street_key.source_table', "'|'", 'with_street_key.source_record_id']) }} as record_key,
        with_street_key.source_table,
        with_street_key.source_record_id,
        with_street_key.source_system,
        with_street_key.email,
        with_street_key.phone,
        with_street_key.first_name,
        with_street_key.last_name,
        with_street_key.date_of_birth,
        with_street_key.street_address,
        with_street_key.city,
        with_street_key.postal_code,
        with_street_key.state,
        with_street_key.country_code,
        with_street_key.created_at,
        with_street_key.updated_at,
        with_street_key.is_deleted,
        first_names.name_key as first_name_key,
        last_names.name_key as last_name_key,
        with_street_key.street_key,
        nullif({{ journeymap.regexp_replace_all('with_street_key.street_key', "'[^0-9]'", "''") }}, '') as street_number_key,
        -- the house number is the first token of the line when it starts with
        -- a digit (`82 kitchener st, unit 1` -> 82): digits further on are
        -- flats and units, not the house
        case
            when {{ journeymap.regexp_like("trim(with_street_key.street_address)", "'^[0-9]'") }}
                then nullif({{ journeymap.regexp_replace_all(
                    dbt.split_part("trim(with_street_key.street_address)", "' '", 1), "'[^0-9]'", "''") }}, '')
        end as house_number_key,
        -- the street without any number, compared on its own
        nullif({{ journeymap.regexp_replace_all('with_street_key.street_key', "'[0-9]'", "''") }}, '') as street_name_key,
        cities.city_key,
        {{ journeymap.identity_postal_key('with_street_key.postal_code') }} as postal_key,
        -- completeness: how many golden-record fields the record fills
        (
            case when with_street_key.email is not null then 1 else 0 end
            + case when with_street_key.phone is not null then 1 else 0 end
            + case when with_street_key.first_name is not null then 1 else 0 end
            + case when with_street_key.last_name is not null then 1 else 0 end
            + case when with_street_key.date_of_birth is not null then 1 else 0 end
            + case when with_street_key.street_address is not null then 1 else 0 end
            + case when with_street_key.postal_code is not null then 1 else 0 end
            + case when with_street_key.city is not null then 1 else 0 end
        ) as filled_field_count,
        first_names.name_phonetic as first_name_phonetic,
        last_names.name_phonetic as last_name_phonetic
    from with_street_key
    left join name_dictionary as first_names
        on with_street_key.first_name = first_names.name_value
    left join name_dictionary as last_names
        on with_street_key.last_name = last_names.name_value
    left join city_dictionary as cities
        on with_street_key.city = cities.city
)

select * from final
