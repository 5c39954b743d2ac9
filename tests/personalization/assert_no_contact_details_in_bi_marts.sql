{#
    No email-, phone- or street-address-shaped value in a BI-facing mart:
    every enabled public model under models/marts not tagged `pii` has each
    string column (read from the warehouse) checked against
    the three patterns (phones: 10-15 digits, so ZIP+4 codes and long
    hashes do not count). Values already masked by macro mask_value (only
    `x`, `9` and punctuation) are not contact details. Models tagged `pii`
    (activation exports) are exempt.
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
{%- set email_pattern = '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+[.][A-Za-z0-9.-]+' -%}
{%- set phone_pattern = '^[+]?([0-9][ ().-]{0,2}){9,14}[0-9]$' -%}
{%- set masked_pattern = '^[x9 .@+()/:_,;-]+$' -%}
{%- set street_pattern = '^[0-9]+[A-Za-z]? [A-Za-z .-]+ (st|street|rd|road|ave|avenue|lane|ln|drive|dr|blvd|way|straße|strasse|weg|rue)[.]?$' -%}
{%- set checks = [] -%}
{%- if execute -%}
{%- for node in graph.nodes.values()
    if node.resource_type == 'model'
    and node.package_name == project_name
    and node.original_file_path.startswith('models/marts/')
    and node.config.enabled
    and 'pii' not in node.tags -%}
    {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=(node.alias or node.name)) -%}
    {%- if relation -%}
        {%- for column in adapter.get_columns_in_relation(relation) if column.is_string() -%}
            {%- do checks.append({'model': node.name, 'column': column.name, 'relation': relation}) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endfor -%}
{%- endif %}
with

offending_values as (
    {%- for check in checks %}
    select
        '{{ check.model }}' as model_name,
        '{{ check.column }}' as column_name,
        case
            when {{ journeymap.regexp_like(check.column, journeymap.regexp_literal(email_pattern)) }} then 'email'
            when {{ journeymap.regexp_like(check.column, journeymap.regexp_literal(phone_pattern)) }} then 'phone'
            else 'street_address'
        end as value_shape,
        {{ journeymap.mask_value(check.column) }} as masked_value
    from {{ check.relation }}
    where not {{ journeymap.regexp_like(check.column, journeymap.regexp_literal(masked_pattern)) }}
        and ({{ journeymap.regexp_like(check.column, journeymap.regexp_literal(email_pattern)) }}
        or {{ journeymap.regexp_like(check.column, journeymap.regexp_literal(phone_pattern)) }}
        or {{ journeymap.regexp_like(check.column, journeymap.regexp_literal(street_pattern), 'i') }})
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
    {%- if not checks %}
    select
        cast(null as {{ dbt.type_string() }}) as model_name,
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_string() }}) as value_shape,
        cast(null as {{ dbt.type_string() }}) as masked_value
    where 1 = 0
    {%- endif %}
)

select
    model_name,
    column_name,
    value_shape,
    masked_value
from offending_values
