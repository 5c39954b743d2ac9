{#
    One row per web session and account logged in during it (`session_id`,
    `account_id`), without identity: the marts resolve the accounts to
    customers (session attribution, erasure) every build. Incremental like
    int_web_sessions_aggregated: every device with an event at or after the
    cutoff (latest last_logged_in_at minus var incremental_lookback_hours)
    is replaced whole (unique_key anonymous_id).
#}
{{ config(unique_key='anonymous_id') }}
-- erasure post-hook (erase_from_this) reads these:
-- depends_on: {{ ref('int_customers_erased') }}
-- depends_on: {{ ref('int_identity_identifier_lookup') }}

with

events_sessionized as (
    select * from {{ ref('int_web_events_sessionized') }}
),

{% if is_incremental() %}

    cutoff as (
        select {{ journeymap.incremental_cutoff('last_logged_in_at') }} as cutoff_at
        from {{ this }}
    ),

    devices_in_window as (
        select distinct events_sessionized.anonymous_id
        from events_sessionized
        cross join cutoff
        where events_sessionized.event_at >= cutoff.cutoff_at
    ),

    events_to_collect as (
        select events_sessionized.*
        from events_sessionized
        inner join devices_in_window
            on events_sessionized.anonymous_id = devices_in_window.anonymous_id
    ),

{% else %}

    events_to_collect as (
        select * from events_sessionized
    ),

{% endif %}

final as (
    select
        session_id,
        anonymous_id,
        account_id,
        max(event_at) as last_logged_in_at
    from events_to_collect
    where account_id is not null
    group by
        session_id,
        anonymous_id,
        account_id
)

select * from final
