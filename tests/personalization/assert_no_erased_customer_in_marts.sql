{#
    No erased customer in any model a user or BI tool can read: every
    enabled model under models/marts with a customer_id column (read from
    the warehouse, macro mart_customer_ids_sql) is checked against
    int_customers_erased, so new marts are covered without editing this test.
#}
-- The marts are read through the graph (macro readable_marts); these refs
-- order the test after the known ones.
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
-- depends_on: {{ ref('fct_orders') }}
-- depends_on: {{ ref('fct_order_items') }}
-- depends_on: {{ ref('fct_sessions') }}
-- depends_on: {{ ref('fct_web_events') }}
-- depends_on: {{ ref('customer_rfm') }}
-- depends_on: {{ ref('customer_behaviour') }}
-- depends_on: {{ ref('audience_changes') }}
-- depends_on: {{ ref('audience_memberships') }}
-- depends_on: {{ ref('fct_action_exposures') }}
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
