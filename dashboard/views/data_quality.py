"""Data quality: what was imported, by whom and when, and the country and sector values the
importer could not place, with a way to map each once so that every event benefits."""

import streamlit as st

from dashboard import data_access
from dashboard.formatting import markdown_escape
from dashboard.tables import download_csv, show_table
from surveydash.mappings import MappingError
from surveydash.personal_data import mask
from surveydash.sectors import SECTORS

COUNTRY_VALUE_KEY, COUNTRY_TARGET_KEY = "fix_country_value", "fix_country_target"
SECTOR_VALUE_KEY, SECTOR_TARGET_KEY = "fix_sector_value", "fix_sector_target"
FIX_MESSAGE_KEY = "data_quality_message"

IMPORT_LOG_COLUMNS = {
    "imported_at": "When",
    "imported_by": "Who",
    "event_id": "Event",
    "kind": "Kind",
    "file_name": "File",
    "source": "Made by",
    "rows_read": "Rows read",
    "rows_imported": "Imported",
    "rows_rejected": "Rejected",
    "rows_excluded": "Left out on purpose",
    "replaced_by": "Replaced by import",
    "file_sha256": "Content hash (SHA-256)",
    "import_id": "Import",
}


def rows_updated(count: int) -> str:
    return f"{count:,} row{'s' if count != 1 else ''} updated"


def _fix_country() -> None:
    raw = st.session_state.get(COUNTRY_VALUE_KEY)
    iso3 = st.session_state.get(COUNTRY_TARGET_KEY)
    if not raw or not iso3:
        st.session_state[FIX_MESSAGE_KEY] = ("warning", "Choose a value and a country first.")
        return
    try:
        updated = data_access.map_country(raw, iso3)
    except MappingError as error:
        st.session_state[FIX_MESSAGE_KEY] = ("error", str(error))
        return
    st.session_state[FIX_MESSAGE_KEY] = (
        "success",
        f"“{raw}” now means {dict(data_access.country_choices()).get(iso3, iso3)}: "
        f"{rows_updated(updated)}, and "
        "future imports will map it the same way.",
    )


def _fix_sector() -> None:
    raw = st.session_state.get(SECTOR_VALUE_KEY)
    sector = st.session_state.get(SECTOR_TARGET_KEY)
    if not raw or not sector:
        st.session_state[FIX_MESSAGE_KEY] = ("warning", "Choose a value and a sector first.")
        return
    try:
        updated = data_access.map_sector(raw, sector)
    except MappingError as error:
        st.session_state[FIX_MESSAGE_KEY] = ("error", str(error))
        return
    st.session_state[FIX_MESSAGE_KEY] = (
        "success",
        f"“{raw}” now counts as {sector}: {rows_updated(updated)}, and future imports will "
        "map it the same way.",
    )


st.title("Data quality")

message = st.session_state.pop(FIX_MESSAGE_KEY, None)
if message:
    level, text = message
    getattr(st, level)(markdown_escape(text))

# -- import log --------------------------------------------------------------------------------

st.subheader("Import log")
history = data_access.import_history()
if history.empty:
    st.info(
        "Nothing imported yet: upload a file on the Upload data page, or run the demo with "
        "`surveydash demo`."
    )
else:
    log = history[list(IMPORT_LOG_COLUMNS)].rename(columns=IMPORT_LOG_COLUMNS)
    show_table(
        log,
        "import_log",
        column_config={
            "When": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
            "Rows read": st.column_config.NumberColumn(format="%,d"),
            "Imported": st.column_config.NumberColumn(format="%,d"),
            "Rejected": st.column_config.NumberColumn(format="%,d"),
            "Left out on purpose": st.column_config.NumberColumn(format="%,d"),
            "Replaced by import": st.column_config.NumberColumn(format="%d"),
            "Import": st.column_config.NumberColumn(format="%d"),
        },
    )
    download_csv(log, "Download the import log (CSV)", "import-log.csv", "download_import_log")

# -- countries ---------------------------------------------------------------------------------

st.subheader("Country values not recognized")
countries = data_access.unrecognized_countries()
country_names = dict(data_access.country_choices())
if countries.empty:
    st.success("Every country value in the data was recognized.")
else:
    st.caption(
        "Values that matched no country (they count as “not stated”), and values matched only "
        "by a close spelling (check the guess). Rows: registrations and survey responses."
    )
    # A value as written may hold what someone typed by mistake (an e-mail address in the
    # country cell): shown masked, as everywhere else.
    country_table = countries.assign(
        country_raw=countries["country_raw"].map(mask),
        guess=countries["iso3"].map(lambda iso3: country_names.get(iso3, "") if iso3 else ""),
    )[["country_raw", "method", "guess", "rows", "events"]].rename(
        columns={
            "country_raw": "Value as written",
            "method": "Match",
            "guess": "Guessed country",
            "rows": "Rows",
            "events": "Events",
        }
    )
    show_table(
        country_table,
        "unrecognized_countries",
    )
    with st.form("fix_country", border=True):
        st.markdown("**Map a value to a country**")
        value_column, target_column = st.columns(2)
        value_column.selectbox(
            "Value as written",
            countries["country_raw"].tolist(),
            format_func=mask,
            key=COUNTRY_VALUE_KEY,
        )
        target_column.selectbox(
            "Country",
            list(country_names),
            index=None,
            format_func=lambda iso3: f"{country_names[iso3]} ({iso3})",
            key=COUNTRY_TARGET_KEY,
            placeholder="Type to search",
        )
        st.form_submit_button("Map country", on_click=_fix_country, key="fix_country_apply")
    if (countries["method"] == "fuzzy").any():
        st.caption("To confirm a guess, choose the value and its guessed country, and map it.")

# -- sectors -----------------------------------------------------------------------------------

st.subheader("Sector values not mapped")
sectors = data_access.unmapped_sectors()
if sectors.empty:
    st.success("Every sector value in the data was mapped to a report category.")
else:
    st.caption("Values that matched no report category: they count as “Other” until mapped.")
    show_table(
        sectors.assign(sector_raw=sectors["sector_raw"].map(mask)).rename(
            columns={"sector_raw": "Value as written", "rows": "Rows", "events": "Events"}
        ),
        "unmapped_sectors",
    )
    with st.form("fix_sector", border=True):
        st.markdown("**Map a value to a sector**")
        value_column, target_column = st.columns(2)
        value_column.selectbox(
            "Value as written",
            sectors["sector_raw"].tolist(),
            format_func=mask,
            key=SECTOR_VALUE_KEY,
        )
        target_column.selectbox(
            "Sector", list(SECTORS), index=None, key=SECTOR_TARGET_KEY, placeholder="Choose"
        )
        st.form_submit_button("Map sector", on_click=_fix_sector, key="fix_sector_apply")
