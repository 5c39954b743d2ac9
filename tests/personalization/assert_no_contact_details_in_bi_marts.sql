{#
    No email-, phone- or street-address-shaped value in a BI-facing mart:
    every string column of every enabled model under models/marts not
    tagged `pii` (macro contact_shaped_values_sql). Phones are E.164-like
    (`+` and 10-15 digits) or formatted national numbers, so ZIP+4 codes,
    epoch seconds and numeric hashes do not count; values
    already masked by macro mask_value do not count. Models tagged `pii`
    (activation exports) are exempt. Failing rows show the masked value.
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

offending_values as (
    {{ journeymap.contact_shaped_values_sql() }}
)

select
    model_name,
    column_name,
    value_shape,
    masked_value
from offending_values
