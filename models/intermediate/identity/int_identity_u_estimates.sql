{#
    One row per (comparison, level) of var identity_comparisons: u, the
    probability that two records of different people fall in that level,
    from the random pairs of int_identity_random_pairs (among pairs where
    both values are known). Smoothed by one pseudo-pair spread over the
    levels, so no level has u = 0 (its weight would be infinite).
#}
-- depends_on: {{ ref('int_identity_training_state') }}
{% if journeymap.identity_training_keeps() %}
-- the stored training is kept this build (int_identity_training_state)
select * from {{ this }}
{% else %}
    with

    random_pairs as (
        select * from {{ ref('int_identity_random_pairs') }}
    ),

    person_records as (
        select * from {{ ref('int_identity_person_records') }}
    ),

    name_equivalences as (
        select * from {{ ref('int_identity_name_equivalences') }}
    ),

    comparison_levels as (
        {{ journeymap.identity_comparison_levels_sql() }}
    ),

    compared as (
        select
            {{ journeymap.identity_comparison_columns('record_a', 'record_b') }}
        from random_pairs
        inner join person_records as record_a
            on random_pairs.record_key_a = record_a.record_key
        inner join person_records as record_b
            on random_pairs.record_key_b = record_b.record_key
        {{ journeymap.identity_nickname_joins('record_a', 'record_b', 'name_equivalences') }}
    ),

    level_counts as (
        {%- for comparison in var('identity_comparisons') %}
            select
                '{{ comparison["name"] }}' as comparison,
                {{ comparison['name'] }}_level as comparison_level,
                count(*) as pair_count
            from compared
            where {{ comparison['name'] }}_level > 0
            group by {{ comparison['name'] }}_level
            {%- if not loop.last %}
                union all
            {%- endif %}
        {%- endfor %}
    ),

    comparison_totals as (
        select
            comparison,
            sum(pair_count) as known_pair_count
        from level_counts
        group by comparison
    ),

    final as (
        select
            comparison_levels.comparison,
            comparison_levels.comparison_level,
            comparison_levels.level_name,
            cast(coalesce(level_counts.pair_count, 0) as bigint) as u_pair_count,
            cast(coalesce(comparison_totals.known_pair_count, 0) as bigint) as u_sample_pairs,
            -- in double arithmetic: decimal division (Spark) would keep 6 digits
            (cast(coalesce(level_counts.pair_count, 0) as double) + cast(1 as double) / comparison_levels.level_count)
            / (cast(coalesce(comparison_totals.known_pair_count, 0) as double) + 1) as u_probability
        from comparison_levels
        left join level_counts
            on
                comparison_levels.comparison = level_counts.comparison
                and comparison_levels.comparison_level = level_counts.comparison_level
        left join comparison_totals
            on comparison_levels.comparison = comparison_totals.comparison
    )

    select * from final
{%- endif %}
