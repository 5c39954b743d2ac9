{#
    clean_text(expression): trimmed text with runs of white space folded to one
    space; NULL when empty or a placeholder such as `n/a` (var
    `placeholder_text_values`).
#}
{% macro clean_text(expression) -%}
    {%- set folded = "trim(" ~ journeymap.regexp_replace_all(expression, journeymap.regexp_literal('\\s+'), "' '") ~ ")" -%}
    case
        when lower({{ folded }}) in (
            {%- for value in var('placeholder_text_values') %}'{{ value }}'{% if not loop.last %}, {% endif %}{% endfor -%}
        ) then null
        else nullif({{ folded }}, '')
    end
{%- endmacro %}


{#
    normalize_label(expression): categorical label as a lower-case snake_case
    key (`Shoes`, `shoes `, `SHOES` -> `shoes`; `Page View` -> `page_view`).
#}
{% macro normalize_label(expression) -%}
    nullif(
        {{ journeymap.trim_chars(journeymap.regexp_replace_all("lower(trim(" ~ expression ~ "))", "'[^a-z0-9]+'", "'_'"), "'_'") }},
        ''
    )
{%- endmacro %}


{#
    parse_boolean(expression): `true/false/1/0/yes/no/y/n/t/f` in any case to
    a boolean; anything else NULL.
#}
{% macro parse_boolean(expression) -%}
    case
        when lower(trim({{ expression }})) in ('true', 't', '1', 'yes', 'y') then true
        when lower(trim({{ expression }})) in ('false', 'f', '0', 'no', 'n') then false
    end
{%- endmacro %}


{#
    parse_amount(expression, scale=2): a plain decimal number (`12.50`, `-3`,
    ` 7 `) to decimal(18, scale); anything else (`12,50 EUR`, `abc`) NULL.
    Sign is kept: whether a negative amount is valid is the model's rule.
#}
{% macro parse_amount(expression, scale=2) -%}
    case
        when {{ journeymap.regexp_like("trim(" ~ expression ~ ")", "'^-?[0-9]{1,15}([.][0-9]+)?$'") }}
            then cast({{ journeymap.try_cast("trim(" ~ expression ~ ")", "decimal(28, 10)") }} as decimal(18, {{ scale }}))
    end
{%- endmacro %}


{# parse_integer(expression): an optionally signed whole number, else NULL. #}
{% macro parse_integer(expression) -%}
    case
        when {{ journeymap.regexp_like("trim(" ~ expression ~ ")", "'^-?[0-9]{1,9}([.]0+)?$'") }}
            then cast({{ journeymap.try_cast("trim(" ~ expression ~ ")", "decimal(18, 4)") }} as integer)
    end
{%- endmacro %}


{#
    parse_issue(raw, parsed, reason): `reason` when a non-empty raw value did
    not parse, else NULL. Base models expose these as `<column>_issue` columns;
    the quarantine collects them.
#}
{% macro parse_issue(raw, parsed, reason) -%}
    case when nullif(trim({{ raw }}), '') is not null and {{ parsed }} is null then '{{ reason }}' end
{%- endmacro %}
