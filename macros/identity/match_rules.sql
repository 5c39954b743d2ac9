{#
    Comparison rules shared by fuzzy matching and the household-conflict
    check on shared identifiers. Thresholds come from var `identity`.

    identity_dob_match(a, b): how two birth dates compare:
      'exact', 'transposed' (day and month swapped, same year), 'typo' (the
      ISO strings differ by one character), 'different', or NULL when either
      is missing.
    identity_name_match(a, b, is_equivalent='false'): 'agree' (equal, known
      equivalent nicknames -- a boolean SQL expression -- or Jaro-Winkler >=
      name_agree_similarity), 'close' (>= name_close_similarity, or one edit
      apart), 'disagree', or NULL when missing.
    identity_match_weight(kind, level): the weight var for that outcome, 0 for
      NULL outcomes (a missing field neither helps nor hurts).
#}
{% macro identity_dob_match(a, b) -%}
    case
        when {{ a }} is null or {{ b }} is null then null
        when {{ a }} = {{ b }} then 'exact'
        when extract(year from {{ a }}) = extract(year from {{ b }})
            and extract(month from {{ a }}) = extract(day from {{ b }})
            and extract(day from {{ a }}) = extract(month from {{ b }})
            then 'transposed'
        when {{ journeymap.levenshtein(
            "cast(" ~ a ~ " as " ~ dbt.type_string() ~ ")",
            "cast(" ~ b ~ " as " ~ dbt.type_string() ~ ")") }} = 1
            then 'typo'
        else 'different'
    end
{%- endmacro %}

{% macro identity_name_match(a, b, is_equivalent='false') -%}
    {%- set fuzzy = var('identity')['fuzzy'] -%}
    case
        when {{ a }} is null or {{ b }} is null then null
        when {{ a }} = {{ b }} or {{ is_equivalent }} then 'agree'
        when {{ journeymap.jaro_winkler(a, b) }} >= {{ fuzzy['name_agree_similarity'] }} then 'agree'
        when {{ journeymap.jaro_winkler(a, b) }} >= {{ fuzzy['name_close_similarity'] }} then 'close'
        -- one edit on a short name (`Joe`/`Jeo`, `Ivy`/`Iy`) scores low on Jaro-Winkler
        when {{ journeymap.levenshtein(a, b) }} <= 1 then 'close'
        else 'disagree'
    end
{%- endmacro %}

{#
    identity_records_conflict(a, b, is_equivalent='false'): true when two
    records that share an identifier are evidently different people: both
    birth dates known and 'different' (not transposed / one-character typo),
    or both first names known, not equivalent nicknames (`is_equivalent`, a
    boolean SQL expression), less similar than conflict_first_name_similarity,
    more than one edit apart,
    and not explained by first and last name typed the wrong way round.
    `a`, `b` are table aliases exposing date_of_birth, first_name_key and
    last_name_key.
#}
{% macro identity_records_conflict(a, b, is_equivalent='false') -%}
    {%- set threshold = var('identity')['conflict_first_name_similarity'] -%}
    (
        coalesce({{ journeymap.identity_dob_match(a ~ '.date_of_birth', b ~ '.date_of_birth') }} = 'different', false)
        or (
            coalesce(
                {{ journeymap.jaro_winkler(a ~ '.first_name_key', b ~ '.first_name_key') }} < {{ threshold }},
                false
            )
            and not coalesce({{ is_equivalent }}, false)
            and not coalesce({{ journeymap.levenshtein(a ~ '.first_name_key', b ~ '.first_name_key') }} <= 1, false)
            and not coalesce(
                {{ journeymap.jaro_winkler(a ~ '.first_name_key', b ~ '.last_name_key') }} >= {{ threshold }},
                false
            )
        )
    )
{%- endmacro %}


{# identity_block_key(parts): the SQL expressions in `parts` joined with '|' into one blocking key. #}
{% macro identity_block_key(parts) -%}
    {%- set pieces = [] -%}
    {%- for part in parts -%}
        {%- do pieces.append(part) -%}
        {%- if not loop.last %}{% do pieces.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.concat(pieces) }}
{%- endmacro %}


{#
    identity_street_key(expression): street line as a matching key: lower
    case, accents stripped, unit designators (`apt`, `unit`, `#`) and common
    street-type words reduced to one short form (`street`/`str`/`st` ->
    `st`, `avenue`/`av` -> `ave`, `strasse`/`straße` -> `str`, ...), then only
    letters and digits kept.
#}
{% macro identity_street_key(expression) -%}
    {{ journeymap.identity_street_key_stage(
        journeymap.identity_street_key_stage(
            journeymap.identity_street_key_stage(expression, 1), 2), 3) }}
{%- endmacro %}

{#
    identity_street_key_stage(expression, stage, stages=3): one third of
    identity_street_key's chain of replacements (stage 1 also lower-cases and
    strips accents; the last stage keeps only letters and digits). A model
    computes the stages in successive CTEs so that no single expression nests
    ~25 regexp_replace calls (too deep for SQL linters and parsers).
#}
{% macro identity_street_key_stage(expression, stage, stages=3) -%}
    {%- set replacements = [
        ('stras+e', 'str'),
        ('\\b(apartment|apt|unit|suite|ste|no)\\b[.]?', ' '),
        ('#', ' '),
        ('\\bstreet\\b|\\bstr\\b[.]?|\\bst\\b[.]?', 'st'),
        ('\\bavenue\\b|\\bave\\b[.]?|\\bav\\b[.]?', 'ave'),
        ('\\broad\\b|\\brd\\b[.]?', 'rd'),
        ('\\bboulevard\\b|\\bblvd\\b[.]?', 'blvd'),
        ('\\blane\\b|\\bln\\b[.]?', 'ln'),
        ('\\bdrive\\b|\\bdr\\b[.]?', 'dr'),
        ('\\bcourt\\b|\\bct\\b[.]?', 'ct'),
        ('\\bplace\\b|\\bpl\\b[.]?', 'pl'),
        ('\\bclose\\b|\\bcl\\b[.]?', 'cl'),
        ('\\bgardens\\b|\\bgdns\\b[.]?', 'gdns'),
        ('\\bcrescent\\b|\\bcres\\b[.]?', 'cres'),
        ('\\brue\\b|\\br[.]', 'rue'),
        ('\\ballee\\b|\\ball[.]', 'all'),
        ('\\bchemin\\b|\\bch[.]', 'ch'),
        ('\\bbd\\b[.]?', 'blvd'),
        ('\\bcalle\\b|\\bc/', 'c '),
        ('\\bavenida\\b|\\bavda[.]?', 'ave'),
        ('\\bpaseo\\b|\\bp[º°]', 'po '),
        ('\\bvia\\b|\\bv[.]', 'via '),
        ('\\bcorso\\b|\\bc[.]so\\b', 'cso'),
        ('\\bpiazza\\b|\\bp[.]za\\b', 'pza'),
        ('straat\\b|str[.]', 'str'),
    ] -%}
    {%- set size = ((replacements | length) / stages) | round(0, 'ceil') | int -%}
    {%- set start = (stage - 1) * size -%}
    {%- set ns = namespace(expr=(journeymap.strip_accents('lower(' ~ expression ~ ')') if stage == 1 else expression)) -%}
    {%- for pattern, replacement in replacements[start:start + size] -%}
        {%- set ns.expr = journeymap.regexp_replace_all(ns.expr, journeymap.regexp_literal(pattern), "'" ~ replacement ~ "'") -%}
    {%- endfor -%}
    {%- if stage == stages -%}
        nullif({{ journeymap.regexp_replace_all(ns.expr, "'[^a-z0-9]'", "''") }}, '')
    {%- else -%}
        {{ ns.expr }}
    {%- endif -%}
{%- endmacro %}

{#
    identity_postal_key(expression): postal code as a matching key: upper
    case letters and digits only, a US ZIP+4 cut to its ZIP (also when the
    ZIP already lost its leading zero), and
    leading zeros dropped (spreadsheets eat them: `02134` -> `2134`).
#}
{% macro identity_postal_key(expression) -%}
    {%- set zip5 = "case when " ~ journeymap.regexp_like("trim(" ~ expression ~ ")", "'^[0-9]{4,5}-[0-9]{4}$'")
        ~ " then " ~ dbt.split_part("trim(" ~ expression ~ ")", "'-'", 1) ~ " else " ~ expression ~ " end" -%}
    {%- set compact = journeymap.regexp_replace_all("upper(" ~ zip5 ~ ")", "'[^A-Z0-9]'", "''") -%}
    nullif({{ journeymap.regexp_replace_all(compact, "'^0+'", "''") }}, '')
{%- endmacro %}
