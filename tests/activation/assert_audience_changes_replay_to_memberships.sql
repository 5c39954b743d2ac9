{#
    Replaying audience_changes gives audience_memberships: the members whose
    latest change is not an exit are exactly the current members, with the
    same attributes_hash. A missed entry or exit (a state lost, e.g. by a
    full refresh that wiped the history) shows up here.
#}
with

audience_changes as (
    select * from {{ ref('audience_changes') }}
),

audience_memberships as (
    select * from {{ ref('audience_memberships') }}
),

latest_changes as (
    select
        audience_member_id,
        change_type,
        attributes_hash,
        row_number() over (
            partition by audience_member_id
            order by build_number desc, change_id desc
        ) as recency_rank
    from audience_changes
),

replayed as (
    select
        audience_member_id,
        attributes_hash
    from latest_changes
    where recency_rank = 1 and change_type <> 'exited'
)

select
    coalesce(replayed.audience_member_id, audience_memberships.audience_member_id) as audience_member_id,
    replayed.attributes_hash as replayed_attributes_hash,
    audience_memberships.attributes_hash as member_attributes_hash
from replayed
full outer join audience_memberships
    on replayed.audience_member_id = audience_memberships.audience_member_id
where
    replayed.audience_member_id is null
    or audience_memberships.audience_member_id is null
    or replayed.attributes_hash <> audience_memberships.attributes_hash
