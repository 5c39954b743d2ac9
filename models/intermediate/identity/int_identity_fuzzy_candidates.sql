{#
    One row per candidate pair of CRM contact records (record_key_a <
    record_key_b) that agree on every key of at least one blocking rule
    (var identity_blocking.rules), with the rules that proposed it. Blocks
    larger than identity_blocking.max_block_size propose nothing
    (int_identity_blocking_stats reports them).
#}
{%- set max_block_size = var('identity_blocking')['max_block_size'] -%}
with

person_records as (
    select * from {{ ref('int_identity_person_records') }}
),

-- blocks and pairs are built on record numbers (in record-key order), not
-- on the long record keys: the self-join and the pair de-duplication are
-- the costliest steps of identity resolution
{{ journeymap.identity_blocking_ctes('person_records') }},

usable_blocks as (
    select
        block_keys.blocking_rule,
        block_keys.blocking_rule_number,
        block_keys.block_key,
        block_keys.record_number
    from block_keys
    inner join block_sizes
        on
            block_keys.blocking_rule = block_sizes.blocking_rule
            and block_keys.block_key = block_sizes.block_key
    where block_sizes.block_size between 2 and {{ max_block_size }}
),

pairs as (
    select distinct
        left_record.record_number as record_number_a,
        right_record.record_number as record_number_b,
        left_record.blocking_rule,
        left_record.blocking_rule_number
    from usable_blocks as left_record
    inner join usable_blocks as right_record
        on
            left_record.blocking_rule = right_record.blocking_rule
            and left_record.block_key = right_record.block_key
            and left_record.record_number < right_record.record_number
),

-- which rules proposed a pair, as a bit mask (bit i = rule i of the list):
-- EM trains one session per rule on the pairs that rule proposed
distinct_pairs as (
    select
        record_number_a,
        record_number_b,
        count(*) as blocking_pass_count,
        min(blocking_rule) as first_blocking_pass,
        cast(sum(power(2, blocking_rule_number)) as bigint) as blocking_rule_mask
    from pairs
    group by record_number_a, record_number_b
),

final as (
    select
        record_a.record_key as record_key_a,
        record_b.record_key as record_key_b,
        distinct_pairs.blocking_pass_count,
        distinct_pairs.first_blocking_pass,
        distinct_pairs.blocking_rule_mask
    from distinct_pairs
    inner join crm_records as record_a
        on distinct_pairs.record_number_a = record_a.record_number
    inner join crm_records as record_b
        on distinct_pairs.record_number_b = record_b.record_number
)

select * from final
