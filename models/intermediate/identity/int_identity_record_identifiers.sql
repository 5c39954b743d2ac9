{# One row per (person record, identifier) pair: the normalised emails and E.164 phones each record carries. #}
with

person_records as (
    select * from {{ ref('int_identity_person_records') }}
),

emails as (
    select
        record_key,
        source_table,
        'email' as identifier_type,
        email as identifier_value
    from person_records
    where email is not null
),

phones as (
    select
        record_key,
        source_table,
        'phone' as identifier_type,
        phone as identifier_value
    from person_records
    where phone is not null
),

final as (
    select * from emails
    union all
    select * from phones
)

select * from final
