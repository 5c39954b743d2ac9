{#
    Future values: a timestamp later than the build, or a birth date later
    than the as-of date, cannot be true; staging refuses the row (when the
    value dates the row: an event, an order, a rate) or nulls the value
    with a reason (any other date or timestamp). One limit per kind, so every
    staging model, the freshness queries and the tests agree:

    * kind `timestamp`: build time (the warehouse's current_timestamp) plus
      var `max_future_days` (clock skew between the systems that stamp
      the data and the warehouse).
    * kind `date` (calendar dates such as a birth date): the configured
      as-of date (JOURNEYMAP_AS_OF_DATE) when set, otherwise the build date
      plus var `max_future_days`. Not int_as_of_date itself: that model is
      derived from staged activity, so staging cannot read it.
#}
{% macro future_limit(kind='timestamp') -%}
    {%- if kind == 'timestamp' -%}
        {{ dbt.dateadd('day', var('max_future_days'), dbt.current_timestamp()) }}
    {%- elif kind == 'date' -%}
        {%- set configured = var('as_of_date') | string | trim -%}
        {%- if configured and modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', configured) -%}
            cast('{{ configured }}' as date)
        {%- else -%}
            cast({{ dbt.dateadd('day', var('max_future_days'), dbt.current_timestamp()) }} as date)
        {%- endif -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error("future_limit: kind must be 'timestamp' or 'date', got '" ~ kind ~ "'") }}
    {%- endif -%}
{%- endmacro %}


{# is_future(expression, kind): true when the value is later than future_limit(kind). #}
{% macro is_future(expression, kind='timestamp') -%}
    ({{ expression }} > {{ journeymap.future_limit(kind) }})
{%- endmacro %}


{#
    temporal_issue(raw, parsed, kind): the `<column>_issue` of an optional
    date or timestamp column: `unparseable_<kind>` when a non-empty raw value
    did not parse, `future_<kind>` when it parsed to a future value, else
    NULL. The staging model shows the value only when the issue is NULL; the
    quarantine lists the others (see quarantine_rows).
#}
{% macro temporal_issue(raw, parsed, kind='timestamp') -%}
    case
        when {{ journeymap.parse_issue(raw, parsed, 'x') }} is not null then 'unparseable_{{ kind }}'
        when {{ journeymap.is_future(parsed, kind) }} then 'future_{{ kind }}'
    end
{%- endmacro %}


{#
    plausible_loaded_at(expression): for a source's `loaded_at_query`: the
    timestamp when it is not in the future (NULL otherwise), capped at the
    current time so values within the clock-skew allowance count as "just
    loaded". The max over it is the latest plausible load time, and the
    freshness dbt reports (now - that) is never negative.
#}
{% macro plausible_loaded_at(expression) -%}
    case
        when {{ journeymap.is_future(expression) }} then null
        when {{ expression }} > {{ dbt.current_timestamp() }} then {{ dbt.current_timestamp() }}
        else {{ expression }}
    end
{%- endmacro %}
