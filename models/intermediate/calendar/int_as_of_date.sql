{#
    The build's reference date (one row): everything "as of" (recency,
    windows, triggers, consent) is computed against it. JOURNEYMAP_AS_OF_DATE
    when set; otherwise the day after the latest order or event in the data,
    so a rebuild of the same data gives the same marts whatever today is.
#}
{%- set configured = var('as_of_date') | string | trim -%}
{%- if configured and not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', configured) -%}
    {{ exceptions.raise_compiler_error(
        "JOURNEYMAP_AS_OF_DATE='" ~ configured ~ "' is not an ISO date (YYYY-MM-DD). "
        ~ "Set it like JOURNEYMAP_AS_OF_DATE=2026-07-01, or unset it to use the day after the latest activity.") }}
{%- endif %}
{%- if configured -%}
    {%- set as_of_expression = "cast('" ~ configured ~ "' as date)" -%}
    {%- set as_of_source = 'configured' -%}
{%- else -%}
    {%- set as_of_expression = "cast(" ~ dbt.dateadd('day', 1, 'cast(latest_at as date)') ~ " as date)" -%}
    {%- set as_of_source = 'latest_activity' -%}
{%- endif %}

with

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

web_events as (
    select * from {{ ref('stg_web__events') }}
),

email_events as (
    select * from {{ ref('stg_esp__email_events') }}
),

latest_activity as (
    select max(ordered_at) as latest_at from orders
    union all
    select max(event_at) as latest_at from web_events
    union all
    select max(event_at) as latest_at from email_events
),

latest as (
    select max(latest_at) as latest_at
    from latest_activity
),

final as (
    select
        {{ as_of_expression }} as as_of_date,
        '{{ as_of_source }}' as as_of_date_source
    from latest
)

select * from final
