{#
    One row per (person record, identifier) pair: the normalised emails and
    E.164 phones each record carries. A record without a name (support
    ticket, guest checkout) contributes only one identifier, its email when
    it has one: nameless records cannot be checked for household conflicts,
    so they are never allowed to bridge an email and a phone.
#}
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
    where
        phone is not null
        and (
            email is null
            or first_name_key is not null
            or last_name_key is not null
        )
),

final as (
    select * from emails
    union all
    select * from phones
)

select * from final
