{#
    try_cast(expression, data_type): cast that yields NULL instead of failing.
    dbt.safe_cast is a plain cast on several adapters, so the project
    dispatches its own. Spark runs with ANSI mode off, where cast already
    returns NULL on failure.
#}
{% macro try_cast(expression, data_type) -%}
    {{ return(adapter.dispatch('try_cast', 'journeymap')(expression, data_type)) }}
{%- endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{% macro spark__try_cast(expression, data_type) -%}
    cast({{ expression }} as {{ data_type }})
{%- endmacro %}
