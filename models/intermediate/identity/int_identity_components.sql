{#
    One row per node of the identity graph (person record or identifier) with
    its connected component: the transitive closure of int_identity_edges,
    iterated to convergence by macro connected_components(). component_id is
    the smallest node_id of the component.
#}
{{ config(
    post_hook="{{ journeymap.drop_connected_components_work(this) }}",
) }}
{%- set closure = journeymap.connected_components(
    ref('int_identity_edges'),
    node_a='node_a',
    node_b='node_b',
    max_iterations=var('identity')['max_closure_iterations'],
) -%}
with

closure as (
    select * from {{ closure }}
),

final as (
    select
        node_id,
        component_id
    from closure
)

select * from final
