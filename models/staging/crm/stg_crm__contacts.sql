{# One row per CRM contact record (`source_system:contact_id`), latest version. #}
-- A table, unlike most staging models: its de-duplication is a window over
-- every CRM contact version, and a dozen models and tests read it (as a view, each would
-- re-run the window).
{{ config(materialized='table') }}
with

contacts as (
    select * from {{ ref('base_crm__contacts') }}
    where rejection_reason is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by contact_record_id
            order by updated_at desc nulls last, row_hash asc
        ) as version_rank
    from contacts
),

final as (
    select
        contact_record_id,
        contact_id,
        source_system,
        email,
        phone,
        first_name,
        last_name,
        date_of_birth,
        street_address,
        city,
        postal_code,
        state,
        country_code,
        created_at,
        updated_at,
        is_deleted
    from ranked
    where version_rank = 1
)

select * from final
