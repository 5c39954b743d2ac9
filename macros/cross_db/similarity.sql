{#
    String similarity used by fuzzy identity matching. All return NULL when
    either input is NULL, so a missing field neither helps nor hurts a score.

    jaro_winkler(a, b): Jaro-Winkler similarity in [0, 1] (1 = identical).
      DuckDB and Snowflake have it natively; Spark computes DuckDB's
      definition with higher-order functions (below), equal to DuckDB's to
      floating-point rounding. Other engines (Postgres, default) fall back to
      the normalised Levenshtein similarity below, which ranks typos the same
      way but is slightly stricter on transpositions; the thresholds in var
      `identity` were tuned on DuckDB.
    levenshtein(a, b): edit distance (insertions, deletions, substitutions).
    levenshtein_similarity(a, b): 1 - distance / longer length, in [0, 1].
    phonetic_key(expression): a Soundex-style code (first letter + 3 digits)
      for blocking, so `Smith`/`Smyth` land in the same block. Every engine
      builds it from the same portable regex replacements (the H/W rule of
      American Soundex is simplified: they are dropped like vowels), so the
      blocks, and with them the candidate pairs, are the same on all of them;
      native soundex() (Spark, Snowflake) is deliberately not used.
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

{#
    Spark has no Jaro-Winkler: this is DuckDB's (rapidfuzz) definition in
    higher-order functions, equal to it to floating-point rounding.
    - Strings compare as UTF-8 bytes, as in DuckDB: decoding the bytes as
      ISO-8859-1 gives one character per byte.
    - Either string empty: 0. Both of length 1: 1 when equal, else 0.
    - Matching: for each character of s1, left to right, the first not yet
      matched equal character of s2 within floor(max(len1, len2) / 2) - 1
      positions. `matched` holds, per position of s2, the s1 position matched
      to it (0 while unmatched).
    - Transpositions: matched characters of s1 and of s2, each in string
      order, that differ pairwise, halved (integer division).
    - jaro = (m / len1 + m / len2 + (m - t) / m) / 3, 0 when m = 0.
    - Winkler: when jaro > 0.7, add prefix * 0.1 * (1 - jaro), prefix = the
      common prefix length up to 4.
    `transform(array(x), name -> ...)[0]` binds a name to a value computed
    once.
#}
{% macro spark__jaro_winkler(a, b) -%}
    {%- set window = "greatest(length(pair.s1), length(pair.s2)) div 2 - 1" -%}
    case when {{ a }} is not null and {{ b }} is not null then transform(
        array(named_struct(
            's1', decode(encode({{ a }}, 'UTF-8'), 'ISO-8859-1'),
            's2', decode(encode({{ b }}, 'UTF-8'), 'ISO-8859-1')
        )),
        pair -> case
            when length(pair.s1) = 0 or length(pair.s2) = 0 then 0D
            when length(pair.s1) = 1 and length(pair.s2) = 1 then case when pair.s1 = pair.s2 then 1D else 0D end
            else transform(
                array(aggregate(
                    sequence(1, length(pair.s1)),
                    array_repeat(0, length(pair.s2)),
                    (matched, i) -> aggregate(
                        slice(filter(
                            sequence(1, length(pair.s2)),
                            j -> abs(i - j) <= {{ window }}
                                and element_at(matched, j) = 0
                                and substring(pair.s2, j, 1) = substring(pair.s1, i, 1)
                        ), 1, 1),
                        matched,
                        (marked, j) -> transform(marked, (x, k) -> case when k + 1 = j then i else x end)
                    ),
                    matched -> transform(
                        array(named_struct(
                            'm', size(filter(matched, x -> x > 0)),
                            't', size(filter(
                                zip_with(
                                    array_sort(filter(matched, x -> x > 0)),
                                    filter(transform(matched, (x, k) -> case when x > 0 then k + 1 end), x -> x is not null),
                                    (p1, p2) -> substring(pair.s1, p1, 1) <> substring(pair.s2, p2, 1)
                                ),
                                differs -> differs
                            )) div 2
                        )),
                        c -> case
                            when c.m = 0 then 0D
                            else (c.m / length(pair.s1) + c.m / length(pair.s2) + (c.m - c.t) / c.m) / 3D
                        end
                    )[0]
                )),
                jaro -> case
                    when jaro > 0.7D then jaro + cast(case
                        {%- for k in [4, 3, 2, 1] %}
                        when least(length(pair.s1), length(pair.s2)) >= {{ k }}
                            and substring(pair.s1, 1, {{ k }}) = substring(pair.s2, 1, {{ k }}) then {{ k }}
                        {%- endfor %}
                        else 0
                    end as double) * 0.1D * (1D - jaro)
                    else jaro
                end
            )[0]
        end
    )[0] end
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

{% macro default__phonetic_key(expression) -%}
    {#- drop everything but ASCII letters before upper(): Java upper-cases ß to SS, DuckDB keeps it -#}
    {%- set letters = "upper(" ~ journeymap.regexp_replace_all(expression, "'[^A-Za-z]'", "''") ~ ")" -%}
    {#- a namespace: a plain `set` inside a for loop does not outlive the loop -#}
    {%- set ns = namespace(coded="substring(" ~ letters ~ ", 2)") -%}
    {%- for pattern, digit in [('[BFPV]', '1'), ('[CGJKQSXZ]', '2'), ('[DT]', '3'), ('L', '4'), ('[MN]', '5'), ('R', '6')] -%}
        {%- set ns.coded = journeymap.regexp_replace_all(ns.coded, "'" ~ pattern ~ "+'", "'" ~ digit ~ "'") -%}
    {%- endfor -%}
    {%- set coded = journeymap.regexp_replace_all(ns.coded, "'[^0-9]'", "''") -%}
    case
        when nullif({{ letters }}, '') is not null
            then substring({{ dbt.concat(["substring(" ~ letters ~ ", 1, 1)", coded, "'000'"]) }}, 1, 4)
    end
{%- endmacro %}
