{#
    strip_accents(expression): Latin letters without diacritics, for matching
    keys only (display values keep their accents). A translate() table is the
    portable form: not every engine has an unaccent function.
#}
{% macro strip_accents(expression) -%}
    translate(
        {{ expression }},
        'áàâäãåāăąçćčďéèêëēėęěğíìîïīįıľłńñňóòôöõøōőŕřśšşťúùûüūůűųýÿžźżß',
        'aaaaaaaaacccdeeeeeeeegiiiiiiillnnnoooooooorrssstuuuuuuuuyyzzzs'
    )
{%- endmacro %}
