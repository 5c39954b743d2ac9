{# One row per product, latest version by `updated_at`. #}
with

products as (
    select * from {{ ref('base_shop__products') }}
    where rejection_reason is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by product_id
            order by updated_at desc nulls last, row_hash asc
        ) as version_rank
    from products
),

final as (
    select
        product_id,
        product_name,
        category,
        brand,
        case when list_price_issue is null then list_price end as list_price,
        currency_code,
        updated_at
    from ranked
    where version_rank = 1
)

select * from final
