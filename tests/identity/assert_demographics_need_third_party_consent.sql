{# Vendor demographics appear in a profile only when the customer consented to third_party_data. #}
select
    customer_id,
    has_third_party_data_consent
from {{ ref('customer_profiles') }}
where
    not has_third_party_data_consent
    and (age is not null or household_income is not null or region is not null or interests is not null)
