{#
    last_value_ignore_nulls(expression): the window function returning the
    last non-NULL value of `expression` in the window frame; follow it with
    `over (...)`. Arguments: expression (SQL text). Used to carry values
    forward (sessionisation) without self-joins.
#}
{% macro last_value_ignore_nulls(expression) -%}
    {{ return(adapter.dispatch('last_value_ignore_nulls', 'journeymap')(expression)) }}
{%- endmacro %}

{% macro default__last_value_ignore_nulls(expression) -%}
    last_value({{ expression }} ignore nulls)
{%- endmacro %}

{# Spark: the boolean second argument is isIgnoreNull. #}
{% macro spark__last_value_ignore_nulls(expression) -%}
    last_value({{ expression }}, true)
{%- endmacro %}
