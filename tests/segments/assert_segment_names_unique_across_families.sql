{#
    A segment name means one segment: no display name (case-insensitive) is
    used by two segments, within or across families (dynamic rules in seed
    segment_rules, loyalty tiers in seed loyalty_tiers, RFM segments in seed
    rfm_segments, and the `All customers` baseline of
    fct_segment_effectiveness). Dashboards chart segments by name; two
    segments called "At Risk" stacked into one bar. Also checked on the
    marts, which carry the names BI reads.
#}
with

segment_rules as (
    select * from {{ ref('segment_rules') }}
),

loyalty_tiers as (
    select * from {{ ref('loyalty_tiers') }}
),

rfm_segments as (
    select * from {{ ref('rfm_segments') }}
),

segment_effectiveness as (
    select * from {{ ref('fct_segment_effectiveness') }}
),

customer_segments as (
    select * from {{ ref('customer_segments') }}
),

named_segments as (
    select distinct
        'dynamic' as segment_type,
        segment_key,
        segment_name
    from segment_rules
    union all
    select
        'loyalty_tier' as segment_type,
        tier_key as segment_key,
        tier_name as segment_name
    from loyalty_tiers
    union all
    select
        'rfm' as segment_type,
        rfm_segment as segment_key,
        rfm_segment as segment_name
    from rfm_segments
    union all
    select
        'all_customers' as segment_type,
        'all_customers' as segment_key,
        'All customers' as segment_name
    union all
    select distinct
        segment_type,
        segment_key,
        segment_name
    from segment_effectiveness
    union all
    select distinct
        segment_type,
        segment_key,
        segment_name
    from customer_segments
),

distinct_segments as (
    select distinct
        segment_type,
        segment_key,
        lower(trim(segment_name)) as name_key
    from named_segments
),

final as (
    select
        name_key as segment_name,
        count(*) as segment_count,
        min(segment_type) as first_segment_type,
        max(segment_type) as last_segment_type
    from distinct_segments
    group by name_key
    having count(*) > 1
)

select * from final
