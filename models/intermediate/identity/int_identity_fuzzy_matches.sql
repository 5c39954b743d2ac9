{#
    One row per scored candidate pair of CRM records whose score reaches
    var identity.fuzzy.review_threshold; `is_match` pairs become identity
    edges: the score reaches match_threshold and the pair has evidence about
    the person, not only the family: first names agree/close or birth dates
    match (exact, transposed, typo). Last name + address alone is what a
    household shares, so a record missing its first name and birth date
    never matches on it. Audit columns: the score, each field's outcome, and the fields
    that agreed. Email and phone agreement is reported but not scored:
    usable shared identifiers already link records deterministically, and
    the ones left out (households, hubs) must not count as evidence. Their
    disagreement is scored (weights email_disagree, phone_disagree): two
    different addresses are weak evidence of two people.
#}
{%- set fuzzy = var('identity')['fuzzy'] -%}
{%- set w = fuzzy['weights'] -%}
with

candidates as (
    select * from {{ ref('int_identity_fuzzy_candidates') }}
),

person_records as (
    select * from {{ ref('int_identity_person_records') }}
),

name_equivalences as (
    select * from {{ ref('int_identity_name_equivalences') }}
),

-- how many CRM records carry each full name: agreeing on a name hundreds of
-- people carry is weak evidence (a namesake born the same day, or living in
-- the same postcode, becomes likely as the data grows)
name_frequencies as (
    select
        first_name_key,
        last_name_key,
        count(*) as record_count
    from person_records
    where
        source_table = 'crm_contacts'
        and first_name_key is not null
        and last_name_key is not null
    group by first_name_key, last_name_key
),

-- a nickname against a misspelt formal name (`sue` / `suasn`): one name is
-- an equivalent of a name Jaro-Winkler-agreeing with the other
nickname_typo_pairs as (
    select
        candidates.record_key_a,
        candidates.record_key_b
    from candidates
    inner join person_records as record_a
        on candidates.record_key_a = record_a.record_key
    inner join person_records as record_b
        on candidates.record_key_b = record_b.record_key
    inner join name_equivalences
        on record_b.first_name_key = name_equivalences.name_key_a
    where {{ journeymap.jaro_winkler('record_a.first_name_key', 'name_equivalences.name_key_b') }} >= {{ fuzzy['name_agree_similarity'] }}
    union
    select
        candidates.record_key_a,
        candidates.record_key_b
    from candidates
    inner join person_records as record_a
        on candidates.record_key_a = record_a.record_key
    inner join person_records as record_b
        on candidates.record_key_b = record_b.record_key
    inner join name_equivalences
        on record_a.first_name_key = name_equivalences.name_key_a
    where {{ journeymap.jaro_winkler('record_b.first_name_key', 'name_equivalences.name_key_b') }} >= {{ fuzzy['name_agree_similarity'] }}
),

compared as (
    select
        candidates.record_key_a,
        candidates.record_key_b,
        candidates.first_blocking_pass,
        candidates.blocking_pass_count,
        {{ journeymap.identity_name_match(
            'record_a.first_name_key', 'record_b.first_name_key',
            'name_equivalences.name_key_a is not null or nickname_typo_pairs.record_key_a is not null'
        ) }} as straight_first_name_match,
        {{ journeymap.identity_name_match('record_a.last_name_key', 'record_b.last_name_key') }} as straight_last_name_match,
        coalesce(
            {{ journeymap.jaro_winkler('record_a.first_name_key', 'record_b.last_name_key') }} >= {{ fuzzy['name_agree_similarity'] }}
            and {{ journeymap.jaro_winkler('record_a.last_name_key', 'record_b.first_name_key') }} >= {{ fuzzy['name_agree_similarity'] }},
            false
        ) as is_name_swap_candidate,
        {{ journeymap.identity_dob_match('record_a.date_of_birth', 'record_b.date_of_birth') }} as dob_match,
        case
            when record_a.postal_key is null or record_b.postal_key is null then null
            when record_a.postal_key = record_b.postal_key then 'agree'
            else 'disagree'
        end as postal_code_match,
        -- house numbers must be equal; the rest of the line may have typos
        -- (names_resolved turns an agreeing line in another place into disagree)
        case
            when record_a.street_key is null or record_b.street_key is null then null
            when coalesce(record_a.street_number_key, '') <> coalesce(record_b.street_number_key, '') then 'disagree'
            when
                {{ journeymap.jaro_winkler('record_a.street_key', 'record_b.street_key') }}
                >= {{ fuzzy['street_agree_similarity'] }} then 'agree'
            else 'disagree'
        end as street_line_match,
        case
            when record_a.city_key is null or record_b.city_key is null then null
            when record_a.city_key = record_b.city_key then 'agree'
            else 'disagree'
        end as city_match,
        case
            when record_a.country_code is null or record_b.country_code is null then null
            when record_a.country_code = record_b.country_code then 'agree'
            else 'disagree'
        end as country_match,
        case
            when record_a.email is null or record_b.email is null then null
            when record_a.email = record_b.email then 'agree'
            else 'disagree'
        end as email_match,
        case
            when record_a.phone is null or record_b.phone is null then null
            when record_a.phone = record_b.phone then 'agree'
            else 'disagree'
        end as phone_match,
        greatest(
            coalesce(name_frequency_a.record_count, 0),
            coalesce(name_frequency_b.record_count, 0)
        ) as name_record_count
    from candidates
    inner join person_records as record_a
        on candidates.record_key_a = record_a.record_key
    inner join person_records as record_b
        on candidates.record_key_b = record_b.record_key
    left join name_equivalences
        on
            record_a.first_name_key = name_equivalences.name_key_a
            and record_b.first_name_key = name_equivalences.name_key_b
    left join nickname_typo_pairs
        on
            candidates.record_key_a = nickname_typo_pairs.record_key_a
            and candidates.record_key_b = nickname_typo_pairs.record_key_b
    left join name_frequencies as name_frequency_a
        on
            record_a.first_name_key = name_frequency_a.first_name_key
            and record_a.last_name_key = name_frequency_a.last_name_key
    left join name_frequencies as name_frequency_b
        on
            record_b.first_name_key = name_frequency_b.first_name_key
            and record_b.last_name_key = name_frequency_b.last_name_key
),

-- first and last name typed the wrong way round count as agreeing names
names_resolved as (
    select
        record_key_a,
        record_key_b,
        first_blocking_pass,
        blocking_pass_count,
        dob_match,
        postal_code_match,
        -- street names repeat from town to town (Main St, Park Rd): the same
        -- line in another postcode (or, without postcodes, another city) is
        -- another address
        case
            when
                street_line_match = 'agree'
                and (
                    postal_code_match = 'disagree'
                    or (postal_code_match is null and city_match = 'disagree')
                )
                then 'disagree'
            else street_line_match
        end as street_match,
        city_match,
        country_match,
        email_match,
        phone_match,
        name_record_count,
        is_name_swap_candidate and coalesce(straight_first_name_match, 'disagree') <> 'agree' as is_name_swapped,
        case
            when is_name_swap_candidate and coalesce(straight_first_name_match, 'disagree') <> 'agree' then 'agree'
            else straight_first_name_match
        end as first_name_match,
        case
            when is_name_swap_candidate and coalesce(straight_first_name_match, 'disagree') <> 'agree' then 'agree'
            else straight_last_name_match
        end as last_name_match
    from compared
),

scored as (
    select
        record_key_a,
        record_key_b,
        first_blocking_pass,
        blocking_pass_count,
        dob_match,
        postal_code_match,
        street_match,
        city_match,
        country_match,
        email_match,
        phone_match,
        name_record_count,
        is_name_swapped,
        first_name_match,
        last_name_match,
        (
            case first_name_match
                when 'agree' then {{ w['first_name_agree'] }}
                when 'close' then {{ w['first_name_close'] }}
                when 'disagree' then {{ w['first_name_disagree'] }}
                else 0
            end
            + case last_name_match
                when 'agree' then {{ w['last_name_agree'] }}
                when 'close' then {{ w['last_name_close'] }}
                when 'disagree' then {{ w['last_name_disagree'] }}
                else 0
            end
            + case dob_match
                when 'exact' then {{ w['dob_exact'] }}
                when 'transposed' then {{ w['dob_transposed'] }}
                when 'typo' then {{ w['dob_typo'] }}
                when 'different' then {{ w['dob_different'] }}
                else 0
            end
            + case postal_code_match
                when 'agree' then {{ w['postal_code_agree'] }}
                when 'disagree' then {{ w['postal_code_disagree'] }}
                else 0
            end
            + case street_match
                when 'agree' then {{ w['street_agree'] }}
                when 'disagree' then {{ w['street_disagree'] }}
                else 0
            end
            -- the city only counts when a postcode is missing (it is implied by it)
            + case
                when postal_code_match is not null then 0
                when city_match = 'agree' then {{ w['city_agree'] }}
                when city_match = 'disagree' then {{ w['city_disagree'] }}
                else 0
            end
            + case when country_match = 'disagree' then {{ w['country_disagree'] }} else 0 end
            + case when email_match = 'disagree' then {{ w['email_disagree'] }} else 0 end
            + case when phone_match = 'disagree' then {{ w['phone_disagree'] }} else 0 end
            + case
                when
                    first_name_match = 'agree'
                    and last_name_match = 'agree'
                    and name_record_count >= {{ fuzzy['common_name_min_records'] }}
                    then {{ w['common_name'] }}
                else 0
            end
        ) as match_score,
        coalesce(first_name_match in ('agree', 'close'), false)
        or coalesce(dob_match in ('exact', 'transposed', 'typo'), false) as has_person_evidence
    from names_resolved
),

final as (
    select
        record_key_a,
        record_key_b,
        match_score,
        match_score >= {{ fuzzy['match_threshold'] }} and has_person_evidence as is_match,
        has_person_evidence,
        {{ journeymap.regexp_replace_all(dbt.concat([
            "case when is_name_swapped then 'names_swapped,' else '' end",
            "case when first_name_match in ('agree', 'close') then 'first_name,' else '' end",
            "case when last_name_match in ('agree', 'close') then 'last_name,' else '' end",
            "case when dob_match in ('exact', 'transposed', 'typo') then 'date_of_birth,' else '' end",
            "case when postal_code_match = 'agree' then 'postal_code,' else '' end",
            "case when street_match = 'agree' then 'street,' else '' end",
            "case when city_match = 'agree' then 'city,' else '' end",
            "case when email_match = 'agree' then 'email,' else '' end",
            "case when phone_match = 'agree' then 'phone,' else '' end",
        ]), "',$'", "''") }} as matched_fields,
        first_name_match,
        last_name_match,
        is_name_swapped,
        dob_match,
        postal_code_match,
        street_match,
        city_match,
        country_match,
        email_match,
        phone_match,
        name_record_count,
        first_blocking_pass,
        blocking_pass_count
    from scored
    where match_score >= {{ fuzzy['review_threshold'] }}
)

select * from final
