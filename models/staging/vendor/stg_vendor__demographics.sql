{# One row per hashed email: the vendor's latest append. #}
with

demographics as (
    select * from {{ ref('base_vendor__demographics') }}
    where rejection_reason is null
),

-- future (impossible) timestamps are nulled before the latest version is picked
plausible as (
    select
        *,
        case when vendor_updated_at_issue is null then vendor_updated_at end as plausible_vendor_updated_at
    from demographics
),

ranked as (
    select
        *,
        row_number() over (
            partition by email_sha256
            order by plausible_vendor_updated_at desc nulls last, row_hash asc
        ) as version_rank
    from plausible
),

final as (
    select
        email_sha256,
        case when age_issue is null then age end as age,
        case when household_income_issue is null then household_income end as household_income,
        region,
        interests,
        plausible_vendor_updated_at as vendor_updated_at
    from ranked
    where version_rank = 1
)

select * from final
