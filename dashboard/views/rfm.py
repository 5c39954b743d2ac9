"""RFM: the recency x frequency grid, segment sizes and revenue, drill-down."""

import altair as alt
import streamlit as st

from dashboard import common

common.require("rfm")
filters = common.filters()

st.title("RFM")
common.applies(
    "country", f"segment (RFM is as of {common.as_of('customer_rfm')}, so not the date range)"
)

grid = common.query("rfm_grid", filters)
segments = common.query("rfm_segments", filters)
if common.empty(segments, "customers with a counted order"):
    st.stop()

left, right = st.columns([3, 2])
with left:
    st.subheader("Recency x frequency")
    st.caption("Customers per cell; hover for revenue and the cell's main named segment.")
    base = alt.Chart(grid).encode(
        x=alt.X("f_score:O", title="Frequency score (5 = most orders)"),
        y=alt.Y("r_score:O", sort="descending", title="Recency score (5 = most recent)"),
    )
    heat = base.mark_rect().encode(
        color=alt.Color("customers:Q", title="Customers", scale=alt.Scale(scheme="blues")),
        tooltip=[
            alt.Tooltip("r_score:O", title="Recency score"),
            alt.Tooltip("f_score:O", title="Frequency score"),
            alt.Tooltip("customers:Q", title="Customers"),
            alt.Tooltip("revenue_usd:Q", format=",.0f", title="Revenue (USD)"),
            alt.Tooltip("main_segment:N", title="Main segment"),
        ],
    )
    labels = base.mark_text(baseline="middle", fontSize=11).encode(
        text=alt.Text("customers:Q"),
        color=alt.condition("datum.customers > 60", alt.value("white"), alt.value("black")),
    )
    common.chart((heat + labels).properties(height=360))
with right:
    st.subheader("Segments")
    common.chart(
        alt.Chart(segments)
        .mark_bar()
        .encode(
            x=alt.X("customers:Q", title="Customers"),
            y=alt.Y("rfm_segment:N", sort="-x", title=None),
            color=alt.Color(
                "revenue_usd:Q", title="Revenue (USD)", scale=alt.Scale(scheme="greens")
            ),
            tooltip=[
                "rfm_segment:N",
                "customers:Q",
                alt.Tooltip("revenue_usd:Q", format=",.0f", title="Revenue (USD)"),
                alt.Tooltip("avg_recency_days:Q", format=".0f", title="Avg recency (days)"),
                alt.Tooltip("avg_frequency:Q", format=".1f", title="Avg orders"),
            ],
        )
        .properties(height=360)
    )

st.dataframe(
    segments,
    hide_index=True,
    column_config={
        "rfm_segment": "Segment",
        "customers": st.column_config.NumberColumn("Customers", format="%d"),
        "revenue_usd": st.column_config.NumberColumn("Revenue (USD)", format="%.0f"),
        "avg_recency_days": st.column_config.NumberColumn("Avg recency (days)", format="%.0f"),
        "avg_frequency": st.column_config.NumberColumn("Avg orders", format="%.1f"),
        "avg_monetary_usd": st.column_config.NumberColumn("Avg revenue (USD)", format="%.0f"),
    },
)

st.subheader("Customers in a segment")
chosen = st.selectbox("RFM segment", segments["rfm_segment"].tolist(), key="rfm_drill_segment")
members = common.query("rfm_segment_customers", filters, chosen)
st.caption(
    f"{len(members):,} customers shown, highest revenue first (at most 500). "
    "Pseudonymous customer ids only: contact details stay in the activation models."
)
st.dataframe(
    members,
    hide_index=True,
    column_config={
        "monetary_usd": st.column_config.NumberColumn("monetary (USD)", format="%.2f"),
        "last_order_date": st.column_config.DateColumn("last order", format="YYYY-MM-DD"),
    },
)
