{# One row per survey answer (`response_id`). #}
with

responses as (
    select * from {{ ref('base_survey__responses') }}
    where rejection_reason is null
),

ranked as (
    select
        *,
        row_number() over (partition by response_id order by row_hash) as copy_rank
    from responses
),

final as (
    select
        response_id,
        email,
        question_key,
        answer,
        case when responded_at_issue is null then responded_at end as responded_at
    from ranked
    where copy_rank = 1
)

select * from final
