{# One row per rate date and currency (re-delivered rates collapse to one, deterministically). #}
with

fx_rates as (
    select * from {{ ref('base_finance__fx_rates') }}
    where rejection_reason is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by rate_date, currency_code
            order by row_hash
        ) as copy_rank
    from fx_rates
),

final as (
    select
        {{ dbt.concat([dbt.cast('rate_date', dbt.type_string()), "':'", 'currency_code']) }} as fx_rate_id,
        rate_date,
        currency_code,
        usd_per_unit
    from ranked
    where copy_rank = 1
)

select * from final
