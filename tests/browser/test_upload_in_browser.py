"""Uploading a survey export through the Upload data page, as an analyst does, and seeing the
report change without restarting the server. The upload writes to the served database, so this
test has a server and a database of its own (`private_served_app`): the other browser tests keep
seeing the demo's figures."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.dashboard_ui import (
    KRILA,
    KRILA_TITLE,
    choose_option,
    click_in_sidebar,
    expect_page_healthy,
    metric_value,
    open_url,
    page_title,
    screenshot,
    wait_until_page_has_run,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

DEMO_RESPONSES = 32
# Three late responses to the KRILA survey, in the demo's own layout (synthetic people: two give
# an example.org address, one gives none, as real exports mix both).
LATE_RESPONSES_CSV = (
    "submitted_at,email,sector,country,gender,How would you rate the Forum overall?,"
    "How would you rate the relevance of the theme and the clarity of the objectives?,"
    "How would you rate the quality of the presentations and discussion?,"
    "How likely are you to apply what you learned at the Forum?,"
    "Did you experience any technical or logistical difficulties?,"
    "What did you find most useful?\n"
    "2022-09-09 09:15:00,late.respondent1@example.org,Academic Institutions,Mongolia,Female,"
    "Excellent,Very good,Very good,Likely,No,The peer exchange between cities.\n"
    "2022-09-09 10:40:00,late.respondent2@example.org,Local or Regional Government,Bhutan,Male,"
    "Good,Good,Fair,Likely,Yes,The session on local data.\n"
    "2022-09-10 16:05:00,,Academic Institutions,Senegal,Female,Very good,Excellent,Good,"
    "Very likely,No,\n"
)
LATE_RESPONSES = 3


def test_uploaded_survey_rows_reach_the_report_without_a_restart(private_served_app, page):
    open_url(page, private_served_app.url, "Events overview")
    click_in_sidebar(page, "Upload data", "Upload data")
    choose_option(page, "upload_event", f"{KRILA_TITLE} ({KRILA})")
    wait_until_page_has_run(page)

    page.locator(".st-key-upload_file input[type=file]").set_input_files(
        files=[
            {
                "name": "krila-2022-late-responses.csv",
                "mimeType": "text/csv",
                "buffer": LATE_RESPONSES_CSV.encode(),
            }
        ]
    )
    expect(page.get_by_role("heading", name="3. What the file holds")).to_be_visible()
    expect(page.get_by_text("survey", exact=True).first).to_be_visible()
    # The demo already has KRILA's survey: the page asks whether to add to it or replace it,
    # and will not import until asked.
    existing = page.locator(".st-key-upload_existing")
    expect(existing).to_contain_text("already has survey")
    import_button = page.locator(".st-key-upload_import").get_by_role("button", name="Import")
    expect(import_button).to_be_disabled()
    existing.get_by_text("Add these rows to them", exact=True).click()
    expect(import_button).to_be_enabled()
    wait_until_page_has_run(page)
    # The preview lists the rows as read, with the e-mail addresses hidden.
    expect(page.locator(".st-key-upload_preview")).to_be_visible()
    expect_page_healthy(page)
    screenshot(page, "upload-preview")

    import_button.click()
    expect(page.get_by_test_id("stAlertContentSuccess")).to_have_text(
        f"krila-2022-late-responses.csv: survey: imported {LATE_RESPONSES} rows"
    )
    report_link = page.get_by_role("link", name=f"Open the report of {KRILA_TITLE}")
    expect(report_link).to_be_visible()
    wait_until_page_has_run(page)
    expect_page_healthy(page)
    screenshot(page, "upload-after-import")

    report_link.click()
    expect(page_title(page, "Event report")).to_be_visible()
    expect(page.get_by_role("heading", name=KRILA_TITLE, exact=True)).to_be_visible()
    expect(metric_value(page, "Responses")).to_have_text(str(DEMO_RESPONSES + LATE_RESPONSES))
    expect(metric_value(page, "Registrations")).to_have_text("693")
    expect_page_healthy(page)
