"""Overview: every event in one sortable table, the portfolio's totals, and attendance and
ratings over time. Clicking an event's row opens its report."""

import streamlit as st

from dashboard import charts, data_access, state
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
    "overall_rating_score": "Overall rating (score 0-100)",
}

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
st.caption("Click a row to open the event's report; click a column header to sort.")
table = events[list(EVENT_COLUMNS)].rename(columns=EVENT_COLUMNS).reset_index(drop=True)
chosen = st.dataframe(
    table,
    key="events_table",
    on_select="rerun",
    selection_mode="single-row",
    hide_index=True,
    column_config={
        "Date": st.column_config.DateColumn(format="D MMM YYYY"),
        # Narrow enough that every figure fits beside it on a laptop; the full title shows on
        # hover and in the report.
        "Event": st.column_config.TextColumn(width=220),
        "Format": st.column_config.TextColumn(width="small"),
        "Registrations": st.column_config.NumberColumn(format="%,d"),
        "Attendees": st.column_config.NumberColumn(format="%,d"),
        "Attendance rate": st.column_config.NumberColumn(
            format="%.1f%%", help="Attendees as a share of registrations"
        ),
        "Responses": st.column_config.NumberColumn(format="%,d"),
        "Response rate": st.column_config.NumberColumn(
            format="%.1f%%", help="Survey responses as a share of attendees"
        ),
        "Overall rating (mean)": st.column_config.NumberColumn(
            format="%.2f", help="Mean answer to the overall-rating question (1-5)"
        ),
    },
)
if chosen.selection.rows:
    event_id = events.iloc[chosen.selection.rows[0]]["event_id"]
    state.select_event(event_id)
    st.switch_page("views/event_report.py", query_params=state.event_query_params(event_id))

download_csv(table, "Download the events table (CSV)", "events.csv", "download_events")

st.plotly_chart(
    charts.attendance_and_ratings_over_time(events), key="chart_over_time", width="stretch"
)
