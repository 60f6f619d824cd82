"""How every page shows a table and offers it as a CSV file, so that both look and behave the
same on every page (and tests and browser tests find them by a stable key)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.formatting import csv_download_bytes


def show_table(frame: pd.DataFrame, key: str, **options) -> None:
    """A read-only table inside a container keyed `key`. (Streamlit gives a plain table no
    key of its own; the container's key marks it for tests and as a CSS class `st-key-...`.)
    Cells are shown as text: nothing in them is read as Markdown or HTML."""
    with st.container(key=key):
        st.dataframe(frame, **{"hide_index": True, **options})


def download_csv(frame: pd.DataFrame, label: str, file_name: str, key: str) -> None:
    """A button that downloads the table as CSV, formula-like cells neutralized."""
    st.download_button(
        label,
        csv_download_bytes(frame),
        file_name=file_name,
        mime="text/csv",
        key=key,
        on_click="ignore",
        icon=":material/download:",
    )
