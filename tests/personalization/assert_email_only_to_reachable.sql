{#
    Nobody who may not be emailed (customer_profiles.is_email_reachable false,
    or no profile at all, e.g. erased) is in an email audience or gets an
    email next-best-action. One row per offending audience row or action.
#}
with

customer_profiles as (
    select * from {{ ref('customer_profiles') }}
),

email_audience as (
    select * from {{ ref('audience_email_marketing') }}
),

next_best_actions as (
    select * from {{ ref('next_best_actions') }}
),

emailed as (
    select
        'audience_email_marketing' as model_name,
        customer_id
    from email_audience
    union all
    select
        'next_best_actions' as model_name,
        customer_id
    from next_best_actions
    where channel = 'email'
),

final as (
    select
        emailed.model_name,
        emailed.customer_id,
        customer_profiles.is_email_reachable
    from emailed
    left join customer_profiles
        on emailed.customer_id = customer_profiles.customer_id
    where not coalesce(customer_profiles.is_email_reachable, false)
)

select * from final
