{#
    readable_marts(exclude_tag=none): every enabled model of this project
    under models/marts that exists in the warehouse (package `journeymap`, also
    when installed in a host project), as a list of
    {name, relation, columns} (columns read from the warehouse), skipping
    models tagged `exclude_tag`. Only meaningful at execution time (empty
    while parsing); singular tests use it to cover new marts automatically.
#}
{% macro readable_marts(exclude_tag=none) -%}
    {%- set marts = [] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model'
                and node.package_name == 'journeymap'
                and node.original_file_path.startswith('models/marts/')
                and node.config.enabled
                and (exclude_tag is none or exclude_tag not in node.tags) -%}
                {%- set relation = adapter.get_relation(
                    database=node.database, schema=node.schema, identifier=(node.alias or node.name)) -%}
                {%- if relation -%}
                    {%- do marts.append({
                        'name': node.name,
                        'relation': relation,
                        'columns': adapter.get_columns_in_relation(relation),
                    }) -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(marts) }}
{%- endmacro %}


{#
    mart_customer_ids_sql(): `union all` of (model_name, customer_id) over
    every readable mart with a customer_id column; an empty typed select
    when there is none.
#}
{% macro mart_customer_ids_sql() -%}
    {%- set selects = [] -%}
    {%- for mart in journeymap.readable_marts() -%}
        {%- if 'customer_id' in (mart.columns | map(attribute='name') | map('lower') | list) -%}
            {%- do selects.append(
                "select '" ~ mart.name ~ "' as model_name, "
                ~ dbt.cast('customer_id', dbt.type_string()) ~ " as customer_id from " ~ mart.relation
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if selects -%}
        {{ selects | join('\nunion all\n') }}
    {%- else -%}
        select
            cast(null as {{ dbt.type_string() }}) as model_name,
            cast(null as {{ dbt.type_string() }}) as customer_id
        where 1 = 0
    {%- endif -%}
{%- endmacro %}


{#
    contact_shaped_values_sql(): `union all` over every string column of
    every readable mart not tagged `pii` of the values shaped like an email,
    a phone (`+` and 10-15 digits as staging writes E.164, or a
    `(555) 123-4567`-style national number; bare digit runs such as epoch
    seconds or ids are not phones) or a street address,
    with the value masked (mask_value). Values already masked (only `x`,
    `9` and punctuation) are not contact details. Each pattern starts with
    `@` somewhere, `+`, `(` or a digit: a `like`/`substr` test of that runs
    first, so the regular expressions only see the few values that can match
    (at 1,000,000 persons the test took 40 s over fct_web_events' ids and
    URLs, nearly all of which start with a letter).
#}
{% macro contact_shaped_values_sql() -%}
    {%- set email = journeymap.regexp_literal('[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+[.][A-Za-z0-9.-]+') -%}
    {%- set phone = journeymap.regexp_literal('^[+]([0-9][ ().-]{0,2}){9,14}[0-9]$|^[(]?[0-9]{3}[)]?[ .-][0-9]{3}[ .-][0-9]{4}$') -%}
    {%- set street = journeymap.regexp_literal('^[0-9]+[A-Za-z]? [A-Za-z .-]+ (st|street|rd|road|ave|avenue|lane|ln|drive|dr|blvd|way|strasse|weg|rue)[.]?$') -%}
    {%- set masked = journeymap.regexp_literal('^[x9 .@+()/:_,;-]+$') -%}
    {%- set selects = [] -%}
    {%- for mart in journeymap.readable_marts(exclude_tag='pii') -%}
        {%- for column in mart.columns if column.is_string() -%}
            {%- set col = adapter.quote(column.name) -%}
            {%- do selects.append(
                "select '" ~ mart.name ~ "' as model_name, '" ~ column.name ~ "' as column_name, "
                ~ "case when " ~ journeymap.regexp_like(col, email) ~ " then 'email' when "
                ~ journeymap.regexp_like(col, phone) ~ " then 'phone' else 'street_address' end as value_shape, "
                ~ journeymap.mask_value(col) ~ " as masked_value from " ~ mart.relation
                ~ " where (" ~ col ~ " like '%@%' or " ~ col ~ " like '+%' or " ~ col ~ " like '(%' or "
                ~ "substr(" ~ col ~ ", 1, 1) between '0' and '9')"
                ~ " and not " ~ journeymap.regexp_like(col, masked)
                ~ " and (" ~ journeymap.regexp_like(col, email) ~ " or " ~ journeymap.regexp_like(col, phone)
                ~ " or " ~ journeymap.regexp_like(col, street, 'i') ~ ")"
            ) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if selects -%}
        {{ selects | join('\nunion all\n') }}
    {%- else -%}
        select
            cast(null as {{ dbt.type_string() }}) as model_name,
            cast(null as {{ dbt.type_string() }}) as column_name,
            cast(null as {{ dbt.type_string() }}) as value_shape,
            cast(null as {{ dbt.type_string() }}) as masked_value
        where 1 = 0
    {%- endif -%}
{%- endmacro %}
