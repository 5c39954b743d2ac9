{#
    One row per order (`order_id`): its latest version (stg_shop__orders)
    kept incrementally, without identity or currency conversion (fct_orders
    adds both every build). A run replaces every order that has a usable
    version placed or updated at or after the cutoff (latest ordered_at in
    the table minus var incremental_lookback_hours), or a version without a
    parseable updated_at, by its current latest version, so a status change
    arriving days after the order still wins and version_count stays right.
    The cutoff follows ordered_at, not updated_at: a future ordered_at is
    refused in staging, a future updated_at is not and must not freeze it.
#}
{{ config(unique_key='order_id') }}
-- erasure post-hook (erase_from_this) reads these:
-- depends_on: {{ ref('int_customers_erased') }}
-- depends_on: {{ ref('int_identity_identifier_lookup') }}
-- depends_on: {{ ref('base_shop__orders') }}

with

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

{% if is_incremental() %}

    order_versions as (
        select * from {{ ref('base_shop__orders') }}
    ),

    cutoff as (
        select {{ journeymap.incremental_cutoff('ordered_at') }} as cutoff_at
        from {{ this }}
    ),

    orders_in_window as (
        select distinct order_versions.order_id
        from order_versions
        cross join cutoff
        where
            order_versions.rejection_reason is null
            and (
                order_versions.ordered_at >= cutoff.cutoff_at
                or order_versions.updated_at >= cutoff.cutoff_at
                or order_versions.updated_at is null
            )
    ),

    orders_to_replace as (
        select orders.*
        from orders
        inner join orders_in_window
            on orders.order_id = orders_in_window.order_id
    ),

{% else %}

    orders_to_replace as (
        select * from orders
    ),

{% endif %}

final as (
    select
        order_id,
        account_id,
        guest_email,
        ordered_at,
        order_status,
        currency_code,
        order_total,
        discount_total,
        shipping_country_code,
        updated_at,
        version_count
    from orders_to_replace
)

select * from final
