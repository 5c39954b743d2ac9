{#
    journeymap__using_survey_responses: false. The staging model reads an
    empty relation (no rows in, none staged or quarantined), while the tables
    that are on did load. Returns the offending row counts.
#}
with

source_row_counts as (
    select * from {{ ref('journeymap', 'fct_source_row_counts') }}
),

customer_profiles as (
    select * from {{ ref('journeymap', 'customer_profiles') }}
),

final as (
    select
        source_table,
        rows_in
    from source_row_counts
    where
        (source_table = 'survey_responses' and rows_in <> 0)
        or (source_table in ('crm_contacts', 'shop_orders', 'web_events') and rows_in = 0)

    union all

    select
        'customer_profiles' as source_table,
        count(*) as rows_in
    from customer_profiles
    having count(*) = 0
)

select * from final
