{#
    One row per product: the catalogue's latest version with a harmonised
    category, plus an inferred row (is_inferred) for every product id that
    order lines or web events reference but the catalogue lacks.
#}
with

products as (
    select * from {{ ref('stg_shop__products') }}
),

order_items as (
    select * from {{ ref('stg_shop__order_items') }}
),

web_events as (
    select * from {{ ref('stg_web__events') }}
),

product_categories as (
    select * from {{ ref('product_categories') }}
),

catalogue as (
    select
        products.product_id,
        products.product_name,
        products.category as category_key,
        coalesce(
            product_categories.category,
            {{ journeymap.initcap(journeymap.regexp_replace_all('products.category', "'_'", "' '")) }}
        ) as category,
        products.brand,
        products.list_price,
        products.currency_code,
        products.updated_at,
        false as is_inferred
    from products
    left join product_categories
        on products.category = product_categories.category_key
),

referenced_product_ids as (
    select product_id from order_items
    union
    select product_id from web_events
    where product_id is not null
),

inferred as (
    select
        referenced_product_ids.product_id,
        cast(null as {{ dbt.type_string() }}) as product_name,
        cast(null as {{ dbt.type_string() }}) as category_key,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ dbt.type_string() }}) as brand,
        cast(null as decimal(18, 2)) as list_price,
        cast(null as {{ dbt.type_string() }}) as currency_code,
        cast(null as {{ dbt.type_timestamp() }}) as updated_at,
        true as is_inferred
    from referenced_product_ids
    left join products
        on referenced_product_ids.product_id = products.product_id
    where products.product_id is null
),

final as (
    select
        product_id,
        product_name,
        category_key,
        category,
        brand,
        list_price,
        currency_code,
        updated_at,
        is_inferred
    from catalogue

    union all

    select
        product_id,
        product_name,
        category_key,
        category,
        brand,
        list_price,
        currency_code,
        updated_at,
        is_inferred
    from inferred
)

select * from final
