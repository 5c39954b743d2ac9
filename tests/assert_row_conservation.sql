{#
    Nothing is lost between raw and staging: for every raw table,
    raw rows = staged rows + quarantined rows + de-duplicated rows, where the
    de-duplicated count is what staging should collapse (usable rows beyond
    one per key). Raw rows are counted from the raw tables themselves.
#}
with

{% for staged in journeymap.staged_sources() %}
{{ staged.table }}_raw as (
    select '{{ staged.table }}' as source_table, count(*) as raw_rows
    from {{ source(staged.source, staged.table) }}
),

{% endfor %}
raw_counts as (
    {% for staged in journeymap.staged_sources() -%}
    select * from {{ staged.table }}_raw
    {% if not loop.last %}union all
    {% endif -%}
    {%- endfor %}
),

row_counts as (
    select * from {{ ref('fct_source_row_counts') }}
)

select
    raw_counts.source_table,
    raw_counts.raw_rows,
    row_counts.rows_staged,
    row_counts.rows_quarantined,
    row_counts.rows_deduplicated
from raw_counts
left join row_counts
    on raw_counts.source_table = row_counts.source_table
where row_counts.source_table is null
    or raw_counts.raw_rows
    <> row_counts.rows_staged + row_counts.rows_quarantined + row_counts.rows_deduplicated
