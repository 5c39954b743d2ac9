{#
    customer_behaviour's email rates are NULL for a customer who was never
    sent an email: "no campaigns" is unknown engagement, not a perfect one.
    (Plain least() skips NULLs on DuckDB and Spark, so
    least(opened / nullif(sent, 0), 1.0) read 1.0; the 0-1 range test cannot
    see that.) A customer who was sent something has both rates.
#}
with

customer_behaviour as (
    select * from {{ ref('customer_behaviour') }}
),

final as (
    select
        customer_id,
        emails_sent,
        email_open_rate,
        email_click_rate
    from customer_behaviour
    where
        (emails_sent = 0 and (email_open_rate is not null or email_click_rate is not null))
        or (emails_sent > 0 and (email_open_rate is null or email_click_rate is null))
)

select * from final
