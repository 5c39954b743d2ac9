{#
    No erased customer in any model a user or BI tool can read: every
    enabled model under models/marts with a customer_id column (read from the
    warehouse) is checked against int_customers_erased. The list comes from
    the graph, so new marts are covered without editing this test.
#}
-- The marts are read through the graph; these refs order the test after them.
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
{%- set checked = [] -%}
{%- if execute -%}
{%- for node in graph.nodes.values()
    if node.resource_type == 'model'
    and node.package_name == project_name
    and node.original_file_path.startswith('models/marts/')
    and node.config.enabled -%}
    {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=(node.alias or node.name)) -%}
    {%- if relation and 'customer_id' in (adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list) -%}
        {%- do checked.append({'name': node.name, 'relation': relation}) -%}
    {%- endif -%}
{%- endfor -%}
{%- endif %}
with

customers_erased as (
    select * from {{ ref('int_customers_erased') }}
),

mart_customers as (
    {%- for node in checked %}
    select
        '{{ node.name }}' as model_name,
        customer_id
    from {{ node.relation }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
    {%- if not checked %}
    select
        cast(null as {{ dbt.type_string() }}) as model_name,
        cast(null as {{ dbt.type_string() }}) as customer_id
    where 1 = 0
    {%- endif %}
)

select
    mart_customers.model_name,
    mart_customers.customer_id
from mart_customers
inner join customers_erased
    on mart_customers.customer_id = customers_erased.customer_id
