{# One row per customer feature that rules can name (macro customer_feature_metrics): the catalogue seeds are tested against. #}
with

final as (
    {%- for metric in journeymap.customer_feature_metrics() %}
        select
            '{{ metric.name }}' as metric_name,
            '{{ metric.value_type }}' as value_type,
            {{ "'" ~ metric.anchor ~ "'" if metric.anchor else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as anchor_column,
            '{{ dbt.escape_single_quotes(metric.description) }}' as metric_description
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select * from final
