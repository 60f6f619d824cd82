"""Compare events: headline figures side by side, each canonical indicator with its sample
size, and the differences large enough to be worth a look."""

import pandas as pd
import streamlit as st

from dashboard import charts, data_access, state
from dashboard.formatting import (
    format_count,
    format_date,
    format_mean,
    format_pct,
    format_scale,
    format_with_interval,
    markdown_escape,
)
from dashboard.tables import download_csv, show_table
from surveydash import comparison
from surveydash.questions import INDICATOR_LABELS

SELECTION_KEY = "compare_events"
HEADLINE_ROWS = {
    "start_date": ("Date", format_date),
    "format": ("Format", lambda value: value or "–"),
    "registrations": ("Registrations", format_count),
    "registration_countries": ("Countries (registrations)", format_count),
    "attendees": ("Attendees", format_count),
    "attendee_countries": ("Countries (attendees)", format_count),
    "attendance_rate": ("Attendance rate", format_pct),
    "responses": ("Responses", format_count),
    "response_rate": ("Response rate", format_pct),
}

st.title("Compare events")

titles = data_access.event_titles()
if len(titles) < 2:
    st.info(
        "Comparing needs at least two events: upload data for another event on the Upload "
        "data page, or run the demo with `surveydash demo`."
    )
    st.page_link("views/upload.py", label="Upload data", icon=":material/upload:")
    st.stop()

selected = state.selected_event()
chosen = st.multiselect(
    "Events to compare",
    list(titles),
    default=[selected] if selected in titles else None,
    format_func=lambda option: titles[option],
    key=SELECTION_KEY,
    placeholder="Pick two or more events",
)
if len(chosen) < 2:
    st.info("Pick two or more events to compare them.")
    st.stop()

rows = data_access.comparison_rows(chosen)
short_titles = {row["event_id"]: row["title"] for row in rows}

st.subheader("Headline figures")
headline = pd.DataFrame(
    {
        short_titles[row["event_id"]]: [
            formatter(row[field]) for field, (_, formatter) in HEADLINE_ROWS.items()
        ]
        for row in rows
    },
    index=[label for label, _ in HEADLINE_ROWS.values()],
)
show_table(headline, "compare_headline", hide_index=False)

st.subheader("Indicators")
st.caption(
    "Each event's answers to the standard questions, however its survey worded them, as a "
    "score from 0 (everyone gave the scale's lowest point) to 100 (everyone gave its highest), "
    "so that surveys rated 1-5 and 1-10 compare. The bars' whiskers are 95% intervals: two "
    "events whose intervals overlap widely may not differ at all. n is the number of "
    "respondents who answered."
)
st.plotly_chart(
    charts.indicator_comparison(rows, comparison.COMPARED_RATINGS, short_titles),
    key="chart_compare_ratings",
    width="stretch",
)
if any(row.get("difficulties_n") for row in rows):
    st.plotly_chart(
        charts.difficulties_comparison(rows, short_titles),
        key="chart_compare_difficulties",
        width="stretch",
    )

indicator_rows = []
for row in rows:
    for indicator in comparison.COMPARED_INDICATORS:
        n = row.get(f"{indicator}_n") or 0
        is_rating = indicator != "difficulties"
        indicator_rows.append(
            {
                "Event": short_titles[row["event_id"]],
                "Indicator": INDICATOR_LABELS[indicator],
                "n": n,
                "Scale": format_scale(row.get(f"{indicator}_scale")) if is_rating else "yes/no",
                "Mean": format_mean(row.get(f"{indicator}_mean")) if is_rating else "–",
                "Score (0-100)": format_with_interval(
                    row.get(f"{indicator}_score"), row.get(f"{indicator}_score_ci")
                )
                if is_rating and row.get(f"{indicator}_score") is not None
                else "–",
                "Favourable / said yes": format_with_interval(
                    row.get(f"{indicator}_favourable_pct" if is_rating else "difficulties_yes_pct"),
                    row.get(f"{indicator}_favourable_ci" if is_rating else "difficulties_yes_ci"),
                    suffix="%",
                )
                or "–",
            }
        )
indicator_table = pd.DataFrame(indicator_rows)
with st.expander("The figures behind the charts"):
    show_table(
        indicator_table,
        "compare_indicator_table",
    )

st.subheader("Differences worth noticing")
st.caption(
    f"A difference is called out when two events' shares are at least "
    f"{comparison.MIN_NOTABLE_POINTS:.0f} points apart, both have at least "
    f"{comparison.MIN_ANSWERS_TO_COMPARE} answers, and the gap is too large, for those sample "
    "sizes, to be chance at the 95% level (Fisher's exact test when either event has fewer "
    "than 30 answers, a two-proportion z-test otherwise). Ratings are compared on the share "
    "of favourable answers (above the scale's midpoint)."
)
differences = data_access.notable_differences(chosen)
with st.container(key="notable_differences"):
    if differences:
        for difference in differences:
            st.markdown("- " + markdown_escape(difference.sentence(short_titles)))
    else:
        st.text(
            "None: at these sample sizes, the events' shares are too close to tell apart "
            "from chance."
        )

download_csv(
    pd.DataFrame(rows), "Download the comparison (CSV)", "comparison.csv", "download_comparison"
)
