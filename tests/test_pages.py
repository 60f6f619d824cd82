"""Every dashboard page under Streamlit's AppTest, on the demo database: it renders, it shows
the figures the engine computes, and its widgets work.

Each test runs the real app (dashboard/app.py, its router and shared state) with
$SURVEYDASH_DB pointing at the session's demo database; tests that write (an upload, a
mapping fix) work on a copy of it. Streamlit's caches are cleared around every test, so no
test sees another's database or results.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import tomllib
from pathlib import Path

import openpyxl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import data_access
from surveydash import analytics, comparison, settings
from surveydash.db import Database

APP = settings.REPO_DIR / "dashboard" / "app.py"
CONFIG = settings.REPO_DIR / "dashboard" / ".streamlit" / "config.toml"
# The first run of a page imports plotly and pandas: generous, so that a slow CI machine
# does not fail a test that would pass.
RUN_TIMEOUT_SECONDS = 60

OVERVIEW, REPORT, COMPARE = "views/overview.py", "views/event_report.py", "views/compare.py"
UPLOAD, DATA_QUALITY = "views/upload.py", "views/data_quality.py"
CERTIFICATES = "views/certificates.py"
ALL_PAGES = (OVERVIEW, REPORT, COMPARE, UPLOAD, DATA_QUALITY, CERTIFICATES)
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")

KRILA = "krila-2022"
KRILA_SURVEY_HEADER = (
    "submitted_at,email,sector,country,gender,How would you rate the Forum overall?,"
    "How would you rate the relevance of the theme and the clarity of the objectives?,"
    "How would you rate the quality of the presentations and discussion?,"
    "How likely are you to apply what you learned at the Forum?,"
    "Did you experience any technical or logistical difficulties?,"
    "What did you find most useful?,What could be improved?"
)
# Two late survey responses for krila-2022: a formula and HTML typed into answers, a country
# and a sector the importer does not know.
LATE_RESPONSES = (
    KRILA_SURVEY_HEADER
    + "\n2022-09-07 09:00:00,late.one@example.org,University,Kenia,Female,Excellent,Excellent,"
    'Very good,Very likely,No,"=HYPERLINK(""http://example.org"")",More time for questions\n'
    "2022-09-07 10:00:00,late.two@example.org,Self-employed,Atlantis,Male,Good,Very good,Good,"
    "Likely,Yes,The case studies,<b>Shorter</b> sessions\n"
).encode()


# -- fixtures and helpers ----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fresh_streamlit_caches():
    """No test sees the database connection or the results cached by another."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def open_app(database: Path, monkeypatch, event: str | None = None) -> AppTest:
    monkeypatch.setenv(settings.DB_ENV_VAR, str(database))
    app = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_SECONDS)
    if event:
        app.query_params["event"] = event
    return app.run()


def go_to(app: AppTest, page: str) -> AppTest:
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def open_section(app: AppTest, label: str) -> AppTest:
    """Open one of the Event report's tabs, as a click on it does (only the open tab runs)."""
    app.session_state["section"] = label
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


@pytest.fixture
def demo_app(demo_db_path, monkeypatch) -> AppTest:
    """The app on the session's demo database (read only: tests that write use a copy)."""
    return open_app(demo_db_path, monkeypatch)


@pytest.fixture
def writable_demo(demo_db_path, tmp_path) -> Path:
    """A copy of the demo database that this test may change."""
    copy = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db_path, copy)
    return copy


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def table(app: AppTest, key: str):
    """The table shown in the container keyed `key`, as a DataFrame."""
    return app.get_by_key(key).dataframe[0].value


def chart_specs(app: AppTest) -> dict[str, dict]:
    """Each Plotly chart's figure JSON, by the chart's key."""
    return {chart.key: json.loads(chart.proto.spec) for chart in app.get("plotly_chart")}


def chart_title(spec: dict) -> str:
    return spec["layout"]["title"]["text"]


def page_text(app: AppTest) -> str:
    """Everything a page put on screen, as one string: elements, tables and chart data."""
    parts = []

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if children is not None:
            for child in children.values():
                walk(child)
            return
        if node.type in ("dataframe", "arrow_data_frame"):
            parts.append(node.value.to_csv())  # its proto holds the table as binary Arrow
        else:
            parts.append(str(getattr(node, "proto", "")))

    walk(app.main)
    walk(app.sidebar)
    return "\n".join(parts)


def demo_summary(demo_db_path) -> dict:
    with Database(demo_db_path) as database:
        return analytics.event_summary(database, KRILA)


# -- every page --------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_page_renders_on_the_demo_database(demo_app, page):
    go_to(demo_app, page)
    assert demo_app.title[0].value


