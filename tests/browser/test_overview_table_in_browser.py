"""The Overview's events table on a laptop's window: every column fits, none is cut off behind
a horizontal scroll bar (a new user's trial found the last one, the rating, out of sight)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.dashboard_ui import expect_page_healthy, open_url, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# A 13-inch laptop's browser window, with the sidebar open.
LAPTOP_VIEWPORT = {"width": 1280, "height": 800}


def overflow(page) -> dict:
    """How wide the table's columns are against the width the page gives it, in pixels."""
    return page.locator(".st-key-events_table .dvn-scroller").evaluate(
        "scroller => ({content: scroller.scrollWidth, shown: scroller.clientWidth})"
    )


@pytest.mark.parametrize("region", [None, "Europe"])
def test_every_overview_column_fits_a_laptops_window(served_app, browser, region):
    context = browser.new_context(viewport=LAPTOP_VIEWPORT)
    page = context.new_page()
    try:
        query = f"?overview_region={region}" if region else ""
        open_url(page, served_app.url + query, "Events overview")
        table = page.locator(".st-key-events_table")
        expect(table.locator('[data-testid^="glide-cell-"]').first).to_be_attached()
        widths = overflow(page)
        assert widths["content"] <= widths["shown"], widths
        # The last column (the 9th, after the selection boxes) holds the ratings: KRILA's 82.8.
        expect(
            table.locator('[data-testid^="glide-cell-8-"]').filter(has_text="82.8")
        ).to_have_count(1)
        if region:
            people = page.locator(".st-key-region_table .dvn-scroller").evaluate(
                "scroller => scroller.scrollWidth <= scroller.clientWidth"
            )
            assert people, "the table of people from the region is cut off"
        screenshot(page, f"overview-laptop{'-' + region.lower() if region else ''}")
        expect_page_healthy(page)
    finally:
        context.close()
