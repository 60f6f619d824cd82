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
from surveydash.analytics import GroupBreakdown, GroupRating, WithheldGroup
from surveydash.anonymity import decide, worked_out_reason
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


# -- the ratings of one region's respondents, as the Event report's ratings by region show them --


def ratings_by_region(groups: dict[str, dict[int, int]], threshold: int = 5) -> list:
    """One overall-rating question (q01, 1-5) broken down by region, the shown regions decided
    by the rule the Event report applies (surveydash.anonymity)."""
    value_of, members, person = {}, {}, 0
    for region, counts in groups.items():
        for value, count in counts.items():
            for _ in range(count):
                value_of[person] = value
                members.setdefault(region, set()).add(person)
                person += 1
    decision = decide(value_of, {"region": members}, threshold)
    shown = []
    for group in decision.shown:
        values = [value_of[member] for member in group.members]
        distribution = {value: values.count(value) for value in sorted(set(values))}
        top2 = 100.0 * sum(value >= 4 for value in values) / len(values)
        mean = round(sum(values) / len(values), 2)
        shown.append(GroupRating(group.name, len(values), mean, round(top2, 1), distribution))
    withheld = [WithheldGroup(group.name, group.reason) for group in decision.withheld]
    return [GroupBreakdown("q01", "Overall", "overall_rating", shown, withheld, threshold)]


ROW = {
    "event_id": "forum-2022",
    "overall_rating_question_id": "q01",
    "overall_rating_scale": [1, 5],
}


def test_region_ratings_show_only_the_regions_the_event_report_shows():
    breakdowns = ratings_by_region(
        {
            "Africa": {5: 3, 4: 2, 2: 1},  # 6: shown
            "Asia": {5: 2, 1: 2},  # 4: too few, and alone in "Other": withheld
            "Europe": {3: 1, 4: 4},  # 5: withheld too, or Asia would follow from the total
        }
    )
    africa, asia, europe = region_ratings(breakdowns, ROW, ("Africa", "Asia", "Europe"))
    answers = pd.Series([5, 5, 5, 4, 4, 2], dtype=float)
    assert (africa.region, africa.n, africa.withheld) == ("Africa", 6, None)
    assert africa.mean == round(answers.mean(), 2)
    assert africa.score == statistics.score(answers.mean(), 1, 5)
    assert africa.score_ci == statistics.score_interval(answers.mean(), answers.std(), 6, 1, 5)
    # Favourable: above the midpoint of 1-5 (4 and 5): 5 of 6.
    assert (africa.favourable_pct, africa.favourable_ci) == (
        83.3,
        statistics.share_interval(5, 6),
    )
    assert asia.withheld == "withheld: fewer than 5 respondents"
    assert europe.withheld == f"withheld: {worked_out_reason(5)}"
    assert (asia.n, asia.score, europe.n, europe.score) == (None, None, None, None)


def test_a_region_with_no_respondent_or_counted_in_other_is_withheld():
    breakdowns = ratings_by_region({"Africa": {5: 6}, "Asia": {4: 3}, "Europe": {4: 2}})
    (oceania, asia) = region_ratings(breakdowns, ROW, ("Oceania", "Asia"))
    reason = "withheld: fewer than 5 respondents (none, or counted in “Other” on the Event report)"
    assert oceania.withheld == reason and asia.withheld == reason


def test_compare_json_gives_each_regions_ratings_where_the_report_shows_them(demo_db_path, capsys):
    rows = compare_json(
        capsys, demo_db_path, KRILA, EGOV, "--region", "Europe", "--region", "Oceania"
    )
    overall = {
        (row["event_id"], rating["region"]): rating
        for row in rows
        for rating in row["region_ratings"]
        if rating["indicator"] == "overall_rating"
    }
    # KRILA's 5 respondents from Oceania all rated it 5 (Excellent).
    krila = overall[(KRILA, "Oceania")]
    assert (krila["n"], krila["mean"], krila["score"], krila["withheld"]) == (5, 5.0, 100.0, None)
    assert krila["favourable_ci"] == list(statistics.share_interval(5, 5))
    assert overall[(EGOV, "Oceania")]["n"] == 30
    # Europe: nobody at KRILA; 3 at the Digital Government Forum.
    assert overall[(KRILA, "Europe")]["withheld"].startswith("withheld: fewer than 5")
    assert overall[(EGOV, "Europe")] == {
        "indicator": "overall_rating",
        "region": "Europe",
        "n": None,
        "mean": None,
        "score": None,
        "score_ci": None,
        "favourable_pct": None,
        "favourable_ci": None,
        "withheld": "withheld: fewer than 5 respondents",
    }


def test_compare_page_shows_a_regions_ratings_only_where_the_report_does(demo_db_path, monkeypatch):
    app = go_to(open_app(demo_db_path, monkeypatch, event=KRILA), COMPARE)
    app.multiselect(key="compare_region").select("Europe").select("Oceania").run()
    app.multiselect(key="compare_events").select(EGOV).run()
    assert not app.exception
    ratings = table(app, "compare_region_ratings")
    overall = ratings[ratings["Indicator"] == "Overall rating"]
    assert list(overall["Region"]) == ["Europe", "Oceania", "Europe", "Oceania"]
    scores = list(overall["Score (0-100)"])
    assert scores[0] == "withheld: fewer than 5 respondents"  # the Digital Government Forum
    assert scores[1] == "73.3 (95% interval 62.7-84.0)"
    assert scores[3] == "100.0 (95% interval 100.0-100.0)"  # KRILA: five answers of 5
    assert "Ratings of the respondents from Europe or Oceania" in [
        header.value for header in app.subheader
    ]
