"""Real-browser fixtures: `surveydash serve` on a free loopback port, driven by Debian's
Chromium through Playwright (Playwright's own browser download is not reachable here)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from surveydash import background_server
from tests.browser.dashboard_ui import VIEWPORT

CHROMIUM, CHROMIUM_ARGS = background_server.CHROMIUM, background_server.CHROMIUM_ARGS
# A cold Streamlit start imports pandas, plotly and duckdb: allow for a slow shared machine.
SERVER_START_SECONDS = 90
# How long a page may take to show what a test waits for. A page run takes a second or two
# here, but the machine is shared (the other pytest worker runs the rest of the suite at the
# same time), and a wait that is too short makes a flaky test, not a faster one.
PAGE_SECONDS = 60
# What the server writes when a page raises: the browser only says "This app has encountered
# an error" (showErrorDetails = "none"), so the log is where the exception is seen.
SERVER_ERROR = re.compile(r"Traceback|Uncaught app exception|Uncaught app execution")


# -- one worker for the browser tests ----------------------------------------------------------
# Every module here is marked xdist_group("browser"), so that `pytest -n 2 --dist loadgroup` runs
# them on one worker with one server and one Chromium. pytest 9.2's structured node ids broke the
# way pytest-xdist 3.8 reads that mark (pytest-dev/pytest-xdist#1386: the tests are silently
# spread over the workers), so the scheduler below groups this directory's tests itself, through
# xdist's public scheduler hook. The controller only loads conftests named on the command line or
# above them: this takes effect for `pytest tests/browser -n 2 --dist loadgroup`; for a run of the
# whole suite it belongs in tests/conftest.py. The tests pass either way (every fixture is per
# worker); grouping only saves a second server and browser. Remove once xdist is fixed.
BROWSER_TESTS_GROUP = "browser"


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    directory = Path(__file__).resolve().parent.relative_to(config.rootpath).as_posix() + "/"

    class BrowserTestsTogether(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith(directory):
                return BROWSER_TESTS_GROUP
            return super()._split_scope(nodeid)

    return BrowserTestsTogether(config, log)


# -- the served dashboard ------------------------------------------------------------------------


@dataclass
class ServedApp:
    """A running `surveydash serve`: its base URL, its database file and its log."""

    url: str
    database: Path
    log_path: Path

    def log_size(self) -> int:
        return self.log_path.stat().st_size

    def errors_since(self, offset: int) -> str:
        """The server's log from `offset` on if it reports an exception, else ''."""
        with self.log_path.open(encoding="utf-8", errors="replace") as log:
            log.seek(offset)
            text = log.read()
        return text if SERVER_ERROR.search(text) else ""


@contextmanager
def serving(database: Path | str, log_path: Path, cwd: Path | None = None) -> Iterator[ServedApp]:
    """Run `surveydash serve --db database` until the block ends, started in `cwd` (a relative
    database path is read against it, as a path a person types is)."""
    with background_server.serving(database, log_path, SERVER_START_SECONDS, cwd=cwd) as url:
        yield ServedApp(url, Path(cwd or ".", database), log_path)


def copy_of_demo(tmp_path_factory, demo_db_path: Path, name: str) -> tuple[Path, Path]:
    """A fresh copy of the demo database and a path for its server's log."""
    folder = tmp_path_factory.mktemp(name)
    database = folder / "served.duckdb"
    shutil.copy(demo_db_path, database)
    return database, folder / "serve.log"


@pytest.fixture(scope="session")
def served_app(tmp_path_factory, demo_db_path) -> Iterator[ServedApp]:
    """The dashboard served on a copy of the demo database, shared by the tests that only read.
    Tests that write (an upload) use `private_served_app`, so the figures here stay the demo's."""
    with serving(*copy_of_demo(tmp_path_factory, demo_db_path, "served")) as app:
        yield app


@pytest.fixture
def private_served_app(tmp_path_factory, demo_db_path) -> Iterator[ServedApp]:
    """The dashboard served on a database of its own, for one test that changes the data."""
    with serving(*copy_of_demo(tmp_path_factory, demo_db_path, "private")) as app:
        yield app


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=PAGE_SECONDS * 1000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab (its own cookies, so its own Streamlit session)."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(PAGE_SECONDS * 1000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(autouse=True)
def server_raises_nothing(request) -> Iterator[None]:
    """After each browser test: the servers it used logged no exception while it ran (a page
    that raises shows the browser only a redacted message)."""
    apps = [
        request.getfixturevalue(name)
        for name in ("served_app", "private_served_app")
        if name in request.fixturenames
    ]
    offsets = [app.log_size() for app in apps]
    yield
    for app, offset in zip(apps, offsets, strict=True):
        errors = app.errors_since(offset)
        assert not errors, f"the server logged an exception during the test:\n{errors[-3000:]}"
