{# Every raw order line, parsed; `rejection_reason` is NULL for usable rows. #}
with

source as (
    select * from {{ journeymap.raw_source('shop', 'shop_order_items') }}
),

parsed as (
    select
        nullif(trim(order_id), '') as order_id,
        {{ journeymap.parse_integer('line_number') }} as line_number,
        nullif(trim(product_id), '') as product_id,
        {{ journeymap.parse_integer('quantity') }} as quantity,
        {{ journeymap.parse_amount('unit_price') }} as unit_price,
        line_number as line_number_raw,
        quantity as quantity_raw,
        unit_price as unit_price_raw,
        {{ journeymap.row_hash(['order_id', 'line_number', 'product_id', 'quantity', 'unit_price']) }} as row_hash
    from source
),

checked as (
    select
        {{ dbt.concat(['order_id', "':'", dbt.cast('line_number', dbt.type_string())]) }} as order_item_id,
        *,
        case
            when {{ journeymap.parse_issue('quantity_raw', 'quantity', 'x') }} is not null then 'unparseable_integer'
            when quantity <= 0 then 'non_positive_quantity'
        end as quantity_issue,
        case
            when {{ journeymap.parse_issue('unit_price_raw', 'unit_price', 'x') }} is not null then 'unparseable_amount'
            when unit_price < 0 then 'negative_amount'
        end as unit_price_issue
    from parsed
),

final as (
    select
        *,
        {{ journeymap.rejection_columns([
            ['order_id is null', 'missing_required', 'order_id', none],
            ["nullif(trim(line_number_raw), '') is null", 'missing_required', 'line_number', none],
            ['line_number is null', 'unparseable_integer', 'line_number', 'line_number_raw'],
            ['product_id is null', 'missing_required', 'product_id', none],
        ]) }}
    from checked
)

select * from final
