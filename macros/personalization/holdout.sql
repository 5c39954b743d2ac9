{#
    holdout_bucket(expression, salt): a deterministic integer 0-9999 from the
    MD5 of `salt|expression` (first 7 hex digits read as a number, modulo
    10000). Same input, same bucket, on every engine and every build: it
    uses only dbt.hash, substring and position, no engine-specific hex
    conversion.
#}
{% macro holdout_bucket(expression, salt) -%}
    {%- set digest = dbt.hash(dbt.concat(["'" ~ dbt.escape_single_quotes(salt) ~ "|'", expression])) -%}
    {%- set terms = [] -%}
    {%- for i in range(7) -%}
        {%- do terms.append(
            "(" ~ dbt.position("substring(" ~ digest ~ ", " ~ (i + 1) ~ ", 1)", "'0123456789abcdef'") ~ " - 1) * " ~ (16 ** (6 - i))
        ) -%}
    {%- endfor -%}
    cast(mod({{ terms | join(' + ') }}, 10000) as {{ dbt.type_int() }})
{%- endmacro %}


{#
    is_in_holdout(expression): true for the share var personalization.holdout_share
    (0-1, default 0.10) of values whose holdout_bucket falls below the cut.
#}
{% macro is_in_holdout(expression) -%}
    {%- set settings = var('personalization') -%}
    ({{ journeymap.holdout_bucket(expression, settings['holdout_salt']) }} < {{ (settings['holdout_share'] * 10000) | round | int }})
{%- endmacro %}
