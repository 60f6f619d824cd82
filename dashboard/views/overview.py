"""Overview: every event in one sortable table, the portfolio's totals, and attendance and
ratings over time, narrowed by the managers' filters (series, year, format, region). Clicking
an event's row opens its report."""

import streamlit as st

from dashboard import charts, data_access, state
from dashboard.filters import event_filters
from dashboard.formatting import format_count, format_pct
from dashboard.tables import download_csv, show_table

# Short headers and no format column (a filter, and a row of Compare): every column fits a
# laptop's window (1280 pixels, the sidebar open) without a horizontal scroll bar hiding the
# last one. Each header's help says what it counts.
EVENT_COLUMNS = {
    "start_date": "Date",
    "title": "Event",
    "registrations": "Registered",
    "attendees": "Attended",
    "attendance_rate": "Attended %",
    "responses": "Responses",
    "response_rate": "Response rate",
    "overall_rating_score": "Rating (0-100)",
}

# With a region chosen: the people of each event who came from it (stage, as headers say).
REGION_COLUMNS = {
    "region_registrants": "Registrants",
    "region_attendees": "Attendees",
    "region_respondents": "Respondents",
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
if filters.regions:
    regions = " or ".join(filters.regions)
    st.caption(
        f"{len(shown)} of {len(events)} events had participants from {regions}; the totals above "
        "are of all events. The figures are each event's own (all its participants); the "
        "Event report gives the ratings by region where the anonymity threshold allows."
    )
elif filters:
    st.caption(f"{len(shown)} of {len(events)} events match the filters.")
st.caption("Click a row to open the event's report; click a column header to sort.")
table = shown[list(EVENT_COLUMNS)].rename(columns=EVENT_COLUMNS)
chosen = st.dataframe(
    table,
    key="events_table",
    on_select="rerun",
    selection_mode="single-row",
    hide_index=True,
    column_config={
        "Date": st.column_config.DateColumn(format="D MMM YYYY", width=90),
        # The full title shows on hover and in the report.
        "Event": st.column_config.TextColumn(width=160),
        "Registered": st.column_config.NumberColumn(
            format="%,d", width=85, help="Registrants: distinct people who registered"
        ),
        "Attended": st.column_config.NumberColumn(
            format="%,d", width=75, help="Attendees: distinct people who joined"
        ),
        "Attended %": st.column_config.NumberColumn(
            format="%.1f%%", width=85, help="Attendees as a share of registrants"
        ),
        "Responses": st.column_config.NumberColumn(format="%,d", width=80, help="Survey responses"),
        "Response rate": st.column_config.NumberColumn(
            format="%.1f%%", width=95, help=RESPONSE_RATE_HELP
        ),
        "Rating (0-100)": st.column_config.NumberColumn(
            format="%.1f",
            width=95,
            help="The overall rating as a score from 0 (everyone gave the scale's lowest point) "
            "to 100 (its highest), so surveys rated 1-5 and 1-10 compare",
        ),
    },
)
if chosen.selection.rows:
    event_id = shown.iloc[chosen.selection.rows[0]]["event_id"]
    state.select_event(event_id)
    st.switch_page("views/event_report.py", query_params=state.event_query_params(event_id))

download_csv(table, "Download the events table (CSV)", "events.csv", "download_events")

if filters.regions:
    st.subheader(f"People from {regions}")
    st.caption(
        "Each event's registrants, attendees and respondents from the region: counts of "
        "people, not answers, shown in full as the Event report's breakdowns by region are."
    )
    region_labels = {
        "start_date": "Date",
        "title": "Event",
        **{field: f"{stage} from {regions}" for field, stage in REGION_COLUMNS.items()},
    }
    region_table = shown[list(region_labels)].rename(columns=region_labels)
    show_table(
        region_table,
        "region_table",
        # Sized, like the events table, to fit a laptop's window.
        column_config={
            "Date": st.column_config.DateColumn(format="D MMM YYYY", width=90),
            "Event": st.column_config.TextColumn(width=220),
            **{
                f"{stage} from {regions}": st.column_config.NumberColumn(format="%,d", width=150)
                for stage in REGION_COLUMNS.values()
            },
        },
    )
    download_csv(
        region_table,
        f"Download the people from {regions} (CSV)",
        "events-by-region.csv",
        "download_region_table",
    )

st.plotly_chart(
    charts.attendance_and_ratings_over_time(shown), key="chart_over_time", width="stretch"
)
