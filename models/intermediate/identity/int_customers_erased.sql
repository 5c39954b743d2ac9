{#
    One row per customer who asked to be forgotten: every customer an erasure
    request's subject (email, account_id, anonymous_id) resolves to. Every
    model a user or BI tool can read must leave these customers out.
#}
with

erasure_requests as (
    select * from {{ ref('stg_consent__erasure_requests') }}
),

identifier_lookup as (
    select * from {{ ref('int_identity_identifier_lookup') }}
),

resolved as (
    select
        identifier_lookup.customer_id,
        erasure_requests.request_id,
        erasure_requests.requested_at
    from erasure_requests
    inner join identifier_lookup
        on
            erasure_requests.subject_type = identifier_lookup.identifier_type
            and erasure_requests.subject_id = identifier_lookup.identifier_value
),

final as (
    select
        customer_id,
        min(requested_at) as first_requested_at,
        count(distinct request_id) as request_count
    from resolved
    group by customer_id
)

select * from final