@pytest.mark.parametrize("page", ALL_PAGES)
def test_no_page_shows_an_email_address(demo_db_path, monkeypatch, page):
    app = open_app(demo_db_path, monkeypatch, event=KRILA)
    go_to(app, page)
    text = page_text(app)
    assert "@example.org" not in text
    assert not EMAIL_ADDRESS.search(text), "no address of any domain either"


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_page_says_what_to_do_on_an_empty_database(tmp_path, monkeypatch, page):
    empty = tmp_path / "empty.duckdb"
    Database(empty).close()
    app = open_app(empty, monkeypatch)
    go_to(app, page)
    messages = " ".join(element.value for element in [*app.info, *app.success])
    assert messages, "an empty page explains itself"
    if page in (OVERVIEW, REPORT, COMPARE):
        assert "upload" in messages.lower() and "demo" in messages.lower()


def test_unchanged_page_runs_no_query_again_but_a_write_shows_at_once(writable_demo, monkeypatch):
    calls: list[str] = []
    real_run_query = analytics.run_query

    def counting_run_query(cursor, name, **parameters):
        calls.append(name)
        return real_run_query(cursor, name, **parameters)

    monkeypatch.setattr(analytics, "run_query", counting_run_query)
    app = open_app(writable_demo, monkeypatch, event="lldc-workshop-2023")
    go_to(app, DATA_QUALITY)
    assert calls, "the first run reads the database"
    calls.clear()
    app.run()
    assert calls == [], "a rerun of an unchanged page is served from the cache"

    data_access.map_sector("Self-employed", "Private Sector or Philanthropic Organizations")
    data_access.map_sector("Media", "Private Sector or Philanthropic Organizations")
    app.run()
    assert "unmapped_sectors" in calls
    assert "Every sector value in the data was mapped" in [s.value for s in app.success][-1]


def test_no_page_can_render_html():
    """Participant text is untrusted: no page may turn text into HTML."""
    for path in (settings.REPO_DIR / "dashboard").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "unsafe_allow_html" not in source, path
        assert "st.html(" not in source, path


def test_streamlit_config_gives_a_reason_for_every_option_and_the_upload_limit():
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == settings.MAX_UPLOAD_MB
    lines = CONFIG.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if "=" in line and not line.startswith("#"):
            assert lines[number - 1].startswith("#"), f"no reason given for: {line}"


# -- overview ----------------------------------------------------------------------------------


def test_overview_shows_the_portfolio_totals_the_engine_computes(demo_app, demo_db_path):
    with Database(demo_db_path) as database:
        totals = analytics.records(analytics.query(database, "portfolio_totals"))[0]
    shown = metrics(demo_app)
    assert shown["Events"] == "7"
    assert shown["Registrations"] == f"{totals['registrations']:,}" == "2,536"
    assert shown["Countries reached"] == str(totals["countries_reached"])
    assert shown["From LDCs"] == f"{totals['ldc_pct']:.1f}%"
    assert shown["From LLDCs"] == f"{totals['lldc_pct']:.1f}%"
    assert shown["From SIDS"] == f"{totals['sids_pct']:.1f}%"


def test_overview_lists_every_event_with_its_figures(demo_app):
    table = demo_app.dataframe(key="events_table").value
    assert len(table) == 7
    assert list(table.columns) == [
        "Date",
        "Event",
        "Registered",
        "Attended",
        "Attended %",
        "Responses",
        "Response rate",
        "Rating (0-100)",
    ]
    krila = table[table["Event"] == "2022 UN DESA-KRILA Forum"].iloc[0]
    assert (krila["Registered"], krila["Attended"], krila["Responses"]) == (693, 343, 32)
    assert (krila["Attended %"], krila["Response rate"]) == (49.5, 9.3)
    # Mean 4.3125 on 1-5: (4.3125 - 1) / 4 x 100.
    assert krila["Rating (0-100)"] == 82.8


def test_overview_charts_attendees_and_ratings_over_time(demo_app):
    spec = chart_specs(demo_app)["chart_over_time"]
    assert chart_title(spec) == "Attendees and overall rating of each event, over time"
    assert spec["layout"]["xaxis"]["title"]["text"] == "Event date"
    assert spec["layout"]["yaxis"]["title"]["text"] == "Attendees"
    # Scores, not means: a 1-10 survey's mean would not fit a 1-5 axis.
    assert spec["layout"]["yaxis2"]["title"]["text"] == "Overall rating score (0-100)"
    assert spec["layout"]["yaxis2"]["range"] == [0, 105]
    bars, ratings = spec["data"]
    assert "Attendees: %{customdata[1]}" in bars["hovertemplate"]
    assert ["2022 UN DESA-KRILA Forum", "343"] in bars["customdata"]
    assert "n = %{customdata[2]}" in ratings["hovertemplate"]
    krila = ratings["customdata"].index(
        next(row for row in ratings["customdata"] if row[0] == "2022 UN DESA-KRILA Forum")
    )
    assert ratings["y"][krila] == 82.8
    # The 95% interval as error bars: 74.1 to 91.5.
    assert round(ratings["error_y"]["arrayminus"][krila], 1) == 8.7
    assert round(ratings["error_y"]["array"][krila], 1) == 8.7


