{#
    Warn (never fail) when a raw table this build read lacks a column that
    identity resolution or activation depends on (`identity_critical` in the
    sources yml meta): the build still runs, with that column read as NULL,
    but profiles split and audiences shrink. Returns one row per missing
    column; `make build` prints them at the end.
#}
{{ config(severity='warn') }}

with

raw_column_presence as (
    select * from {{ ref('fct_raw_column_presence') }}
),

final as (
    select
        source_table,
        column_name,
        relation_name
    from raw_column_presence
    where
        is_identity_critical
        and presence_status = 'column_missing'
)

select * from final
