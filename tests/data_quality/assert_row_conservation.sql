{#
    Nothing is lost between raw and staging: for every raw table,
    raw rows = staged rows + quarantined rows + de-duplicated rows, where the
    de-duplicated count is what staging should collapse (usable rows beyond
    one per key). Raw rows are counted from the raw tables themselves.
#}
with

raw_counts as (
    {{ journeymap.union_over_staged_sources('raw_row_count_of') }}
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
where
    row_counts.source_table is null
    or raw_counts.raw_rows
    != row_counts.rows_staged + row_counts.rows_quarantined + row_counts.rows_deduplicated
