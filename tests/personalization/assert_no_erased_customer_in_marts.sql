{#
    No erased customer in any model a user or BI tool can read: every
    enabled model under models/marts with a customer_id column (read from
    the warehouse, macro mart_customer_ids_sql) is checked against
    int_customers_erased, so new marts are covered without editing this test.
#}
-- The marts are read through the graph (macro readable_marts), which dbt
-- cannot see: these refs, one per mart, order the test after every one of them
-- (tests/python/build/test_docs_coverage.py fails when a mart is missing here).
-- depends_on: {{ ref('customer_segments') }}
-- depends_on: {{ ref('customer_journey_stage') }}
-- depends_on: {{ ref('fct_journey_funnel') }}
-- depends_on: {{ ref('fct_journey_paths') }}
-- depends_on: {{ ref('fct_segment_effectiveness') }}
-- depends_on: {{ ref('fct_triggers') }}
-- depends_on: {{ ref('next_best_actions') }}
-- depends_on: {{ ref('audience_email_marketing') }}
-- depends_on: {{ ref('audience_onsite_personalization') }}
-- depends_on: {{ ref('customer_profiles') }}
-- depends_on: {{ ref('dim_customers') }}
-- depends_on: {{ ref('customer_identity_map') }}
-- depends_on: {{ ref('customer_identity_history') }}
-- depends_on: {{ ref('fct_orders') }}
-- depends_on: {{ ref('fct_order_items') }}
-- depends_on: {{ ref('fct_sessions') }}
-- depends_on: {{ ref('fct_web_events') }}
-- depends_on: {{ ref('customer_rfm') }}
-- depends_on: {{ ref('customer_behaviour') }}
-- depends_on: {{ ref('audience_changes') }}
-- depends_on: {{ ref('audience_memberships') }}
-- depends_on: {{ ref('fct_action_exposures') }}
-- depends_on: {{ ref('audiences') }}
-- depends_on: {{ ref('dim_products') }}
-- depends_on: {{ ref('fct_action_uplift') }}
-- depends_on: {{ ref('fct_action_uplift_overall') }}
-- depends_on: {{ ref('fct_data_quality_history') }}
-- depends_on: {{ ref('fct_email_campaign_engagement') }}
-- depends_on: {{ ref('fct_quarantined_records') }}
-- depends_on: {{ ref('fct_raw_column_presence') }}
-- depends_on: {{ ref('fct_source_row_counts') }}
-- depends_on: {{ ref('identity_hub_identifiers') }}
-- depends_on: {{ ref('identity_largest_clusters') }}
-- depends_on: {{ ref('identity_match_weights') }}
-- depends_on: {{ ref('identity_quality') }}
with

customers_erased as (
    select * from {{ ref('int_customers_erased') }}
),

mart_customers as (
    {{ journeymap.mart_customer_ids_sql() }}
)

select
    mart_customers.model_name,
    mart_customers.customer_id
from mart_customers
inner join customers_erased
    on mart_customers.customer_id = customers_erased.customer_id
