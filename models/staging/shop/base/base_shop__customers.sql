{# Every raw shop account row, parsed; `rejection_reason` is NULL for usable rows. #}
with

source as (
    select * from {{ journeymap.raw_source('shop', 'shop_customers') }}
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

with_country as (
    select
        source.*,
        countries.country_code,
        coalesce(countries.calling_code, default_country.default_calling_code) as calling_code,
        {{ journeymap.row_hash([
            'source.account_id', 'source.email', 'source.phone', 'source.first_name', 'source.last_name',
            'source.country', 'source.created_at', 'source.updated_at'
        ]) }} as row_hash
    from source
    cross join default_country
    left join country_aliases
        on {{ journeymap.normalize_label('source.country') }} = country_aliases.alias
    left join countries
        on country_aliases.country_code = countries.country_code
),

parsed as (
    select
        nullif(trim(account_id), '') as account_id,
        {{ journeymap.normalize_email('email') }} as email,
        {{ journeymap.normalize_phone('phone', 'calling_code') }} as phone,
        {{ journeymap.initcap(journeymap.clean_text('first_name')) }} as first_name,
        {{ journeymap.initcap(journeymap.clean_text('last_name')) }} as last_name,
        country_code,
        {{ journeymap.parse_timestamp_utc('trim(created_at)') }} as created_at,
        {{ journeymap.parse_timestamp_utc('trim(updated_at)') }} as updated_at,
        email as email_raw,
        phone as phone_raw,
        country as country_raw,
        created_at as created_at_raw,
        updated_at as updated_at_raw,
        {{ journeymap.email_issue('email') }} as email_issue,
        {{ journeymap.phone_issue('phone', 'calling_code') }} as phone_issue,
        row_hash
    from with_country
),

checked as (
    select
        *,
        {{ journeymap.parse_issue('country_raw', 'country_code', 'unknown_country') }} as country_issue,
        {{ journeymap.temporal_issue('created_at_raw', 'created_at') }} as created_at_issue,
        {{ journeymap.temporal_issue('updated_at_raw', 'updated_at') }} as updated_at_issue
    from parsed
),

final as (
    select
        *,
        {{ journeymap.rejection_columns([
            ['account_id is null', 'missing_required', 'account_id', none],
        ]) }}
    from checked
)

select * from final
