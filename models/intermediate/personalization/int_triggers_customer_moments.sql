{#
    One row per customer-level trigger as of the as-of date:
    `vip_inactive` -- a member of segment var personalization.vip_segment_key
    with no session or order for more than var personalization.vip_inactive_days
    days (fires the day the threshold was crossed);
    `birthday_upcoming` / `anniversary_upcoming` -- the next birthday (golden
    record date_of_birth) or first-counted-order anniversary falls within
    var personalization.occasion_lookahead_days days of the as-of date
    (fires when the look-ahead opened; context_event_date is the occasion).
#}
{%- set settings = var('personalization') -%}
with

customer_features as (
    select * from {{ ref('int_customer_features_aggregated') }}
),

customer_segments as (
    select * from {{ ref('customer_segments') }}
),

customer_profiles as (
    select * from {{ ref('customer_profiles') }}
),

current_features as (
    select
        customer_id,
        reference_date as as_of_date,
        last_activity_date,
        first_order_date
    from customer_features
    where reference_kind = 'as_of'
),

vip_inactive as (
    select
        current_features.customer_id,
        'vip_inactive' as trigger_name,
        cast({{ dbt.dateadd('day', settings['vip_inactive_days'] + 1, 'current_features.last_activity_date') }} as date) as fired_date,
        cast(null as date) as context_event_date
    from current_features
    inner join customer_segments
        on
            current_features.customer_id = customer_segments.customer_id
            and customer_segments.segment_key = '{{ settings['vip_segment_key'] }}'
    where
        {{ dbt.datediff('current_features.last_activity_date', 'current_features.as_of_date', 'day') }}
        > {{ settings['vip_inactive_days'] }}
),

occasions as (
    select
        current_features.customer_id,
        current_features.as_of_date,
        'birthday_upcoming' as trigger_name,
        customer_profiles.date_of_birth as origin_date
    from current_features
    inner join customer_profiles
        on current_features.customer_id = customer_profiles.customer_id
    where customer_profiles.date_of_birth is not null
    union all
    select
        customer_id,
        as_of_date,
        'anniversary_upcoming' as trigger_name,
        first_order_date as origin_date
    from current_features
    where first_order_date is not null
),

next_occasion as (
    select
        customer_id,
        as_of_date,
        trigger_name,
        origin_date,
        {{ journeymap.next_anniversary('origin_date', 'as_of_date') }} as occasion_date
    from occasions
),

upcoming as (
    select
        customer_id,
        trigger_name,
        cast({{ dbt.dateadd('day', -settings['occasion_lookahead_days'], 'occasion_date') }} as date) as fired_date,
        occasion_date as context_event_date
    from next_occasion
    where
        occasion_date > origin_date
        and {{ dbt.datediff('as_of_date', 'occasion_date', 'day') }} <= {{ settings['occasion_lookahead_days'] }}
),

unioned as (
    select * from vip_inactive
    union all
    select * from upcoming
),

final as (
    select
        customer_id,
        trigger_name,
        cast(null as {{ dbt.type_string() }}) as source_event_id,
        cast(fired_date as {{ dbt.type_timestamp() }}) as fired_at,
        cast(null as {{ dbt.type_string() }}) as context_product_id,
        cast(null as decimal(18, 2)) as context_cart_value,
        cast(null as {{ dbt.type_string() }}) as context_currency_code,
        context_event_date
    from unioned
)

select * from final
