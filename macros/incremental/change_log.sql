{#
    change_log_this_build(history): the body of the one-row `this_build`
    CTE of a change-log model (audience_changes, customer_identity_history):
    build_number (one more than the highest in `history`, the CTE over
    {{ this }}, or 1 on the first build), build_id (dbt's invocation id) and
    built_at (the run's start, UTC). One definition, so every change log
    numbers and stamps its builds the same way.
#}
{% macro change_log_this_build(history) -%}
    select
        coalesce(max({{ history }}.build_number), 0) + 1 as build_number,
        '{{ invocation_id }}' as build_id,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }}) as built_at
    from {{ history }}
{%- endmacro %}
