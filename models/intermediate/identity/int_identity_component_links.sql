{#
    One row per pair of first-pass components (component_id_a < component_id_b)
    that evidence beyond the record graph puts together; int_identity_merged_components
    closes them. Two kinds, each from its own model:

    - `device_bridge` (int_identity_device_bridges): a device (not a shared device) linked to records of
      both components, whose named records agree on first and last name
      (equal, nickname equivalents, Jaro-Winkler >= name_agree_similarity,
      or typed the wrong way round) and never conflict
      (identity_records_conflict). A family tablet used by two members'
      accounts fails: their first names differ.
    - `unique_name` (int_identity_unique_name_links): a component with shop accounts but no CRM contact (the
      account shares no email/phone with the CRM) and exactly one CRM
      component carrying the account's name: first names agree (equal,
      nickname equivalent, Jaro-Winkler >= name_agree_similarity), last
      names agree, same country (or none on the account), possibly typed
      the wrong way round. Exactly one means no other
      CRM component carries a name that is even loosely compatible (same
      phonetic last name and same first initial, nickname, missing first
      name, or first/last swapped; first and last names not `disagree`;
      country equal or missing). A CRM record without a first name counts
      only when its component knows no first name at all. A name shared by two people is never
      enough. Assumes shop customers are mostly known to the CRM; switch it
      off with var identity.unique_name_links.
#}
with

device_bridges as (
    select * from {{ ref('int_identity_device_bridges') }}
),

unique_names as (
    select * from {{ ref('int_identity_unique_name_links') }}
),

unioned as (
    select * from device_bridges
    union all
    select * from unique_names
),

final as (
    select
        component_id_a,
        component_id_b,
        min(link_type) as link_type
    from unioned
    group by component_id_a, component_id_b
)

select * from final
