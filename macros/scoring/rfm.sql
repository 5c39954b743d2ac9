{#
    RFM scoring shared by customer_rfm (as of the as-of date) and
    int_customer_rfm_at_cutoff (as of the effectiveness cutoff), so both
    score the same way.

    rfm_quintiles(): the three 1-5 scores (5 best) as NTILE(5) over a total
    order -- worst first, ties split by customer_id -- from columns
    recency_days, frequency and monetary (NULL monetary ranks lowest).
#}
{% macro rfm_quintiles() -%}
    ntile(5) over (order by recency_days desc, customer_id asc) as r_score,
    ntile(5) over (order by frequency asc, customer_id asc) as f_score,
    ntile(5) over (order by monetary asc nulls first, customer_id asc) as m_score
{%- endmacro %}


{#
    rfm_segment_matches(scored, rfm_segments): select of (customer_id,
    rfm_segment, match_rank) matching each scored customer to the seed's
    score ranges; match_rank 1 is the segment with the lowest priority.
    Arguments: the CTE names holding the scores and the rfm_segments seed.
#}
{% macro rfm_segment_matches(scored='scored', rfm_segments='rfm_segments') -%}
    select
        {{ scored }}.customer_id,
        {{ rfm_segments }}.rfm_segment,
        row_number() over (
            partition by {{ scored }}.customer_id
            order by {{ rfm_segments }}.priority asc
        ) as match_rank
    from {{ scored }}
    inner join {{ rfm_segments }}
        on
            {{ scored }}.r_score between {{ rfm_segments }}.r_score_min and {{ rfm_segments }}.r_score_max
            and {{ scored }}.f_score between {{ rfm_segments }}.f_score_min and {{ rfm_segments }}.f_score_max
            and {{ scored }}.m_score between {{ rfm_segments }}.m_score_min and {{ rfm_segments }}.m_score_max
{%- endmacro %}
