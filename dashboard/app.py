"""The dashboard's entry point: page configuration, the shared state, and the page router.

Run it with `surveydash serve` (or `make run`), which points $SURVEYDASH_DB at the database.
"""

from pathlib import Path

import streamlit as st

from dashboard import data_access, state
from surveydash.db import DatabaseError

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
]

try:
    data_access.database()
except DatabaseError as error:
    st.error(f"The dashboard cannot open its database. {error}")
    st.stop()

state.keep_selected_event()
# Every read of this page run sees one state of the database (see data_access.page_snapshot).
with data_access.page_snapshot():
    st.navigation(PAGES).run()
