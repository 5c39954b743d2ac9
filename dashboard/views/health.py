"""Data health: quarantined rows by source and reason over builds, null rates,
identity quality (cluster sizes, hubs dropped, fuzzy matches by band)."""

import altair as alt
import streamlit as st

from dashboard import common

common.require("health")

st.title("Data health")
st.caption("Figures of the whole build; the sidebar filters do not apply here.")

rows = common.query("source_row_counts")
if not rows.empty:
    cols = st.columns(4)
    cols[0].metric("Raw rows", f"{rows['rows_in'].sum():,}")
    cols[1].metric("Staged", f"{rows['rows_staged'].sum():,}")
    cols[2].metric("Quarantined", f"{rows['rows_quarantined'].sum():,}")
    cols[3].metric("Values nulled", f"{rows['values_nulled'].sum():,}")

st.subheader("Quarantined rows over builds")
history = common.query("quarantine_history")
if not common.empty(history, "quarantine history"):
    per_build = history.groupby(["built_at", "source_table"], as_index=False)[
        "rows_quarantined"
    ].sum()
    left, right = st.columns(2)
    with left:
        st.caption("Rows refused per build, by source.")
        common.chart(
            alt.Chart(per_build)
            .mark_bar()
            .encode(
                x=alt.X("built_at:O", title="Build", timeUnit="yearmonthdatehoursminutes"),
                y=alt.Y("rows_quarantined:Q", title="Rows quarantined"),
                color=alt.Color("source_table:N", title="Source"),
                tooltip=["built_at:T", "source_table:N", "rows_quarantined:Q"],
            )
        )
    with right:
        latest = history[history["built_at"] == history["built_at"].max()]
        st.caption("Latest build, by source and reason.")
        common.chart(
            alt.Chart(latest)
            .mark_rect()
            .encode(
                x=alt.X(
                    "source_table:N",
                    title=None,
                    axis=alt.Axis(labelAngle=-40, labelOverlap=False, labelLimit=220),
                ),
                y=alt.Y("reason:N", title=None, axis=alt.Axis(labelOverlap=False, labelLimit=220)),
                color=alt.Color(
                    "rows_quarantined:Q", title="Rows", scale=alt.Scale(scheme="oranges")
                ),
                tooltip=["source_table:N", "reason:N", "rows_quarantined:Q"],
            )
        )

st.subheader("Null rates of staged columns (latest build)")
nulls = common.query("null_rates")
if not common.empty(nulls, "null rates"):
    nulls["field"] = nulls["source_table"] + "." + nulls["column_name"]
    common.chart(
        alt.Chart(nulls)
        .mark_bar()
        .encode(
            x=alt.X(
                "null_rate:Q",
                title="Share NULL",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            y=alt.Y("field:N", sort="-x", title=None, axis=alt.Axis(labelLimit=300)),
            color=alt.Color("source_table:N", legend=None),
            tooltip=["source_table:N", "column_name:N", alt.Tooltip("null_rate:Q", format=".1%")],
        )
    )

st.subheader("Identity quality")
left, middle, right = st.columns(3)
with left:
    st.caption("Customers by number of records (cluster size).")
    sizes = common.query("identity_quality", "cluster_size")
    if not common.empty(sizes, "identity clusters"):
        common.chart(
            alt.Chart(sizes)
            .mark_bar()
            .encode(
                x=alt.X("metric_key:O", title="Records per customer"),
                y=alt.Y("metric_value:Q", title="Customers"),
                tooltip=[
                    alt.Tooltip("metric_key:O", title="Records"),
                    alt.Tooltip("metric_value:Q", title="Customers"),
                ],
            )
        )
with middle:
    st.caption("Hub identifiers dropped from matching (shared by several people).")
    hubs = common.query("identity_quality", "hubs")
    if not common.empty(hubs, "hub identifiers"):
        common.chart(
            alt.Chart(hubs)
            .mark_bar()
            .encode(
                x=alt.X("metric_value:Q", title="Identifiers dropped"),
                y=alt.Y("metric_key:N", title=None, axis=alt.Axis(labelLimit=220)),
                tooltip=[
                    alt.Tooltip("metric_key:N", title="Type:reason"),
                    alt.Tooltip("metric_value:Q", title="Identifiers"),
                ],
            )
        )
with right:
    st.caption("Fuzzy candidate pairs by match-probability band and decision.")
    fuzzy = common.query("fuzzy_matches_by_band")
    if not common.empty(fuzzy, "fuzzy matches"):
        common.chart(
            alt.Chart(fuzzy)
            .mark_bar()
            .encode(
                x=alt.X(
                    "score_band:N",
                    sort=fuzzy["score_band"].unique().tolist(),
                    title="Match probability from",
                ),
                y=alt.Y("pairs:Q", title="Pairs"),
                color=alt.Color("decision:N", title="Decision"),
                tooltip=["score_band:N", "decision:N", "pairs:Q"],
            )
        )

training = dict(common.query("identity_quality", "training").itertuples(index=False))
trained_on = (
    f"trained on {training['trained_crm_records']:,} CRM records, "
    + (
        "in this build"
        if training.get("trained_this_build")
        else f"{training.get('days_since_training', 0)} days of data ago, kept since"
    )
    if "trained_crm_records" in training
    else "learned from the data"
)
st.caption(
    f"Match weights ({trained_on}; bits, positive = evidence of one person). "
    'See docs/identity.md, "Reading identity_match_weights" and "Training cadence".'
)
weights = common.query("identity_match_weights")
if not common.empty(weights, "match weights"):
    weights = weights.assign(level=weights["comparison"] + ": " + weights["level_name"])
    common.chart(
        alt.Chart(weights)
        .mark_bar()
        .encode(
            x=alt.X("match_weight_bits:Q", title="Weight (bits)"),
            y=alt.Y(
                "level:N", sort=weights["level"].tolist(), title=None, axis=alt.Axis(labelLimit=260)
            ),
            color=alt.condition(
                alt.datum.match_weight_bits > 0, alt.value("#2e7d32"), alt.value("#c62828")
            ),
            tooltip=[
                "comparison:N",
                "level_name:N",
                alt.Tooltip("match_weight_bits:Q", format=".2f"),
                alt.Tooltip("m_probability:Q", format=".4f"),
                alt.Tooltip("u_probability:Q", format=".5f"),
                "training_pairs:Q",
            ],
        )
    )

with st.expander("Largest identity clusters and raw row accounting"):
    st.dataframe(common.query("largest_clusters", 10), hide_index=True)
    st.dataframe(rows, hide_index=True)