def test_clicking_an_event_in_the_overview_opens_its_report(demo_app):
    table = demo_app.dataframe(key="events_table").value
    krila_row = int(table.index[table["Event"] == "2022 UN DESA-KRILA Forum"][0])
    demo_app.session_state["events_table"] = {
        "selection": {"rows": [krila_row], "columns": [], "cells": []}
    }
    demo_app.run()
    assert demo_app.title[0].value == "Event report"
    assert demo_app.query_params["event"] == KRILA
    assert metrics(demo_app)["Registrations"] == "693"


# -- event report ------------------------------------------------------------------------------


@pytest.fixture
def krila_report(demo_db_path, monkeypatch) -> AppTest:
    app = open_app(demo_db_path, monkeypatch, event=KRILA)
    return go_to(app, REPORT)


def test_event_report_shows_the_krila_headline_figures(krila_report, demo_db_path):
    summary = demo_summary(demo_db_path)
    shown = metrics(krila_report)
    assert shown["Registrations"] == str(summary["registrations"]) == "693"
    assert shown["Countries (registrations)"] == str(summary["registration_countries"]) == "91"
    assert shown["Attendees"] == str(summary["attendees"]) == "343"
    assert shown["Countries (attendees)"] == str(summary["attendee_countries"]) == "50"
    assert shown["Responses"] == str(summary["responses"]) == "32"
    assert shown["Attendance rate"] == "49.5%"
    assert shown["Response rate"] == "9.3%"
    assert krila_report.code[0].value == (
        "The Forum received 693 registrations from 91 countries and was attended by 343 "
        "participants from 50 countries. The participants survey received 32 responses."
    )


def test_event_report_gives_the_respondents_sentence_ready_to_copy(krila_report, demo_db_path):
    sentence = demo_summary(demo_db_path)["respondents_sentence"]
    assert sentence.startswith("The respondents were from Academic Institutions (37.5%), ")
    assert sentence not in [code.value for code in krila_report.code], "a closed tab runs not"
    open_section(krila_report, "Sectors")
    assert sentence in [code.value for code in krila_report.code]


def test_event_report_tables_by_sector_region_and_country_group(krila_report):
    regions = table(krila_report, "region_table")
    assert regions["Registrants"].sum() == 693
    groups = table(krila_report, "country_group_table")
    assert sorted(groups["Country group"]) == ["LDC", "LLDC", "SIDS"]
    open_section(krila_report, "Sectors")
    sectors = table(krila_report, "sector_table").set_index("Sector")
    assert sectors.loc["Academic Institutions", "Respondents"] == 12
    assert sectors.loc["Academic Institutions", "% of respondents"] == 37.5
    assert sectors["Registrants"].sum() == 693
    assert sectors["Attendees"].sum() == 343
    # Wherever sector is, gender too: the demo's KRILA figures (Female 302 / 151 / 18).
    gender = table(krila_report, "gender_table").set_index("Gender")
    assert (
        gender.loc["Female", "Registrants"],
        gender.loc["Female", "Attendees"],
        gender.loc["Female", "Respondents"],
    ) == (302, 151, 18)
    assert gender["Registrants"].sum() == 693 and gender["Respondents"].sum() == 32


def test_event_report_map_switches_between_registrants_and_attendees(krila_report):
    countries = table(krila_report, "country_table")
    assert countries["Registrants"].sum() == 693
    assert len(countries) == 91
    spec = chart_specs(krila_report)["chart_map"]
    assert chart_title(spec) == "Registrants by country"
    assert spec["data"][0]["locationmode"] == "ISO-3"
    # The borders ship with the dashboard: the map draws without internet access.
    map_chart = next(c for c in krila_report.get("plotly_chart") if c.key == "chart_map")
    assert json.loads(map_chart.proto.config)["topojsonURL"] == "/app/static/"
    borders = json.loads((APP.parent / "static" / "world_110m.json").read_text(encoding="utf-8"))
    assert borders["type"] == "Topology" and "countries" in borders["objects"]

    krila_report.button_group(key="map_stage").set_value("attendees").run()
    countries = table(krila_report, "country_table")
    assert countries["Attendees"].sum() == 343
    assert chart_title(chart_specs(krila_report)["chart_map"]) == "Attendees by country"


