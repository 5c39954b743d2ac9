{#
    The training cadence of the identity matcher (docs/identity.md,
    "Training cadence"). int_identity_training_state decides once per build
    whether the Fellegi-Sunter parameters are estimated again; the training
    models (tag identity_training) read that decision with
    identity_training_keeps() and either train or copy their stored table.
#}

{# md5 of what the parameters are a function of besides the data: the
   comparison, blocking and estimation vars and the SQL of the training
   models. Changing any of them retrains on the next build. #}
{% macro identity_training_fingerprint() %}
    {%- set parts = [
        tojson(var('identity_comparisons'), sort_keys=true),
        tojson(var('identity_blocking'), sort_keys=true),
        tojson(var('identity_estimation'), sort_keys=true),
    ] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values() | sort(attribute='unique_id')
            if node.resource_type == 'model' and 'identity_training' in node.tags
            and node.name != 'int_identity_training_state' -%}
            {%- do parts.append(node.name ~ ':' ~ local_md5(node.raw_code)) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(local_md5(parts | join('\n'))) }}
{% endmacro %}


{# True when the calling training model keeps its stored table this build:
   int_identity_training_state says the training is kept and the model's
   table exists. At parse time (no execute) false, so every ref is seen. #}
{% macro identity_training_keeps() %}
    {%- if not execute -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set stored = adapter.get_relation(database=this.database, schema=this.schema, identifier=this.identifier) -%}
    {%- if stored is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set state = ref('int_identity_training_state') -%}
    {%- set decision = run_query('select is_trained_this_build from ' ~ state) -%}
    {%- if decision.rows | length != 1 -%}
        {{ exceptions.raise_compiler_error(
            state ~ ' holds ' ~ (decision.rows | length) ~ ' rows, expected 1: rebuild it with '
            ~ '`dbt build -s int_identity_training_state --full-refresh`.') }}
    {%- endif -%}
    {{ return(not decision.rows[0][0]) }}
{% endmacro %}
