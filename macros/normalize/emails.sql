{#
    Emails as people type them. `normalize_email` gives the matching form
    (white space removed, lower case) when it is a plausible address and not
    a placeholder, else NULL; `email_issue` says why a non-empty value was
    refused (`invalid_email`, `placeholder_email`), NULL otherwise.
    Placeholders are listed in vars `placeholder_emails` /
    `placeholder_email_domains` (dbt_project.yml) so analysts can extend them.
#}
{% macro _email_compact(expression) -%}
    lower({{ journeymap.regexp_replace_all(expression, journeymap.regexp_literal('\\s+'), "''") }})
{%- endmacro %}

{% macro _email_is_valid(compact) -%}
    (
        {{ journeymap.regexp_like(compact, journeymap.regexp_literal("^[a-z0-9][a-z0-9._%+'-]*@([a-z0-9-]+[.])+[a-z]{2,}$")) }}
        and {{ compact }} not like '%..%'
    )
{%- endmacro %}

{% macro _email_is_placeholder(compact) -%}
    (
        {{ compact }} in (
            {%- for value in var('placeholder_emails') %}'{{ value }}'{% if not loop.last %}, {% endif %}{% endfor -%}
        )
        or {{ dbt.split_part(compact, "'@'", 2) }} in (
            {%- for value in var('placeholder_email_domains') %}'{{ value }}'{% if not loop.last %}, {% endif %}{% endfor -%}
        )
    )
{%- endmacro %}

{% macro normalize_email(expression) -%}
    {%- set compact = journeymap._email_compact(expression) -%}
    case
        when {{ journeymap._email_is_valid(compact) }}
            and not {{ journeymap._email_is_placeholder(compact) }}
            then {{ compact }}
    end
{%- endmacro %}

{% macro email_issue(expression) -%}
    {%- set compact = journeymap._email_compact(expression) -%}
    case
        when nullif({{ compact }}, '') is null then null
        when lower(trim({{ expression }})) in (
            {%- for value in var('placeholder_text_values') %}'{{ value }}'{% if not loop.last %}, {% endif %}{% endfor -%}
        ) then 'placeholder_email'
        when not {{ journeymap._email_is_valid(compact) }} then 'invalid_email'
        when {{ journeymap._email_is_placeholder(compact) }} then 'placeholder_email'
    end
{%- endmacro %}
