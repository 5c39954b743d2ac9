{#
    Every possible (r, f, m score, order count) matches at least one row of
    seed rfm_segments, so no customer_rfm row lacks a segment. Order counts
    tried: 1, 2 and every bound of the seed and the count just past it
    (membership only changes there). A one-order customer always has
    f_score 1 (tie-aware scoring, macro rfm_score), so (f_score > 1, one
    order) cannot occur and is not required.
#}
with

rfm_segments as (
    select * from {{ ref('rfm_segments') }}
),

scores as (
    {% for score in range(1, 6) -%}
        select {{ score }} as score{% if not loop.last %}
            union all{% endif %}
    {% endfor %}
),

order_counts as (
    select 1 as orders
    union
    select 2 as orders
    union
    select min_orders as orders
    from rfm_segments
    where min_orders is not null
    union
    select max_orders as orders
    from rfm_segments
    where max_orders is not null
    union
    select max_orders + 1 as orders
    from rfm_segments
    where max_orders is not null
),

combinations as (
    select
        r_scores.score as r_score,
        f_scores.score as f_score,
        m_scores.score as m_score,
        order_counts.orders
    from scores as r_scores
    cross join scores as f_scores
    cross join scores as m_scores
    cross join order_counts
    where f_scores.score = 1 or order_counts.orders > 1
),

final as (
    select
        combinations.r_score,
        combinations.f_score,
        combinations.m_score,
        combinations.orders
    from combinations
    left join rfm_segments
        on
            combinations.r_score between rfm_segments.r_score_min and rfm_segments.r_score_max
            and combinations.f_score between rfm_segments.f_score_min and rfm_segments.f_score_max
            and combinations.m_score between rfm_segments.m_score_min and rfm_segments.m_score_max
            and combinations.orders >= coalesce(rfm_segments.min_orders, 1)
            and (rfm_segments.max_orders is null or combinations.orders <= rfm_segments.max_orders)
    where rfm_segments.rfm_segment is null
)

select * from final
