{# One row per order: the latest version by `updated_at` (status changes re-send the order). #}
-- A table, unlike most staging models: its de-duplication is a window over
-- every order version, and a dozen models and tests read it (as a view, each would
-- re-run the window).
{{ config(materialized='table') }}
with

orders as (
    select * from {{ ref('base_shop__orders') }}
    where rejection_reason is null
),

-- future (impossible) timestamps are nulled before the latest version is picked
plausible as (
    select
        *,
        case when updated_at_issue is null then updated_at end as plausible_updated_at
    from orders
),

ranked as (
    select
        *,
        row_number() over (
            partition by order_id
            order by plausible_updated_at desc nulls last, row_hash asc
        ) as version_rank,
        count(*) over (partition by order_id) as version_count
    from plausible
),

final as (
    select
        order_id,
        account_id,
        guest_email,
        ordered_at,
        order_status,
        currency_code,
        order_total,
        case when discount_total_issue is null then discount_total end as discount_total,
        shipping_country_code,
        plausible_updated_at as updated_at,
        version_count
    from ranked
    where version_rank = 1
)

select * from final
