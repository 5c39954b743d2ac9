{#
    The two halves of the uplift statistics of fct_action_uplift and
    fct_action_uplift_overall, over rows of fct_action_exposures (one row
    per exposure: is_holdout, has_converted, revenue_usd).

    uplift_arm_aggregates(): per-arm counts, means and sample variances, to
    put in a grouped select. uplift_lift_columns(z): lift and interval
    columns over those aggregates. Every figure of an empty arm is NULL and
    NULL propagates (plain arithmetic, no least/greatest, which skip NULLs
    on DuckDB and Spark).
#}
{% macro uplift_arm_aggregates() -%}
    {%- for arm, condition in [('treated', 'not is_holdout'), ('holdout', 'is_holdout')] %}
        count(case when {{ condition }} then 1 end) as {{ arm }}_exposures,
        count(distinct case when {{ condition }} then customer_id end) as {{ arm }}_customers,
        count(case when {{ condition }} and has_converted then 1 end) as {{ arm }}_conversions,
        cast(avg(case when {{ condition }} then (case when has_converted then 1 else 0 end) end) as double)
            as {{ arm }}_conversion_rate,
        sum(case when {{ condition }} then revenue_usd end) as {{ arm }}_revenue_usd,
        cast(avg(case when {{ condition }} then revenue_usd end) as double) as {{ arm }}_revenue_per_exposure_usd,
        cast(var_samp(case when {{ condition }} then revenue_usd end) as double) as {{ arm }}_revenue_variance{% if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}


{#
    Normal approximation (Wald) for a difference of two independent
    proportions: lift = p_t - p_h, se = sqrt(p_t(1 - p_t)/n_t + p_h(1 - p_h)/n_h),
    interval lift -/+ z * se. Revenue per exposure: difference of means with
    the unpooled (Welch) standard error sqrt(s_t^2/n_t + s_h^2/n_h). The
    relative lift divides by the held-out rate (NULL when it is 0).
    is_interval_reliable: every arm has at least 5 conversions and 5
    non-conversions, the usual condition for the normal approximation.
#}
{% macro uplift_lift_columns(z) -%}
    treated_conversion_rate - holdout_conversion_rate as conversion_lift,
    (treated_conversion_rate - holdout_conversion_rate)
    / nullif(holdout_conversion_rate, 0) as relative_conversion_lift,
    (treated_conversion_rate - holdout_conversion_rate) - {{ z }} * sqrt(
        treated_conversion_rate * (1 - treated_conversion_rate) / nullif(treated_exposures, 0)
        + holdout_conversion_rate * (1 - holdout_conversion_rate) / nullif(holdout_exposures, 0)
    ) as conversion_lift_lower,
    (treated_conversion_rate - holdout_conversion_rate) + {{ z }} * sqrt(
        treated_conversion_rate * (1 - treated_conversion_rate) / nullif(treated_exposures, 0)
        + holdout_conversion_rate * (1 - holdout_conversion_rate) / nullif(holdout_exposures, 0)
    ) as conversion_lift_upper,
    treated_revenue_per_exposure_usd - holdout_revenue_per_exposure_usd as revenue_lift_usd,
    (treated_revenue_per_exposure_usd - holdout_revenue_per_exposure_usd)
    / nullif(holdout_revenue_per_exposure_usd, 0) as relative_revenue_lift,
    (treated_revenue_per_exposure_usd - holdout_revenue_per_exposure_usd) - {{ z }} * sqrt(
        treated_revenue_variance / nullif(treated_exposures, 0)
        + holdout_revenue_variance / nullif(holdout_exposures, 0)
    ) as revenue_lift_lower_usd,
    (treated_revenue_per_exposure_usd - holdout_revenue_per_exposure_usd) + {{ z }} * sqrt(
        treated_revenue_variance / nullif(treated_exposures, 0)
        + holdout_revenue_variance / nullif(holdout_exposures, 0)
    ) as revenue_lift_upper_usd,
    coalesce(
        treated_conversions >= 5 and treated_exposures - treated_conversions >= 5
        and holdout_conversions >= 5 and holdout_exposures - holdout_conversions >= 5,
        false
    ) as is_interval_reliable
{%- endmacro %}
