{# Every raw product row (all versions), parsed; `rejection_reason` is NULL for usable rows. #}
with

source as (
    select * from {{ journeymap.raw_source('shop', 'products') }}
),

currencies as (
    select * from {{ ref('currencies') }}
),

parsed as (
    select
        nullif(trim(source.product_id), '') as product_id,
        {{ journeymap.clean_text('source.product_name') }} as product_name,
        {{ journeymap.normalize_label('source.category') }} as category,
        {{ journeymap.clean_text('source.brand') }} as brand,
        {{ journeymap.parse_amount('source.list_price') }} as list_price,
        currencies.currency_code,
        {{ journeymap.parse_timestamp_utc('trim(source.updated_at)') }} as updated_at,
        source.list_price as list_price_raw,
        source.currency as currency_raw,
        source.updated_at as updated_at_raw,
        {{ journeymap.row_hash([
            'source.product_id', 'source.product_name', 'source.category', 'source.brand',
            'source.list_price', 'source.currency', 'source.updated_at'
        ]) }} as row_hash
    from source
    left join currencies
        on upper(trim(source.currency)) = currencies.currency_code
),

checked as (
    select
        *,
        case
            when {{ journeymap.parse_issue('list_price_raw', 'list_price', 'x') }} is not null then 'unparseable_amount'
            when list_price < 0 then 'negative_amount'
        end as list_price_issue,
        {{ journeymap.parse_issue('currency_raw', 'currency_code', 'unknown_currency') }} as currency_issue,
        {{ journeymap.temporal_issue('updated_at_raw', 'updated_at') }} as updated_at_issue
    from parsed
),

final as (
    select
        *,
        {{ journeymap.rejection_columns([
            ['product_id is null', 'missing_required', 'product_id', none],
        ]) }}
    from checked
)

select * from final
