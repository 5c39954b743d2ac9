{# One row per product, latest version by `updated_at`. #}
with

products as (
    select * from {{ ref('base_shop__products') }}
    where rejection_reason is null
),

-- future (impossible) timestamps are nulled before the latest version is picked
plausible as (
    select
        *,
        case when updated_at_issue is null then updated_at end as plausible_updated_at
    from products
),

ranked as (
    select
        *,
        row_number() over (
            partition by product_id
            order by plausible_updated_at desc nulls last, row_hash asc
        ) as version_rank
    from plausible
),

final as (
    select
        product_id,
        product_name,
        category,
        brand,
        case when list_price_issue is null then list_price end as list_price,
        currency_code,
        plausible_updated_at as updated_at
    from ranked
    where version_rank = 1
)

select * from final
