{#
    Erasure in stored history. Table marts are rebuilt every run and leave
    erased customers (int_customers_erased) out, but snapshots and
    incremental models keep rows from earlier runs. Each of them declares,
    in `config.meta.erasure_keys`, the columns that identify a person: a list
    of {column, identifier_type[, where]}. identifier_type `customer_id`
    matches the erased customers' ids; `record_key` the keys of their records
    (int_identity_records_resolved: CRM contacts included); any other type (email, account_id,
    anonymous_id, ...) matches the erased customers' identifiers of that type
    in int_identity_identifier_lookup, shared ones included (privacy wins, as
    in int_customers_erased and int_web_sessions_of_erased). `where` narrows
    the rows the key applies to (a guest email only identifies a guest
    order). An empty list declares that the node holds no personal rows.
    `config.meta.mirrors_raw: true` instead declares a base or staging
    model staged by raw file (macros/raw/raw_files.sql): it holds what the
    raw files hold now (a file rewritten without a person is parsed again,
    a removed file forgotten), as its table form did; erase at the source.

    - erase_from_this(): post-hook of every incremental model and the
      snapshot (dbt_project.yml, snapshot yml): deletes the erased rows right
      after the node is built, in its transaction, so nothing downstream in
      the same run sees them and an incremental build equals a full one.
    - erase_from_history(): on-run-end hook (and `dbt run-operation
      erase_from_history`): the same deletes over every snapshot and
      incremental model of the graph, for runs that rebuilt
      int_customers_erased without them; it also fails the run when one of
      them declares no erasure_keys, so a new one cannot be forgotten.
#}

{# SQL condition selecting the rows of erased customers, or none. #}
{% macro erasure_condition(keys) %}
    {%- set erased = journeymap._erasure_relation('int_customers_erased') -%}
    {%- set identifiers = journeymap._erasure_relation('int_identity_identifier_lookup') -%}
    {%- set records = journeymap._erasure_relation('int_identity_records_resolved') -%}
    {%- if erased is none or identifiers is none or not keys -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set conditions = [] -%}
    {%- for key in keys -%}
        {%- if key.identifier_type == 'customer_id' -%}
            {%- set matched = key.column ~ ' in (select customer_id from ' ~ erased ~ ')' -%}
        {%- elif key.identifier_type == 'record_key' -%}
            {%- if records is none -%}
                {{ return(none) }}
            {%- endif -%}
            {%- set matched = key.column ~ ' in (select records.record_key from ' ~ records
                ~ ' as records inner join ' ~ erased ~ ' as erased on records.customer_id = erased.customer_id)' -%}
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
    {{ return(conditions | join(' or ')) }}
{% endmacro %}


{# True for the nodes that keep rows across runs. #}
{% macro _keeps_history(node) %}
    {{ return(node.resource_type == 'snapshot'
        or (node.resource_type == 'model' and node.config.materialized == 'incremental')) }}
{% endmacro %}


{% macro erase_from_this() %}
    {%- if not execute or not journeymap._keeps_history(model) -%}
        {{ return('') }}
    {%- endif -%}
    {%- set condition = journeymap.erasure_condition((model.config.meta or {}).get('erasure_keys')) -%}
    {%- if condition is none -%}
        {{ return('') }}
    {%- endif -%}
    {{ return(journeymap.erase_rows_sql(this, condition, model)) }}
{% endmacro %}


{% macro erase_from_history() %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- for node in graph.nodes.values() if journeymap._keeps_history(node) -%}
        {%- set keys = (node.config.meta or {}).get('erasure_keys') -%}
        {%- if keys is none and (node.config.meta or {}).get('mirrors_raw', false) -%}
            {%- set keys = [] -%}
        {%- endif -%}
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
        {%- set condition = journeymap.erasure_condition(keys) -%}
        {%- if relation is not none and condition is not none -%}
            {%- set statement = journeymap.erase_rows_sql(relation, condition, node) -%}
            {%- if statement -%}
                {%- set counted = run_query('select count(*) from ' ~ relation ~ ' where ' ~ condition) -%}
                {%- set doomed = counted.columns[0].values()[0] -%}
                {%- if doomed > 0 -%}
                    {%- do run_query(statement) -%}
                    {#- run_query opened a transaction; commit it (a run-operation would roll it back) -#}
                    {%- do adapter.commit() -%}
                    {{ log('erase_from_history: deleted ' ~ doomed ~ ' rows of erased customers from ' ~ relation, info=true) }}
                {%- endif -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}


{# The built relation of a model, by model name, or none when it does not exist yet. #}
{% macro _erasure_relation(model_name) %}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.name == model_name -%}
        {{ return(adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias or node.name)) }}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}
