{#
    One row per email engagement event (`event_id`): stg_esp__email_events
    kept incrementally. A run replaces the events at or after the cutoff
    (latest event_at minus var incremental_lookback_hours) by their current
    staged version; staging de-duplicates over all rows, so a re-delivered
    event keeps its first copy. No identity: customer_behaviour attributes
    the events every build.
#}
{{ config(unique_key='event_id') }}
-- erasure post-hook (erase_from_this) reads these:
-- depends_on: {{ ref('int_customers_erased') }}
-- depends_on: {{ ref('int_identity_identifier_lookup') }}

with

email_events as (
    select * from {{ ref('stg_esp__email_events') }}
),

{% if is_incremental() %}

    cutoff as (
        select {{ journeymap.incremental_cutoff('event_at') }} as cutoff_at
        from {{ this }}
    ),

    events_in_window as (
        select email_events.*
        from email_events
        cross join cutoff
        where email_events.event_at >= cutoff.cutoff_at
    ),

{% else %}

    events_in_window as (
        select * from email_events
    ),

{% endif %}

final as (
    select
        event_id,
        email,
        campaign_id,
        event_type,
        event_at,
        link_url
    from events_in_window
)

select * from final
