"""How every page shows a table and offers it as CSV and XLSX files, so that both look and
behave the same on every page (and tests and browser tests find them by a stable key)."""

from __future__ import annotations

import functools
from pathlib import PurePath

import pandas as pd
import streamlit as st

from dashboard.formatting import csv_download_bytes, xlsx_download_bytes
from surveydash.table_files import XLSX_MEDIA_TYPE


def show_table(frame: pd.DataFrame, key: str, **options) -> None:
    """A read-only table inside a container keyed `key`. (Streamlit gives a plain table no
    key of its own; the container's key marks it for tests and as a CSS class `st-key-...`.)
    Cells are shown as text: nothing in them is read as Markdown or HTML."""
    with st.container(key=key):
        st.dataframe(frame, **{"hide_index": True, **options})


def download_csv(frame: pd.DataFrame, label: str, file_name: str, key: str) -> None:
    """Two buttons that download the table: as CSV (formula-like cells neutralized; key `key`)
    and as XLSX (no cell a formula or a link; key `key`_xlsx, label and file name with XLSX in
    place of CSV)."""
    with st.container(horizontal=True, key=f"{key}_files"):
        st.download_button(
            label,
            csv_download_bytes(frame),
            file_name=file_name,
            mime="text/csv",
            key=key,
            on_click="ignore",
            icon=":material/download:",
        )
        st.download_button(
            label.replace("CSV", "XLSX") if "CSV" in label else f"{label} (XLSX)",
            # A workbook is made when clicked, not on every run of the page.
            functools.partial(xlsx_download_bytes, frame, PurePath(file_name).stem),
            file_name=str(PurePath(file_name).with_suffix(".xlsx")),
            mime=XLSX_MEDIA_TYPE,
            key=f"{key}_xlsx",
            on_click="ignore",
            icon=":material/table:",
        )
