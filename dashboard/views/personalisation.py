"""Personalisation: triggers fired, next-best-actions by channel with the
holdout share, and the uplift of the actions (treated vs held out)."""

import altair as alt
import streamlit as st

from dashboard import common

common.require("personalisation")
filters = common.filters()

st.title("Personalisation")

st.subheader("Triggers fired per week")
common.applies("date range", "country", "segment")
fired = common.query("triggers_fired", filters)
if not common.empty(fired, "triggers fired"):
    totals = fired.groupby("trigger_name", as_index=False)[["triggers", "customers"]].sum()
    cols = st.columns(max(len(totals), 1))
    for column, row in zip(cols, totals.itertuples(), strict=True):
        column.metric(row.trigger_name.replace("_", " ").capitalize(), f"{row.triggers:,}")
    common.chart(
        alt.Chart(fired)
        .mark_bar()
        .encode(
            x=alt.X("week:T", title="Week"),
            y=alt.Y("triggers:Q", title="Triggers fired"),
            color=alt.Color("trigger_name:N", title="Trigger"),
            tooltip=[
                "week:T",
                "trigger_name:N",
                "triggers:Q",
                "customers:Q",
                alt.Tooltip("active_triggers:Q", title="Still active"),
            ],
        )
    )

st.subheader("Next-best-actions by channel")
common.applies("country", f"segment (actions are as of {common.as_of('next_best_actions')})")
actions = common.query("next_best_actions_by_channel", filters)
if not common.empty(actions, "next-best-actions"):
    total, holdout = int(actions["actions"].sum()), int(actions["holdout"].sum())
    cols = st.columns(3)
    cols[0].metric("Actions", f"{total:,}")
    cols[1].metric(
        "Held out", f"{holdout:,}", help="Customers kept out of the action to measure its effect."
    )
    cols[2].metric("Holdout share", f"{holdout / total:.1%}" if total else "-")
    actions["group"] = "treated"
    long = actions.melt(
        id_vars=["channel", "action"],
        value_vars=["actions", "holdout"],
        var_name="measure",
        value_name="count",
    )
    # Stacked treated + holdout = all actions of the rule.
    long.loc[long["measure"] == "actions", "count"] -= long.loc[
        long["measure"] == "holdout", "count"
    ].to_numpy()
    long["measure"] = long["measure"].map({"actions": "treated", "holdout": "holdout"})
    common.chart(
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("count:Q", title="Customers", stack="zero"),
            y=alt.Y("action:N", sort="-x", title=None, axis=alt.Axis(labelLimit=240)),
            row=alt.Row("channel:N", title=None, header=alt.Header(labelAngle=0)),
            color=alt.Color(
                "measure:N",
                title=None,
                scale=alt.Scale(domain=["treated", "holdout"], range=["#4c78a8", "#f58518"]),
            ),
            tooltip=["channel:N", "action:N", "measure:N", "count:Q"],
        )
        .resolve_scale(y="independent")
    )
    st.dataframe(
        actions.drop(columns="group"),
        hide_index=True,
        column_config={"holdout_share": st.column_config.NumberColumn(format="percent")},
    )

st.subheader("Uplift of actions: treated vs held out")
common.applies("none (all customers; the interval is the mart's own)")
uplift = common.query("action_uplift")
if not common.empty(uplift, "measured actions"):
    window = int(uplift["window_days"].iloc[0])
    st.caption(
        f"Conversion: a counted order within {window} days after the trigger fired. "
        "Bars: normal-approximation interval of the lift (treated - held out); "
        "an arm without exposures has no lift."
    )
    measured = uplift[uplift["conversion_lift"].notna()]
    if not measured.empty:
        base = alt.Chart(measured).encode(
            y=alt.Y("rule_id:N", title=None, axis=alt.Axis(labelLimit=240)),
            tooltip=[
                "rule_id:N",
                "channel:N",
                "treated_exposures:Q",
                "holdout_exposures:Q",
                alt.Tooltip("conversion_lift:Q", format=".1%"),
                alt.Tooltip("conversion_lift_lower:Q", format=".1%"),
                alt.Tooltip("conversion_lift_upper:Q", format=".1%"),
            ],
        )
        common.chart(
            base.mark_rule().encode(
                x=alt.X(
                    "conversion_lift_lower:Q", title="Conversion lift", axis=alt.Axis(format="%")
                ),
                x2="conversion_lift_upper:Q",
            )
            + base.mark_point(filled=True, size=60).encode(
                x="conversion_lift:Q", color=alt.Color("channel:N", title="Channel")
            )
        )
    st.dataframe(
        uplift,
        hide_index=True,
        column_config={
            c: st.column_config.NumberColumn(format="percent")
            for c in (
                "treated_conversion_rate",
                "holdout_conversion_rate",
                "conversion_lift",
                "conversion_lift_lower",
                "conversion_lift_upper",
                "relative_conversion_lift",
            )
        },
    )
