{#
    parse_date(expression): a date typed as `YYYY-MM-DD`, `YYYY/MM/DD`,
    `DD.MM.YYYY` (the raw contract's formats) or `YYYYMMDD` (ISO 8601's basic
    form, what many exports write) to DATE; anything else NULL.
    The shape is checked first so lenient parsers cannot accept other forms.
#}
{% macro parse_date(expression) -%}
    {{ return(adapter.dispatch('parse_date', 'journeymap')(expression)) }}
{%- endmacro %}

{% macro default__parse_date(expression) -%}
    case
        when {{ journeymap.regexp_like(expression, "'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'") }}
            then {{ journeymap.try_cast(expression, 'date') }}
        when {{ journeymap.regexp_like(expression, "'^[0-9]{4}/[0-9]{2}/[0-9]{2}$'") }}
            then {{ journeymap.try_cast("replace(" ~ expression ~ ", '/', '-')", 'date') }}
        when {{ journeymap.regexp_like(expression, "'^[0-9]{2}[.][0-9]{2}[.][0-9]{4}$'") }}
            then {{ journeymap.try_cast(
                dbt.concat([
                    dbt.right(expression, 4), "'-'",
                    "substring(" ~ expression ~ ", 4, 2)", "'-'",
                    "substring(" ~ expression ~ ", 1, 2)"
                ]), 'date') }}
        when {{ journeymap.regexp_like(expression, "'^[12][0-9]{3}[01][0-9][0-3][0-9]$'") }}
            then {{ journeymap.try_cast(
                dbt.concat([
                    "substring(" ~ expression ~ ", 1, 4)", "'-'",
                    "substring(" ~ expression ~ ", 5, 2)", "'-'",
                    dbt.right(expression, 2)
                ]), 'date') }}
    end
{%- endmacro %}
