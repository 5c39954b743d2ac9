{# Every raw order line, parsed; `rejection_reason` is NULL for usable rows. #}
-- Staged by raw file: a run parses only the files that are new or changed
-- (macros/raw/raw_files.sql, docs/incremental.md).
{{ config(
    materialized=journeymap.raw_file_materialization(),
    unique_key='raw_file',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook=["{{ journeymap.forget_vanished_raw_files('shop', 'shop_order_items') }}"],
    meta={'mirrors_raw': true},
) }}
with

source as (
    select * from {{ journeymap.raw_source('shop', 'shop_order_items') }}
),

{{ journeymap.raw_rows_to_parse('source', parse_settings={'placeholder_text_values': var('placeholder_text_values')}) }},

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
        {{ journeymap.row_hash(['order_id', 'line_number', 'product_id', 'quantity', 'unit_price']) }} as row_hash,
        raw_file,
        raw_file_rows,
        raw_parse_settings
    from rows_to_parse
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
