"""Segments and journeys: segment sizes and conversion, the journey funnel,
top paths to purchase and to abandonment."""

import altair as alt
import streamlit as st

from dashboard import common

common.require("segments")
filters = common.filters()

st.title("Segments and journeys")

left, right = st.columns(2)
with left:
    st.subheader("Segment sizes")
    common.applies("country", "segment")
    sizes = common.query("segment_sizes", filters)
    if not common.empty(sizes, "segment members"):
        common.chart(
            alt.Chart(sizes)
            .mark_bar()
            .encode(
                x=alt.X("customers:Q", title="Customers"),
                y=alt.Y("segment_name:N", sort="-x", title=None),
                color=alt.Color("segment_type:N", title="Type"),
                tooltip=["segment_name:N", "segment_type:N", "customers:Q"],
            )
        )
with right:
    st.subheader("Conversion after the cutoff")
    st.caption("Whole customer base (fct_segment_effectiveness); filters do not apply.")
    effect = common.query("segment_effectiveness")
    if not common.empty(effect, "segment effectiveness figures"):
        common.chart(
            alt.Chart(effect)
            .mark_bar()
            .encode(
                x=alt.X("conversion_rate:Q", title="Converted share", axis=alt.Axis(format="%")),
                y=alt.Y("segment_name:N", sort="-x", title=None),
                color=alt.Color("segment_type:N", title="Type"),
                tooltip=[
                    "segment_name:N",
                    alt.Tooltip("members_at_cutoff:Q", title="Members at cutoff"),
                    alt.Tooltip("conversion_rate:Q", format=".1%", title="Converted"),
                    alt.Tooltip("conversion_lift_vs_all:Q", format=".2f", title="Lift vs all"),
                    alt.Tooltip(
                        "revenue_per_member_usd:Q", format=",.2f", title="Revenue per member (USD)"
                    ),
                ],
            )
        )
        first = effect.iloc[0]
        st.caption(
            f"Orders in the {first.window_days} days after {first.cutoff_date:%Y-%m-%d} "
            "by the segment's members at the cutoff."
        )

st.subheader("Journey funnel")
common.applies("country", "segment")
funnel = common.query("journey_funnel", filters)
if not common.empty(funnel, "journey stages"):
    progression = funnel[funnel["is_progression"]].copy()
    progression["label"] = progression["conversion_from_previous_stage"].map(
        lambda v: "" if v != v else f"{v:.0%} of previous"  # v != v: NaN for the first stage
    )
    left, right = st.columns([3, 2])
    with left:
        bars = alt.Chart(progression).encode(
            y=alt.Y("journey_stage:N", sort=alt.SortField("stage_order"), title=None),
            x=alt.X("customers_reached:Q", title="Customers who reached the stage"),
        )
        common.chart(
            bars.mark_bar().encode(
                tooltip=[
                    "journey_stage:N",
                    "stage_description:N",
                    "customers_reached:Q",
                    alt.Tooltip("customers_in_stage:Q", title="Now in stage"),
                    alt.Tooltip(
                        "conversion_from_previous_stage:Q",
                        format=".1%",
                        title="From previous stage",
                    ),
                ]
            )
            + bars.mark_text(align="left", dx=4).encode(text="label:N")
        )
    with right:
        st.dataframe(
            funnel[
                [
                    "journey_stage",
                    "customers_in_stage",
                    "customers_reached",
                    "conversion_from_previous_stage",
                    "stage_description",
                ]
            ],
            hide_index=True,
            column_config={
                "conversion_from_previous_stage": st.column_config.NumberColumn(
                    "From previous", format="percent"
                ),
            },
        )

st.subheader("Top paths to purchase and to abandonment")
st.caption("Event paths of web sessions by outcome (fct_journey_paths); filters do not apply.")
paths = common.query("journey_paths", 10)
if not common.empty(paths, "journey paths"):
    outcomes = paths["outcome"].unique().tolist()
    for column, outcome in zip(st.columns(len(outcomes)), outcomes, strict=True):
        with column:
            st.markdown(f"**{outcome.capitalize()}**")
            common.chart(
                alt.Chart(paths[paths["outcome"] == outcome])
                .mark_bar()
                .encode(
                    x=alt.X(
                        "share_of_outcome_sessions:Q",
                        title="Share of sessions",
                        axis=alt.Axis(format="%"),
                    ),
                    y=alt.Y(
                        "event_path:N",
                        sort=alt.SortField("path_rank"),
                        title=None,
                        axis=alt.Axis(labelLimit=320),
                    ),
                    tooltip=[
                        "event_path:N",
                        "session_count:Q",
                        "customer_count:Q",
                        alt.Tooltip("share_of_outcome_sessions:Q", format=".1%"),
                    ],
                )
            )
