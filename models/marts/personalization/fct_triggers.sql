{#
    One row per trigger firing: a moment worth reacting to, per customer
    (cart_abandoned, product_viewed_repeatedly, vip_inactive,
    birthday_upcoming, anniversary_upcoming), with when it fired and its
    context. Only triggers enabled in seed trigger_rules; `is_active` marks
    firings within the trigger's active_days before the as-of date (the ones
    next_best_actions reacts to). Erased customers are left out.
#}
with

cart_abandoned as (
    select * from {{ ref('int_triggers_cart_abandoned') }}
),

product_viewed_repeatedly as (
    select * from {{ ref('int_triggers_product_viewed_repeatedly') }}
),

customer_moments as (
    select * from {{ ref('int_triggers_customer_moments') }}
),

trigger_rules as (
    select * from {{ ref('trigger_rules') }}
),

customers_erased as (
    select * from {{ ref('int_customers_erased') }}
),

as_of_date as (
    select * from {{ ref('int_as_of_date') }}
),

unioned as (
    select * from cart_abandoned
    union all
    select * from product_viewed_repeatedly
    union all
    select * from customer_moments
),

final as (
    select
        {{ dbt.hash(dbt.concat([
            'unioned.trigger_name', "'|'",
            'unioned.customer_id', "'|'",
            dbt.cast('unioned.fired_at', dbt.type_string()), "'|'",
            "coalesce(unioned.source_event_id, '')", "'|'",
            "coalesce(unioned.context_product_id, '')",
        ])) }} as trigger_id,
        unioned.customer_id,
        unioned.trigger_name,
        unioned.fired_at,
        cast(unioned.fired_at as date) as fired_date,
        unioned.fired_at >= cast({{ dbt.dateadd('day', '-1 * trigger_rules.active_days', 'as_of_date.as_of_date') }} as {{ dbt.type_timestamp() }})
            as is_active,
        unioned.context_product_id,
        unioned.context_cart_value,
        unioned.context_currency_code,
        unioned.context_event_date,
        as_of_date.as_of_date
    from unioned
    inner join trigger_rules
        on
            unioned.trigger_name = trigger_rules.trigger_name
            and trigger_rules.is_enabled
    cross join as_of_date
    left join customers_erased
        on unioned.customer_id = customers_erased.customer_id
    where customers_erased.customer_id is null
)

select * from final
