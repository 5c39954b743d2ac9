{#
    One row per (reference_kind, customer_id, metric_name): every feature of
    int_customer_features_aggregated in long form, so rules in seeds can
    name a metric instead of a column. `anchor_date` is the date a
    `days_since_*` metric counts from (NULL for other metrics).

    A view: the rules name a few of its metrics, and the long form of every
    feature of every customer is the largest table of the segment models
    (1,000,000 persons: 120 M rows, 36 s to write). int_customer_rules_evaluated
    reads it once, joined with the rules.
#}
{{ config(materialized='view') }}
with

features as (
    select * from {{ ref('int_customer_features_aggregated') }}
),

final as (
    {%- for metric in journeymap.customer_feature_metrics() %}
        select
            reference_kind,
            reference_date,
            customer_id,
            '{{ metric.name }}' as metric_name,
            {% if metric.value_type == 'number' -%}
                cast({{ metric.name }} as {{ dbt.type_float() }}) as metric_number,
                cast(null as {{ dbt.type_string() }}) as metric_text,
            {%- else -%}
                cast(null as {{ dbt.type_float() }}) as metric_number,
                cast({{ metric.name }} as {{ dbt.type_string() }}) as metric_text,
            {%- endif %}
            {% if metric.anchor -%}
                {{ metric.anchor }} as anchor_date
            {%- else -%}
                cast(null as date) as anchor_date
            {%- endif %}
        from features
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select * from final
