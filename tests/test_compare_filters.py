"""What managers narrow the events by, in `surveydash compare` and on the Overview and Compare
pages: series, year, format and the M49 region the participants came from; and a survey that
asks one indicator twice is named, not silently read from its first question.

Figures are the demo's (data/demo/): people from Europe attended four events: the 2021 Digital
Government Forum (12 of 421 attendees, 3 of 118 respondents), KRILA 2022 (1 of 343, no
respondent), the 2023 LLDC workshop (1 of 52) and the 2023 Local Governance Forum (15 of 236).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from surveydash import cli, statistics
from surveydash.comparison import EventFilters, UnknownFilterValue, region_ratings
from tests.test_pages import (  # noqa: F401 - fresh_streamlit_caches is an autouse fixture
    COMPARE,
    KRILA,
    OVERVIEW,
    chart_specs,
    fresh_streamlit_caches,
    go_to,
    open_app,
    page_text,
    table,
)

EGOV = "egov-forum-2021"
EUROPE_ATTENDEES = {
    EGOV: 12,
    KRILA: 1,
    "lldc-workshop-2023": 1,
    "local-gov-forum-2023": 15,
}


def compare(capsys, demo_db_path, *argv) -> tuple[int, str, str]:
    code = cli.main(["compare", *argv, "--db", str(demo_db_path)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def compare_json(capsys, demo_db_path, *argv) -> list[dict]:
    code, out, err = compare(capsys, demo_db_path, *argv, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


# -- the command line ---------------------------------------------------------------------------


def test_compare_region_gives_the_events_with_participants_from_it_oldest_first(
    demo_db_path, capsys
):
    rows = compare_json(capsys, demo_db_path, "--region", "Europe")
    assert [row["event_id"] for row in rows] == list(EUROPE_ATTENDEES)
    assert {row["event_id"]: row["region_attendees"] for row in rows} == EUROPE_ATTENDEES
    egov = rows[0]
    assert (egov["region_registrants"], egov["region_respondents"]) == (29, 3)
    # The event's own figures are all its people's, not only Europe's.
    assert (egov["attendees"], egov["responses"]) == (421, 118)


def test_compare_filters_combine_and_narrow_the_named_events(demo_db_path, capsys):
    rows = compare_json(capsys, demo_db_path, "--year", "2021", "--format", "hybrid")
    assert [row["event_id"] for row in rows] == [EGOV]
    rows = compare_json(
        capsys, demo_db_path, KRILA, EGOV, "kenya-partnership-2019", "--region", "Europe"
    )
    # Named events keep the order they were named in; Kenya had no one from Europe.
    assert [row["event_id"] for row in rows] == [KRILA, EGOV]
    rows = compare_json(capsys, demo_db_path, "--series", "UN DESA-KRILA Forum")
    assert [row["event_id"] for row in rows] == [KRILA]
    assert "region_attendees" not in rows[0]


def test_compare_refuses_an_unknown_region_and_a_filter_that_matches_nothing(demo_db_path, capsys):
    assert compare(capsys, demo_db_path, "--region", "Afrika") == (
        1,
        "",
        "error: unknown region 'Afrika': the M49 regions are Africa, Americas, Asia, Europe, "
        "Oceania\n",
    )
    assert compare(capsys, demo_db_path, "--year", "2019", "--region", "Oceania") == (
        1,
        "",
        "error: no event matches the filters (year 2019; participants from Oceania)\n",
    )
    code, _, err = compare(capsys, demo_db_path)
    assert (code, err) == (1, "error: name the events to compare, or filter them (--series, "
                               "--year, ...)\n")  # fmt: skip


def test_compare_names_the_question_read_when_a_survey_asks_an_indicator_twice(
    demo_db_path, capsys
):
    egov, krila = compare_json(capsys, demo_db_path, EGOV, KRILA)
    assert (egov["quality_question_id"], egov["overall_rating_question_id"]) == ("q03", "q01")
    assert egov["warnings"] == [
        'egov-forum-2021: Quality of presentations and discussion is read from q03 ("Quality '
        'of the speakers (1 = Poor, 5 = Excellent)"); q04 ("Quality of the online platform and '
        'interpretation (1 = Poor, 5 = Excellent)") also matches it and is left out '
        "(`surveydash map question` chooses another)."
    ]
    assert krila["warnings"] == []
    # In words, the warning goes to stderr beside the figures.
    code, out, err = compare(capsys, demo_db_path, EGOV, KRILA)
    assert code == 0 and out.count("\n") == 2
    assert err == f"warning: {egov['warnings'][0]}\n"


def test_event_filters_refuse_a_format_that_is_none_of_the_three():
    with pytest.raises(UnknownFilterValue, match="unknown format 'online'"):
        EventFilters(formats=("online",))


# -- the pages ---------------------------------------------------------------------------------


def test_compare_page_region_filter_offers_those_events_and_counts_their_people(
    demo_db_path, monkeypatch
):
    app = go_to(open_app(demo_db_path, monkeypatch, event=KRILA), COMPARE)
    app.multiselect(key="compare_region").select("Europe").run()
    assert not app.exception
    picker = app.multiselect(key="compare_events")
    assert picker.label == "Events to compare (4 of 7 match the filters)"
    picker.select(EGOV).run()
    headline = table(app, "compare_headline")
    assert list(headline.loc["Attendees from Europe"]) == ["12 (2.9%)", "1 (0.3%)"]
    assert list(headline.loc["Respondents from Europe"]) == ["3 (2.5%)", "0 (0.0%)"]
    assert "The events were chosen because people from Europe took part." in page_text(app)


def test_a_shared_link_opens_compare_with_its_region_filter_set(demo_db_path, monkeypatch):
    app = open_app(demo_db_path, monkeypatch)
    app.switch_page(COMPARE)
    app.query_params["compare_region"] = ["Oceania"]
    app.run()
    assert not app.exception
    assert app.multiselect(key="compare_region").value == ["Oceania"]
    assert app.multiselect(key="compare_events").label == (
        "Events to compare (5 of 7 match the filters)"
    )


def test_compare_page_warns_which_question_an_indicator_is_read_from(demo_db_path, monkeypatch):
    app = go_to(open_app(demo_db_path, monkeypatch, event=KRILA), COMPARE)
    app.multiselect(key="compare_events").select(EGOV).run()
    assert not app.exception
    (warning,) = [element.value for element in app.warning]
    assert warning.startswith(
        "2021 Forum on Digital Government for Sustainable Development\\: Quality of "
        "presentations and discussion is read from q03"
    )
    assert "q04" in warning and "left out" in warning


def test_overview_region_filter_lists_the_events_with_people_from_it(demo_db_path, monkeypatch):
    app = go_to(open_app(demo_db_path, monkeypatch), OVERVIEW)
    app.multiselect(key="overview_region").select("Europe").run()
    assert not app.exception
    events = app.dataframe(key="events_table").value
    assert len(events) == 4
    people = table(app, "region_table")
    by_title = dict(zip(people["Event"], people["Attendees from Europe"], strict=True))
    assert by_title["2021 Forum on Digital Government for Sustainable Development"] == 12
    assert by_title["2023 Global Forum on Local Governance and the SDGs"] == 15
    assert list(people["Event"]) == list(events["Event"])
    assert "4 of 7 events had participants from Europe" in page_text(app)
    # The chart over time shows the same four events.
    attendees_bars = chart_specs(app)["chart_over_time"]["data"][0]
    assert sorted(title for title, _ in attendees_bars["customdata"]) == sorted(events["Event"])
    app.multiselect(key="overview_year").select(2023).run()
    assert len(app.dataframe(key="events_table").value) == 2


# -- the ratings of one region's respondents, where the anonymity threshold allows -------------


def region_rows(answers_by_region: dict[str, list[int]]) -> pd.DataFrame:
    """`indicator_figures_by_region` rows of an overall rating on 1-5, from raw answers."""
    rows = []
    for region, answers in answers_by_region.items():
        series = pd.Series(answers, dtype=float)
        rows.append(
            {
                "indicator": "overall_rating",
                "region": region,
                "answers": len(answers),
                "mean": series.mean(),
                "sd": series.std() if len(answers) > 1 else None,
                "favourable": int((series > 3).sum()),
                "scale_min": 1.0,
                "scale_max": 5.0,
            }
        )
    return pd.DataFrame(rows)


def test_region_ratings_show_a_region_only_when_it_and_the_others_reach_the_threshold():
    answers = {"Africa": [5, 4, 4, 3, 5, 2], "Asia": [5, 5, 4, 1], "Europe": [3, 4, 4, 4, 5]}
    rows = region_rows(answers)
    # Africa (6) with Asia and Europe (9) beside it: shown.
    africa = region_ratings(rows, ("Africa",), threshold=5)["overall_rating"]
    assert (africa.n, africa.withheld, africa.mean) == (6, None, 3.83)
    # Asia: 4 of them, fewer than 5.
    asia = region_ratings(rows, ("Asia",), threshold=5)["overall_rating"]
    assert (asia.n, asia.withheld) == (4, "withheld: fewer than 5 respondents")
    # Africa and Europe (11) would leave Asia's 4 to be worked out from the event's figure.
    both = region_ratings(rows, ("Africa", "Europe"), threshold=5)["overall_rating"]
    assert both.withheld == "withheld: the event's other respondents are fewer than 5"
    assert region_ratings(rows, ("Oceania",), threshold=5)["overall_rating"].withheld == (
        "no respondent from Oceania"
    )


def test_region_ratings_of_two_regions_pool_their_answers_exactly():
    answers = {"Africa": [5, 4, 4, 3, 5, 2], "Asia": [5, 5, 4, 1, 3], "Europe": [3, 4, 4, 4, 5]}
    together = region_ratings(region_rows(answers), ("Africa", "Asia"), threshold=5)
    rating = together["overall_rating"]
    pooled = pd.Series(answers["Africa"] + answers["Asia"], dtype=float)
    assert rating.n == 11
    assert rating.mean == round(pooled.mean(), 2)
    assert rating.score == statistics.score(pooled.mean(), 1, 5)
    assert rating.score_ci == statistics.score_interval(pooled.mean(), pooled.std(), 11, 1, 5)
    assert rating.favourable_pct == round(100 * 7 / 11, 1)
    assert rating.favourable_ci == statistics.share_interval(7, 11)


def test_compare_json_gives_a_regions_ratings_where_the_threshold_allows(demo_db_path, capsys):
    rows = compare_json(capsys, demo_db_path, KRILA, EGOV, "--region", "Oceania")
    krila = {row["event_id"]: row for row in rows}[KRILA]["region_ratings"]["overall_rating"]
    # KRILA's 5 respondents from Oceania all gave a favourable overall rating (27 others).
    assert (krila["n"], krila["withheld"], krila["favourable_pct"]) == (5, None, 100.0)
    assert krila["favourable_ci"] == list(statistics.share_interval(5, 5))
    rows = compare_json(capsys, demo_db_path, KRILA, EGOV, "--region", "Europe")
    by_event = {row["event_id"]: row["region_ratings"]["overall_rating"] for row in rows}
    assert by_event[KRILA]["withheld"] == "no respondent from Europe"
    assert (by_event[EGOV]["n"], by_event[EGOV]["withheld"], by_event[EGOV]["score"]) == (
        3,
        "withheld: fewer than 5 respondents",
        None,
    )


def test_compare_page_shows_a_regions_ratings_only_where_the_threshold_allows(
    demo_db_path, monkeypatch
):
    app = go_to(open_app(demo_db_path, monkeypatch, event=KRILA), COMPARE)
    app.multiselect(key="compare_region").select("Europe").run()
    app.multiselect(key="compare_events").select(EGOV).run()
    assert not app.exception
    ratings = table(app, "compare_region_ratings")
    overall = ratings[ratings["Indicator"] == "Overall rating"]
    assert list(overall["Score (0-100)"]) == [
        "withheld: fewer than 5 respondents",
        "no respondent from Europe",
    ]
    assert list(overall["n"]) == [3, 0]
    assert "Ratings of the respondents from Europe" in [h.value for h in app.subheader]