def test_event_report_charts_each_rating_question_in_survey_order(krila_report, demo_db_path):
    ratings = demo_summary(demo_db_path)["ratings"]
    specs = chart_specs(open_section(krila_report, "Ratings"))
    rating_keys = [key for key in specs if key.startswith("chart_rating_q")]
    assert rating_keys == [f"chart_rating_{q['question_id']}" for q in ratings]
    overall = specs["chart_rating_q01"]
    assert chart_title(overall).startswith("How would you rate the Forum overall?")
    assert (
        "n = 32 · mean 4.31 / 5 (3.96-4.66) · top-2-box 87.5% (71.9-95.0%) · 95% intervals"
        in chart_title(overall)
    )
    assert overall["data"][0]["y"][-1] == "5 – Excellent"
    assert overall["data"][0]["text"][-1] == "17 (53.1%)"
    assert overall["layout"]["xaxis"]["title"]["text"] == "Respondents"
    difficulties = specs["chart_yes_no_q05"]
    assert "technical or logistical difficulties" in chart_title(difficulties)


def test_rating_by_sector_withholds_small_groups_and_says_why(krila_report):
    shown = table(open_section(krila_report, "Ratings"), "rating_by_group_table")
    assert set(shown["Sector"]) == {"Academic Institutions", "National Government"}
    assert (shown["n"] >= 5).all()
    withheld = [text.value for text in krila_report.get_by_key("withheld_groups").text]
    assert "Civil Society Organizations: fewer than 5 respondents" in withheld
    assert (
        "Local or Regional Government: withheld so that fewer than 5 respondents cannot be "
        "worked out from the figures shown with it"
    ) in withheld

    krila_report.button_group(key="rating_group_by").set_value("country_group").run()
    assert "LDC / LLDC / SIDS" in table(krila_report, "rating_by_group_table")


def test_ratings_by_group_chart_runs_along_the_scale(krila_report):
    specs = chart_specs(open_section(krila_report, "Ratings"))
    assert specs["chart_rating_by_group"]["layout"]["xaxis"]["range"] == [1, 5]


def test_ratings_by_gender_keep_the_threshold(krila_report):
    open_section(krila_report, "Ratings")
    krila_report.button_group(key="rating_group_by").set_value("gender").run()
    shown = table(krila_report, "rating_by_group_table")
    assert "Gender" in shown
    assert len(shown) > 0 and (shown["n"] >= 5).all()
    genders = set(shown["Gender"])
    assert genders and genders <= {"Female", "Male", "Not stated", "Other (fewer than 5)"}


def test_open_answers_are_searchable_with_counts_and_safe_sectors(krila_report):
    questions = [expander.label for expander in open_section(krila_report, "Open answers").expander]
    assert any(
        label.startswith("What did you find most useful? — 20 answers")
        for label in (q.replace("\\", "") for q in questions)
    )
    small_sectors = {
        "Civil Society Organizations",
        "International Organizations",
        "Private Sector or Philanthropic Organizations",
        "Scientific Community",
    }
    assert not small_sectors & {caption.value for caption in krila_report.caption}

    krila_report.text_input(key="answer_search").set_value("case studies").run()
    answers = [text.value for text in krila_report.get_by_key("answers_q06").text]
    assert answers and all("case studies" in answer.casefold() for answer in answers)
    label = krila_report.get_by_key("answers_q06").label.replace("\\", "")
    assert f"{len(answers)} of 20 answers contain “case studies”" in label


def test_event_selector_changes_the_event_and_the_link(krila_report):
    krila_report.selectbox(key="event_selector").select("sids-webinar-2020").run()
    assert krila_report.query_params["event"] == "sids-webinar-2020"
    assert metrics(krila_report)["Registrations"] == "246"


def test_selected_event_survives_page_switches_that_clear_the_link(krila_report):
    krila_report.query_params.clear()  # what the browser does on a menu page switch
    go_to(krila_report, OVERVIEW)
    assert krila_report.query_params["event"] == KRILA
    krila_report.query_params.clear()
    go_to(krila_report, REPORT)
    assert krila_report.selectbox(key="event_selector").value == KRILA
    assert metrics(krila_report)["Registrations"] == "693"


