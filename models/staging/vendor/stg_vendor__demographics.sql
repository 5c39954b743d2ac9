{# One row per hashed email: the vendor's latest append. #}
with

demographics as (
    select * from {{ ref('base_vendor__demographics') }}
    where rejection_reason is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by email_sha256
            order by vendor_updated_at desc nulls last, row_hash asc
        ) as version_rank
    from demographics
),

final as (
    select
        email_sha256,
        case when age_issue is null then age end as age,
        case when household_income_issue is null then household_income end as household_income,
        region,
        interests,
        vendor_updated_at
    from ranked
    where version_rank = 1
)

select * from final
