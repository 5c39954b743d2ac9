{#
    Emails as people type them. `normalize_email` gives the matching form
    (white space removed, lower case) when it is a plausible address and not
    a placeholder, else NULL; `email_issue` says why a non-empty value was
    refused (`invalid_email`, `placeholder_email`), NULL otherwise.
    Placeholders are listed in vars `placeholder_emails` /
    `placeholder_email_domains` (dbt_project.yml) so analysts can extend them;
    an address whose mailbox and domain name are both placeholder words
    (var `placeholder_text_values`, e.g. unknown@unknown.com) is one too.
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
    {%- set placeholder_words -%}
        {%- for value in var('placeholder_text_values') %}'{{ value }}'{% if not loop.last %}, {% endif %}{% endfor -%}
    {%- endset %}
    (
        {{ compact }} in (
            {%- for value in var('placeholder_emails') %}'{{ value }}'{% if not loop.last %}, {% endif %}{% endfor -%}
        )
        or {{ dbt.split_part(compact, "'@'", 2) }} in (
            {%- for value in var('placeholder_email_domains') %}'{{ value }}'{% if not loop.last %}, {% endif %}{% endfor -%}
        )
        {#- Made-up pairs such as unknown@unknown.com or none@none.org: both the
            mailbox and the domain's name are placeholder words, which no list
            of exact addresses can keep up with. #}
        or (
            {{ dbt.split_part(compact, "'@'", 1) }} in ({{ placeholder_words }})
            and {{ dbt.split_part(dbt.split_part(compact, "'@'", 2), "'.'", 1) }} in ({{ placeholder_words }})
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
