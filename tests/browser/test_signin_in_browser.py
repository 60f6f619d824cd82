"""Signing in as a person does it: Chromium against `surveydash serve --auth FILE`, with a local
OpenID Connect provider (oidc-provider-mock) standing in for the organization's.

The mock's sign-in form takes one field and uses it as the e-mail. It serves plain http, which
Authlib refuses unless AUTHLIB_INSECURE_TRANSPORT is set: set here, for these tests only.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from unittest import mock

import pytest
from playwright.sync_api import expect

from surveydash import background_server
from surveydash.access import Actor, add_user
from surveydash.db import Database
from tests.browser.conftest import SERVER_START_SECONDS
from tests.browser.dashboard_ui import KRILA_TITLE, open_url, page_title, wait_until_page_has_run

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PROVIDER_START_SECONDS = 30


@pytest.fixture(scope="module")
def identity_provider(tmp_path_factory):
    """oidc-provider-mock on a free loopback port; yields its base URL."""
    port = background_server.free_port()
    log = (tmp_path_factory.mktemp("oidc") / "oidc.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + PROVIDER_START_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("oidc-provider-mock did not start") from None
                time.sleep(0.3)
        yield url
    finally:
        background_server.stop(process)
        log.close()


@pytest.fixture(scope="module")
def signin_app(tmp_path_factory, demo_db_path, identity_provider):
    """The dashboard with sign-in on a copy of the demo database that has a viewer and an
    analyst; yields its base URL."""
    folder = tmp_path_factory.mktemp("signin")
    database = folder / "served.duckdb"
    shutil.copy(demo_db_path, database)
    local = Actor("test-setup", signed_in=False)
    with Database(database) as db:
        add_user(db, local, "viewer@example.org", "viewer")
        add_user(db, local, "analyst@example.org", "analyst")
    port = background_server.free_port()
    # Outside the checkout, as a deployment keeps it; `serve --auth` passes it to Streamlit.
    auth_file = folder / "auth.toml"
    auth_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(16)}"\n'
        'client_id = "surveydash"\n'
        'client_secret = "not-a-secret"\n'
        f'server_metadata_url = "{identity_provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    with (
        mock.patch.dict(os.environ, {"AUTHLIB_INSECURE_TRANSPORT": "1"}),
        background_server.serving(
            database, folder / "serve.log", SERVER_START_SECONDS, port=port, auth_file=auth_file
        ) as url,
    ):
        yield url


def sign_in(page, app_url: str, email: str) -> None:
    """Open the dashboard, click Sign in, give the provider's form an e-mail, come back."""
    page.goto(app_url)
    page.get_by_role("button", name="Sign in").click()
    page.locator("input[name=sub]").fill(email)
    page.get_by_role("button", name="Authorize").click()
    expect(page).to_have_url(re.compile(re.escape(app_url) + r"/?$"))


def sidebar_links(page) -> list[str]:
    """The pages in the sidebar, by label (each link's text starts with its icon's name)."""
    links = page.get_by_test_id("stSidebarNav").get_by_role("link").all_inner_texts()
    return [text.strip().splitlines()[-1] for text in links]


def test_a_visitor_who_has_not_signed_in_sees_no_figure_and_no_event_name(signin_app, page):
    page.goto(signin_app)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    wait_until_page_has_run(page)
    body = page.locator("body").text_content() or ""
    assert KRILA_TITLE not in body and "krila" not in body.lower()
    expect(page.get_by_test_id("stMetric")).to_have_count(0)
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    for path in ("report?event=krila-2022", "upload"):
        page.goto(f"{signin_app}/{path}")
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        assert KRILA_TITLE not in (page.locator("body").text_content() or "")


def test_a_signed_in_stranger_sees_no_access(signin_app, page):
    sign_in(page, signin_app, "stranger@example.org")
    expect(page_title(page, "No access")).to_be_visible()
    expect(page.locator("body")).to_contain_text("You are signed in as stranger@example.org")
    wait_until_page_has_run(page)
    assert KRILA_TITLE not in (page.locator("body").text_content() or "")
    expect(page.get_by_test_id("stMetric")).to_have_count(0)


def test_a_viewer_has_no_upload_or_data_quality_page_even_by_url(signin_app, page):
    sign_in(page, signin_app, "viewer@example.org")
    expect(page_title(page, "Events overview")).to_be_visible()
    wait_until_page_has_run(page)
    assert sidebar_links(page) == ["Overview", "Event report", "Compare events"]
    for path in ("upload", "data-quality", "certificates", "admin"):
        page.goto(f"{signin_app}/{path}")
        # Streamlit runs the default page for an address it does not know.
        expect(page_title(page, "Events overview")).to_be_visible()
        wait_until_page_has_run(page)
        for title in ("Upload data", "Data quality", "Certificates of attendance", "Admin"):
            expect(page_title(page, title)).to_have_count(0)
    open_url(page, f"{signin_app}/report?event=krila-2022", "Event report")
    expect(page.get_by_role("heading", name=KRILA_TITLE, exact=True)).to_be_visible()


def test_an_analyst_has_upload_and_data_quality(signin_app, page):
    sign_in(page, signin_app, "analyst@example.org")
    expect(page_title(page, "Events overview")).to_be_visible()
    wait_until_page_has_run(page)
    assert sidebar_links(page) == [
        "Overview",
        "Event report",
        "Compare events",
        "Upload data",
        "Data quality",
        "Certificates",
    ]
    open_url(page, f"{signin_app}/upload", "Upload data")
    open_url(page, f"{signin_app}/data-quality", "Data quality")
