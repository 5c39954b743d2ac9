{#
    Quality figures of every raw table, one row per build, table, metric and
    detail, appended build after build (incremental, never rebuilt by
    --full-refresh) so trends can be charted. build_id is dbt's
    invocation_id; nothing else reads this model, so the other marts stay
    deterministic.
#}
{%- set fields = var('data_quality_fields') %}

with

source_row_counts as (
    select * from {{ ref('fct_source_row_counts') }}
),

quarantined_records as (
    select * from {{ ref('fct_quarantined_records') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

{% for staged in journeymap.staged_sources() %}
    {%- set table_fields = fields.get(staged.table, {}) %}
    {%- set key_fields = table_fields.get('key_fields', []) or [] %}
    {%- set freshness_field = table_fields.get('freshness_field') %}
    stats_{{ staged.table }} as (
        select
            '{{ staged.table }}' as source_table,
            count(*) as row_count,
            {%- for column in key_fields %}
                count({{ column }}) as filled__{{ column }},
            {%- endfor %}
            {%- if freshness_field %}
                -- only values known as of the as-of date: staging nulls what lies after the
                -- build, and a later value (a backdated as-of date) would make freshness negative
                {%- set value = 'cast(' ~ freshness_field ~ ' as ' ~ dbt.type_timestamp() ~ ')' %}
                max(
                    case when {{ value }} <= cast(as_of.as_of_date as {{ dbt.type_timestamp() }}) then {{ value }} end
                ) as latest_at
            {%- else %}
                cast(null as {{ dbt.type_timestamp() }}) as latest_at
            {%- endif %}
        from {{ ref(staged.staged) }}
        cross join as_of
    ),

{% endfor -%}

row_count_metrics as (
    {%- for metric in ['rows_in', 'rows_staged', 'rows_quarantined', 'rows_deduplicated', 'values_nulled'] %}
        {% if not loop.first %}union all{% endif %}
        select
            source_table,
            '{{ metric }}' as metric,
            '' as metric_detail,
            cast({{ metric }} as double) as metric_value
        from source_row_counts
    {%- endfor %}
),

-- refused rows by reason; nulled values by column and reason
quarantine_metrics as (
    select
        source_table,
        case quarantine_action
            when 'row_rejected' then 'rows_quarantined_by_reason'
            else 'values_nulled_by_reason'
        end as metric,
        {{ dbt.concat(['column_name', "':'", 'reason']) }} as metric_detail,
        cast(count(*) as double) as metric_value
    from quarantined_records
    group by
        source_table,
        quarantine_action,
        column_name,
        reason
),

field_metrics as (
    {%- for staged in journeymap.staged_sources() %}
        {%- set table_fields = fields.get(staged.table, {}) %}
        {%- for column in table_fields.get('key_fields', []) or [] %}
            select
                source_table,
                'null_rate' as metric,
                '{{ column }}' as metric_detail,
                cast(row_count - filled__{{ column }} as double) / nullif(row_count, 0) as metric_value
            from stats_{{ staged.table }}
            union all
        {%- endfor %}
    {%- endfor %}
    -- freshness: hours from the latest timestamp at or before the start of the as-of date
    -- to it (never negative)
    {%- for staged in journeymap.staged_sources() %}
        {% if not loop.first %}union all{% endif %}
        select
            stats_{{ staged.table }}.source_table,
            'freshness_hours' as metric,
            '' as metric_detail,
            cast(
                -- hour boundaries crossed: on whole hours every engine's datediff agrees
                -- (dbt-spark rounds elapsed seconds away from zero, DuckDB counts boundaries)
                {{ dbt.datediff(
                    dbt.date_trunc('hour', 'stats_' ~ staged.table ~ '.latest_at'),
                    'cast(as_of.as_of_date as ' ~ dbt.type_timestamp() ~ ')',
                    'hour'
                ) }}
                as double
            ) as metric_value
        from stats_{{ staged.table }}
        cross join as_of
    {%- endfor %}
),

metrics as (
    select
        source_table,
        metric,
        metric_detail,
        metric_value
    from row_count_metrics
    union all
    select
        source_table,
        metric,
        metric_detail,
        metric_value
    from quarantine_metrics
    union all
    select
        source_table,
        metric,
        metric_detail,
        metric_value
    from field_metrics
),

final as (
    select
        {{ dbt.hash(dbt.concat([
            "'" ~ invocation_id ~ "'", "'|'", 'metrics.source_table', "'|'", 'metrics.metric', "'|'", 'metrics.metric_detail'
        ])) }} as data_quality_metric_id,
        '{{ invocation_id }}' as build_id,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }}) as built_at,
        as_of.as_of_date,
        metrics.source_table,
        metrics.metric,
        metrics.metric_detail,
        metrics.metric_value
    from metrics
    cross join as_of
)

select * from final
