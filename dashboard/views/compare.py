"""Compare events: headline figures side by side, each canonical indicator with its sample
size, and the differences large enough to be worth a look."""

import pandas as pd
import streamlit as st

from dashboard import charts, data_access, state
from dashboard.filters import event_filters
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
URL_PARAMETER = "compare"
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


def _people_from_regions(from_regions: pd.DataFrame, row: dict, stage: str, total: str) -> str:
    """'117 (34.1%)': the event's people of the stage from the chosen regions, and their share
    of all its people of the stage."""
    counts = dict(zip(from_regions["event_id"], from_regions[stage], strict=True))
    count = int(counts.get(row["event_id"], 0))
    if not row[total]:
        return format_count(count)
    return f"{format_count(count)} ({format_pct(100.0 * count / row[total])})"


st.title("Compare events")

titles = data_access.event_titles()
if len(titles) < 2:
    st.info(
        "Comparing needs at least two events: upload data for another event on the Upload "
        "data page, or run the demo with `surveydash demo`."
    )
    st.page_link("views/upload.py", label="Upload data", icon=":material/upload:")
    st.stop()

# Managers narrow the list of events by series, year, format and the regions their
# participants came from; the events already chosen stay choosable whatever the filters say,
# so that filtering never drops a choice silently.
events = data_access.event_table()
filters = event_filters(events, "compare")
matching = data_access.matching_events(filters)
# Every chosen event is in the URL by its id (?compare=a&compare=b), so that a comparison can
# be shared, and a link survives a title's correction. Not Streamlit's widget binding: that
# writes the options' display titles into the URL.
from_url = [event_id for event_id in st.query_params.get_all(URL_PARAMETER) if event_id in titles]
already_chosen = [
    event_id
    for event_id in [*(st.session_state.get(SELECTION_KEY) or []), *from_url]
    if event_id in titles
]
options = list(dict.fromkeys([*already_chosen, *matching["event_id"]]))

selected = state.selected_event()
default = from_url or ([selected] if selected in options else None)
chosen = st.multiselect(
    f"Events to compare ({len(matching)} of {len(events)} match the filters)",
    options,
    default=default,
    format_func=lambda option: titles[option],
    key=SELECTION_KEY,
    placeholder="Pick two or more events",
)
if chosen != from_url:
    st.query_params[URL_PARAMETER] = chosen
if len(chosen) < 2:
    st.info("Pick two or more events to compare them.")
    st.stop()

# Oldest first, whatever order they were picked in: a comparison reads as a time line.
rows = sorted(
    data_access.comparison_rows(chosen), key=lambda row: (row["start_date"], row["event_id"])
)
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
if filters.regions:
    # Counts of people, not answers: shown in full, as the report's breakdowns by region are.
    regions = " or ".join(filters.regions)
    from_regions = data_access.people_from_regions(filters.regions)
    for stage, total in (("attendees", "attendees"), ("respondents", "responses")):
        label = f"{stage.capitalize()} from {regions}"
        headline.loc[label] = [
            _people_from_regions(from_regions, row, stage, total) for row in rows
        ]
show_table(headline, "compare_headline", hide_index=False)
if filters.regions:
    st.caption(
        f"The events were chosen because people from {regions} took part. The figures are of "
        "all each event's participants and respondents; the Event report gives the ratings by "
        "region where the anonymity threshold allows."
    )

st.subheader("Indicators")
# A survey that asks one indicator twice ("quality of the speakers", "quality of the
# platform") is read from its first such question: say so, rather than drop the other quietly.
for warning in data_access.indicator_sources(chosen).warnings(short_titles):
    st.warning(markdown_escape(warning), icon=":material/rule:")
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

series = {row["series"] for row in rows}
if len(series) == 1 and None not in series:
    st.subheader(f"Trend: {next(iter(series))}")
    st.caption(
        "The chosen events are of one series: the indicator you pick at each event, by date, "
        "with its 95% interval. A rating is drawn as its mean on the scale's own values when "
        "every event used one scale, and as a 0-100 score when their scales differ."
    )
    trend_indicator = st.selectbox(
        "Indicator",
        comparison.COMPARED_INDICATORS,
        format_func=lambda indicator: INDICATOR_LABELS[indicator],
        key="compare_trend_indicator",
        bind="query-params",
    )
    st.plotly_chart(
        charts.indicator_trend(rows, trend_indicator, short_titles),
        key="chart_compare_trend",
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

if filters.regions:
    st.subheader(f"Ratings of the respondents from {regions}")
    st.caption(
        f"Each event's indicators as its respondents from {regions} answered them, as scores "
        "with their 95% intervals: the figures of the Event report's ratings by region, with "
        "the anonymity threshold applied as there, so a region the report withholds or counts "
        "in “Other” is withheld here too."
    )
    region_rows = [
        {
            "Event": short_titles[row["event_id"]],
            "Region": rating.region,
            "Indicator": INDICATOR_LABELS[rating.indicator],
            "n": rating.n,
            "Score (0-100)": rating.withheld or format_with_interval(rating.score, rating.score_ci),
            "Favourable": ""
            if rating.withheld
            else format_with_interval(rating.favourable_pct, rating.favourable_ci, suffix="%"),
        }
        for row in rows
        for rating in data_access.region_ratings(row, filters.regions)
    ]
    if region_rows:
        show_table(pd.DataFrame(region_rows), "compare_region_ratings")
    else:
        st.text("None of these events asked a rating indicator.")

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
