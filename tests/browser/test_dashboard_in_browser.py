"""The dashboard as a person uses it: a real Chromium clicks through `surveydash serve` running
on a copy of the demo database, and a screenshot of every page is kept for a person to look at.

Every figure asserted here is the demo's (data/demo/): krila-2022 has 693 registrations from 91
countries, 343 attendees from 50 countries and 32 survey responses.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.dashboard_ui import (
    KRILA,
    KRILA_TITLE,
    choose_option,
    click_in_sidebar,
    expect_page_healthy,
    expect_report_of_krila,
    metric_value,
    open_url,
    page_title,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

DIGITAL_GOVERNMENT_TITLE = "2021 Forum on Digital Government for Sustainable Development"
# The compare chart's rating indicators (overall rating, relevance, quality, likelihood to
# apply): both events asked all four, so each event has four bars.
RATING_INDICATORS_COMPARED = 4
# Streamlit draws tables on a canvas; a row is this many pixels high, and so is the header.
TABLE_ROW_PIXELS = 35

# Each page in the sidebar: its label there, its title, something only that page shows, and
# the name of its screenshot (the report and compare pages are pictured by their own tests,
# with an event chosen).
PAGES = [
    ("Overview", "Events overview", "Countries reached", "overview"),
    ("Event report", "Event report", "Countries (attendees)", None),
    ("Compare events", "Compare events", "Events to compare (7 of 7 match the filters)", None),
    ("Upload data", "Upload data", "What the file holds", "upload"),
    ("Data quality", "Data quality", "Country values not recognized", "data-quality"),
]


# -- the tests ---------------------------------------------------------------------------------


def test_every_page_opens_from_the_sidebar(served_app, page):
    open_url(page, served_app.url, "Events overview")
    for label, title, own_content, screenshot_name in PAGES:
        click_in_sidebar(page, label, title)
        expect(page.get_by_text(own_content, exact=True).first).to_be_visible()
        expect_page_healthy(page)
        if screenshot_name:
            screenshot(page, screenshot_name)


def test_report_link_shows_the_outcome_report_figures(served_app, page):
    open_url(page, f"{served_app.url}/report?event={KRILA}", "Event report")
    expect(page.get_by_role("heading", name=KRILA_TITLE, exact=True)).to_be_visible()
    for label, shown in [
        ("Registrations", "693"),
        ("Countries (registrations)", "91"),
        ("Attendees", "343"),
        ("Countries (attendees)", "50"),
        ("Responses", "32"),
        ("Attendance rate", "49.5%"),
        ("Response rate", "9.3%"),
    ]:
        expect(metric_value(page, label)).to_have_text(shown)
    expect(page.get_by_test_id("stCode").first).to_contain_text(
        "The Forum received 693 registrations from 91 countries and was attended by 343 "
        "participants from 50 countries. The participants survey received 32 responses."
    )
    expect(page.locator(".st-key-chart_funnel .js-plotly-plot")).to_be_visible()
    # The map's borders come with the dashboard: countries are drawn without internet access.
    expect(page.locator(".st-key-chart_map .choroplethlocation").first).to_be_attached()
    expect_page_healthy(page)
    screenshot(page, f"report-{KRILA}")

    page.get_by_role("tab", name="Sectors", exact=True).click()
    expect(page.get_by_text(re.compile(r"^The respondents were from "))).to_contain_text(
        "Academic Institutions (37.5%)"
    )
    expect(page.locator(".st-key-chart_sectors .js-plotly-plot")).to_be_visible()
    screenshot(page, f"report-{KRILA}-sectors")

    page.get_by_role("tab", name="Ratings", exact=True).click()
    expect(page.get_by_role("heading", name="Rating questions")).to_be_visible()
    expect(page.locator(".st-key-chart_rating_by_group .js-plotly-plot")).to_be_visible()
    screenshot(page, f"report-{KRILA}-ratings")

    page.get_by_role("tab", name="Open answers", exact=True).click()
    search = page.locator(".st-key-answer_search input")
    search.fill("case studies")
    search.press("Enter")
    useful = page.get_by_test_id("stExpander").filter(has_text="What did you find most useful?")
    expect(useful).to_contain_text("5 of 20 answers contain “case studies”")
    # The page means to open the questions with matching answers, but Streamlit keeps a keyed
    # expander as it was (closed, with five questions): open it as a person would, if need be.
    if useful.locator("details").get_attribute("open") is None:
        useful.locator("summary").click()
    expect(useful.get_by_text("the case studies").first).to_be_visible()
    screenshot(page, f"report-{KRILA}-open-answers")
    expect_page_healthy(page)


def test_chosen_event_survives_page_switches(served_app, page):
    open_url(page, served_app.url, "Events overview")
    click_in_sidebar(page, "Event report", "Event report")
    choose_option(page, "event_selector", f"{KRILA_TITLE} ({KRILA})")
    expect_report_of_krila(page)

    click_in_sidebar(page, "Compare events", "Compare events")
    expect(page.locator(".st-key-compare_events")).to_contain_text(KRILA_TITLE)
    expect(page).to_have_url(re.compile(rf"/compare\?(.*&)?event={KRILA}\b"))

    click_in_sidebar(page, "Event report", "Event report")
    expect_report_of_krila(page)
    expect(page.locator(".st-key-event_selector").get_by_role("combobox")).to_have_value(
        f"{KRILA_TITLE} ({KRILA})"
    )
    expect_page_healthy(page)


def test_clicking_an_event_on_the_overview_opens_its_report(served_app, page):
    open_url(page, served_app.url, "Events overview")
    events_table = page.locator(".st-key-events_table")
    title_cell = events_table.locator('[data-testid^="glide-cell-2-"]').filter(
        has_text=re.compile(rf"^{re.escape(KRILA_TITLE)}$")
    )
    expect(title_cell).to_have_count(1)
    row = int(title_cell.get_attribute("data-testid").rsplit("-", 1)[1])

    # The table is a canvas: click the row's selection box, left of the first column.
    grid = events_table.get_by_test_id("stDataFrameResizable")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(
        box["x"] + TABLE_ROW_PIXELS / 2,
        box["y"] + TABLE_ROW_PIXELS * (row + 1) + TABLE_ROW_PIXELS / 2,
    )
    expect(page_title(page, "Event report")).to_be_visible()
    expect_report_of_krila(page)
    expect_page_healthy(page)


def test_compare_shows_the_indicators_of_two_events(served_app, page):
    open_url(page, f"{served_app.url}/compare", "Compare events")
    expect(page.get_by_text("Pick two or more events to compare them.")).to_be_visible()
    choose_option(page, "compare_events", KRILA_TITLE)
    choose_option(page, "compare_events", DIGITAL_GOVERNMENT_TITLE)
    page.keyboard.press("Escape")

    chart = page.locator(".st-key-chart_compare_ratings")
    expect(chart.locator(".js-plotly-plot")).to_be_visible()
    # One bar series per event, named in the legend, each with bars drawn.
    legend = chart.locator(".legendtext")
    expect(legend).to_have_count(2)
    assert sorted(legend.all_text_contents()) == sorted([KRILA_TITLE, DIGITAL_GOVERNMENT_TITLE])
    bar_series = chart.locator(".trace.bars")
    expect(bar_series).to_have_count(2)
    for series in bar_series.all():
        expect(series.locator(".point path")).to_have_count(RATING_INDICATORS_COMPARED)
    expect(chart).to_contain_text("n = 32")
    expect(page.locator(".st-key-compare_headline")).to_be_visible()
    expect_page_healthy(page)
    screenshot(page, "compare")
