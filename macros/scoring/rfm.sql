{#
    RFM scoring shared by customer_rfm (as of the as-of date) and
    int_customer_rfm_at_cutoff (as of the effectiveness cutoff), so both
    score the same way.

    rfm_score(order_by): one tie-aware 1-5 score over all rows of the
    select, `order_by` sorting worst first:
        score = 1 + floor(5 * (rank - 1) / n)
    rank = SQL rank() (ties share the lowest rank), n = rows scored. Equal
    values get equal scores; without ties the five scores hold n/5 rows
    each (sizes differ by at most one); a group of tied values falls wholly
    into the fifth in which it starts, so a tie larger than a fifth (most
    buyers have one order) fills its score and leaves the next ones empty.
    No tie is split by an arbitrary key such as customer_id.

    rfm_scores(): r_score, f_score and m_score (5 best) from columns
    recency_days (fewer is better), frequency and monetary (NULL monetary
    ranks lowest).
#}
{% macro rfm_score(order_by) -%}
    cast(
        1 + floor(5 * cast(rank() over (order by {{ order_by }}) - 1 as double) / count(*) over ())
        as {{ dbt.type_int() }}
    )
{%- endmacro %}

{% macro rfm_scores() -%}
    {{ journeymap.rfm_score('recency_days desc') }} as r_score,
    {{ journeymap.rfm_score('frequency asc') }} as f_score,
    {{ journeymap.rfm_score('monetary asc nulls first') }} as m_score
{%- endmacro %}


{#
    rfm_segment_matches(scored, rfm_segments): select of (customer_id,
    rfm_segment, match_rank) matching each scored customer to the seed's
    score ranges and order-count bounds (min_orders, max_orders; NULL = no
    bound), so a segment defined for repeat buyers never takes a one-order
    customer and a first-time segment never takes a repeat buyer, whatever
    the score distribution; match_rank 1 is the segment with the lowest
    priority. Arguments: the CTE names holding the scores (with column
    frequency) and the rfm_segments seed.
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
            and {{ scored }}.frequency >= coalesce({{ rfm_segments }}.min_orders, 1)
            and (
                {{ rfm_segments }}.max_orders is null
                or {{ scored }}.frequency <= {{ rfm_segments }}.max_orders
            )
{%- endmacro %}
