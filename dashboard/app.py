"""The dashboard's entry point: page configuration, the sign-in gate, the shared state, and
the page router.

Run it with `surveydash serve` (or `make run`), which points $SURVEYDASH_DB at the database.
The gates come before the database is opened and before the navigation is built: a visitor who
has not signed in, or has no role, gets no data and no page; a signed-in user gets the pages
their role may see (surveydash.access.PAGE_ROLES), and a page left out of the navigation is not
reachable by its URL either.
"""

from pathlib import Path

import streamlit as st

from dashboard import data_access, signin, state
from surveydash import access
from surveydash.db import DatabaseError, DatabaseHeldElsewhere

# The tab's icon ships with the dashboard: a Material icon here would be fetched from Google's
# font host by every browser that opens a page, and pages must ask no host but the server.
FAVICON = Path(__file__).resolve().parent / "static" / "favicon.png"

st.set_page_config(page_title="surveydash", page_icon=str(FAVICON), layout="wide")

PAGES = [
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page(
        "views/event_report.py",
        title="Event report",
        icon=":material/summarize:",
        url_path="report",
    ),
    st.Page(
        "views/compare.py", title="Compare events", icon=":material/compare:", url_path="compare"
    ),
    st.Page("views/upload.py", title="Upload data", icon=":material/upload:", url_path="upload"),
    st.Page(
        "views/data_quality.py",
        title="Data quality",
        icon=":material/fact_check:",
        url_path="data-quality",
    ),
    st.Page(
        "views/certificates.py",
        title="Certificates",
        icon=":material/workspace_premium:",
        url_path="certificates",
    ),
    st.Page("views/admin.py", title="Admin", icon=":material/shield_person:", url_path="admin"),
]

if signin.sign_in_required() and not signin.is_signed_in():
    signin.show_sign_in()
    st.stop()

try:
    data_access.database()
except DatabaseHeldElsewhere:
    # A command (a scripted import, say) opened the file before any page did; it hands the file
    # back when it ends. While the dashboard holds it, commands hand themselves over instead.
    st.warning("A command is using the database right now. Reload this page in a moment.")
    st.stop()
except DatabaseError as error:
    st.error(f"The dashboard cannot open its database. {error}")
    st.stop()

actor = signin.current_actor()
# Read on every run, not kept from the sign-in: a removed user loses access at their next click.
role = data_access.role_of(actor)
if role is None:
    signin.show_no_access(actor)
    st.stop()

signin.show_who_is_signed_in(actor, role)
state.keep_selected_event()
# Every read of this page run sees one state of the database (see data_access.page_snapshot).
try:
    with data_access.page_snapshot():
        st.navigation([page for page in PAGES if access.may_see_page(role, page.url_path)]).run()
except access.AccessDenied as refused:
    # The role changed while the page was open: the engine refused the write.
    st.error(f"{refused}. Nothing was changed.")
