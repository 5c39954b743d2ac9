{# One row per order line (`order_id:line_number`); exact re-deliveries collapsed. #}
with

order_items as (
    select * from {{ ref('base_shop__order_items') }}
    where rejection_reason is null
),

ranked as (
    select
        *,
        row_number() over (partition by order_item_id order by row_hash) as copy_rank
    from order_items
),

final as (
    select
        order_item_id,
        order_id,
        line_number,
        product_id,
        case when quantity_issue is null then quantity end as quantity,
        case when unit_price_issue is null then unit_price end as unit_price
    from ranked
    where copy_rank = 1
)

select * from final
