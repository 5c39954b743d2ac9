{# Every raw vendor demographics row, parsed; `rejection_reason` is NULL for usable rows. #}
with

source as (
    select * from {{ journeymap.raw_source('vendor', 'demographics_vendor') }}
),

parsed as (
    select
        nullif(lower(trim(email_sha256)), '') as email_sha256,
        {{ journeymap.parse_integer('age') }} as age,
        {{ journeymap.parse_amount('household_income') }} as household_income,
        {{ journeymap.clean_text('region') }} as region,
        lower({{ journeymap.clean_text('interests') }}) as interests,
        {{ journeymap.parse_timestamp_utc('trim(vendor_updated_at)') }} as vendor_updated_at,
        email_sha256 as email_sha256_raw,
        age as age_raw,
        household_income as household_income_raw,
        vendor_updated_at as vendor_updated_at_raw,
        {{ journeymap.row_hash([
            'email_sha256', 'age', 'household_income', 'region', 'interests', 'vendor_updated_at'
        ]) }} as row_hash
    from source
),

checked as (
    select
        *,
        case
            when {{ journeymap.parse_issue('age_raw', 'age', 'x') }} is not null then 'unparseable_integer'
            when age not between 18 and 100 then 'out_of_range'
        end as age_issue,
        case
            when {{ journeymap.parse_issue('household_income_raw', 'household_income', 'x') }} is not null
                then 'unparseable_amount'
            when household_income < 0 then 'negative_amount'
        end as household_income_issue,
        {{ journeymap.temporal_issue('vendor_updated_at_raw', 'vendor_updated_at') }} as vendor_updated_at_issue
    from parsed
),

final as (
    select
        *,
        {{ journeymap.rejection_columns([
            ['email_sha256 is null', 'missing_required', 'email_sha256', none],
            ['not ' ~ journeymap.regexp_like('email_sha256', "'^[0-9a-f]{64}$'"), 'invalid_hash', 'email_sha256', 'email_sha256_raw'],
        ]) }}
    from checked
)

select * from final
