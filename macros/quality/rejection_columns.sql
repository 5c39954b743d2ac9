{#
    rejection_columns(checks): the three columns that say why a raw row is
    unusable, from an ordered list of checks; the first that holds wins.
    Each check is a list: [sql condition, reason, column name, offending value
    (sql expression or none)]. Yields `rejection_reason`, `rejection_column`,
    `rejection_value` (all NULL for a usable row).
#}
{% macro rejection_columns(checks) -%}
    case
        {%- for check in checks %}
        when {{ check[0] }} then '{{ check[1] }}'
        {%- endfor %}
    end as rejection_reason,
    case
        {%- for check in checks %}
        when {{ check[0] }} then '{{ check[2] }}'
        {%- endfor %}
    end as rejection_column,
    case
        {%- for check in checks %}
        when {{ check[0] }} then {{ check[3] if check[3] else 'null' }}
        {%- endfor %}
        {#- typed: when no check names a value the column would be all-NULL (void on Spark) #}
        else cast(null as {{ dbt.type_string() }})
    end as rejection_value
{%- endmacro %}

