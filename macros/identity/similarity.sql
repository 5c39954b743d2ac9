{#
    String similarity used by fuzzy identity matching. All return NULL when
    either input is NULL, so a missing field neither helps nor hurts a score.

    jaro_winkler(a, b): Jaro-Winkler similarity in [0, 1] (1 = identical).
      DuckDB and Snowflake have it natively. Engines without it (Spark,
      Postgres, default) fall back to the normalised Levenshtein similarity
      below, which ranks typos the same way but is slightly stricter on
      transpositions; the thresholds in var `identity` were tuned on DuckDB.
    levenshtein(a, b): edit distance (insertions, deletions, substitutions).
    levenshtein_similarity(a, b): 1 - distance / longer length, in [0, 1].
    phonetic_key(expression): a Soundex-style code (first letter + 3 digits)
      for blocking, so `Smith`/`Smyth` land in the same block. Spark and
      Snowflake use their native soundex(); DuckDB and the default build it
      from portable regex replacements (the H/W rule of American Soundex is
      simplified: they are dropped like vowels).
#}
{% macro jaro_winkler(a, b) -%}
    {{ return(adapter.dispatch('jaro_winkler', 'journeymap')(a, b)) }}
{%- endmacro %}

{% macro default__jaro_winkler(a, b) -%}
    {{ journeymap.levenshtein_similarity(a, b) }}
{%- endmacro %}

{% macro duckdb__jaro_winkler(a, b) -%}
    jaro_winkler_similarity({{ a }}, {{ b }})
{%- endmacro %}

{% macro snowflake__jaro_winkler(a, b) -%}
    (jarowinkler_similarity({{ a }}, {{ b }}) / 100.0)
{%- endmacro %}


{% macro levenshtein(a, b) -%}
    {{ return(adapter.dispatch('levenshtein', 'journeymap')(a, b)) }}
{%- endmacro %}

{% macro default__levenshtein(a, b) -%}
    levenshtein({{ a }}, {{ b }})
{%- endmacro %}

{% macro snowflake__levenshtein(a, b) -%}
    editdistance({{ a }}, {{ b }})
{%- endmacro %}


{% macro levenshtein_similarity(a, b) -%}
    (
        1.0 - cast({{ journeymap.levenshtein(a, b) }} as double)
        / nullif(greatest({{ dbt.length(a) }}, {{ dbt.length(b) }}), 0)
    )
{%- endmacro %}


{% macro phonetic_key(expression) -%}
    {{ return(adapter.dispatch('phonetic_key', 'journeymap')(expression)) }}
{%- endmacro %}

{% macro spark__phonetic_key(expression) -%}
    soundex({{ expression }})
{%- endmacro %}

{% macro snowflake__phonetic_key(expression) -%}
    soundex({{ expression }})
{%- endmacro %}

{% macro default__phonetic_key(expression) -%}
    {%- set letters = journeymap.regexp_replace_all("upper(" ~ expression ~ ")", "'[^A-Z]'", "''") -%}
    {%- set coded = "substring(" ~ letters ~ ", 2)" -%}
    {%- for pattern, digit in [('[BFPV]', '1'), ('[CGJKQSXZ]', '2'), ('[DT]', '3'), ('L', '4'), ('[MN]', '5'), ('R', '6')] -%}
        {%- set coded = journeymap.regexp_replace_all(coded, "'" ~ pattern ~ "+'", "'" ~ digit ~ "'") -%}
    {%- endfor -%}
    {%- set coded = journeymap.regexp_replace_all(coded, "'[^0-9]'", "''") -%}
    case
        when nullif({{ letters }}, '') is not null
            then substring({{ dbt.concat(["substring(" ~ letters ~ ", 1, 1)", coded, "'000'"]) }}, 1, 4)
    end
{%- endmacro %}
