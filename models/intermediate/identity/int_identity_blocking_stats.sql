{#
    One row per blocking rule (var identity_blocking.rules): records that
    carry its keys, blocks, the pairs it proposes, and the blocks over
    identity_blocking.max_block_size that it skips (with their records and
    the pairs they would have proposed), so the cap is never silent.
#}
{%- set max_block_size = var('identity_blocking')['max_block_size'] -%}
with

person_records as (
    select * from {{ ref('int_identity_person_records') }}
),

{{ journeymap.identity_blocking_ctes('person_records') }},

final as (
    select
        blocking_rule,
        blocking_rule_number,
        cast(sum(block_size) as bigint) as record_count,
        cast(count(*) as bigint) as block_count,
        cast(sum(case when block_size <= {{ max_block_size }} then block_size * (block_size - 1) / 2 else 0 end) as bigint)
            as proposed_pair_count,
        cast(sum(case when block_size > {{ max_block_size }} then 1 else 0 end) as bigint) as capped_block_count,
        cast(sum(case when block_size > {{ max_block_size }} then block_size else 0 end) as bigint) as capped_record_count,
        cast(sum(case when block_size > {{ max_block_size }} then block_size * (block_size - 1) / 2 else 0 end) as bigint)
            as capped_pair_count,
        cast(max(block_size) as bigint) as largest_block_size
    from block_sizes
    group by blocking_rule, blocking_rule_number
)

select * from final
