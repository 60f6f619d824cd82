"""The dashboard with sign-in on (`surveydash serve --auth FILE`), under AppTest: who sees
which pages, what a visitor without a role sees, and the admin page's actions.

AppTest sets the signed-in user through `app.user`; the real sign-in against an OpenID Connect
provider is tested in Chromium (tests/browser/test_signin_in_browser.py)."""

from __future__ import annotations

import shutil

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import data_access
from surveydash import settings
from surveydash.access import Actor, add_user, remove_user
from surveydash.db import Database
from tests.test_pages import (
    APP,
    DATA_QUALITY,
    OVERVIEW,
    REPORT,
    RUN_TIMEOUT_SECONDS,
    UPLOAD,
    open_section,
    page_text,
)

ADMIN_PAGE = "views/admin.py"
LOCAL = Actor("local-admin", signed_in=False)
KRILA_TITLE = "2022 UN DESA-KRILA Forum"


@pytest.fixture(autouse=True)
def fresh_streamlit_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def users_db(demo_db_path, tmp_path):
    """A copy of the demo database with a viewer, an analyst and an admin."""
    path = tmp_path / "users.duckdb"
    shutil.copyfile(demo_db_path, path)
    with Database(path) as db:
        add_user(db, LOCAL, "viewer@example.org", "viewer")
        add_user(db, LOCAL, "analyst@example.org", "analyst")
        add_user(db, LOCAL, "admin@example.org", "admin")
    return path


def signed_in_app(database, monkeypatch, user: dict) -> AppTest:
    monkeypatch.setenv(settings.DB_ENV_VAR, str(database))
    monkeypatch.setenv(settings.SIGN_IN_ENV_VAR, "1")
    app = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_SECONDS)
    app.user = user
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def as_user(email: str) -> dict:
    return {"is_logged_in": True, "email": email}


def title_after_switching(app: AppTest, page: str) -> str:
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app.title[0].value


def test_a_visitor_who_has_not_signed_in_sees_a_sign_in_button_and_no_data(users_db, monkeypatch):
    app = signed_in_app(users_db, monkeypatch, {"is_logged_in": False})
    assert [button.label for button in app.button] == ["Sign in"]
    text = page_text(app)
    assert KRILA_TITLE not in text and "krila" not in text.lower()
    assert not app.metric and not app.get("plotly_chart")


def test_a_signed_in_stranger_sees_no_access_and_no_data(users_db, monkeypatch):
    app = signed_in_app(users_db, monkeypatch, as_user("stranger@example.org"))
    assert app.title[0].value == "No access"
    assert "stranger@example.org" in app.markdown[0].value
    assert KRILA_TITLE not in page_text(app) and not app.metric


def test_a_viewer_reads_reports_but_cannot_reach_upload_or_data_quality(users_db, monkeypatch):
    app = signed_in_app(users_db, monkeypatch, as_user("Viewer@Example.org"))
    assert app.title[0].value == "Events overview"
    assert title_after_switching(app, REPORT) == "Event report"
    # Pages left out of the navigation are not registered at all (the browser test tries URLs).
    for page in (UPLOAD, DATA_QUALITY, ADMIN_PAGE):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(page)
    assert "Signed in as viewer@example.org (viewer)" in page_text(app)


def test_an_analyst_has_upload_and_data_quality_but_not_admin(users_db, monkeypatch):
    app = signed_in_app(users_db, monkeypatch, as_user("analyst@example.org"))
    assert title_after_switching(app, UPLOAD) == "Upload data"
    assert title_after_switching(app, DATA_QUALITY) == "Data quality"
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(ADMIN_PAGE)


def test_roles_are_read_on_every_run_not_kept_from_the_sign_in(users_db, monkeypatch):
    app = signed_in_app(users_db, monkeypatch, as_user("analyst@example.org"))
    assert title_after_switching(app, UPLOAD) == "Upload data"
    # The app's connection holds the file (one process per file): change the role through it.
    remove_user(data_access.database(), LOCAL, "analyst@example.org")
    app.run()
    assert app.title[0].value == "No access"


