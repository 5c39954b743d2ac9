{# in_list(expression, values): `expression in ('a', 'b', ...)` from a list (usually a var). #}
{% macro in_list(expression, values) -%}
    {{ expression }} in ({% for value in values %}'{{ value }}'{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}
