{#
    Phones to E.164 (`+<country code><national number>`, 8 to 15 digits).

    normalize_phone(expression, calling_code): `expression` is the phone as
    typed; `calling_code` an SQL expression giving the country calling code
    (text digits, e.g. '1', '44') used when the number has no international
    prefix. Rules, in order:
      1. `+...` or `00...`   -> already international.
      2. NANP (code 1): 10 digits, or 11 starting with 1.
      3. national number with a trunk `0` (`07700 900123`) -> drop the 0.
      4. otherwise prefix the calling code.
    The result is refused (NULL) unless it has 8 to 15 digits, and when the
    national digits are one repeated digit (`0000000000`) or contain letters
    (`CALL-NOW`). `phone_issue` names the reason for a non-empty value.
#}
{% macro _phone_digits(expression) -%}
    {{ journeymap.regexp_replace_all(expression, "'[^0-9]'", "''") }}
{%- endmacro %}

{% macro _phone_candidate(expression, calling_code) -%}
    {%- set digits = journeymap._phone_digits(expression) -%}
    case
        when {{ journeymap.regexp_like(expression, "'[a-zA-Z]'") }} then null
        when trim({{ expression }}) like '+%' then {{ dbt.concat(["'+'", digits]) }}
        when {{ digits }} like '00%' then {{ dbt.concat(["'+'", "substring(" ~ digits ~ ", 3)"]) }}
        when {{ calling_code }} is null then null
        when {{ calling_code }} = '1' and {{ dbt.length(digits) }} = 11 and {{ digits }} like '1%'
            then {{ dbt.concat(["'+'", digits]) }}
        when {{ calling_code }} = '1' and {{ dbt.length(digits) }} = 10
            then {{ dbt.concat(["'+1'", digits]) }}
        when {{ calling_code }} = '1' then null
        when {{ digits }} like '0%'
            then {{ dbt.concat(["'+'", calling_code, "substring(" ~ digits ~ ", 2)"]) }}
        else {{ dbt.concat(["'+'", calling_code, digits]) }}
    end
{%- endmacro %}

{% macro _phone_is_acceptable(candidate) -%}
    (
        {{ journeymap.regexp_like(candidate, "'^[+][1-9][0-9]{7,14}$'") }}
        {#- one digit repeated after the country code, e.g. +10000000000 #}
        and replace(substring({{ candidate }}, 4), substring({{ candidate }}, 5, 1), '') <> ''
    )
{%- endmacro %}

{% macro normalize_phone(expression, calling_code) -%}
    {%- set candidate = journeymap._phone_candidate(expression, calling_code) -%}
    case when {{ journeymap._phone_is_acceptable(candidate) }} then {{ candidate }} end
{%- endmacro %}

{% macro phone_issue(expression, calling_code) -%}
    {%- set candidate = journeymap._phone_candidate(expression, calling_code) -%}
    case
        when nullif(trim({{ expression }}), '') is null then null
        when lower(trim({{ expression }})) in (
            {%- for value in var('placeholder_text_values') %}'{{ value }}'{% if not loop.last %}, {% endif %}{% endfor -%}
        ) then 'placeholder_phone'
        when {{ candidate }} is null then 'invalid_phone'
        when not {{ journeymap._phone_is_acceptable(candidate) }} then 'invalid_phone'
    end
{%- endmacro %}
