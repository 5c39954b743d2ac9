{# One row per shop account, latest version. #}
with

customers as (
    select * from {{ ref('base_shop__customers') }}
    where rejection_reason is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by account_id
            order by updated_at desc nulls last, row_hash asc
        ) as version_rank
    from customers
),

final as (
    select
        account_id,
        email,
        phone,
        first_name,
        last_name,
        country_code,
        created_at,
        updated_at
    from ranked
    where version_rank = 1
)

select * from final
