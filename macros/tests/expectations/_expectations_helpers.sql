{#
    Shared helpers of the expect_* generic tests (not tests themselves).
    Names start with `jm_expect__` so they cannot clash with dbt-expectations.
#}

{# A list from a list / a single value / none. `group_by: grp` and `group_by: [grp]` both work. #}
{% macro jm_expect__as_list(value) -%}
    {%- if value is none -%}
        {{ return([]) }}
    {%- elif value is string -%}
        {{ return([value] if value | trim else []) }}
    {%- else -%}
        {{ return(value | list) }}
    {%- endif -%}
{%- endmacro %}

{# `where (c1) and (c2)` from the non-empty conditions, or nothing. #}
{% macro jm_expect__where(conditions) -%}
    {%- set parts = [] -%}
    {%- for condition in conditions -%}
        {%- if condition is not none and condition | string | trim -%}
            {%- do parts.append('(' ~ condition ~ ')') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if parts %}where {{ parts | join('\n      and ') }}{% endif -%}
{%- endmacro %}

{#
    Boolean SQL: `expression` lies within [min_value, max_value]
    (exclusive bounds when strictly). A missing bound is not checked; both
    missing is an error, as in dbt-expectations. Bounds are SQL expressions
    (numbers as is; quote dates/strings yourself, e.g. "'2020-01-01'").
#}
{% macro jm_expect__between(expression, min_value=none, max_value=none, strictly=false, test_name='test') -%}
    {%- if min_value is none and max_value is none -%}
        {{ exceptions.raise_compiler_error(test_name ~ ": provide min_value, max_value or both.") }}
    {%- endif -%}
    {%- set parts = [] -%}
    {%- if min_value is not none -%}
        {%- do parts.append(expression ~ (' > ' if strictly else ' >= ') ~ min_value) -%}
    {%- endif -%}
    {%- if max_value is not none -%}
        {%- do parts.append(expression ~ (' < ' if strictly else ' <= ') ~ max_value) -%}
    {%- endif -%}
    ({{ parts | join(' and ') }})
{%- endmacro %}

{# An output alias for a group-by entry: the entry itself when it is a plain column name, else group_<n>. #}
{% macro jm_expect__group_alias(expression, position) -%}
    {%- if modules.re.match('^[A-Za-z_][A-Za-z0-9_]*$', expression | string) -%}
        {{ return(expression | string) }}
    {%- else -%}
        {{ return('group_' ~ position) }}
    {%- endif -%}
{%- endmacro %}
