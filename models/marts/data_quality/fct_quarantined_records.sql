{#
    The quality quarantine: one row per raw row refused (`row_rejected`) and
    per value set to NULL (`value_nulled`), with the rule and the offending
    value. Personal fields show only their shape (see macro mask_value), and
    so does the record key of a table keyed by personal data (the vendor's
    email_sha256: an unsalted hash is as personal as the email).
#}
{%- set personal_key_tables = [] -%}
{%- for staged in journeymap.staged_sources() if staged.key in var('pii_columns') -%}
    {%- do personal_key_tables.append(staged.table) -%}
{%- endfor -%}
with

unioned as (
    {{ journeymap.union_over_staged_sources('quarantine_of') }}
),

numbered as (
    select
        *,
        -- identical raw rows share a row_hash; number them so each keeps its own id
        row_number() over (
            partition by source_table, row_hash, quarantine_action, column_name
            order by reason
        ) as copy_number
    from unioned
),

final as (
    select
        {{ dbt.hash(dbt.concat([
            'source_table', "'|'", 'row_hash', "'|'", 'quarantine_action', "'|'", 'column_name',
            "'|'", dbt.cast('copy_number', dbt.type_string())
        ])) }} as quarantine_record_id,
        source_table,
        {%- if personal_key_tables %}
            case
                when {{ journeymap.in_list('source_table', personal_key_tables) }}
                    then {{ journeymap.mask_value('source_record_key') }}
                else source_record_key
            end as source_record_key,
        {%- else %}
            source_record_key,
        {%- endif %}
        row_hash,
        quarantine_action,
        reason,
        column_name,
        case
            when {{ journeymap.in_list('column_name', var('pii_columns')) }}
                then {{ journeymap.mask_value('offending_value') }}
            else offending_value
        end as offending_value
    from numbered
)

select * from final
