{#
    Identity-resolution quality, one row per (metric_group, metric_key):
    cluster size distribution (`cluster_size`), records per source
    (`records`), hub identifiers left out by reason (`hubs`), fuzzy pairs by
    match-probability band and decision (`fuzzy_score_band`), device attachment
    (`devices`), candidate pairs per blocking rule (`blocking_pairs`), blocks
    over the size cap and their records (`blocking_capped_blocks`,
    `blocking_capped_records`: never silent), and the learned match weights
    in hundredths of a bit (`match_weight_centibits`, key
    `<comparison>:<level>`; identity_match_weights has them in full), and
    the training cadence (`training`: CRM records the weights were trained
    on, days since, 1 when this build trained; int_identity_training_state). The largest clusters and the hub identifiers themselves are
    in identity_largest_clusters and identity_hub_identifiers.
#}
with

records_resolved as (
    select * from {{ ref('int_identity_records_resolved') }}
),

hub_identifiers as (
    select * from {{ ref('int_identity_hub_identifiers') }}
),

fuzzy_matches as (
    select * from {{ ref('int_identity_fuzzy_matches') }}
),

device_accounts as (
    select * from {{ ref('int_identity_device_accounts') }}
),

blocking_stats as (
    select * from {{ ref('int_identity_blocking_stats') }}
),

match_weights as (
    select * from {{ ref('int_identity_match_weights') }}
),

training_state as (
    select * from {{ ref('int_identity_training_state') }}
),

customer_sizes as (
    select
        customer_id,
        count(*) as record_count
    from records_resolved
    where
        customer_id is not null
        and source_table in ('crm_contacts', 'shop_customers', 'web_devices')
    group by 1
),

cluster_size as (
    select
        'cluster_size' as metric_group,
        case
            when record_count >= 20 then '20+'
            when record_count >= 10 then '10-19'
            when record_count >= 5 then '05-09'
            else {{ dbt.concat(["'0'", "cast(record_count as " ~ dbt.type_string() ~ ")"]) }}
        end as metric_key,
        count(*) as metric_value
    from customer_sizes
    group by 1, 2
),

records as (
    select
        'records' as metric_group,
        source_table as metric_key,
        count(*) as metric_value
    from records_resolved
    group by 1, 2
),

hubs as (
    select
        'hubs' as metric_group,
        {{ dbt.concat(['identifier_type', "':'", 'hub_reason']) }} as metric_key,
        count(*) as metric_value
    from hub_identifiers
    group by 1, 2
),

-- deciles of match probability (0.9 split further: the threshold lives there)
fuzzy_score_band as (
    select
        'fuzzy_score_band' as metric_group,
        {{ dbt.concat([
            "case when is_match then 'match:' else 'review:' end",
            "case when match_probability >= 0.99 then '0.99' when match_probability >= 0.9 then '0.90' "
            ~ "else " ~ dbt.concat(["'0.'", "cast(cast(floor(match_probability * 10) as integer) as " ~ dbt.type_string() ~ ")", "'0'"]) ~ " end",
        ]) }} as metric_key,
        count(*) as metric_value
    from fuzzy_matches
    group by 1, 2
),

blocking_pairs as (
    select
        'blocking_pairs' as metric_group,
        blocking_rule as metric_key,
        proposed_pair_count as metric_value
    from blocking_stats
),

blocking_capped_blocks as (
    select
        'blocking_capped_blocks' as metric_group,
        blocking_rule as metric_key,
        capped_block_count as metric_value
    from blocking_stats
),

blocking_capped_records as (
    select
        'blocking_capped_records' as metric_group,
        blocking_rule as metric_key,
        capped_record_count as metric_value
    from blocking_stats
),

match_weight_centibits as (
    select
        'match_weight_centibits' as metric_group,
        {{ dbt.concat(['comparison', "':'", 'level_name']) }} as metric_key,
        cast(round(match_weight_bits * 100) as bigint) as metric_value
    from match_weights
),

training as (
    select
        'training' as metric_group,
        'trained_crm_records' as metric_key,
        trained_crm_records as metric_value
    from training_state
    union all
    select
        'training' as metric_group,
        'days_since_training' as metric_key,
        {{ dbt.datediff('trained_as_of_date', 'checked_as_of_date', 'day') }} as metric_value
    from training_state
    union all
    select
        'training' as metric_group,
        'trained_this_build' as metric_key,
        case when is_trained_this_build then 1 else 0 end as metric_value
    from training_state
),

devices as (
    select
        'devices' as metric_group,
        case
            when is_shared_device then 'shared'
            when account_count = 0 then 'anonymous_only'
            when account_count = 1 then 'linked_to_one_record'
            else 'linked_to_several_records'
        end as metric_key,
        count(*) as metric_value
    from device_accounts
    group by 1, 2
),

unioned as (
    select * from cluster_size
    union all
    select * from records
    union all
    select * from hubs
    union all
    select * from fuzzy_score_band
    union all
    select * from devices
    union all
    select * from blocking_pairs
    union all
    select * from blocking_capped_blocks
    union all
    select * from blocking_capped_records
    union all
    select * from match_weight_centibits
    union all
    select * from training
),

final as (
    select
        metric_group,
        metric_key,
        cast(metric_value as bigint) as metric_value
    from unioned
)

select * from final