def test_only_the_open_section_runs_and_the_link_can_open_any(demo_db_path, monkeypatch):
    app = open_app(demo_db_path, monkeypatch, event=KRILA)
    go_to(app, REPORT)
    assert set(chart_specs(app)) == {"chart_funnel", "chart_map"}
    app.query_params["section"] = "Ratings"  # a link to the report's Ratings tab
    go_to(app, REPORT)
    charts = set(chart_specs(app))
    assert "chart_map" not in charts and "chart_rating_q01" in charts
    assert metrics(app)["Registrations"] == "693", "the headline shows above every tab"


def test_choices_inside_tabs_survive_looking_at_another_tab(krila_report):
    krila_report.button_group(key="map_stage").set_value("attendees").run()
    open_section(krila_report, "Open answers")
    krila_report.text_input(key="answer_search").set_value("case studies").run()
    open_section(krila_report, "Ratings")
    krila_report.button_group(key="rating_group_by").set_value("region").run()
    open_section(krila_report, "Participation")
    assert krila_report.button_group(key="map_stage").value == "attendees"
    assert chart_title(chart_specs(krila_report)["chart_map"]) == "Attendees by country"
    open_section(krila_report, "Open answers")
    assert krila_report.text_input(key="answer_search").value == "case studies"
    open_section(krila_report, "Ratings")
    assert krila_report.button_group(key="rating_group_by").value == "region"
    assert not krila_report.warning, [w.value for w in krila_report.warning]


def test_a_link_to_an_unknown_event_says_so(demo_db_path, monkeypatch):
    app = go_to(open_app(demo_db_path, monkeypatch, event="no-such-event"), REPORT)
    assert "no-such-event" in app.warning[0].value.replace("\\", "")
    assert not app.metric


def test_event_report_offers_csv_downloads_of_its_tables(krila_report):
    keys = set()
    for section in ("Participation", "Sectors", "Ratings", "Open answers"):
        open_section(krila_report, section)
        keys |= {button.key for button in krila_report.get("download_button")}
    tables = {
        "download_countries",
        "download_regions",
        "download_country_groups",
        "download_sectors",
        "download_ratings",
        "download_rating_by_group",
        "download_answers_q06",
    }
    assert tables <= keys
    # Each table as XLSX too, beside its CSV.
    assert {f"{key}_xlsx" for key in tables} <= keys


def test_event_report_offers_the_outcome_report_as_docx_and_pdf(krila_report):
    buttons = {button.key: button for button in krila_report.get("download_button")}
    assert "download_report_docx" in buttons and "download_report_pdf" in buttons
    open_section(krila_report, "Ratings")
    buttons = {button.key for button in krila_report.get("download_button")}
    assert {"download_report_docx", "download_report_pdf"} <= buttons, "above every tab"


def test_the_organizer_chooses_the_answers_the_report_quotes(writable_demo, monkeypatch):
    app = open_section(
        go_to(open_app(writable_demo, monkeypatch, event=KRILA), REPORT), "Open answers"
    )
    assert app.radio(key="quote_mode_q06").value == "default"
    boxes = [box for box in app.checkbox if box.key.startswith("quote_q06_")]
    assert len(boxes) == 20 and all(box.value for box in boxes), "short answers quoted by default"
    app.radio(key="quote_mode_q06").set_value("chosen")
    for box in boxes[1:]:
        box.uncheck()
    app.button(key="save_quotes_q06").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert "Saved the quotes of" in app.success[0].value
    with Database(writable_demo) as database:
        summary = analytics.event_summary(database, KRILA)
    useful = next(q for q in summary["text_questions"] if q["question_id"] == "q06")
    assert useful["selected"] == [True] + [False] * 19
    assert app.radio(key="quote_mode_q06").value == "chosen"

    app.radio(key="quote_mode_q06").set_value("all")
    app.button(key="save_quotes_q06").click().run()
    with Database(writable_demo) as database:
        summary = analytics.event_summary(database, KRILA)
    useful = next(q for q in summary["text_questions"] if q["question_id"] == "q06")
    assert useful["selected"] == [True] * 20


# -- certificates ------------------------------------------------------------------------------


def test_certificates_page_sets_the_rule_and_counts_who_qualifies(writable_demo, monkeypatch):
    from surveydash.certificates import certificate_recipients

    app = go_to(open_app(writable_demo, monkeypatch, event=KRILA), CERTIFICATES)
    assert app.selectbox(key="certificate_event").value == KRILA
    # The demo comes with a rule (half an hour), which the organizer changes here.
    assert app.number_input(key="certificate_minimum").value == 30
    app.radio(key="certificate_rule").set_value("minutes")
    app.number_input(key="certificate_minimum").set_value(60)
    app.button(key="certificate_save").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert "at least 60 minutes attended in all" in app.success[0].value
    shown = metrics(app)["Attendees who qualify"]
    data_access.database().close()  # the page's connection: the engine opens the file next
    st.cache_resource.clear()
    with Database(writable_demo) as database:
        expected = certificate_recipients(database, KRILA)  # the rule the page saved
    assert shown == str(len(expected)) and len(expected) > 0
    keys = {button.key for button in app.get("download_button")}
    assert {"download_certificates_csv", "download_certificates_xlsx"} <= keys
    assert "@" not in page_text(app)


