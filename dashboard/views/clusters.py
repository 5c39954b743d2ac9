"""Clusters: profiles, sizes, the silhouette curve over k."""

import altair as alt
import streamlit as st

from dashboard import common

common.require("clusters")
filters = common.filters()

st.title("Clusters")
common.applies("country", "segment")

profiles = common.query("cluster_profiles", filters)
evaluation = common.query("cluster_evaluation")
if profiles.empty and evaluation.empty:
    st.info(
        "No clusters in this build: the clustering needs enough customers with orders. "
        "Build on more data (`make build PERSONS=5000`)."
    )
    st.stop()

left, right = st.columns(2)
with left:
    st.subheader("Cluster sizes")
    if not common.empty(profiles, "clustered customers"):
        common.chart(
            alt.Chart(profiles)
            .mark_bar()
            .encode(
                x=alt.X("customers:Q", title="Customers"),
                y=alt.Y(
                    "cluster_label:N",
                    sort=alt.SortField("cluster_number"),
                    title=None,
                    axis=alt.Axis(labelLimit=300),
                ),
                tooltip=[
                    "cluster_number:O",
                    "cluster_label:N",
                    "customers:Q",
                    alt.Tooltip("customer_share:Q", format=".1%", title="Share"),
                ],
            )
        )
with right:
    st.subheader("Silhouette over k")
    st.caption("Higher is better separated; the chosen k is marked. Filters do not apply.")
    if not common.empty(evaluation, "cluster evaluation"):
        line = alt.Chart(evaluation).encode(
            x=alt.X("k:O", title="k (clusters)"),
            y=alt.Y("silhouette_score:Q", title="Silhouette", scale=alt.Scale(zero=False)),
            color=alt.Color("algorithm:N", title="Algorithm"),
        )
        chosen = (
            alt.Chart(evaluation[evaluation["is_chosen"]])
            .mark_point(size=160, filled=True, color="crimson")
            .encode(
                x="k:O",
                y="silhouette_score:Q",
                tooltip=["algorithm:N", "k:O", "silhouette_score:Q"],
            )
        )
        common.chart(line.mark_line(point=True) + chosen)

if not profiles.empty:
    st.subheader("Cluster profiles")
    st.caption("Mean of each feature per cluster, shaded by column (darker = higher).")
    features = [
        "recency_days",
        "frequency",
        "monetary_usd",
        "sessions",
        "product_views",
        "cart_abandonment_rate",
        "email_open_rate",
        "email_click_rate",
        "tenure_days",
    ]
    long = profiles.melt(
        id_vars=["cluster_number", "cluster_label"],
        value_vars=features,
        var_name="feature",
        value_name="mean",
    )
    # Scale each feature to 0-1 across clusters so features of any unit share one colour scale.
    spread = long.groupby("feature")["mean"].transform(
        lambda s: (s - s.min()) / ((s.max() - s.min()) or 1)
    )
    long["relative"] = spread
    base = alt.Chart(long).encode(
        x=alt.X(
            "feature:N",
            sort=features,
            title=None,
            axis=alt.Axis(labelAngle=-30, labelOverlap=False),
        ),
        y=alt.Y(
            "cluster_label:N",
            sort=alt.SortField("cluster_number"),
            title=None,
            axis=alt.Axis(labelLimit=300),
        ),
    )
    common.chart(
        base.mark_rect().encode(
            color=alt.Color("relative:Q", scale=alt.Scale(scheme="purples"), legend=None),
            tooltip=["cluster_label:N", "feature:N", alt.Tooltip("mean:Q", format=",.2f")],
        )
        + base.mark_text(fontSize=10).encode(
            text=alt.Text("mean:Q", format=",.1f"),
            color=alt.condition("datum.relative > 0.6", alt.value("white"), alt.value("black")),
        )
    )
    st.dataframe(
        profiles,
        hide_index=True,
        column_config={
            "customer_share": st.column_config.NumberColumn("share", format="percent"),
            **{name: st.column_config.NumberColumn(format="%.2f") for name in features},
        },
    )
