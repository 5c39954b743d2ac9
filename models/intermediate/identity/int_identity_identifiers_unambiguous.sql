{#
    One row per identifier (email, phone, email SHA-256, account_id,
    anonymous_id) that resolves to exactly one customer. This is the lookup
    that attributes events, orders, consent and demographics to customers:
    an identifier several customers share (a hub) attributes nobody, so it is
    left out here, in one place. Erasure reads int_identity_identifier_lookup
    instead, because privacy takes every customer a shared identifier names.
#}
with

identifier_lookup as (
    select * from {{ ref('int_identity_identifier_lookup') }}
),

final as (
    select
        identifier_type,
        identifier_value,
        customer_id
    from identifier_lookup
    where customer_count = 1
)

select * from final
