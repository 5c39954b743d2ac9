{#
    One row per first-pass component (int_identity_components) that
    int_identity_component_links joins to another, with the merged
    component: the closure of the component links by macro
    connected_components(). component_id is the smallest first-pass
    component id of the merged component (so still the smallest node id).
    Components without a link are absent: they stay as they are.
#}
{{ config(
    post_hook="{{ journeymap.drop_connected_components_work(this) }}",
) }}
{%- set closure = journeymap.connected_components(
    ref('int_identity_component_links'),
    node_a='component_id_a',
    node_b='component_id_b',
    max_iterations=var('identity')['max_closure_iterations'],
) -%}
with

closure as (
    select * from {{ closure }}
),

final as (
    select
        node_id as first_pass_component_id,
        component_id
    from closure
)

select * from final
