"""Overview: customers, revenue, active and new customers over time."""

import altair as alt
import streamlit as st

from dashboard import common

common.require("overview")
filters = common.filters()

st.title("Overview")
common.applies("date range", "country", "segment")

kpis = common.query("overview_kpis", filters)
cols = st.columns(5)
cols[0].metric(
    "Customers",
    f"{kpis['customers']:,.0f}",
    help="Known persons (no anonymous visitors) matching country and segment.",
)
cols[1].metric(
    "Revenue (USD)",
    f"{kpis['revenue_usd']:,.0f}",
    help="Counted orders in the date range, converted at the order date's rate.",
)
cols[2].metric("Orders", f"{kpis['orders']:,.0f}", help="Counted orders in the date range.")
cols[3].metric(
    "Active customers",
    f"{kpis['active_customers']:,.0f}",
    help="Known persons with a counted order or a web session in the date range.",
)
cols[4].metric(
    "New customers", f"{kpis['new_customers']:,.0f}", help="First counted order in the date range."
)

monthly = common.query("monthly_activity", filters)
if not common.empty(monthly, "activity"):
    left, right = st.columns(2)
    with left:
        st.subheader("Revenue per month")
        common.chart(
            alt.Chart(monthly)
            .mark_bar()
            .encode(
                x=alt.X("yearmonth(month):T", title="Month"),
                y=alt.Y("revenue_usd:Q", title="Revenue (USD)"),
                tooltip=[
                    alt.Tooltip("yearmonth(month):T", title="Month"),
                    alt.Tooltip("revenue_usd:Q", format=",.0f", title="Revenue (USD)"),
                    alt.Tooltip("orders:Q", title="Orders"),
                ],
            )
        )
    with right:
        st.subheader("Active and new customers per month")
        customers = monthly.melt(
            id_vars="month",
            value_vars=["active_customers", "new_customers"],
            var_name="measure",
            value_name="customers",
        )
        customers["measure"] = customers["measure"].map(
            {"active_customers": "Active", "new_customers": "New"}
        )
        common.chart(
            alt.Chart(customers)
            .mark_line(point=True)
            .encode(
                x=alt.X("yearmonth(month):T", title="Month"),
                y=alt.Y("customers:Q", title="Customers"),
                color=alt.Color("measure:N", title=None),
                tooltip=["yearmonth(month):T", "measure:N", "customers:Q"],
            )
        )

countries = common.query("revenue_by_country", filters)
if not common.empty(countries, "orders"):
    st.subheader("Revenue by customer country")
    common.chart(
        alt.Chart(countries)
        .mark_bar()
        .encode(
            x=alt.X("revenue_usd:Q", title="Revenue (USD)"),
            y=alt.Y("country_code:N", sort="-x", title="Country"),
            tooltip=[
                "country_code:N",
                alt.Tooltip("revenue_usd:Q", format=",.0f"),
                alt.Tooltip("customers:Q", title="Buying customers"),
            ],
        )
    )
