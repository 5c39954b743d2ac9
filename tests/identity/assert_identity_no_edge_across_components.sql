{# The closure converged: no identity edge joins two different components. Returns offending edges. #}
with

edges as (
    select * from {{ ref('int_identity_edges') }}
),

components as (
    select * from {{ ref('int_identity_components') }}
),

final as (
    select
        edges.node_a,
        edges.node_b,
        edges.edge_type,
        component_a.component_id as component_a,
        component_b.component_id as component_b
    from edges
    inner join components as component_a
        on edges.node_a = component_a.node_id
    inner join components as component_b
        on edges.node_b = component_b.node_id
    where component_a.component_id <> component_b.component_id
)

select * from final
