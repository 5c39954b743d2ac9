{#
    Every raw table journeymap read in this host is the host's own landing
    table (remapped schema and identifier), with every contract column, except
    the switched-off survey table and the support export's `channel`, which
    the loader leaves out (read as NULL, reported as column_missing). Returns
    the rows that say otherwise.
#}
with

raw_column_presence as (
    select * from {{ ref('journeymap', 'fct_raw_column_presence') }}
),

final as (
    select
        source_table,
        column_name,
        relation_name,
        presence_status
    from raw_column_presence
    where
        (source_table = 'survey_responses' and presence_status <> 'table_switched_off')
        or (
            source_table = 'support_tickets' and column_name = 'channel'
            and presence_status <> 'column_missing'
        )
        or (
            source_table <> 'survey_responses' and presence_status <> 'present'
            and not (source_table = 'support_tickets' and column_name = 'channel')
        )
        or (source_table <> 'survey_responses' and relation_name not like '%.src_' || source_table)
        or (source_table = 'crm_contacts' and relation_name not like 'landing_crm.%')
)

select * from final