# -- compare -----------------------------------------------------------------------------------


@pytest.fixture
def compare_page(demo_db_path, monkeypatch) -> AppTest:
    return go_to(open_app(demo_db_path, monkeypatch, event=KRILA), COMPARE)


def test_compare_starts_with_the_selected_event_and_asks_for_another(compare_page):
    assert compare_page.multiselect(key="compare_events").value == [KRILA]
    assert "Pick two or more events" in compare_page.info[0].value
    assert not compare_page.get("plotly_chart")


def test_comparing_two_events_shows_each_indicator_with_its_sample_size(compare_page, demo_db_path):
    compare_page.multiselect(key="compare_events").select("egov-forum-2021").run()
    headline = table(compare_page, "compare_headline")
    krila, egov = (
        "2022 UN DESA-KRILA Forum",
        "2021 Forum on Digital Government for Sustainable Development",
    )
    # Oldest first, whatever order they were picked in.
    assert list(headline.columns) == [egov, krila]
    assert headline.loc["Registrations", krila] == "693"
    assert headline.loc["Responses", egov] == "118"

    specs = chart_specs(compare_page)
    ratings = specs["chart_compare_ratings"]
    assert chart_title(ratings) == "Score of each indicator (0-100), with its 95% interval"
    assert [trace["name"] for trace in ratings["data"]] == [egov, krila]
    assert ratings["data"][1]["y"][0] == 82.8 and ratings["data"][0]["y"][0] == 74.2
    # Error bars from the overall rating's 95% interval: 74.1-91.5 at KRILA.
    assert round(ratings["data"][1]["error_y"]["arrayminus"][0], 1) == 8.7
    assert ratings["data"][0]["x"] == [
        "Overall rating",
        "Relevance of theme and clarity of objectives",
        "Quality of presentations and discussion",
        "Likelihood of applying what was learned",
    ]
    assert ratings["data"][1]["text"] == ["n = 32"] * 4
    assert ratings["data"][0]["text"][0] == "n = 118"
    difficulties = specs["chart_compare_difficulties"]
    assert difficulties["data"][0]["text"] == ["22.0% (n = 118)", "3.1% (n = 32)"]

    with Database(demo_db_path) as database:
        rows = analytics.compare_events(database, [KRILA, "egov-forum-2021"])
    expected = [
        d.sentence({r["event_id"]: r["title"] for r in rows})
        for d in comparison.notable_differences(rows)
    ]
    called_out = compare_page.get_by_key("notable_differences").markdown
    assert [item.value.removeprefix("- ").replace("\\", "") for item in called_out] == expected
    assert "of 118 respondents" in expected[0] and "of 32 at" in expected[0]


# -- upload ------------------------------------------------------------------------------------


@pytest.fixture
def upload_page(writable_demo, monkeypatch) -> AppTest:
    return go_to(open_app(writable_demo, monkeypatch, event=KRILA), UPLOAD)


def upload(app: AppTest, name: str, content: bytes) -> AppTest:
    app.file_uploader(key="upload_file").set_value((name, content, "text/csv"))
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_upload_previews_a_survey_without_writing_then_imports_it(upload_page):
    assert upload_page.selectbox(key="upload_event").value == KRILA
    upload(upload_page, "late_responses.csv", LATE_RESPONSES)
    assert "late_responses.csv: survey: would import 2 rows" in [t.value for t in upload_page.text]
    preview = table(upload_page, "upload_preview")
    assert set(preview["email"]) == {"(hidden)"}
    columns = upload_page.data_editor(key="upload_columns").value
    assert dict(zip(columns["Column"], columns["Maps to"], strict=True))["country"] == "country"
    questions = upload_page.data_editor(key="upload_questions").value.set_index("Question")
    assert questions.loc["How would you rate the Forum overall?", "Indicator"] == "overall_rating"
    assert questions.loc["What did you find most useful?", "Kind"] == "text"
    unmatched = table(upload_page, "upload_countries")
    assert set(unmatched["Value as written"]) == {"Kenia", "Atlantis"}
    assert list(table(upload_page, "upload_sectors")["Value as written"]) == ["Self-employed"]
    # krila-2022 already has a survey: the user must choose to add to it or replace it.
    assert upload_page.button(key="upload_import").disabled

    go_to(upload_page, REPORT)
    assert metrics(upload_page)["Responses"] == "32", "the preview wrote nothing"

    go_to(upload_page, UPLOAD)
    upload(upload_page, "late_responses.csv", LATE_RESPONSES)
    upload_page.radio(key="upload_existing").set_value("append").run()
    upload_page.button(key="upload_import").click().run()
    assert "imported 2 rows" in upload_page.success[0].value.replace("\\", "")
    link = upload_page.get("page_link")[0]
    assert link.value == "Open the report of 2022 UN DESA-KRILA Forum"
    assert (link.proto.page, link.proto.query_string) == ("report", "event=krila-2022")

    go_to(upload_page, REPORT)
    assert metrics(upload_page)["Responses"] == "34", "the import shows without a restart"
    open_section(upload_page, "Open answers")
    answers = [text.value for text in upload_page.get_by_key("answers_q07").text]
    assert "<b>Shorter</b> sessions" in answers, "participant text is shown as written"


