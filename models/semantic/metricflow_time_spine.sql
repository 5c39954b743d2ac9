{#
    MetricFlow's daily time spine (grain: date_day): every day from 1 January
    of the year of the earliest customer, order or session date to one year
    after the as-of date (int_as_of_date), at most max_days days.
#}
{%- set max_days = 36600 -%}

with

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

customers as (
    select * from {{ ref('dim_customers') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

sessions as (
    select * from {{ ref('fct_sessions') }}
),

day_numbers as (
    {{ dbt.generate_series(max_days) }}
),

activity_starts as (
    select cast(min(first_seen_at) as date) as start_date from customers
    union all
    select min(order_date) as start_date from orders
    union all
    select min(session_date) as start_date from sessions
),

earliest_activity as (
    select min(start_date) as start_date
    from activity_starts
),

bounds as (
    select
        cast({{ dbt.date_trunc('year', 'coalesce(earliest_activity.start_date, as_of.as_of_date)') }} as date) as start_date,
        cast({{ dbt.dateadd('year', 1, 'as_of.as_of_date') }} as date) as end_date
    from as_of
    cross join earliest_activity
),

spine as (
    -- generate_series numbers are computed with power(): cast to an integer for date arithmetic
    select cast({{ dbt.dateadd('day', 'cast(day_numbers.generated_number - 1 as ' ~ dbt.type_int() ~ ')', 'bounds.start_date') }} as date) as date_day
    from bounds
    cross join day_numbers
),

final as (
    select spine.date_day
    from spine
    cross join bounds
    where spine.date_day <= bounds.end_date
)

select * from final
