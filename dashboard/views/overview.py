"""Overview: every event in one sortable table, the portfolio's totals, and attendance and
ratings over time, narrowed by the managers' filters (series, year, format, region). Clicking
an event's row opens its report."""

import streamlit as st

from dashboard import charts, data_access, state
from dashboard.filters import event_filters
from dashboard.formatting import format_count, format_pct
from dashboard.tables import download_csv

EVENT_COLUMNS = {
    "start_date": "Date",
    "title": "Event",
    "format": "Format",
    "registrations": "Registrations",
    "attendees": "Attendees",
    "attendance_rate": "Attendance rate",
    "responses": "Responses",
    "response_rate": "Response rate",
    "overall_rating_score": "Overall rating score",
}

RESPONSE_RATE_HELP = (
    "Respondents who attended, as a share of attendees: a response from someone the "
    "attendance records show did not attend is left out (an anonymous response cannot be "
    "checked and is counted)"
)

st.title("Events overview")

events = data_access.event_table()
if events.empty:
    st.info(
        "No events yet: upload a file on the Upload data page (it lets you create the event), "
        "or run the demo with `surveydash demo` to explore the dashboard on synthetic data."
    )
    st.page_link("views/upload.py", label="Upload data", icon=":material/upload:")
    st.stop()

totals = data_access.portfolio_totals()
with st.container(key="portfolio_totals"):
    columns = st.columns(6)
    columns[0].metric("Events", format_count(totals["events"]))
    columns[1].metric(
        "Registrations",
        format_count(totals["registrations"]),
        help="Distinct people registered, summed over events.",
    )
    columns[2].metric(
        "Countries reached",
        format_count(totals["countries_reached"]),
        help="Distinct countries of the registrants of all events.",
    )
    columns[3].metric(
        "From LDCs",
        format_pct(totals["ldc_pct"]),
        help="Share of all attendees who came from a Least Developed Country "
        "(as classified on the date of their event).",
    )
    columns[4].metric(
        "From LLDCs",
        format_pct(totals["lldc_pct"]),
        help="Share of all attendees who came from a Landlocked Developing Country.",
    )
    columns[5].metric(
        "From SIDS",
        format_pct(totals["sids_pct"]),
        help="Share of all attendees who came from a Small Island Developing State.",
    )

st.subheader("Events")
filters = event_filters(events, "overview")
shown = data_access.matching_events(filters).reset_index(drop=True)
columns = dict(EVENT_COLUMNS)
if filters.regions:
    regions = " or ".join(filters.regions)
    columns["region_attendees"] = f"Attendees from {regions}"
    st.caption(
        f"{len(shown)} of {len(events)} events had participants from {regions}; the totals above "
        "are of all events. The figures are each event's own (all its participants); the "
        "Event report gives the ratings by region where the anonymity threshold allows."
    )
elif filters:
    st.caption(f"{len(shown)} of {len(events)} events match the filters.")
st.caption("Click a row to open the event's report; click a column header to sort.")
table = shown[list(columns)].rename(columns=columns)
# Widths in pixels chosen so that all the columns fit a laptop's window (1280 pixels, the
# sidebar open) without a horizontal scroll bar hiding the last one.
chosen = st.dataframe(
    table,
    key="events_table",
    on_select="rerun",
    selection_mode="single-row",
    hide_index=True,
    column_config={
        "Date": st.column_config.DateColumn(format="D MMM YYYY", width=90),
        # The full title shows on hover and in the report.
        "Event": st.column_config.TextColumn(width=220),
        "Format": st.column_config.TextColumn(width=75),
        "Registrations": st.column_config.NumberColumn(format="%,d", width=95),
        "Attendees": st.column_config.NumberColumn(format="%,d", width=80),
        "Attendance rate": st.column_config.NumberColumn(
            format="%.1f%%", width=80, help="Attendees as a share of registrations"
        ),
        "Responses": st.column_config.NumberColumn(format="%,d", width=80),
        "Response rate": st.column_config.NumberColumn(
            format="%.1f%%", width=80, help=RESPONSE_RATE_HELP
        ),
        "Overall rating score": st.column_config.NumberColumn(
            format="%.1f",
            width=105,
            help="The overall rating as a score from 0 (everyone gave the scale's lowest point) "
            "to 100 (its highest), so surveys rated 1-5 and 1-10 compare",
        ),
        **{
            label: st.column_config.NumberColumn(format="%,d", width=110)
            for field, label in columns.items()
            if field == "region_attendees"
        },
    },
)
if chosen.selection.rows:
    event_id = shown.iloc[chosen.selection.rows[0]]["event_id"]
    state.select_event(event_id)
    st.switch_page("views/event_report.py", query_params=state.event_query_params(event_id))

download_csv(table, "Download the events table (CSV)", "events.csv", "download_events")

st.plotly_chart(
    charts.attendance_and_ratings_over_time(shown), key="chart_over_time", width="stretch"
)
