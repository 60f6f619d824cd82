"""The page parts of the benchmark: the Event report under Streamlit's AppTest, and browser
sessions against one `surveydash serve` while an import runs.

A page has rendered when its script has finished, the headline metric "Registrations" is
visible and no exception is shown (`[data-testid="stException"]`).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import time
from pathlib import Path

from bench import generate
from surveydash import background_server

REPO_DIR = Path(__file__).resolve().parent.parent
APP = REPO_DIR / "dashboard" / "app.py"
REPORT_PAGE = "views/event_report.py"
REPORT_URL_PATH = "report"  # as dashboard/app.py registers the page
DEMO_EVENT = "krila-2022"
# An AppTest run includes the page's charts and tables: generous for a loaded machine.
APPTEST_TIMEOUT_SECONDS = 300

CHROMIUM, CHROMIUM_ARGS = background_server.CHROMIUM, background_server.CHROMIUM_ARGS
VIEWPORT = {"width": 1400, "height": 1000}
SERVER_START_SECONDS = 120
# One page load may wait this long before it counts as failed.
SESSION_TIMEOUT_SECONDS = 300
# The event the uploaded file is imported into while the sessions load (added to the served
# copy of the database, with no data, so that the import needs no replace-or-append choice).
UPLOAD_EVENT = "bench-upload-2024"


def has_dashboard() -> bool:
    return APP.is_file() and (APP.parent / REPORT_PAGE).is_file()


# -- 3. the Event report page under AppTest ----------------------------------------------------


def demo_database() -> Path:
    """The demo database, built once under bench/out/."""
    from surveydash.demo import build_demo

    path = generate.OUT_DIR / "demo.duckdb"
    if not path.exists():
        build_demo(path)
    return path


def _run_report_page(database: Path, event_id: str) -> float:
    """One full run of the app on the Event report page, with Streamlit's data caches
    cleared (a first visit after an import); returns its seconds."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["SURVEYDASH_DB"] = str(database)
    st.cache_data.clear()
    from streamlit.util import calc_hash

    app = AppTest.from_file(str(APP), default_timeout=APPTEST_TIMEOUT_SECONDS)
    app.query_params["event"] = event_id
    # Open the report directly, as a link to /report does. AppTest.switch_page() finds a page
    # of st.navigation only after a first run, which would run the Overview page first; a
    # page's script hash is that of its url_path, as st.Page computes it.
    app._page_hash = calc_hash(REPORT_URL_PATH)
    started = time.perf_counter()
    app.run()
    seconds = time.perf_counter() - started
    if app.exception:
        raise RuntimeError(f"the Event report page failed: {app.exception[0].value}")
    labels = {metric.label: metric.value for metric in app.metric}
    if "Registrations" not in labels or app.title[0].value != "Event report":
        raise RuntimeError("the Event report page did not show its Registrations metric")
    return seconds


def measure_event_report_page(
    scaled_database: Path, repeats: int, smallest_database: Path | None = None
) -> dict:
    """The Event report page on the demo database (krila-2022) and on the scaled one (the
    probe event), and on the smallest scaled one when given (the same event in a database a
    hundredth the size: the difference is the database's size alone). Runs alternate; medians.
    Each database stays open between runs, as in the served app; the query results do not."""
    import streamlit as st

    if not has_dashboard():
        raise RuntimeError(f"{APP} or its Event report page is missing")
    cases = [(demo_database(), DEMO_EVENT, "demo")]
    if smallest_database is not None:
        cases.append((smallest_database, generate.PROBE_EVENT_ID, "smallest"))
    cases.append((scaled_database, generate.PROBE_EVENT_ID, "scaled"))
    saved = os.environ.get("SURVEYDASH_DB")
    timings: dict[str, list[float]] = {name: [] for _, _, name in cases}
    try:
        st.cache_resource.clear()
        for database, event_id, _ in cases:
            _run_report_page(database, event_id)  # imports modules, opens the database
        for _ in range(repeats):
            for database, event_id, name in cases:
                timings[name].append(_run_report_page(database, event_id))
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()
        if saved is None:
            os.environ.pop("SURVEYDASH_DB", None)
        else:
            os.environ["SURVEYDASH_DB"] = saved
    seconds = {name: statistics.median(values) for name, values in timings.items()}
    result = {
        "scale": _scale_of(scaled_database),
        "runs": repeats,
        "demo_seconds": round(seconds["demo"], 3),
        "scaled_seconds": round(seconds["scaled"], 3),
        "ratio": round(seconds["scaled"] / seconds["demo"], 2),
    }
    if "smallest" in seconds:
        result |= {
            "smallest_scale": _scale_of(smallest_database),
            "smallest_seconds": round(seconds["smallest"], 3),
            "ratio_to_smallest": round(seconds["scaled"] / seconds["smallest"], 2),
        }
    return result


def _scale_of(database: Path) -> float:
    import json

    from surveydash.db import Database

    with Database(database, read_only=True) as db:
        return json.loads(db.meta("bench_generator") or "{}").get("scale", 0.0)


# -- 4. browser sessions while an import runs --------------------------------------------------