def test_upload_shows_bad_rows_as_a_table_and_writes_nothing_until_confirmed(upload_page):
    bad_date = LATE_RESPONSES.replace(b"2022-09-07 10:00:00", b"the day after")
    upload(upload_page, "late_responses.csv", bad_date)
    problems = table(upload_page, "upload_problems")
    assert problems.to_dict("records") == [
        {
            "Row": "3",
            "Line": "",
            "Column": "submitted_at",
            "Problem": "'the day after' is not a date and time this importer can read "
            "(write it like 2022-09-06 14:30:00)",
        }
    ]
    upload_page.radio(key="upload_existing").set_value("append").run()
    assert upload_page.button(key="upload_import").disabled
    upload_page.checkbox(key="upload_skip_bad_rows").check().run()
    upload_page.button(key="upload_import").click().run()
    assert "imported 1 rows" in upload_page.success[0].value.replace("\\", "")
    go_to(upload_page, REPORT)
    assert metrics(upload_page)["Responses"] == "33"


def test_upload_lets_the_user_correct_a_column_the_importer_did_not_recognize(upload_page):
    registrations = b"Mail address,country\nnew.person@example.org,Kenya\n"
    upload_page.selectbox(key="upload_event").select("kenya-partnership-2019").run()
    upload_page.selectbox(key="upload_kind").select("registrations").run()
    upload(upload_page, "more.csv", registrations)
    assert (
        "is missing the required column 'email'"
        in table(upload_page, "upload_problems")["Problem"][0]
    )
    upload_page.session_state["upload_columns"] = {
        "edited_rows": {0: {"Maps to": "email"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    upload_page.run()
    assert "more.csv: registrations: would import 1 rows" in [t.value for t in upload_page.text]


def test_upload_lets_the_user_change_a_question_kind_and_indicator(upload_page):
    upload(upload_page, "late_responses.csv", LATE_RESPONSES)
    questions = upload_page.data_editor(key="upload_questions").value
    difficulties = int(questions.index[questions["Kind"] == "yes_no"][0])
    upload_page.session_state["upload_questions"] = {
        "edited_rows": {difficulties: {"Kind": "text", "Indicator": "none"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    upload_page.run()
    question = upload_page.data_editor(key="upload_questions").value.iloc[difficulties]
    assert (question["Kind"], question["Indicator"]) == ("text", "none")


def test_upload_reads_an_excel_workbook(upload_page):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["email", "country", "sector"])
    sheet.append(["new.one@example.org", "Kenya", "Ministry of Health"])
    sheet.append(["new.two@example.org", "Uganda", "Academia"])
    content = io.BytesIO()
    workbook.save(content)
    upload_page.file_uploader(key="upload_file").set_value(
        (
            "more.xlsx",
            content.getvalue(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    )
    upload_page.run()
    assert "more.xlsx: registrations: would import 2 rows" in [t.value for t in upload_page.text]
    assert set(table(upload_page, "upload_preview")["email"]) == {"(hidden)"}


def test_upload_can_create_the_event_first(upload_page):
    upload_page.radio(key="upload_event_mode").set_value("new").run()
    upload_page.text_input(key="new_event_title").input("2024 Test Forum")
    upload_page.date_input(key="new_event_start").set_value(__import__("datetime").date(2024, 3, 5))
    upload_page.selectbox(key="new_event_format").select("virtual")
    upload_page.button(key="new_event_create").click().run()
    assert "Created the event “2024 Test Forum” (2024-test-forum)" in upload_page.success[
        0
    ].value.replace("\\", "")
    assert upload_page.selectbox(key="upload_event").value == "2024-test-forum"

    upload(upload_page, "registrations.csv", b"email,country\na@example.org,Kenya\n")
    upload_page.button(key="upload_import").click().run()
    go_to(upload_page, REPORT)
    assert upload_page.query_params["event"] == "2024-test-forum"
    assert metrics(upload_page)["Registrations"] == "1"


# -- data quality ------------------------------------------------------------------------------


def test_data_quality_shows_the_import_log_and_the_planted_values(demo_app):
    go_to(demo_app, DATA_QUALITY)
    log = table(demo_app, "import_log")
    assert len(log) == 21
    krila_survey = log[(log["Event"] == KRILA) & (log["Kind"] == "survey")].iloc[0]
    assert (krila_survey["Rows read"], krila_survey["Imported"], krila_survey["Rejected"]) == (
        32,
        32,
        0,
    )
    assert len(krila_survey["Content hash (SHA-256)"]) == 64
    countries = table(demo_app, "unrecognized_countries")
    assert dict(zip(countries["Value as written"], countries["Rows"], strict=True)) == {
        "Planet Earth": 2,
        "Atlantis": 1,
    }
    sectors = table(demo_app, "unmapped_sectors")
    assert dict(zip(sectors["Value as written"], sectors["Rows"], strict=True)) == {
        "Media": 2,
        "Self-employed": 1,
    }


def test_mapping_a_country_once_updates_every_event(writable_demo, monkeypatch):
    app = go_to(open_app(writable_demo, monkeypatch), DATA_QUALITY)
    app.selectbox(key="fix_country_value").select("Planet Earth")
    app.selectbox(key="fix_country_target").select("NPL")
    app.button(key="fix_country_apply").click().run()
    assert "“Planet Earth” now means Nepal: 2 rows updated" in app.success[0].value.replace(
        "\\", ""
    )
    countries = table(app, "unrecognized_countries")
    assert list(countries["Value as written"]) == ["Atlantis"]


def test_mapping_sectors_once_empties_the_list(writable_demo, monkeypatch):
    app = go_to(open_app(writable_demo, monkeypatch), DATA_QUALITY)
    app.selectbox(key="fix_sector_value").select("Self-employed")
    app.selectbox(key="fix_sector_target").select("Private Sector or Philanthropic Organizations")
    app.button(key="fix_sector_apply").click().run()
    messages = [s.value.replace("\\", "") for s in app.success]
    assert any("1 row updated" in message for message in messages)
    assert list(table(app, "unmapped_sectors")["Value as written"]) == ["Media"]
    app.selectbox(key="fix_sector_value").select("Media")
    app.selectbox(key="fix_sector_target").select("Other")
    app.button(key="fix_sector_apply").click().run()
    messages = [s.value.replace("\\", "") for s in app.success]
    assert any("2 rows updated" in message for message in messages)
    assert "Every sector value in the data was mapped to a report category." in messages


def test_event_report_shows_number_questions_without_a_top_2_box(
    writable_demo, monkeypatch, tmp_path
):
    # Issue 10: counts are number questions, charted in bins with n, mean and median.
    from surveydash.events import EventSpec, add_event
    from surveydash.importer import ImportOptions, import_file

    survey = tmp_path / "survey.csv"
    survey.write_text(
        "Timestamp,How many people work in your unit?,How would you rate the event overall?\n"
        "2022-09-06 12:00,12,5\n2022-09-06 12:01,3,4\n2022-09-06 12:02,40,4\n"
        "2022-09-06 12:03,N/A,5\n",
        encoding="utf-8",
    )
    with Database(writable_demo) as db:
        add_event(db, EventSpec("numbers-2022", "Numbers 2022", "2022-09-06"))
        import_file(db, survey, "numbers-2022", ImportOptions())
    app = go_to(open_app(writable_demo, monkeypatch, event="numbers-2022"), REPORT)
    specs = chart_specs(open_section(app, "Ratings"))
    [number_key] = [key for key in specs if key.startswith("chart_number_")]
    title = chart_title(specs[number_key])
    assert title.startswith("How many people work in your unit?")
    assert "n = 3 · mean 18.33 (95% interval -29.6 to 66.27) · median 12" in title
    assert "top-2-box" not in title
    assert "Number questions" in [header.value for header in app.subheader]


def test_upload_names_the_columns_recognised_from_their_values(upload_page):
    from tests.test_real_layouts import EVENTBRITE_UNKNOWN_WORDS

    upload(upload_page, "asistentes.csv", EVENTBRITE_UNKNOWN_WORDS.encode("utf-8"))
    captions = [caption.value for caption in upload_page.caption]
    assert (
        "Columns recognised from their values (their headers are not words this reader "
        "knows): Correo, Fecha, País."
    ) in captions
