{#
    No contact detail in a BI-facing mart, in clear or hashed: every column
    of every enabled model under models/marts not tagged `pii`.
    - Clear (macro contact_shaped_values_sql): email-, phone- or
      street-address-shaped string values. Phones are E.164-like (`+` and
      10-15 digits) or formatted national numbers, so ZIP+4 codes, epoch
      seconds and numeric hashes do not count; values already masked by
      macro mask_value do not count.
    - Hashed (macro contact_hash_values_sql): string values equal to the MD5
      or SHA-256 of a staged email or phone (int_identity_person_records) or
      to a vendor email hash (stg_vendor__demographics), and columns named
      like a hashed contact detail (email_sha256). An unsalted hash is
      reversible with a list of emails, so it is personal data too.
    Models tagged `pii` (activation exports) are exempt. Failing rows show
    the masked value.
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

person_records as (
    select * from {{ ref('int_identity_person_records') }}
),

vendor_demographics as (
    select * from {{ ref('stg_vendor__demographics') }}
),

contact_details as (
    select
        'email' as contact_type,
        email as contact_value
    from person_records
    where email is not null
    union
    select
        'phone' as contact_type,
        phone as contact_value
    from person_records
    where phone is not null
),

-- the hex digests a BI mart could carry instead of the clear value
contact_hashes as (
    select
        contact_type,
        {{ journeymap.sha256('contact_value') }} as hash_value
    from contact_details
    union
    select
        contact_type,
        lower({{ dbt.hash('contact_value') }}) as hash_value
    from contact_details
    union
    select
        'email' as contact_type,
        email_sha256 as hash_value
    from vendor_demographics
    where email_sha256 is not null
),

offending_values as (
    {{ journeymap.contact_shaped_values_sql() }}
    union all
    {{ journeymap.contact_hash_values_sql('contact_hashes') }}
)

select
    model_name,
    column_name,
    value_shape,
    masked_value
from offending_values
