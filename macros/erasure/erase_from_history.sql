{#
    erase_from_history(): run at the end of every dbt invocation
    (on-run-end in dbt_project.yml; also `dbt run-operation
    erase_from_history`). Table marts are rebuilt every run and leave erased
    customers (int_customers_erased) out, but snapshots and incremental
    models keep rows from earlier runs: this deletes the erased customers'
    rows from every snapshot and every model materialized `incremental`,
    found in the graph (a new one cannot be forgotten: it fails the run
    until it declares its erasure keys).

    Each such node declares, in `config.meta.erasure_keys`, the columns that
    identify a person: a list of {column, identifier_type[, where]}.
    identifier_type `customer_id` matches the erased customers' ids; any
    other type (email, account_id, anonymous_id, ...) matches the erased
    customers' identifiers of that type in int_identity_identifier_lookup,
    shared ones included (privacy wins, as in int_customers_erased and
    int_web_sessions_of_erased; int_orders_attributed drops the same orders,
    so incremental and full builds agree). `where` narrows the rows
    the key applies to (a guest email only identifies a guest order). An
    empty list declares that the node holds no personal rows (aggregates).
    Deletion goes through the dispatched erase_rows().
#}
{% macro erase_from_history() %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set erased = journeymap._erasure_relation('int_customers_erased') -%}
    {%- set identifiers = journeymap._erasure_relation('int_identity_identifier_lookup') -%}
    {%- if erased is none or identifiers is none -%}
        {{ log('erase_from_history: int_customers_erased is not built yet; nothing to erase', info=true) }}
        {{ return('') }}
    {%- endif -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'snapshot'
        or (node.resource_type == 'model' and node.config.materialized == 'incremental') -%}
        {%- set keys = (node.config.meta or {}).get('erasure_keys') -%}
        {%- if keys is none -%}
            {{ exceptions.raise_compiler_error(
                node.resource_type ~ ' ' ~ node.name ~ ' keeps rows across runs but declares no '
                ~ 'config.meta.erasure_keys: list the columns that identify a person (see '
                ~ 'macros/erasure/erase_from_history.sql), or [] if it holds none.'
            ) }}
        {%- endif -%}
        {%- set relation = adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.alias or node.name
        ) -%}
        {%- if relation is not none and keys | length > 0 -%}
            {%- set conditions = [] -%}
            {%- for key in keys -%}
                {%- if key.identifier_type == 'customer_id' -%}
                    {%- set matched = key.column ~ ' in (select customer_id from ' ~ erased ~ ')' -%}
                {%- else -%}
                    {%- set matched = key.column ~ ' in (select identifiers.identifier_value from '
                        ~ identifiers ~ ' as identifiers inner join ' ~ erased
                        ~ ' as erased on identifiers.customer_id = erased.customer_id'
                        ~ " where identifiers.identifier_type = '" ~ key.identifier_type ~ "')" -%}
                {%- endif -%}
                {%- if key.get('where') -%}
                    {%- set matched = '(' ~ key.where ~ ') and ' ~ matched -%}
                {%- endif -%}
                {%- do conditions.append('(' ~ matched ~ ')') -%}
            {%- endfor -%}
            {%- do journeymap.erase_rows(relation, conditions | join(' or '), node) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}


{# The relation of a model by name, or none when it is not built (yet). #}
{% macro _erasure_relation(model_name) %}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.name == model_name -%}
        {{ return(adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias or node.name)) }}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}


{#
    erase_rows(relation, condition, node): delete the rows of `relation`
    matching `condition` (SQL boolean) and log how many went.
#}
{% macro erase_rows(relation, condition, node) %}
    {{ return(adapter.dispatch('erase_rows', 'journeymap')(relation, condition, node)) }}
{% endmacro %}

{% macro default__erase_rows(relation, condition, node) %}
    {%- set counted = run_query('select count(*) from ' ~ relation ~ ' where ' ~ condition) -%}
    {%- set doomed = counted.columns[0].values()[0] -%}
    {%- if doomed > 0 -%}
        {%- do run_query('delete from ' ~ relation ~ ' where ' ~ condition) -%}
        {#- run_query opened a transaction; commit it (a run-operation would roll it back) -#}
        {%- do adapter.commit() -%}
        {{ log('erase_from_history: deleted ' ~ doomed ~ ' rows of erased customers from ' ~ relation, info=true) }}
    {%- endif -%}
{% endmacro %}

{#
    Spark: DELETE needs a Delta (or other v2) table. Snapshots and incremental
    models are Delta there when they run at all (this project builds the
    incremental models as tables on Spark and skips the snapshot), so delete
    from Delta tables and say so loudly for any other format.
#}
{% macro spark__erase_rows(relation, condition, node) %}
    {%- if node.config.get('file_format') == 'delta' -%}
        {{ journeymap.default__erase_rows(relation, condition, node) }}
    {%- else -%}
        {{ log('erase_from_history: cannot delete from ' ~ relation ~ ' (file format '
            ~ (node.config.get('file_format') or 'parquet') ~ ' has no DELETE on Spark): '
            ~ 'make it file_format delta, or drop it and rebuild with --full-refresh', info=true) }}
    {%- endif -%}
{% endmacro %}
