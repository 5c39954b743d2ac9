{# One row per shop account, latest version. #}
with

customers as (
    select * from {{ ref('base_shop__customers') }}
    where rejection_reason is null
),

-- future (impossible) timestamps are nulled before the latest version is picked
plausible as (
    select
        *,
        case when created_at_issue is null then created_at end as plausible_created_at,
        case when updated_at_issue is null then updated_at end as plausible_updated_at
    from customers
),

ranked as (
    select
        *,
        row_number() over (
            partition by account_id
            order by plausible_updated_at desc nulls last, row_hash asc
        ) as version_rank
    from plausible
),

final as (
    select
        account_id,
        email,
        phone,
        first_name,
        last_name,
        country_code,
        plausible_created_at as created_at,
        plausible_updated_at as updated_at
    from ranked
    where version_rank = 1
)

select * from final
