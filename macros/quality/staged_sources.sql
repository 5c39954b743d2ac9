{#
    staged_sources(): every raw table with its base model, staging model and
    the key staging de-duplicates on. The quarantine, the row-count mart and
    the conservation test iterate over this list, so a new source is added
    here once.
#}
{% macro staged_sources() -%}
    {{ return([
        {'source': 'crm', 'table': 'crm_contacts', 'base': 'base_crm__contacts', 'staged': 'stg_crm__contacts', 'key': 'contact_record_id'},
        {'source': 'shop', 'table': 'shop_customers', 'base': 'base_shop__customers', 'staged': 'stg_shop__customers', 'key': 'account_id'},
        {'source': 'shop', 'table': 'shop_orders', 'base': 'base_shop__orders', 'staged': 'stg_shop__orders', 'key': 'order_id'},
        {'source': 'shop', 'table': 'shop_order_items', 'base': 'base_shop__order_items', 'staged': 'stg_shop__order_items', 'key': 'order_item_id'},
        {'source': 'shop', 'table': 'products', 'base': 'base_shop__products', 'staged': 'stg_shop__products', 'key': 'product_id'},
        {'source': 'finance', 'table': 'fx_rates', 'base': 'base_finance__fx_rates', 'staged': 'stg_finance__fx_rates', 'key': dbt.concat([dbt.cast('rate_date', dbt.type_string()), "':'", 'currency_code'])},
        {'source': 'web', 'table': 'web_events', 'base': 'base_web__events', 'staged': 'stg_web__events', 'key': 'event_id'},
        {'source': 'esp', 'table': 'email_events', 'base': 'base_esp__email_events', 'staged': 'stg_esp__email_events', 'key': 'event_id'},
        {'source': 'support', 'table': 'support_tickets', 'base': 'base_support__tickets', 'staged': 'stg_support__tickets', 'key': 'ticket_id'},
        {'source': 'vendor', 'table': 'demographics_vendor', 'base': 'base_vendor__demographics', 'staged': 'stg_vendor__demographics', 'key': 'email_sha256'},
        {'source': 'survey', 'table': 'survey_responses', 'base': 'base_survey__responses', 'staged': 'stg_survey__responses', 'key': 'response_id'},
        {'source': 'consent', 'table': 'consent_events', 'base': 'base_consent__events', 'staged': 'stg_consent__events', 'key': 'consent_event_id'},
        {'source': 'consent', 'table': 'erasure_requests', 'base': 'base_consent__erasure_requests', 'staged': 'stg_consent__erasure_requests', 'key': 'request_id'},
    ]) }}
{%- endmacro %}


{#
    mask_value(expression): the shape of a value without its content: letters
    become `x`, digits `9`, other characters stay (`John.Doe@gmail` ->
    `xxxx.xxx@xxxxx`). Used where an offending value may be personal data.
#}
{% macro mask_value(expression) -%}
    {{ journeymap.regexp_replace_all(
        journeymap.regexp_replace_all("lower(" ~ expression ~ ")", "'[0-9]'", "'9'"),
        "'[^0-9 .@+()/:_,;-]'", "'x'"
    ) }}
{%- endmacro %}


{#
    union_over_staged_sources(macro_name): `union all` of one select per
    staged source, each made by calling macro `macro_name(staged)` with an
    entry of staged_sources(). Keeps the per-source loops out of model SQL.
#}
{% macro union_over_staged_sources(macro_name) -%}
    {%- for staged in journeymap.staged_sources() %}
    {% if not loop.first %}union all{% endif %}
    {{ context['journeymap'][macro_name](staged) }}
    {%- endfor %}
{%- endmacro %}


{# row_counts_of(staged): one row of raw-row accounting for a staged source (see fct_source_row_counts). #}
{% macro row_counts_of(staged) -%}
    select
        '{{ staged.table }}' as source_table,
        count(*) as rows_in,
        coalesce(sum(case when rejection_reason is not null then 1 else 0 end), 0) as rows_quarantined,
        coalesce(sum(case when rejection_reason is null then 1 else 0 end), 0) as rows_usable,
        count(distinct case when rejection_reason is null then {{ staged.key }} end) as distinct_usable_keys,
        (select count(*) from {{ ref(staged.staged) }}) as rows_staged
    from {{ ref(staged.base) }}
{%- endmacro %}


{# raw_row_count_of(staged): rows of the raw table itself, read through raw_source() (empty when switched off). #}
{% macro raw_row_count_of(staged) -%}
    select '{{ staged.table }}' as source_table, count(*) as raw_rows
    from {{ journeymap.raw_source(staged.source, staged.table) }}
{%- endmacro %}


{# quarantine_of(staged): quarantine entries of a staged source (see quarantine_rows). #}
{% macro quarantine_of(staged) -%}
    {{ journeymap.quarantine_rows(staged.base, staged.table, staged.key) }}
{%- endmacro %}