def _served_copy(database: Path) -> Path:
    """A copy of the database that the served app may write to (the upload), with an empty
    event to import into."""
    from surveydash.db import Database
    from surveydash.events import EventSpec, add_event

    copy = generate.OUT_DIR / "served.duckdb"
    for leftover in (copy, Path(f"{copy}.wal")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(database, copy)
    with Database(copy) as db:
        add_event(db, EventSpec(UPLOAD_EVENT, "Benchmark upload", "2024-03-01"))
    return copy


def _session_events(database: Path, count: int) -> list[str]:
    """`count` events of about the probe event's size, spread over the import history."""
    from surveydash.db import Database

    with Database(database, read_only=True) as db:
        rows = (
            db.cursor()
            .execute(
                "select event_id from import_log where kind = 'registrations' "
                "and rows_imported between $low and $high and event_id <> $probe "
                "order by import_id",
                {
                    "low": int(generate.PROBE_REGISTRATIONS * 0.8),
                    "high": int(generate.PROBE_REGISTRATIONS * 1.25),
                    "probe": generate.PROBE_EVENT_ID,
                },
            )
            .fetchall()
        )
    events = [row[0] for row in rows]
    if len(events) < count:
        raise RuntimeError(f"the database has {len(events)} mid-sized events, not {count}")
    step = len(events) / count
    return [events[int(i * step)] for i in range(count)]


async def _load_report(context, url: str, event_id: str, pages: list) -> dict:
    """Open the Event report of one event in a new tab (a Streamlit session of its own).
    Returns the seconds until it has rendered (its headline metric "Registrations" is visible,
    with no exception shown) and until it is complete (its script has finished and nothing on
    it is stale), or the reason it did not render. The tab stays open (in `pages`) until the
    phase's CPU time has been read: a closed tab's process takes its CPU time with it."""
    from playwright.async_api import expect

    timeout = SESSION_TIMEOUT_SECONDS * 1000
    page = await context.new_page()
    pages.append(page)
    started = time.perf_counter()
    try:
        await page.goto(f"{url}/report?event={event_id}", timeout=timeout)
        registrations = page.get_by_test_id("stMetricLabel").get_by_text(
            "Registrations", exact=True
        )
        await expect(registrations).to_be_visible(timeout=timeout)
        rendered = time.perf_counter() - started
        await expect(page.get_by_test_id("stApp")).to_have_attribute(
            "data-test-script-state", "notRunning", timeout=timeout
        )
        await expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=timeout)
        complete = time.perf_counter() - started
        errors = await page.get_by_test_id("stException").count()
        return {
            "event_id": event_id,
            "seconds": rendered,
            "complete_seconds": complete,
            "rendered": errors == 0,
        }
    except Exception as error:  # a timeout or a closed page: the session failed to render
        return {
            "event_id": event_id,
            "seconds": time.perf_counter() - started,
            "complete_seconds": None,
            "rendered": False,
            "error": str(error).splitlines()[0],
        }


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds() -> dict[str, float]:
    """CPU seconds used so far by the browser's processes and by the server's (Streamlit)."""
    used = {"browser": 0.0, "server": 0.0}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                command = handle.read().replace(b"\0", b" ")
            with open(f"/proc/{entry}/stat", encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that ended while we looked
        seconds = (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
        if b"chromium" in command:
            used["browser"] += seconds
        elif b"streamlit" in command:
            used["server"] += seconds
    return used


async def _phase(name: str, phases: dict, loads) -> list[dict]:
    """Run page loads at once; record the phase's CPU seconds by browser and server."""
    before = _cpu_seconds()
    results = await asyncio.gather(*loads)
    after = _cpu_seconds()
    phases[name] = {kind: round(after[kind] - before[kind], 1) for kind in after}
    return list(results)


async def _upload(browser, url: str, csv_path: Path, events: dict) -> dict:
    """Import a registrations file through the Upload data page, as an analyst does; sets
    events['importing'] when the Import button is pressed."""
    from playwright.async_api import expect

    timeout = SESSION_TIMEOUT_SECONDS * 1000
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    started = time.perf_counter()
    try:
        await page.goto(f"{url}/upload?event={UPLOAD_EVENT}", timeout=timeout)
        await page.locator(".st-key-upload_file input[type=file]").set_input_files(str(csv_path))
        button = page.locator(".st-key-upload_import").get_by_role("button", name="Import")
        await expect(button).to_be_enabled(timeout=timeout)
        events["previewed"].set()
        await events["sessions_ready"].wait()
        pressed = time.perf_counter()
        await button.click()
        events["importing"].set()
        success = page.get_by_test_id("stAlertContentSuccess")
        await expect(success).to_be_visible(timeout=timeout)
        return {
            "status": (await success.text_content() or "").strip(),
            "import_seconds": round(time.perf_counter() - pressed, 2),
            "total_seconds": round(time.perf_counter() - started, 2),
        }
    except Exception as error:
        events["previewed"].set()
        events["importing"].set()
        return {"status": f"failed: {str(error).splitlines()[0]}"}
    finally:
        await context.close()


async def _sessions(url: str, chosen: dict, csv_path: Path) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # One browser profile for the readers' tabs, as one person's browser: the app's
        # JavaScript is downloaded and compiled once, not once per tab. Each tab is a
        # Streamlit session of its own.
        context = await browser.new_context(viewport=VIEWPORT)
        phases: dict[str, dict] = {}
        tabs: list = []
        try:
            # Warm the server: the first run imports pandas and plotly and reads the event
            # list, which every later session shares from the cache.
            await _load_report(context, url, generate.PROBE_EVENT_ID, tabs)
            (lone,) = await _phase(
                "alone", phases, [_load_report(context, url, chosen["lone"], tabs)]
            )
            without_import = await _phase(
                "without_import",
                phases,
                [_load_report(context, url, event, tabs) for event in chosen["without_import"]],
            )
            for tab in tabs:
                await tab.close()
            tabs.clear()
            signals = {
                "previewed": asyncio.Event(),
                "sessions_ready": asyncio.Event(),
                "importing": asyncio.Event(),
            }
            upload = asyncio.create_task(_upload(browser, url, csv_path, signals))
            await signals["previewed"].wait()
            signals["sessions_ready"].set()
            await signals["importing"].wait()
            with_import = await _phase(
                "with_import",
                phases,
                [_load_report(context, url, event, tabs) for event in chosen["with_import"]],
            )
            uploaded = await upload
        finally:
            await browser.close()
    return {
        "lone": lone,
        "without_import": without_import,
        "with_import": with_import,
        "upload": uploaded,
        "cpu_seconds": phases,
    }


def measure_concurrent_sessions(database: Path, sessions: int, import_file: Path) -> dict:
    """One session alone; then `sessions` sessions at once; then `sessions` sessions at once,
    started as an upload's import begins in the same server. Every session loads the report
    of a different mid-sized event, so that none is served from another's cached results."""
    if not has_dashboard():
        raise RuntimeError(f"{APP} or its Event report page is missing")
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: `make browser-deps` installs it")
    served = _served_copy(database)
    events = _session_events(database, 2 * sessions + 1)
    chosen = {
        "lone": events[0],
        "without_import": events[1 : sessions + 1],
        "with_import": events[sessions + 1 :],
    }
    log_path = generate.OUT_DIR / "serve.log"
    try:
        with background_server.serving(served, log_path, SERVER_START_SECONDS) as url:
            outcome = asyncio.run(_sessions(url, chosen, import_file))
    finally:
        for written in (served, Path(f"{served}.wal")):
            written.unlink(missing_ok=True)  # a copy as large as the scaled database
    alone = outcome["lone"]["seconds"]
    loads = outcome["with_import"]
    quiet = outcome["without_import"]
    everyone = [outcome["lone"], *quiet, *loads]
    slowest = max(load["seconds"] for load in loads)
    # The browsers' tabs, the server and the import share this machine's cores. The phase's
    # CPU seconds over the cores is how long the cores needed for its work at full use; over
    # the lone session's time, it is the ratio that work alone implies. A measured ratio close
    # to it means the phase was CPU-bound: only less work per session would lower it. (It is
    # an estimate, not a strict bound: some of the work, the import's and the tabs' last
    # drawing, may come after the slowest session's headline showed.)
    phase_cpu = sum(outcome["cpu_seconds"]["with_import"].values())
    cpu_bound_ratio = phase_cpu / (os.cpu_count() or 1) / alone
    return {
        "scale": _scale_of(database),
        "sessions": sessions,
        "alone_seconds": round(alone, 2),
        "alone_complete_seconds": _round(outcome["lone"]["complete_seconds"]),
        "without_import_slowest_seconds": round(max(load["seconds"] for load in quiet), 2),
        "without_import_median_seconds": round(
            statistics.median(load["seconds"] for load in quiet), 2
        ),
        "slowest_seconds": round(slowest, 2),
        "median_seconds": round(statistics.median(load["seconds"] for load in loads), 2),
        "slowest_complete_seconds": _round(
            max((load["complete_seconds"] or 0.0 for load in loads), default=0.0)
        ),
        "rendered": sum(1 for load in everyone if load["rendered"]),
        "failed": sum(1 for load in everyone if not load["rendered"]),
        "ratio": round(slowest / alone, 2),
        "without_import_ratio": round(max(load["seconds"] for load in quiet) / alone, 2),
        "cpu_bound_ratio": round(cpu_bound_ratio, 2),
        "import_rows": _rows_in(import_file),
        "import_status": outcome["upload"].get("status", ""),
        "import_seconds": outcome["upload"].get("import_seconds"),
        # Where the machine's CPU went in each phase: the browser's tabs run on the same two
        # cores as the server in this benchmark, not on users' own machines.
        "cpu_seconds": outcome["cpu_seconds"],
        "loads": {
            name: [
                {
                    key: _round(value) if isinstance(value, float) else value
                    for key, value in load.items()
                }
                for load in outcome[name]
            ]
            for name in ("without_import", "with_import")
        },
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _rows_in(csv_path: Path) -> int:
    with open(csv_path, "rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) - 1
