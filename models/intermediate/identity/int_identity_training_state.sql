{#
    One row: the identity matcher's training, and whether this build trains
    it again (docs/identity.md, "Training cadence"). The Fellegi-Sunter
    parameters (u, m, the prior) describe how the data is corrupted, which
    changes slowly; estimating them every day costs time and moves every
    score a little, every day, for no reason. They are estimated again when:
    - there is no stored training (first build, a full refresh, adapters
      without incremental models here: always);
    - the settings they derive from changed (identity_training_fingerprint:
      the comparison, blocking and estimation vars, the training models' SQL);
    - the CRM record count moved by more than
      identity_training.max_record_change (a share) since the training;
    - the data's as-of date is identity_training.max_age_days or more past
      the training's.
    Var identity_retrain overrides: `always` trains every build, `never`
    keeps a stored training whatever changed.
#}
{%- set training = var('identity_training') -%}
{%- set retrain = var('identity_retrain') | string | lower -%}
{%- if retrain not in ['auto', 'always', 'never'] -%}
    {{ exceptions.raise_compiler_error(
        "var identity_retrain is '" ~ retrain ~ "': use auto (the rules of var identity_training), "
        ~ "always (train every build) or never (keep the stored training).") }}
{%- endif %}
with

person_records as (
    select * from {{ ref('int_identity_person_records') }}
),

as_of_date as (
    select * from {{ ref('int_as_of_date') }}
),

{% if is_incremental() %}

    stored as (
        select * from {{ this }}
    ),

{% else %}

    -- no stored training (an empty relation with the table's columns)
    stored as (
        select
            cast(null as {{ dbt.type_string() }}) as training_key,
            cast(null as date) as trained_as_of_date,
            cast(null as {{ dbt.type_bigint() }}) as trained_crm_records,
            cast(null as {{ dbt.type_string() }}) as trained_fingerprint,
            cast(null as date) as checked_as_of_date,
            cast(null as {{ dbt.type_bigint() }}) as checked_crm_records,
            cast(null as boolean) as is_trained_this_build,
            cast(null as {{ dbt.type_string() }}) as decision
        where 1 = 0
    ),

{% endif %}

current_data as (
    select
        count(*) as crm_records,
        '{{ identity_training_fingerprint() }}' as fingerprint
    from person_records
    where source_table = 'crm_contacts'
),

decided as (
    select
        current_data.crm_records,
        current_data.fingerprint,
        as_of_date.as_of_date,
        stored.trained_as_of_date,
        stored.trained_crm_records,
        stored.trained_fingerprint,
        case
            when stored.training_key is null then 'no_stored_training'
            {%- if retrain == 'always' %}
                else 'forced'
            {%- elif retrain == 'never' %}
                else 'kept'
            {%- else %}
                when stored.trained_fingerprint <> current_data.fingerprint then 'settings_changed'
                when
                    abs(current_data.crm_records - stored.trained_crm_records)
                    > {{ training['max_record_change'] }} * stored.trained_crm_records
                    then 'records_changed'
                when
                    {{ dbt.datediff('stored.trained_as_of_date', 'as_of_date.as_of_date', 'day') }}
                    >= {{ training['max_age_days'] }}
                    then 'training_aged'
                else 'kept'
            {%- endif %}
        end as decision
    from current_data
    cross join as_of_date
    left join stored
        on stored.training_key = 'identity'
),

final as (
    select
        cast('identity' as {{ dbt.type_string() }}) as training_key,
        case when decision = 'kept' then trained_as_of_date else as_of_date end as trained_as_of_date,
        cast(
            case when decision = 'kept' then trained_crm_records else crm_records end
            as {{ dbt.type_bigint() }}
        ) as trained_crm_records,
        case when decision = 'kept' then trained_fingerprint else fingerprint end as trained_fingerprint,
        as_of_date as checked_as_of_date,
        cast(crm_records as {{ dbt.type_bigint() }}) as checked_crm_records,
        decision <> 'kept' as is_trained_this_build,
        decision
    from decided
)

select * from final
