{#
    One row per (outcome, path): the most frequent sequences of event types
    in sessions that end in a purchase (events up to and including the first
    purchase) or in abandonment (a cart add and no purchase). Paths keep the
    last var segments.path_max_steps steps before the outcome, with
    consecutive repeats collapsed when var segments.path_collapse_repeats;
    the top var segments.path_top_n paths per outcome are kept. Sessions of
    erased customers are left out.
#}
{%- set settings = var('segments') -%}
with

web_events as (
    select * from {{ ref('fct_web_events') }}
),

customers_erased as (
    select * from {{ ref('int_customers_erased') }}
),

as_of_date as (
    select * from {{ ref('int_as_of_date') }}
),

session_events as (
    select
        web_events.session_id,
        web_events.customer_id,
        web_events.event_id,
        web_events.event_type,
        web_events.event_at,
        min(case when web_events.event_type = 'purchase' then web_events.event_at end)
            over (partition by web_events.session_id) as first_purchase_at,
        max(case when web_events.event_type = 'add_to_cart' then 1 else 0 end)
            over (partition by web_events.session_id) as has_cart_add
    from web_events
    cross join as_of_date
    left join customers_erased
        on web_events.customer_id = customers_erased.customer_id
    where
        customers_erased.customer_id is null
        and web_events.session_id is not null
        and web_events.event_at < cast(as_of_date.as_of_date as {{ dbt.type_timestamp() }})
),

outcome_events as (
    select
        session_id,
        customer_id,
        event_id,
        event_type,
        event_at,
        case when first_purchase_at is not null then 'purchase' else 'abandonment' end as outcome,
        lag(event_type) over (partition by session_id order by event_at asc, event_id asc) as previous_event_type
    from session_events
    where
        (first_purchase_at is not null and event_at <= first_purchase_at)
        or (first_purchase_at is null and has_cart_add = 1)
),

steps as (
    select
        session_id,
        customer_id,
        outcome,
        event_id,
        event_type,
        event_at,
        row_number() over (partition by session_id order by event_at desc, event_id desc) as steps_from_end
    from outcome_events
    {%- if settings['path_collapse_repeats'] %}
        where previous_event_type is null or event_type <> previous_event_type
    {%- endif %}
),

session_paths as (
    select
        session_id,
        outcome,
        max(customer_id) as customer_id,
        count(*) as step_count,
        {{ journeymap.listagg_ordered('event_type', "' > '", 'steps_from_end', descending=true) }} as event_path
    from steps
    where steps_from_end <= {{ settings['path_max_steps'] }}
    group by session_id, outcome
),

path_counts as (
    select
        outcome,
        event_path,
        max(step_count) as step_count,
        count(*) as session_count,
        count(distinct customer_id) as customer_count
    from session_paths
    group by outcome, event_path
),

ranked as (
    select
        outcome,
        event_path,
        step_count,
        session_count,
        customer_count,
        sum(session_count) over (partition by outcome) as outcome_session_count,
        row_number() over (partition by outcome order by session_count desc, event_path asc) as path_rank
    from path_counts
),

final as (
    select
        {{ dbt.concat(['outcome', "':'", dbt.cast('path_rank', dbt.type_string())]) }} as journey_path_id,
        outcome,
        cast(path_rank as {{ dbt.type_int() }}) as path_rank,
        event_path,
        cast(step_count as {{ dbt.type_int() }}) as step_count,
        cast(session_count as {{ dbt.type_bigint() }}) as session_count,
        cast(customer_count as {{ dbt.type_bigint() }}) as customer_count,
        cast(1.0 * session_count / outcome_session_count as decimal(9, 4)) as share_of_outcome_sessions
    from ranked
    where path_rank <= {{ settings['path_top_n'] }}
)

select * from final
