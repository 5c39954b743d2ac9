{#
    incremental_cutoff(timestamp_column): SQL aggregate expression for the
    start of the window an incremental run rebuilds: the latest value of
    `timestamp_column` already in the table minus var
    incremental_lookback_hours. Use it in a CTE over `{{ this }}`:

        select {{ journeymap.incremental_cutoff('event_at') }} as cutoff_at
        from {{ this }}

    An empty table gives 1900-01-01 (everything is new). Portable: built on
    dbt.dateadd and dbt.type_timestamp.
#}
{% macro incremental_cutoff(timestamp_column) -%}
    {%- set lookback_hours = var('incremental_lookback_hours') | int -%}
    {%- if lookback_hours < 0 -%}
        {{ exceptions.raise_compiler_error(
            "var incremental_lookback_hours must be 0 or more, got " ~ var('incremental_lookback_hours')) }}
    {%- endif -%}
    coalesce(
        {{ dbt.dateadd('hour', -1 * lookback_hours, 'max(' ~ timestamp_column ~ ')') }},
        cast('1900-01-01 00:00:00' as {{ dbt.type_timestamp() }})
    )
{%- endmacro %}
