"""How the browser tests move around the dashboard and what they check on every page, in the
words of a person using it: open a link, click a page in the sidebar, choose an option, read a
figure, save a screenshot."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

SCREENSHOTS_DIR = Path(__file__).resolve().parent.parent / "screenshots"
VIEWPORT = {"width": 1400, "height": 1000}

# The demo's event that outcome reports quote (data/demo/krila-2022).
KRILA = "krila-2022"
KRILA_TITLE = "2022 UN DESA-KRILA Forum"


def wait_until_page_has_run(tab: Page) -> None:
    """Wait until Streamlit has finished running the page and drawing it: the app says its
    script is not running, no element is greyed out as stale, no placeholder is waiting for a
    component's code (charts and buttons load lazily), and every chart has been drawn."""
    expect(tab.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    expect(tab.locator('[data-stale="true"]')).to_have_count(0)
    expect(tab.get_by_test_id("stSkeleton")).to_have_count(0)
    expect(tab.locator('[data-testid="stPlotlyChart"]:not(:has(.main-svg))')).to_have_count(0)


def page_title(tab: Page, title: str) -> Locator:
    return tab.get_by_role("heading", name=title, exact=True, level=1)


def open_url(tab: Page, url: str, title: str) -> None:
    """Type a link into the address bar, and wait for the page with that title to be drawn."""
    tab.goto(url)
    expect(page_title(tab, title)).to_be_visible()
    wait_until_page_has_run(tab)


def click_in_sidebar(tab: Page, label: str, title: str) -> None:
    """Click a page in the sidebar, and wait for the page with that title to be drawn."""
    tab.get_by_test_id("stSidebarNav").get_by_role("link", name=label, exact=True).click()
    expect(page_title(tab, title)).to_be_visible()
    wait_until_page_has_run(tab)


def choose_option(tab: Page, widget_key: str, option: str) -> None:
    """Open a select box or multiselect (found by its key) and click one of its options."""
    tab.locator(f".st-key-{widget_key}").get_by_role("combobox").click()
    tab.get_by_role("option", name=option, exact=True).click()


def metric_value(tab: Page, label: str) -> Locator:
    """The figure shown under a metric's label ("Registrations" -> "693")."""
    metric = tab.get_by_test_id("stMetric").filter(
        has=tab.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    )
    return metric.get_by_test_id("stMetricValue")


def expect_report_of_krila(tab: Page) -> None:
    """The report page shows KRILA's figures, and its address links to KRILA."""
    expect(tab.get_by_role("heading", name=KRILA_TITLE, exact=True)).to_be_visible()
    expect(metric_value(tab, "Registrations")).to_have_text("693")
    expect(tab).to_have_url(re.compile(rf"/report\?(.*&)?event={KRILA}\b"))


def expect_page_healthy(tab: Page) -> None:
    """No exception on the page, and no participant's e-mail address anywhere in it (the
    DOM's whole text, which includes the text Streamlit keeps beside its canvas tables)."""
    expect(tab.get_by_test_id("stException")).to_have_count(0)
    body = tab.locator("body")
    expect(body).not_to_contain_text("Traceback")
    # What Streamlit shows instead of the exception (showErrorDetails = "none").
    expect(body).not_to_contain_text("This app has encountered an error")
    assert "@example.org" not in (body.text_content() or "")


def screenshot(tab: Page, name: str) -> Path:
    """Save the whole page as the user sees it, for a person to look at (tests/screenshots/ is
    git-ignored). Streamlit scrolls its main area inside a window-high frame, so a "full
    page" screenshot would stop at the window's edge: the window is made as tall as the page
    for the picture, then put back."""
    wait_until_page_has_run(tab)
    SCREENSHOTS_DIR.mkdir(exist_ok=True)
    path = SCREENSHOTS_DIR / f"{name}.png"
    page_height = tab.evaluate(
        "() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight ?? 0"
    )
    tab.set_viewport_size({**VIEWPORT, "height": max(VIEWPORT["height"], page_height)})
    # Charts redraw for the new width and height after a resize event; give them the time.
    tab.wait_for_timeout(500)
    tab.screenshot(path=str(path), full_page=True)
    tab.set_viewport_size(VIEWPORT)
    return path
