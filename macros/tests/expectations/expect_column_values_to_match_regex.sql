{#
    Each non-null value of column_name contains a match of `regex` (search
    semantics, anchor with ^...$ for a whole-value match). is_raw=true: the
    regex is taken literally (backslashes are regex escapes) on every engine;
    false (default): it is pasted into a SQL string literal as written.
    flags: regex options, e.g. 'i'. Returns the offending rows.
#}
{% test expect_column_values_to_match_regex(model, column_name, regex, row_condition=none, is_raw=false, flags='') %}

select *
from {{ model }}
{{ jm_expect__where([
    row_condition,
    column_name ~ ' is not null',
    'not ' ~ regexp_like(column_name, regexp_literal(regex, is_raw), flags)
]) }}

{% endtest %}
