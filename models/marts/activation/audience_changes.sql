{#
    Who entered, left or changed in each audience, build after build (grain:
    change_id = one change of one audience member in one build), for tools
    that sync events (Segment / RudderStack `Audience Entered` / `Audience
    Exited`) rather than diffing the membership table themselves.

    State lives in this table, not in the models it reads: every build
    compares the members of int_audience_members_current with the members as
    of the previous build (the latest change per audience_member_id that is
    not an exit). `full_refresh: false` keeps that state through
    `dbt build --full-refresh`, so a full refresh does not list everyone as
    entered; the first build (an empty or new table) does, by definition.

    Erasure: a customer erased since the previous build exits with reason
    `erased`, and every earlier row of that customer is re-written with
    customer_id NULL (same change_id: delete+insert replaces it), so no
    identifier of the person remains beside the one-way audience_member_id
    hash, which the sync tool needs to drop the record it holds.
#}
{%- set purposes = var('personalization')['channel_consent_purposes'].values() | unique | list -%}
with

current_members as (
    select * from {{ ref('int_audience_members_current') }}
),

customers_erased as (
    select * from {{ ref('int_customers_erased') }}
),

consent as (
    select * from {{ ref('int_identity_customer_consent') }}
),

as_of_date as (
    select * from {{ ref('int_as_of_date') }}
),

{% if is_incremental() %}

    history as (
        select * from {{ this }}
    ),

{% else %}

    -- first build: no earlier state (an empty relation with the table's columns)
    history as (
        select
            cast(null as {{ dbt.type_string() }}) as change_id,
            cast(null as {{ dbt.type_bigint() }}) as build_number,
            cast(null as {{ dbt.type_string() }}) as build_id,
            cast(null as {{ dbt.type_timestamp() }}) as built_at,
            cast(null as date) as as_of_date,
            cast(null as {{ dbt.type_string() }}) as audience_member_id,
            cast(null as {{ dbt.type_string() }}) as audience_id,
            cast(null as {{ dbt.type_string() }}) as customer_id,
            cast(null as {{ dbt.type_string() }}) as consent_purpose,
            cast(null as {{ dbt.type_string() }}) as change_type,
            cast(null as {{ dbt.type_string() }}) as change_reason,
            cast(null as {{ dbt.type_string() }}) as attributes_hash
        where 1 = 0
    ),

{% endif %}

this_build as (
    {{ journeymap.change_log_this_build('history') }}
),

latest_changes as (
    select
        audience_member_id,
        audience_id,
        customer_id,
        consent_purpose,
        change_type,
        attributes_hash,
        row_number() over (
            partition by audience_member_id
            order by build_number desc, change_id desc
        ) as recency_rank
    from history
),

previous_members as (
    select
        audience_member_id,
        audience_id,
        customer_id,
        consent_purpose,
        attributes_hash
    from latest_changes
    where recency_rank = 1 and change_type <> 'exited'
),

entered as (
    select
        current_members.audience_member_id,
        current_members.audience_id,
        current_members.customer_id,
        current_members.consent_purpose,
        'entered' as change_type,
        'joined' as change_reason,
        current_members.attributes_hash
    from current_members
    left join previous_members
        on current_members.audience_member_id = previous_members.audience_member_id
    where previous_members.audience_member_id is null
),

updated as (
    select
        current_members.audience_member_id,
        current_members.audience_id,
        current_members.customer_id,
        current_members.consent_purpose,
        'updated' as change_type,
        'attributes_changed' as change_reason,
        current_members.attributes_hash
    from current_members
    inner join previous_members
        on current_members.audience_member_id = previous_members.audience_member_id
    where current_members.attributes_hash <> previous_members.attributes_hash
),

exited as (
    select
        previous_members.audience_member_id,
        previous_members.audience_id,
        case when customers_erased.customer_id is null then previous_members.customer_id end as customer_id,
        previous_members.consent_purpose,
        'exited' as change_type,
        case
            when customers_erased.customer_id is not null then 'erased'
            when consent.customer_id is null then 'no_longer_a_customer'
            {%- for purpose in purposes %}
                when previous_members.consent_purpose = '{{ purpose }}' and not consent.has_{{ purpose }}_consent
                    then 'consent_withdrawn'
            {%- endfor %}
            else 'left_audience'
        end as change_reason,
        previous_members.attributes_hash
    from previous_members
    left join current_members
        on previous_members.audience_member_id = current_members.audience_member_id
    left join customers_erased
        on previous_members.customer_id = customers_erased.customer_id
    left join consent
        on previous_members.customer_id = consent.customer_id
    where current_members.audience_member_id is null
),

changes as (
    select * from entered
    union all
    select * from updated
    union all
    select * from exited
),

new_rows as (
    select
        {{ dbt.hash(dbt.concat([
            dbt.cast('this_build.build_number', dbt.type_string()), "'|'",
            'changes.audience_member_id', "'|'",
            'changes.change_type',
        ])) }} as change_id,
        this_build.build_number,
        this_build.build_id,
        this_build.built_at,
        as_of_date.as_of_date,
        changes.audience_member_id,
        changes.audience_id,
        changes.customer_id,
        changes.consent_purpose,
        changes.change_type,
        changes.change_reason,
        changes.attributes_hash
    from changes
    cross join this_build
    cross join as_of_date
),

-- earlier rows of customers erased since: the same rows without the customer
scrubbed_rows as (
    select
        history.change_id,
        history.build_number,
        history.build_id,
        history.built_at,
        history.as_of_date,
        history.audience_member_id,
        history.audience_id,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        history.consent_purpose,
        history.change_type,
        history.change_reason,
        history.attributes_hash
    from history
    inner join customers_erased
        on history.customer_id = customers_erased.customer_id
),

final as (
    select * from new_rows
    union all
    select * from scrubbed_rows
)

select * from final
