"""A scripted import while the dashboard serves the same database: the command hands itself to
the dashboard (surveydash.handover), succeeds, and the open page shows the new event."""

from __future__ import annotations

import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.dashboard_ui import choose_option, click_in_sidebar, metric_value, open_url
from tests.conftest import write_csv

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NIGHTLY_TITLE = "Forum imported by the nightly job"


def surveydash(*argv, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "surveydash", *map(str, argv)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_a_cli_import_while_the_dashboard_serves_succeeds_and_the_page_shows_it(
    private_served_app, page, tmp_path
):
    # The open page: the dashboard now holds the database file.
    open_url(page, private_served_app.url, "Events overview")
    expect(page.get_by_text(NIGHTLY_TITLE)).to_have_count(0)
    database = private_served_app.database
    registrations = write_csv(
        tmp_path / "nightly-registrations.csv",
        "email,first_name,last_name,country,sector\n"
        + "".join(
            f"nightly{n}@example.org,N{n},M{n},Kenya,Academic Institutions\n" for n in range(7)
        ),
    )
    added = surveydash(
        "event", "add", "nightly-2026", "--title", NIGHTLY_TITLE, "--start", "2026-11-30",
        "--db", database, cwd=tmp_path,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout == f"Added event nightly-2026: {NIGHTLY_TITLE} (2026-11-30).\n"
    imported = surveydash(
        "import", registrations.name, "--event", "nightly-2026", "--db", database, cwd=tmp_path
    )
    assert imported.returncode == 0, imported.stderr
    assert "registrations: imported 7 rows" in imported.stdout

    # The open page, without reloading: its next runs offer the new event and its figures.
    click_in_sidebar(page, "Event report", "Event report")
    choose_option(page, "event_selector", f"{NIGHTLY_TITLE} (nightly-2026)")
    expect(page.get_by_role("heading", name=NIGHTLY_TITLE, exact=True)).to_be_visible()
    expect(metric_value(page, "Registrations")).to_have_text("7")
    listed = surveydash(
        "imports", "list", "--event", "nightly-2026", "--db", database, cwd=tmp_path
    )
    assert listed.returncode == 0 and "nightly-registrations.csv" in listed.stdout
