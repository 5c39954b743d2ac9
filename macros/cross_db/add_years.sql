{#
    add_years(date_expression, years): the date `years` whole years later
    (earlier when negative), as DATE. A 29 February lands on 28 February in a
    year without one, on every engine (DuckDB interval arithmetic and Spark
    add_months both clamp to the month's last day). `years` may be any
    integer SQL expression; it is parenthesised here, so `n + 1` is safe
    (dbt-spark's dateadd multiplies the bare expression by 12).
#}
{% macro add_years(date_expression, years) -%}
    {{ return(adapter.dispatch('add_years', 'journeymap')(date_expression, years)) }}
{%- endmacro %}

{% macro default__add_years(date_expression, years) -%}
    cast({{ dbt.dateadd('year', '(' ~ years ~ ')', date_expression) }} as date)
{%- endmacro %}

{% macro spark__add_years(date_expression, years) -%}
    add_months(cast({{ date_expression }} as date), 12 * cast(({{ years }}) as int))
{%- endmacro %}


{#
    next_anniversary(origin_date, on_or_after_date): the first anniversary of
    origin_date (same month and day; 28 February for a 29 February origin in
    other years) on or after on_or_after_date. May be origin_date itself when
    on_or_after_date <= origin_date; callers that want a later one filter.
#}
{% macro next_anniversary(origin_date, on_or_after_date) -%}
    {%- set years_between = "extract(year from " ~ on_or_after_date ~ ") - extract(year from " ~ origin_date ~ ")" -%}
    case
        when {{ journeymap.add_years(origin_date, years_between) }} >= {{ on_or_after_date }}
            then {{ journeymap.add_years(origin_date, years_between) }}
        else {{ journeymap.add_years(origin_date, years_between ~ " + 1") }}
    end
{%- endmacro %}
