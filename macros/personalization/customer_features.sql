{#
    customer_feature_metrics(): the catalogue of customer features that
    segment and journey-stage rules (seeds segment_rules, journey_stage_rules)
    can name in `metric_name`. Each entry: name, value_type (`number` or
    `text`), anchor (the date column of int_customer_features_aggregated a
    `days_since_*` metric counts from, so rules on it know when they became
    true; none otherwise) and a description. Windowed metrics are generated
    for every window in var segments.feature_windows_days. Adding a metric:
    compute the column in int_customer_features_aggregated and list it here.
#}
{% macro customer_feature_metrics() -%}
    {%- set metrics = [
        {'name': 'days_since_first_seen', 'value_type': 'number', 'anchor': 'first_seen_date', 'description': 'Days from the first time the customer was seen (profile, session or order) to the reference date.'},
        {'name': 'days_since_last_activity', 'value_type': 'number', 'anchor': 'last_activity_date', 'description': 'Days since the last session or order.'},
        {'name': 'days_since_last_session', 'value_type': 'number', 'anchor': 'last_session_date', 'description': 'Days since the last web session.'},
        {'name': 'days_since_first_order', 'value_type': 'number', 'anchor': 'first_order_date', 'description': 'Days since the first counted order.'},
        {'name': 'days_since_last_order', 'value_type': 'number', 'anchor': 'last_order_date', 'description': 'Days since the last counted order.'},
        {'name': 'lifetime_orders', 'value_type': 'number', 'anchor': none, 'description': 'Counted orders before the reference date.'},
        {'name': 'lifetime_revenue_usd', 'value_type': 'number', 'anchor': none, 'description': 'Counted revenue in USD before the reference date (orders without an FX rate are left out).'},
        {'name': 'lifetime_sessions', 'value_type': 'number', 'anchor': none, 'description': 'Web sessions before the reference date.'},
        {'name': 'lifetime_product_views', 'value_type': 'number', 'anchor': none, 'description': 'Product views before the reference date.'},
        {'name': 'lifetime_cart_adds', 'value_type': 'number', 'anchor': none, 'description': 'Cart adds before the reference date.'},
    ] -%}
    {%- for days in var('segments')['feature_windows_days'] -%}
        {%- do metrics.extend([
            {'name': 'sessions_last_' ~ days ~ 'd', 'value_type': 'number', 'anchor': none, 'description': 'Sessions started in the ' ~ days ~ ' days before the reference date.'},
            {'name': 'product_views_last_' ~ days ~ 'd', 'value_type': 'number', 'anchor': none, 'description': 'Product views in the ' ~ days ~ ' days before the reference date.'},
            {'name': 'cart_adds_last_' ~ days ~ 'd', 'value_type': 'number', 'anchor': none, 'description': 'Cart adds in the ' ~ days ~ ' days before the reference date.'},
            {'name': 'abandoned_cart_sessions_last_' ~ days ~ 'd', 'value_type': 'number', 'anchor': none, 'description': 'Sessions with a cart add and no purchase in the ' ~ days ~ ' days before the reference date.'},
            {'name': 'orders_last_' ~ days ~ 'd', 'value_type': 'number', 'anchor': none, 'description': 'Counted orders in the ' ~ days ~ ' days before the reference date.'},
            {'name': 'revenue_last_' ~ days ~ 'd_usd', 'value_type': 'number', 'anchor': none, 'description': 'Counted revenue (USD) in the ' ~ days ~ ' days before the reference date.'},
        ]) -%}
    {%- endfor -%}
    {%- do metrics.extend([
        {'name': 'recency_days', 'value_type': 'number', 'anchor': none, 'description': 'RFM recency in days.'},
        {'name': 'r_score', 'value_type': 'number', 'anchor': none, 'description': 'RFM recency score 1-5 (5 best).'},
        {'name': 'f_score', 'value_type': 'number', 'anchor': none, 'description': 'RFM frequency score 1-5.'},
        {'name': 'm_score', 'value_type': 'number', 'anchor': none, 'description': 'RFM monetary score 1-5.'},
        {'name': 'rfm_segment', 'value_type': 'text', 'anchor': none, 'description': 'Named RFM segment (customer_rfm).'},
    ]) -%}
    {{ return(metrics) }}
{%- endmacro %}


{#
    rule_condition_met(number_value, text_value, operator, threshold): SQL
    boolean, true when a feature value satisfies one rule row. Operators:
    `=`, `!=`, `>`, `>=`, `<`, `<=` (numbers compare numerically, text
    exactly), `in` / `not_in` (threshold is a `;`-separated list),
    `is_null`, `is_not_null`. A NULL feature satisfies only `is_null`; an
    unknown operator never matches (the seed's accepted_values test catches it).
#}
{% macro rule_condition_met(number_value, text_value, operator, threshold) -%}
    {%- set threshold_number = journeymap.try_cast(threshold, dbt.type_float()) -%}
    {%- set value_as_text = "coalesce(" ~ text_value ~ ", " ~ dbt.cast(number_value, dbt.type_string()) ~ ")" -%}
    {%- set listed = dbt.concat(["';'", threshold, "';'"]) ~ " like " ~ dbt.concat(["'%;'", value_as_text, "';%'"]) -%}
    coalesce(case {{ operator }}
        when 'is_null' then {{ number_value }} is null and {{ text_value }} is null
        when 'is_not_null' then {{ number_value }} is not null or {{ text_value }} is not null
        when 'in' then {{ listed }}
        when 'not_in' then not ({{ listed }})
        when '=' then coalesce({{ text_value }} = {{ threshold }}, {{ number_value }} = {{ threshold_number }})
        when '!=' then coalesce({{ text_value }} <> {{ threshold }}, {{ number_value }} <> {{ threshold_number }})
        when '>' then {{ number_value }} > {{ threshold_number }}
        when '>=' then {{ number_value }} >= {{ threshold_number }}
        when '<' then {{ number_value }} < {{ threshold_number }}
        when '<=' then {{ number_value }} <= {{ threshold_number }}
    end, false)
{%- endmacro %}
