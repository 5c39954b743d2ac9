{#
    contact_hash_values_sql(contact_hashes): `union all` over every readable
    mart not tagged `pii` (macro readable_marts) of
    - values of string columns equal to a hash of a known contact detail:
      the values 32 or 64 characters long of every string column, gathered
      into one relation and joined once (lower-cased) with the CTE
      `contact_hashes` (columns contact_type, hash_value: MD5 and
      SHA-256 hex of every staged email and phone, and the vendor's email
      hashes), value_shape `<contact_type>_hash`;
    - columns whose name says they hold a hashed contact detail (`email`,
      `phone`, `mail` or `contact` together with `sha`, `hash`, `md5` or
      `digest`, e.g. email_sha256, hashed_phone), value_shape
      `contact_hash_column`, whatever their values.
    An unsalted hash of an email or phone is reversible by anyone with a list
    of them, so it is personal data: it belongs in activation models (tag
    `pii`) only. Output columns as contact_shaped_values_sql (model_name,
    column_name, value_shape, masked_value).
#}
{% macro contact_hash_values_sql(contact_hashes='contact_hashes') -%}
    {%- set hash_column_name = modules.re.compile(
        '(email|phone|mail|contact).*(sha|hash|md5|digest)|(sha|hash|md5|digest).*(email|phone|mail|contact)',
        modules.re.IGNORECASE) -%}
    {%- set selects = [] -%}
    {%- set hash_shaped = [] -%}
    {%- for mart in journeymap.readable_marts(exclude_tag='pii') -%}
        {%- for column in mart.columns -%}
            {%- if hash_column_name.search(column.name) -%}
                {%- do selects.append(
                    "select '" ~ mart.name ~ "' as model_name, '" ~ column.name ~ "' as column_name, "
                    ~ "'contact_hash_column' as value_shape, "
                    ~ "cast(null as " ~ dbt.type_string() ~ ") as masked_value"
                ) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- for column in mart.columns if column.is_string() -%}
            {%- set col = adapter.quote(column.name) -%}
            {%- do hash_shaped.append(
                "select '" ~ mart.name ~ "' as model_name, '" ~ column.name ~ "' as column_name, "
                ~ dbt.cast(col, dbt.type_string()) ~ " as column_value from " ~ mart.relation
                ~ " where " ~ dbt.length(col) ~ " in (32, 64)"
            ) -%}
        {%- endfor -%}
    {%- endfor -%}
    {#- one join of every hash-long value with the hashes, not one per column:
        at 1,000,000 persons 165 joins with the 4 M hashes took 50 s, one
        join of the 80 M candidate values 8 s -#}
    {%- if hash_shaped -%}
        {%- do selects.append(
            "select distinct mart_values.model_name, mart_values.column_name, "
            ~ dbt.concat([contact_hashes ~ '.contact_type', "'_hash'"]) ~ " as value_shape, "
            ~ journeymap.mask_value('mart_values.column_value') ~ " as masked_value from ("
            ~ hash_shaped | join('\nunion all\n') ~ "\n) as mart_values inner join " ~ contact_hashes
            ~ " on lower(mart_values.column_value) = " ~ contact_hashes ~ ".hash_value"
        ) -%}
    {%- endif -%}
    {%- if selects -%}
        {{ selects | join('\nunion all\n') }}
    {%- else -%}
        select
            cast(null as {{ dbt.type_string() }}) as model_name,
            cast(null as {{ dbt.type_string() }}) as column_name,
            cast(null as {{ dbt.type_string() }}) as value_shape,
            cast(null as {{ dbt.type_string() }}) as masked_value
        {#- no readable mart yet (e.g. when linting before a build): still read the CTE, so the test compiles the same way #}
        from {{ contact_hashes }}
        where 1 = 0
    {%- endif -%}
{%- endmacro %}
