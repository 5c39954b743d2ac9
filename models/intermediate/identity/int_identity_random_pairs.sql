{#
    A seeded random sample of CRM record pairs, for the u probabilities
    (how often two records of different people agree by chance): records
    in the order of a hash of (var identity_estimation.u_sample_seed,
    record key), each paired with its next k neighbours in that order, k
    chosen so that about u_sample_pairs pairs come out. Deterministic, linear
    in the records, and almost all pairs are of two different people.
#}
-- depends_on: {{ ref('int_identity_training_state') }}
{% if journeymap.identity_training_keeps() %}
-- the stored training is kept this build (int_identity_training_state)
select * from {{ this }}
{% else %}
    {%- set estimation = var('identity_estimation') -%}
    with

    person_records as (
        select * from {{ ref('int_identity_person_records') }}
    ),

    shuffled as (
        select
            record_key,
            row_number() over (
                order by {{ dbt.hash(dbt.concat(["'" ~ estimation['u_sample_seed'] ~ "|'", 'record_key'])) }}, record_key
            ) as shuffle_number
        from person_records
        where source_table = 'crm_contacts'
    ),

    sample_size as (
        select
            count(*) as record_count,
            -- neighbours per record, at least 1
            case
                when count(*) < 2 then 0
                else cast(ceil({{ estimation['u_sample_pairs'] }} / cast(count(*) as double)) as bigint)
            end as neighbour_count
        from shuffled
    ),

    offsets as (
        select shuffled.shuffle_number as neighbour_offset
        from shuffled
        cross join sample_size
        where shuffled.shuffle_number <= sample_size.neighbour_count
    ),

    pairs as (
        select
            record_a.record_key as record_key_a,
            record_b.record_key as record_key_b
        from shuffled as record_a
        cross join offsets
        inner join shuffled as record_b
            on record_a.shuffle_number + offsets.neighbour_offset = record_b.shuffle_number
    ),

    final as (
        select
            case when record_key_a < record_key_b then record_key_a else record_key_b end as record_key_a,
            case when record_key_a < record_key_b then record_key_b else record_key_a end as record_key_b
        from pairs
    )

    select * from final
{%- endif %}
