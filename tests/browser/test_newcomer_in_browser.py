"""What a newcomer sees: `surveydash serve --db RELATIVE` shows that database whatever directory
it is started from, and the served pages ask no host but the server (offices with strict proxies
or no internet at all must get the whole dashboard)."""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from surveydash.analytics import query, records
from surveydash.db import Database
from surveydash.settings import REPO_DIR
from tests.browser.conftest import serving
from tests.browser.dashboard_ui import (
    KRILA,
    expect_page_healthy,
    expect_report_of_krila,
    open_url,
    wait_until_page_has_run,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# The Event report's tabs, as its URL names them (?section=...): each draws other charts.
REPORT_SECTIONS = ["Participation", "Sectors", "Ratings", "Open answers"]


def demo_event_titles(database) -> list[str]:
    with Database(database, read_only=True) as db:
        return [event["title"] for event in records(query(db, "events_list"))]


def expect_overview_lists(page, titles: list[str]) -> None:
    # The events table is drawn on a canvas; Streamlit keeps its cells' text in the DOM beside it.
    wait_until_page_has_run(page)
    body = page.locator("body")
    for title in titles:
        expect(body).to_contain_text(title)


@pytest.mark.parametrize("started_from", ["repository root", "another directory"])
def test_serve_with_a_relative_database_path_shows_that_database(
    started_from, tmp_path, demo_db_path, page
):
    folder = tmp_path / "somewhere"
    folder.mkdir()
    database = folder / "my-events.duckdb"
    shutil.copy(demo_db_path, database)
    titles = demo_event_titles(database)
    assert len(titles) == 7
    start_in = REPO_DIR if started_from == "repository root" else folder
    relative = os.path.relpath(database, start_in)
    assert not os.path.isabs(relative)

    with serving(relative, tmp_path / "serve.log", cwd=start_in) as app:
        open_url(page, app.url, "Events overview")
        expect_overview_lists(page, titles)
        expect_page_healthy(page)
        open_url(page, f"{app.url}/report?event={KRILA}", "Event report")
        expect_report_of_krila(page)
    # The dashboard opened the file it was given, not an empty one of the same name under
    # dashboard/ (its working directory).
    assert not (REPO_DIR / "dashboard" / relative).exists()


def test_pages_ask_no_host_but_the_server(served_app, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    server = urlsplit(served_app.url).netloc

    open_url(page, served_app.url, "Events overview")
    for section in REPORT_SECTIONS:
        open_url(page, f"{served_app.url}/report?event={KRILA}&section={section}", "Event report")
    open_url(
        page,
        f"{served_app.url}/compare?compare={KRILA}&compare=egov-forum-2021",
        "Compare events",
    )
    # A shared link opens the comparison it names.
    expect(page.get_by_test_id("stPlotlyChart").first).to_be_visible()
    open_url(page, f"{served_app.url}/upload", "Upload data")
    open_url(page, f"{served_app.url}/data-quality", "Data quality")
    # Late requests (the tab's icon, a map's borders) are made after the page has drawn.
    page.wait_for_timeout(1000)

    web_requests = [url for url in requested if url.startswith(("http:", "https:", "ws:", "wss:"))]
    assert len(web_requests) > 20, "the pages made fewer requests than drawing them takes"
    elsewhere = sorted({url for url in web_requests if urlsplit(url).netloc != server})
    assert elsewhere == [], f"the pages asked other hosts than the server: {elsewhere}"
