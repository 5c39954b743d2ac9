{#
    Stable-id rule: every customer has exactly one anchor record and its
    customer_id is the hash of that anchor's record key; fuzzy edges are
    audited (score at or above the threshold, matched fields recorded).
    Returns violations.
#}
with

records_resolved as (
    select * from {{ ref('int_identity_records_resolved') }}
),

fuzzy_matches as (
    select * from {{ ref('int_identity_fuzzy_matches') }}
),

anchor_counts as (
    select
        customer_id,
        sum(case when is_anchor_record then 1 else 0 end) as anchor_count,
        max(case when is_anchor_record then record_key end) as anchor_record_key
    from records_resolved
    where customer_id is not null
    group by customer_id
),

id_violations as (
    select
        customer_id,
        'anchor_count_not_one' as problem
    from anchor_counts
    where anchor_count <> 1
    union all
    select
        customer_id,
        'customer_id_not_anchor_hash' as problem
    from anchor_counts
    where
        anchor_count = 1
        and customer_id <> {{ dbt.hash('anchor_record_key') }}
),

audit_violations as (
    select
        {{ dbt.concat(['record_key_a', "'~'", 'record_key_b']) }} as customer_id,
        'fuzzy_edge_not_audited' as problem
    from fuzzy_matches
    where
        is_match
        and (
            match_probability < {{ var('identity_scoring')['match_probability'] }}
            or matched_fields is null
            or matched_fields = ''
        )
),

final as (
    select * from id_violations
    union all
    select * from audit_violations
)

select * from final
