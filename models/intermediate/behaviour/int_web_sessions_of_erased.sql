{#
    One row per web session (`session_id`) an erased customer took part in:
    the session's device, or an account logged in during it, resolves to an
    erased customer (int_customers_erased). fct_sessions and fct_web_events
    leave these sessions out whole, every build, so an erasure request
    reaches sessions built by earlier incremental runs.
#}
with

sessions_aggregated as (
    select * from {{ ref('int_web_sessions_aggregated') }}
),

session_accounts as (
    select * from {{ ref('int_web_session_accounts') }}
),

identifier_lookup as (
    select * from {{ ref('int_identity_identifier_lookup') }}
),

customers_erased as (
    select * from {{ ref('int_customers_erased') }}
),

-- every identifier of an erased customer, shared ones included
erased_identifiers as (
    select
        identifier_lookup.identifier_type,
        identifier_lookup.identifier_value
    from identifier_lookup
    inner join customers_erased
        on identifier_lookup.customer_id = customers_erased.customer_id
    where identifier_lookup.identifier_type in ('anonymous_id', 'account_id')
),

erased_by_device as (
    select sessions_aggregated.session_id
    from sessions_aggregated
    inner join erased_identifiers
        on
            erased_identifiers.identifier_type = 'anonymous_id'
            and sessions_aggregated.anonymous_id = erased_identifiers.identifier_value
),

erased_by_account as (
    select session_accounts.session_id
    from session_accounts
    inner join erased_identifiers
        on
            erased_identifiers.identifier_type = 'account_id'
            and session_accounts.account_id = erased_identifiers.identifier_value
),

final as (
    select session_id from erased_by_device
    union
    select session_id from erased_by_account
)

select * from final
