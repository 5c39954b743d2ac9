{# Every raw CRM contact row, parsed; `rejection_reason` is NULL for usable rows. #}
with

source as (
    select * from {{ journeymap.raw_source('crm', 'crm_contacts') }}
),

country_aliases as (
    select * from {{ ref('country_aliases') }}
),

countries as (
    select * from {{ ref('countries') }}
),

default_country as (
    select calling_code as default_calling_code
    from countries
    where country_code = '{{ var("default_phone_country") }}'
),

trimmed as (
    select
        nullif(trim(contact_id), '') as contact_id,
        {{ journeymap.normalize_label('source_system') }} as source_system,
        email as email_raw,
        phone as phone_raw,
        first_name as first_name_raw,
        last_name as last_name_raw,
        date_of_birth as date_of_birth_raw,
        street_address as street_address_raw,
        city as city_raw,
        postal_code as postal_code_raw,
        state as state_raw,
        country as country_raw,
        created_at as created_at_raw,
        updated_at as updated_at_raw,
        is_deleted as is_deleted_raw,
        {{ journeymap.row_hash([
            'contact_id', 'source_system', 'email', 'phone', 'first_name', 'last_name',
            'date_of_birth', 'street_address', 'city', 'postal_code', 'state', 'country',
            'created_at', 'updated_at', 'is_deleted'
        ]) }} as row_hash
    from source
),

with_country as (
    select
        trimmed.*,
        countries.country_code,
        -- records without a usable country fall back to var default_phone_country
        coalesce(countries.calling_code, default_country.default_calling_code) as calling_code
    from trimmed
    cross join default_country
    left join country_aliases
        on {{ journeymap.normalize_label('trimmed.country_raw') }} = country_aliases.alias
    left join countries
        on country_aliases.country_code = countries.country_code
),

parsed as (
    select
        {{ dbt.concat(['source_system', "':'", 'contact_id']) }} as contact_record_id,
        contact_id,
        source_system,
        {{ journeymap.normalize_email('email_raw') }} as email,
        {{ journeymap.normalize_phone('phone_raw', 'calling_code') }} as phone,
        {{ journeymap.initcap(journeymap.clean_text('first_name_raw')) }} as first_name,
        {{ journeymap.initcap(journeymap.clean_text('last_name_raw')) }} as last_name,
        {{ journeymap.parse_date('trim(date_of_birth_raw)') }} as date_of_birth,
        {{ journeymap.clean_text('street_address_raw') }} as street_address,
        {{ journeymap.initcap(journeymap.clean_text('city_raw')) }} as city,
        upper({{ journeymap.regexp_replace_all(journeymap.clean_text('postal_code_raw'), journeymap.regexp_literal('\\s+'), "''") }}) as postal_code,
        {{ journeymap.clean_text('state_raw') }} as state,
        country_code,
        {{ journeymap.parse_timestamp_utc('trim(created_at_raw)') }} as created_at,
        {{ journeymap.parse_timestamp_utc('trim(updated_at_raw)') }} as updated_at,
        coalesce({{ journeymap.parse_boolean('is_deleted_raw') }}, false) as is_deleted,
        email_raw,
        phone_raw,
        date_of_birth_raw,
        country_raw,
        created_at_raw,
        updated_at_raw,
        is_deleted_raw,
        {{ journeymap.email_issue('email_raw') }} as email_issue,
        {{ journeymap.phone_issue('phone_raw', 'calling_code') }} as phone_issue,
        row_hash
    from with_country
),

checked as (
    select
        *,
        {{ journeymap.temporal_issue('date_of_birth_raw', 'date_of_birth', 'date') }} as date_of_birth_issue,
        {{ journeymap.parse_issue('country_raw', 'country_code', 'unknown_country') }} as country_issue,
        {{ journeymap.temporal_issue('created_at_raw', 'created_at') }} as created_at_issue,
        {{ journeymap.temporal_issue('updated_at_raw', 'updated_at') }} as updated_at_issue,
        {{ journeymap.parse_issue('is_deleted_raw', journeymap.parse_boolean('is_deleted_raw'), 'unparseable_boolean') }} as is_deleted_issue
    from parsed
),

final as (
    select
        *,
        {{ journeymap.rejection_columns([
            ['contact_id is null', 'missing_required', 'contact_id', none],
            ['source_system is null', 'missing_required', 'source_system', none],
        ]) }}
    from checked
)

select * from final
