{#
    erase_rows_sql(relation, condition, node): the statement deleting the
    rows of `relation` matching `condition`, or '' where the relation cannot
    delete.
#}
{% macro erase_rows_sql(relation, condition, node) %}
    {{ return(adapter.dispatch('erase_rows_sql', 'journeymap')(relation, condition, node)) }}
{% endmacro %}

{% macro default__erase_rows_sql(relation, condition, node) %}
    {{ return('delete from ' ~ relation ~ ' where ' ~ condition) }}
{% endmacro %}

{#
    Spark: DELETE needs a Delta (or other v2) table. This project builds the
    incremental models as tables on Spark and skips the snapshot there, so
    nothing keeps history; should a Delta node keep it, it is deleted from,
    and any other format is reported with what to do.
#}
{% macro spark__erase_rows_sql(relation, condition, node) %}
    {%- if node.config.get('file_format') == 'delta' -%}
        {{ return(journeymap.default__erase_rows_sql(relation, condition, node)) }}
    {%- endif -%}
    {{ log('erase_from_history: cannot delete from ' ~ relation ~ ' (file format '
        ~ (node.config.get('file_format') or 'parquet') ~ ' has no DELETE on Spark): '
        ~ 'make it file_format delta, or drop it and rebuild with --full-refresh', info=true) }}
    {{ return('') }}
{% endmacro %}
