{# One row per ordered pair of different first-name keys that name the same person (nickname and formal name, or two nicknames of one formal name), from seed identity_nicknames, normalised like first_name_key (accents stripped, letters only). #}
with

nicknames as (
    select * from {{ ref('identity_nicknames') }}
),

name_groups as (
    select
        {{ journeymap.regexp_replace_all(journeymap.strip_accents('lower(nickname)'), "'[^a-z]'", "''") }} as name_key,
        {{ journeymap.regexp_replace_all(journeymap.strip_accents('lower(formal_name)'), "'[^a-z]'", "''") }} as formal_name_key
    from nicknames
    union
    select
        {{ journeymap.regexp_replace_all(journeymap.strip_accents('lower(formal_name)'), "'[^a-z]'", "''") }} as name_key,
        {{ journeymap.regexp_replace_all(journeymap.strip_accents('lower(formal_name)'), "'[^a-z]'", "''") }} as formal_name_key
    from nicknames
),

final as (
    select distinct
        left_name.name_key as name_key_a,
        right_name.name_key as name_key_b
    from name_groups as left_name
    inner join name_groups as right_name
        on
            left_name.formal_name_key = right_name.formal_name_key
            and left_name.name_key <> right_name.name_key
)

select * from final
