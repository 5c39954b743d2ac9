{# Every (r, f, m) score combination matches at least one row of seed rfm_segments, so no customer_rfm row lacks a segment. #}
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

combinations as (
    select
        r_scores.score as r_score,
        f_scores.score as f_score,
        m_scores.score as m_score
    from scores as r_scores
    cross join scores as f_scores
    cross join scores as m_scores
),

final as (
    select
        combinations.r_score,
        combinations.f_score,
        combinations.m_score
    from combinations
    left join rfm_segments
        on
            combinations.r_score between rfm_segments.r_score_min and rfm_segments.r_score_max
            and combinations.f_score between rfm_segments.f_score_min and rfm_segments.f_score_max
            and combinations.m_score between rfm_segments.m_score_min and rfm_segments.m_score_max
    where rfm_segments.rfm_segment is null
)

select * from final