def test_the_admin_page_lists_users_and_the_audit_and_adds_a_user(users_db, monkeypatch):
    app = signed_in_app(users_db, monkeypatch, as_user("admin@example.org"))
    assert title_after_switching(app, ADMIN_PAGE) == "Admin"
    users = app.get_by_key("users_table").dataframe[0].value
    assert list(users["email"]) == [
        "admin@example.org",
        "analyst@example.org",
        "viewer@example.org",
    ]
    app.text_input(key="user_email").input("new.viewer@example.org")
    app.selectbox(key="user_role").select("viewer")
    app.button[0].click()  # the form's submit button
    app.run()
    assert not app.exception
    assert app.success[0].value == "new.viewer@example.org: added as viewer"
    audit = app.get_by_key("audit_table").dataframe[0].value
    assert audit.iloc[0]["actor"] == "admin@example.org"
    assert (
        audit.iloc[0]["action"] == "user.add"
        and audit.iloc[0]["target"] == "new.viewer@example.org"
    )


def test_without_sign_in_the_local_user_has_every_page(demo_db_path, monkeypatch):
    monkeypatch.delenv(settings.SIGN_IN_ENV_VAR, raising=False)
    monkeypatch.setenv(settings.DB_ENV_VAR, str(demo_db_path))
    app = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_SECONDS).run()
    assert app.title[0].value == "Events overview"
    for page, title in (
        (UPLOAD, "Upload data"),
        (ADMIN_PAGE, "Admin"),
        (OVERVIEW, "Events overview"),
    ):
        assert title_after_switching(app, page) == title


def test_the_admin_page_undoes_an_import_only_once_confirmed(users_db, monkeypatch):
    app = signed_in_app(users_db, monkeypatch, as_user("admin@example.org"))
    assert title_after_switching(app, ADMIN_PAGE) == "Admin"
    cursor = data_access.database().cursor()
    survey_import, rows = cursor.execute(
        "select import_id, rows_imported from import_log "
        "where event_id = 'krila-2022' and kind = 'survey'"
    ).fetchall()[0]
    app.selectbox(key="undo_id").select(survey_import)
    app.run()
    undo = next(button for button in app.button if button.key == "undo_import")
    assert undo.disabled
    app.checkbox(key="undo_sure").check()
    app.run()
    next(button for button in app.button if button.key == "undo_import").click()
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.success[0].value == f"Undid import #{survey_import}: {rows} rows removed."
    responses = cursor.execute(
        "select count(*) from responses where event_id = 'krila-2022'"
    ).fetchall()[0][0]
    assert responses == 0
    actor, action = cursor.execute(
        "select actor, action from audit order by audit_id desc limit 1"
    ).fetchall()[0]
    assert (actor, action) == ("admin@example.org", "import.undo")


def test_a_viewer_reads_the_open_answers_but_chooses_no_quotes_and_no_kind(users_db, monkeypatch):
    app = signed_in_app(users_db, monkeypatch, as_user("viewer@example.org"))
    app.query_params["event"] = "krila-2022"
    assert title_after_switching(app, REPORT) == "Event report"
    open_section(app, "Open answers")
    assert "Examples of local public service delivery from other countries." in page_text(app)
    labels = [button.label for button in app.button]
    assert "Save the choice of quotes" not in labels and "Save" not in labels
    assert not [box for box in app.checkbox if box.label == "Quote this answer"]
    assert not [field for field in app.text_input if field.key == "event_kind"]


def test_an_analyst_renames_what_the_report_calls_the_event(users_db, monkeypatch):
    app = signed_in_app(users_db, monkeypatch, as_user("analyst@example.org"))
    app.query_params["event"] = "krila-2022"
    assert title_after_switching(app, REPORT) == "Event report"
    assert app.code[0].value.startswith("The Forum received 693 registrations")
    app.text_input(key="event_kind").set_value("Webinar")
    app.button(key="save_event_kind").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.code[0].value.startswith("The Webinar received 693 registrations")
    # The quote form is there for the analyst.
    open_section(app, "Open answers")
    assert "Save the choice of quotes" in [button.label for button in app.button]
