{# Every raw FX rate row, parsed; `rejection_reason` is NULL for usable rows. #}
with

source as (
    select * from {{ journeymap.raw_source('finance', 'fx_rates') }}
),

currencies as (
    select * from {{ ref('currencies') }}
),

parsed as (
    select
        {{ journeymap.parse_date('trim(source.rate_date)') }} as rate_date,
        currencies.currency_code,
        {{ journeymap.parse_amount('source.usd_per_unit', 10) }} as usd_per_unit,
        source.rate_date as rate_date_raw,
        source.currency as currency_raw,
        source.usd_per_unit as usd_per_unit_raw,
        {{ journeymap.row_hash(['source.rate_date', 'source.currency', 'source.usd_per_unit']) }} as row_hash
    from source
    left join currencies
        on upper(trim(source.currency)) = currencies.currency_code
),

final as (
    select
        *,
        {{ journeymap.rejection_columns([
            ["nullif(trim(rate_date_raw), '') is null", 'missing_required', 'rate_date', none],
            ['rate_date is null', 'unparseable_date', 'rate_date', 'rate_date_raw'],
            [journeymap.is_future(dbt.cast('rate_date', dbt.type_timestamp())), 'future_date', 'rate_date', 'rate_date_raw'],
            ["nullif(trim(currency_raw), '') is null", 'missing_required', 'currency', none],
            ['currency_code is null', 'unknown_currency', 'currency', 'currency_raw'],
            ["nullif(trim(usd_per_unit_raw), '') is null", 'missing_required', 'usd_per_unit', none],
            ['usd_per_unit is null', 'unparseable_amount', 'usd_per_unit', 'usd_per_unit_raw'],
            ['usd_per_unit <= 0', 'non_positive_rate', 'usd_per_unit', 'usd_per_unit_raw'],
        ]) }}
    from parsed
)

select * from final
