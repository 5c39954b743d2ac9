{# Every raw order row (all versions), parsed; `rejection_reason` is NULL for usable rows. #}
-- Staged by raw file: a run parses only the files that are new or changed
-- (macros/raw/raw_files.sql, docs/incremental.md).
{{ config(
    materialized=journeymap.raw_file_materialization(),
    unique_key='raw_file',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook=["{{ journeymap.forget_vanished_raw_files('shop', 'shop_orders') }}"],
    meta={'mirrors_raw': true},
) }}
with

source as (
    select * from {{ journeymap.raw_source('shop', 'shop_orders') }}
),

currencies as (
    select * from {{ ref('currencies') }}
),

country_aliases as (
    select * from {{ ref('country_aliases') }}
),

{{ journeymap.raw_rows_to_parse('source', parse_settings={'order_statuses': var('order_statuses'), 'placeholder_text_values': var('placeholder_text_values'), 'placeholder_email_domains': var('placeholder_email_domains'), 'placeholder_emails': var('placeholder_emails'), 'max_future_days': var('max_future_days'), 'currencies': journeymap.seed_fingerprint('currencies'), 'country_aliases': journeymap.seed_fingerprint('country_aliases')}) }},

looked_up as (
    select
        rows_to_parse.*,
        currencies.currency_code,
        country_aliases.country_code as shipping_country_code,
        {{ journeymap.row_hash([
            'rows_to_parse.order_id', 'rows_to_parse.account_id', 'rows_to_parse.guest_email', 'rows_to_parse.ordered_at',
            'rows_to_parse.status', 'rows_to_parse.currency', 'rows_to_parse.order_total', 'rows_to_parse.discount_total',
            'rows_to_parse.shipping_country', 'rows_to_parse.updated_at'
        ]) }} as row_hash
    from rows_to_parse
    left join currencies
        on upper(trim(rows_to_parse.currency)) = currencies.currency_code
    left join country_aliases
        on {{ journeymap.normalize_label('rows_to_parse.shipping_country') }} = country_aliases.alias
),

parsed as (
    select
        nullif(trim(order_id), '') as order_id,
        nullif(trim(account_id), '') as account_id,
        {{ journeymap.normalize_email('guest_email') }} as guest_email,
        {{ journeymap.parse_timestamp_utc('trim(ordered_at)') }} as ordered_at,
        case
            -- US spelling is common in exports
            when {{ journeymap.normalize_label('status') }} = 'canceled' then 'cancelled'
            when {{ journeymap.in_list(journeymap.normalize_label('status'), var('order_statuses')) }}
                then {{ journeymap.normalize_label('status') }}
        end as order_status,
        currency_code,
        {{ journeymap.parse_amount('order_total') }} as order_total,
        {{ journeymap.parse_amount('discount_total') }} as discount_total,
        shipping_country_code,
        {{ journeymap.parse_timestamp_utc('trim(updated_at)') }} as updated_at,
        guest_email as guest_email_raw,
        ordered_at as ordered_at_raw,
        status as order_status_raw,
        currency as currency_raw,
        order_total as order_total_raw,
        discount_total as discount_total_raw,
        shipping_country as shipping_country_raw,
        updated_at as updated_at_raw,
        {{ journeymap.email_issue('guest_email') }} as guest_email_issue,
        row_hash,
        raw_file,
        raw_file_rows,
        raw_parse_settings
    from looked_up
),

checked as (
    select
        *,
        {{ journeymap.parse_issue('order_status_raw', 'order_status', 'unknown_status') }} as order_status_issue,
        case
            when {{ journeymap.parse_issue('discount_total_raw', 'discount_total', 'x') }} is not null
                then 'unparseable_amount'
            when discount_total < 0 then 'negative_amount'
        end as discount_total_issue,
        {{ journeymap.parse_issue('shipping_country_raw', 'shipping_country_code', 'unknown_country') }} as shipping_country_issue,
        {{ journeymap.temporal_issue('updated_at_raw', 'updated_at') }} as updated_at_issue
    from parsed
),

final as (
    select
        *,
        {{ journeymap.rejection_columns([
            ['order_id is null', 'missing_required', 'order_id', none],
            ["nullif(trim(ordered_at_raw), '') is null", 'missing_required', 'ordered_at', none],
            ['ordered_at is null', 'unparseable_timestamp', 'ordered_at', 'ordered_at_raw'],
            [journeymap.is_future('ordered_at'), 'future_timestamp', 'ordered_at', 'ordered_at_raw'],
            ["nullif(trim(currency_raw), '') is null", 'missing_required', 'currency', none],
            ['currency_code is null', 'unknown_currency', 'currency', 'currency_raw'],
            ["nullif(trim(order_total_raw), '') is null", 'missing_required', 'order_total', none],
            ['order_total is null', 'unparseable_amount', 'order_total', 'order_total_raw'],
            ['order_total < 0', 'negative_amount', 'order_total', 'order_total_raw'],
        ]) }}
    from checked
)

select * from final
