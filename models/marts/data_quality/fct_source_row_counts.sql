{#
    Row accounting per raw table for this build: rows delivered, staged,
    refused, collapsed as duplicates or older versions, and values nulled.
    rows_in = rows_staged + rows_quarantined + rows_deduplicated always holds
    (tested in tests/data_quality/assert_row_conservation.sql against the raw tables).
#}
with

unioned as (
    {{ journeymap.union_over_staged_sources('row_counts_of') }}
),

quarantine as (
    select * from {{ ref('fct_quarantined_records') }}
),

values_nulled as (
    select
        source_table,
        count(*) as values_nulled
    from quarantine
    where quarantine_action = 'value_nulled'
    group by source_table
),

final as (
    select
        unioned.source_table,
        cast(unioned.rows_in as {{ dbt.type_bigint() }}) as rows_in,
        cast(unioned.rows_staged as {{ dbt.type_bigint() }}) as rows_staged,
        cast(unioned.rows_quarantined as {{ dbt.type_bigint() }}) as rows_quarantined,
        cast(unioned.rows_usable - unioned.distinct_usable_keys as {{ dbt.type_bigint() }}) as rows_deduplicated,
        cast(coalesce(values_nulled.values_nulled, 0) as {{ dbt.type_bigint() }}) as values_nulled
    from unioned
    left join values_nulled
        on unioned.source_table = values_nulled.source_table
)

select * from final
