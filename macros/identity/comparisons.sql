{#
    Fellegi-Sunter comparisons of two person records, configured in var
    `identity_comparisons` (one entry per comparison: name, type, column,
    optional swap_column, levels strongest first, term_frequency).

    Every comparison returns an integer level:
      0            a value is missing on either side (weight 0: a missing
                   field neither helps nor hurts);
      1 .. n       the configured levels, in their order (1 = strongest);
      n + 1        `else`: the values disagree.
    `ignore_when: {other: [levels]}` makes the comparison count as missing
    while another comparison is at one of those levels.
    The first level whose test holds wins, so `jaro_winkler:0.92` after
    `exact` means "similar but not equal".

    Level tests (`kind` or `kind:parameter`):
      exact                    equal values
      nickname                 known nickname equivalents (seed
                               identity_nicknames); the model passes the
                               boolean SQL expression `is_nickname`
      swapped                  first and last name typed the wrong way round
                               (each Jaro-Winkler >= 0.92 against the other
                               side's swap_column)
      jaro_winkler:<t>         Jaro-Winkler similarity >= t
      edit_distance:<k>        Levenshtein distance <= k
      transposed_day_month     dates: same year, day and month swapped
      within_days:<d>          dates: at most d days apart
#}

{# identity_comparison_level(comparison, a, b, is_nickname='false'): the level of one comparison (dispatched per type). #}
{% macro identity_comparison_level(comparison, a, b, is_nickname='false') -%}
    {%- if comparison['type'] == 'name' -%}
        {{ journeymap.identity_compare_name(comparison, a, b, is_nickname) }}
    {%- elif comparison['type'] == 'date' -%}
        {{ journeymap.identity_compare_date(comparison, a, b) }}
    {%- elif comparison['type'] == 'text' -%}
        {{ journeymap.identity_compare_text(comparison, a, b) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "identity_comparisons: comparison '" ~ comparison['name'] ~ "' has type '" ~ comparison['type']
            ~ "'; use name, date or text (macros/identity/comparisons.sql).") }}
    {%- endif -%}
{%- endmacro %}

{# identity_comparison_level_names(comparison): level number -> name, 0 = 'null', n + 1 = 'else'. #}
{% macro identity_comparison_level_names(comparison) -%}
    {%- set names = {0: 'null'} -%}
    {%- for level in comparison['levels'] -%}
        {%- do names.update({loop.index: level}) -%}
    {%- endfor -%}
    {%- do names.update({(comparison['levels'] | length) + 1: 'else'}) -%}
    {{- return(names) -}}
{%- endmacro %}

{#
    identity_level_condition(name, level_names, setting): the SQL condition
    `<name>_level in (...)` for comparison `name` of var
    identity_comparisons at the listed level names; a compile error naming
    `setting` when the comparison or a level does not exist.
#}
{% macro identity_level_condition(name, level_names, setting) -%}
    {%- set numbers = [] -%}
    {%- for comparison in var('identity_comparisons') if comparison['name'] == name -%}
        {%- for number, level_name in journeymap.identity_comparison_level_names(comparison).items() if level_name in level_names -%}
            {%- do numbers.append(number) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if numbers | length < level_names | length -%}
        {{ exceptions.raise_compiler_error(setting ~ " names comparison '" ~ name ~ "' at levels "
            ~ level_names | join(', ') ~ "; var identity_comparisons has no such comparison or level.") }}
    {%- endif -%}
    {{- return(name ~ '_level in (' ~ numbers | join(', ') ~ ')') -}}
{%- endmacro %}

{# identity_exact_level(comparison): number of the `exact` level, or none. #}
{% macro identity_exact_level(comparison) -%}
    {%- for level in comparison['levels'] -%}
        {%- if level == 'exact' -%}{{- return(loop.index) -}}{%- endif -%}
    {%- endfor -%}
    {{- return(none) -}}
{%- endmacro %}

{# _identity_level_case(comparison, a_value, b_value, tests): the CASE over level tests (a list of SQL booleans, one per level). #}
{% macro _identity_level_case(comparison, a_value, b_value, tests) -%}
    case
        when {{ a_value }} is null or {{ b_value }} is null then 0
        {%- for test in tests %}
        when {{ test }} then {{ loop.index }}
        {%- endfor %}
        else {{ tests | length + 1 }}
    end
{%- endmacro %}

{% macro _identity_level_parts(level) -%}
    {%- set parts = (level | string).split(':') -%}
    {{- return({'kind': parts[0], 'parameter': (parts[1] if parts | length > 1 else none)}) -}}
{%- endmacro %}

{% macro _identity_unknown_level(comparison, level) -%}
    {{ exceptions.raise_compiler_error(
        "identity_comparisons: comparison '" ~ comparison['name'] ~ "' (type " ~ comparison['type']
        ~ ") has no level '" ~ level ~ "'. See macros/identity/comparisons.sql for the level tests of each type.") }}
{%- endmacro %}


{#
    identity_compare_name(comparison, a, b, is_nickname): names (`a`, `b`
    are table aliases). Levels: exact, nickname, swapped, jaro_winkler:<t>,
    edit_distance:<k>.
#}
{% macro identity_compare_name(comparison, a, b, is_nickname='false') -%}
    {{ return(adapter.dispatch('identity_compare_name', 'journeymap')(comparison, a, b, is_nickname)) }}
{%- endmacro %}

{% macro default__identity_compare_name(comparison, a, b, is_nickname='false') -%}
    {%- set a_value = a ~ '.' ~ comparison['column'] -%}
    {%- set b_value = b ~ '.' ~ comparison['column'] -%}
    {%- set tests = [] -%}
    {%- for level in comparison['levels'] -%}
        {%- set part = journeymap._identity_level_parts(level) -%}
        {%- if part.kind == 'exact' -%}
            {%- do tests.append(a_value ~ ' = ' ~ b_value) -%}
        {%- elif part.kind == 'nickname' -%}
            {%- do tests.append('coalesce(' ~ is_nickname ~ ', false)') -%}
        {%- elif part.kind == 'swapped' -%}
            {%- set a_swap = a ~ '.' ~ comparison['swap_column'] -%}
            {%- set b_swap = b ~ '.' ~ comparison['swap_column'] -%}
            {%- do tests.append('coalesce(' ~ journeymap.jaro_winkler(a_value, b_swap) ~ ' >= 0.92 and '
                ~ journeymap.jaro_winkler(a_swap, b_value) ~ ' >= 0.92, false)') -%}
        {%- elif part.kind == 'jaro_winkler' -%}
            {%- do tests.append(journeymap.jaro_winkler(a_value, b_value) ~ ' >= ' ~ part.parameter) -%}
        {%- elif part.kind == 'edit_distance' -%}
            {%- do tests.append(journeymap.levenshtein(a_value, b_value) ~ ' <= ' ~ part.parameter) -%}
        {%- else -%}
            {{ journeymap._identity_unknown_level(comparison, level) }}
        {%- endif -%}
    {%- endfor -%}
    {{ journeymap._identity_level_case(comparison, a_value, b_value, tests) }}
{%- endmacro %}


{#
    identity_compare_date(comparison, a, b): dates. Levels: exact,
    transposed_day_month, edit_distance:<k> (on the ISO text), within_days:<d>.
#}
{% macro identity_compare_date(comparison, a, b) -%}
    {{ return(adapter.dispatch('identity_compare_date', 'journeymap')(comparison, a, b)) }}
{%- endmacro %}

{% macro default__identity_compare_date(comparison, a, b) -%}
    {%- set a_value = a ~ '.' ~ comparison['column'] -%}
    {%- set b_value = b ~ '.' ~ comparison['column'] -%}
    {%- set tests = [] -%}
    {%- for level in comparison['levels'] -%}
        {%- set part = journeymap._identity_level_parts(level) -%}
        {%- if part.kind == 'exact' -%}
            {%- do tests.append(a_value ~ ' = ' ~ b_value) -%}
        {%- elif part.kind == 'transposed_day_month' -%}
            {%- do tests.append('(extract(year from ' ~ a_value ~ ') = extract(year from ' ~ b_value ~ ')'
                ~ ' and extract(month from ' ~ a_value ~ ') = extract(day from ' ~ b_value ~ ')'
                ~ ' and extract(day from ' ~ a_value ~ ') = extract(month from ' ~ b_value ~ '))') -%}
        {%- elif part.kind == 'edit_distance' -%}
            {%- do tests.append(journeymap.levenshtein(
                'cast(' ~ a_value ~ ' as ' ~ dbt.type_string() ~ ')',
                'cast(' ~ b_value ~ ' as ' ~ dbt.type_string() ~ ')') ~ ' <= ' ~ part.parameter) -%}
        {%- elif part.kind == 'within_days' -%}
            {%- do tests.append('abs(' ~ dbt.datediff(a_value, b_value, 'day') ~ ') <= ' ~ part.parameter) -%}
        {%- else -%}
            {{ journeymap._identity_unknown_level(comparison, level) }}
        {%- endif -%}
    {%- endfor -%}
    {{ journeymap._identity_level_case(comparison, a_value, b_value, tests) }}
{%- endmacro %}


{#
    identity_compare_text(comparison, a, b): codes and free text (postcode,
    house number, street, city, country, email, phone). Levels: exact,
    jaro_winkler:<t>, edit_distance:<k>.
#}
{% macro identity_compare_text(comparison, a, b) -%}
    {{ return(adapter.dispatch('identity_compare_text', 'journeymap')(comparison, a, b)) }}
{%- endmacro %}

{% macro default__identity_compare_text(comparison, a, b) -%}
    {%- set a_value = a ~ '.' ~ comparison['column'] -%}
    {%- set b_value = b ~ '.' ~ comparison['column'] -%}
    {%- set tests = [] -%}
    {%- for level in comparison['levels'] -%}
        {%- set part = journeymap._identity_level_parts(level) -%}
        {%- if part.kind == 'exact' -%}
            {%- do tests.append(a_value ~ ' = ' ~ b_value) -%}
        {%- elif part.kind == 'jaro_winkler' -%}
            {%- do tests.append(journeymap.jaro_winkler(a_value, b_value) ~ ' >= ' ~ part.parameter) -%}
        {%- elif part.kind == 'edit_distance' -%}
            {%- do tests.append(journeymap.levenshtein(a_value, b_value) ~ ' <= ' ~ part.parameter) -%}
        {%- else -%}
            {{ journeymap._identity_unknown_level(comparison, level) }}
        {%- endif -%}
    {%- endfor -%}
    {{ journeymap._identity_level_case(comparison, a_value, b_value, tests) }}
{%- endmacro %}


{#
    identity_comparison_columns(a, b): one `<name>_level` column per
    configured comparison, for records aliased `a` and `b`. Name
    comparisons with a `nickname` level read `nickname_<name>`, a left join
    on int_identity_name_equivalences that identity_nickname_joins() adds.
#}
{% macro identity_comparison_columns(a, b) -%}
    {%- set comparisons = var('identity_comparisons') -%}
    {%- for comparison in comparisons %}
        {%- set level = journeymap.identity_comparison_level(comparison, a, b,
            'nickname_' ~ comparison['name'] ~ '.name_key_a is not null') -%}
        {#- ignore_when {other: [levels]}: the comparison counts as missing when
            another one is at one of those levels (first and last name typed the
            wrong way round are one piece of evidence, not two) -#}
        {%- set conditions = [] -%}
        {%- for other_name, other_levels in comparison.get('ignore_when', {}).items() -%}
            {%- for other in comparisons if other['name'] == other_name -%}
                {%- set numbers = [] -%}
                {%- for number, level_name in journeymap.identity_comparison_level_names(other).items() if level_name in other_levels -%}
                    {%- do numbers.append(number) -%}
                {%- endfor -%}
                {%- do conditions.append('(' ~ journeymap.identity_comparison_level(other, a, b,
                    'nickname_' ~ other['name'] ~ '.name_key_a is not null') ~ ') in (' ~ numbers | join(', ') ~ ')') -%}
            {%- endfor -%}
        {%- endfor %}
        {%- if conditions %}
        case when {{ conditions | join(' or ') }} then 0 else {{ level }} end as {{ comparison['name'] }}_level
        {%- else %}
        {{ level }} as {{ comparison['name'] }}_level
        {%- endif %}
        {%- if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}

{% macro identity_nickname_joins(a, b, name_equivalences) -%}
    {%- for comparison in var('identity_comparisons') if comparison['type'] == 'name' %}
    left join {{ name_equivalences }} as nickname_{{ comparison['name'] }}
        on
            {{ a }}.{{ comparison['column'] }} = nickname_{{ comparison['name'] }}.name_key_a
            and {{ b }}.{{ comparison['column'] }} = nickname_{{ comparison['name'] }}.name_key_b
    {%- endfor %}
{%- endmacro %}


{#
    identity_comparison_levels_sql(): one row per (comparison, level) of var
    identity_comparisons, levels 1 .. n + 1 (`else`; level 0, a missing
    value, has weight 0 and no row): comparison, comparison_level,
    level_name, level_count (levels of the comparison without 0),
    comparison_order.
#}
{% macro identity_comparison_levels_sql() -%}
    {%- set rows = [] -%}
    {%- for comparison in var('identity_comparisons') -%}
        {%- set comparison_order = loop.index -%}
        {%- set names = journeymap.identity_comparison_level_names(comparison) -%}
        {%- for level in range(1, names | length) -%}
            {%- do rows.append("select '" ~ comparison['name'] ~ "' as comparison, " ~ level ~ " as comparison_level, '"
                ~ names[level] ~ "' as level_name, " ~ (names | length - 1) ~ " as level_count, "
                ~ comparison_order ~ " as comparison_order") -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ rows | join('\n    union all\n    ') }}
{%- endmacro %}


{# identity_pattern_key_parts(): SQL parts of a comparison pattern's key (`<level>|<level>|...`), for dbt.concat. #}
{% macro identity_pattern_key_parts() -%}
    {%- set parts = [] -%}
    {%- for comparison in var('identity_comparisons') -%}
        {%- do parts.append('cast(' ~ comparison['name'] ~ '_level as ' ~ dbt.type_string() ~ ')') -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{- return(parts) -}}
{%- endmacro %}
