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

-- future (impossible) dates are nulled before the latest version is picked
plausible as (
    select
        *,
        case when date_of_birth_issue is null then date_of_birth end as plausible_date_of_birth,
        case when created_at_issue is null then created_at end as plausible_created_at,
        case when updated_at_issue is null then updated_at end as plausible_updated_at
    from contacts
),

ranked as (
    select
        *,
        row_number() over (
            partition by contact_record_id
            order by plausible_updated_at desc nulls last, row_hash asc
        ) as version_rank
    from plausible
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
        plausible_date_of_birth as date_of_birth,
        street_address,
        city,
        postal_code,
        state,
        country_code,
        plausible_created_at as created_at,
        plausible_updated_at as updated_at,
        is_deleted
    from ranked
    where version_rank = 1
)

select * from final
