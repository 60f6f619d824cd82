"""Certificates of attendance: the rule of the selected event (minutes attended, or sessions)
and the list of the attendees who meet it, to download as CSV or XLSX.

The list is the one output with names and e-mail addresses, so this page shows only how many
qualify; the names are in the downloaded file alone, made when the button is clicked (and the
engine logs each list made). It is a page of its own so that it can be offered to analysts and
admins only."""

import functools

import streamlit as st

from dashboard import data_access, state
from dashboard.formatting import format_count, markdown_escape
from surveydash import certificates
from surveydash.table_files import XLSX_MEDIA_TYPE, table_bytes

EVENT_KEY = "certificate_event"
RULE_SAVED_KEY = "certificate_rule_saved"
# Where an event has no rule yet, the form starts from two thirds of a three-hour session, a
# common bar for "attended"; the analyst changes it before saving.
DEFAULT_MINUTES = 120
DEFAULT_SESSIONS = 1
FILE_TYPES = {".csv": "text/csv", ".xlsx": XLSX_MEDIA_TYPE}


def _remember_chosen_event() -> None:
    if chosen := st.session_state.get(EVENT_KEY):
        state.select_event(chosen)


def _list_file(event_id: str, suffix: str) -> bytes:
    """The list as a file's bytes, made (and logged) when the download button is clicked."""
    recipients = data_access.certificate_recipients(event_id, purpose=f"a {suffix} download")
    return table_bytes(recipients, suffix, sheet_name="Certificates")


st.title("Certificates of attendance")

titles = data_access.event_titles()
if not titles:
    st.info("No events yet: upload an attendance report on the Upload data page first.")
    st.page_link("views/upload.py", label="Upload data", icon=":material/upload:")
    st.stop()

selected = state.selected_event()
event_id = selected if selected in titles else next(iter(titles))
if st.session_state.get(EVENT_KEY) != event_id:
    st.session_state[EVENT_KEY] = event_id
st.selectbox(
    "Event",
    list(titles),
    format_func=lambda option: f"{titles[option]} ({option})",
    key=EVENT_KEY,
    on_change=_remember_chosen_event,
)

if saved := st.session_state.pop(RULE_SAVED_KEY, None):
    st.success(saved, icon=":material/check:")

rule = data_access.certificate_rule(event_id)
with st.form("certificate_rule_form", border=True):
    st.markdown("**Who receives a certificate**")
    rule_kind = st.radio(
        "Count",
        list(certificates.RULES),
        index=list(certificates.RULES).index(rule.rule) if rule else 0,
        format_func=certificates.RULES.get,
        horizontal=True,
        key="certificate_rule",
    )
    minimum = st.number_input(
        "At least",
        min_value=1,
        step=1,
        value=rule.minimum if rule else DEFAULT_MINUTES,
        key="certificate_minimum",
        help=f"Minutes in all, or sessions (days); a new rule starts at {DEFAULT_MINUTES} "
        f"minutes or {DEFAULT_SESSIONS} session.",
    )
    if st.form_submit_button("Save the rule", key="certificate_save"):
        saved_rule = data_access.set_certificate_rule(event_id, rule_kind, int(minimum))
        st.session_state[RULE_SAVED_KEY] = (
            f"Certificates of {markdown_escape(titles[event_id])} go to attendees with "
            f"{saved_rule.describe()}."
        )
        st.rerun()

if rule is None:
    st.info("This event has no rule yet: choose one above and save it to make the list.")
    st.stop()

recipients = data_access.certificate_recipients(event_id, purpose="the count on the page")
st.metric("Attendees who qualify", format_count(len(recipients)))
st.caption(
    f"Attendees with {rule.describe()}. The list gives each one's name, e-mail address, "
    "minutes and sessions attended: personal data, to be used only to send the certificates. "
    "Each list downloaded is logged."
)
with st.container(horizontal=True, key="certificate_downloads"):
    for suffix, media_type in FILE_TYPES.items():
        st.download_button(
            f"List ({suffix.removeprefix('.').upper()})",
            functools.partial(_list_file, event_id, suffix),
            file_name=f"{event_id}-certificates{suffix}",
            mime=media_type,
            key=f"download_certificates_{suffix.removeprefix('.')}",
            on_click="ignore",
            icon=":material/download:",
        )
