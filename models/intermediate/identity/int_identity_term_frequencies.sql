{#
    One row per (comparison, value) for the comparisons with term_frequency
    in var identity_comparisons: the share of CRM records (with the value
    known) that carry the value. Exact agreement on a value of share tf
    between two different people happens with probability ~tf, so
    `smith = smith` is weaker evidence than a rare name (the adjustment is
    applied in int_identity_fuzzy_matches).
#}
with

person_records as (
    select * from {{ ref('int_identity_person_records') }}
),

crm_records as (
    select * from person_records
    where source_table = 'crm_contacts'
),

value_counts as (
    {%- for comparison in var('identity_comparisons') if comparison.get('term_frequency') %}
        select
            '{{ comparison["name"] }}' as comparison,
            cast({{ comparison['column'] }} as {{ dbt.type_string() }}) as term_value,
            count(*) as record_count
        from crm_records
        where {{ comparison['column'] }} is not null
        group by {{ comparison['column'] }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select
        comparison,
        term_value,
        cast(record_count as bigint) as record_count,
        record_count / cast(sum(record_count) over (partition by comparison) as double) as term_frequency
    from value_counts
)

select * from final
