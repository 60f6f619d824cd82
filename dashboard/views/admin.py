"""Admin: who may sign in, the audit trail, and undoing mistakes (an import, an event, a person).

Only admins have this page in their navigation; every action here is checked again by the
engine (surveydash.access) and recorded in the audit trail. Each destructive action asks for a
confirmation first, as the CLI asks for --yes.
"""

import json

import pandas as pd
import streamlit as st

from dashboard import data_access
from dashboard.tables import show_table
from surveydash.access import ROLES, AccessDenied, UserError
from surveydash.corrections import CorrectionError

MESSAGE_KEY = "admin_message"
# The audit trail shown on the page; `surveydash audit` prints all of it.
AUDIT_ROWS_SHOWN = 200
FAILURES = (AccessDenied, UserError, CorrectionError)


def _done(kind: str, text: str) -> None:
    """Keep the outcome for the next run, and run again so every table shows the change."""
    st.session_state[MESSAGE_KEY] = (kind, text)
    st.rerun()


st.title("Admin")
if message := st.session_state.pop(MESSAGE_KEY, None):
    getattr(st, message[0])(message[1])

users_tab, audit_tab, imports_tab, events_tab, people_tab = st.tabs(
    ["Users", "Audit trail", "Imports", "Events", "Erase a person"]
)

with users_tab:
    users = data_access.users()
    if users:
        show_table(pd.DataFrame(users), key="users_table")
    else:
        st.info("No users yet: add the first admin here or with `surveydash users add`.")
    with st.form("add_user"):
        email = st.text_input("E-mail", key="user_email")
        role = st.selectbox("Role", ROLES, key="user_role")
        if st.form_submit_button("Add or change role"):
            try:
                _done("success", data_access.add_user(email, role))
            except FAILURES as error:
                st.error(str(error))
    if users:
        leaving = st.selectbox("Remove a user", [user["email"] for user in users], index=None)
        if leaving and st.button("Remove", key="remove_user"):
            try:
                data_access.remove_user(leaving)
                _done("success", f"{leaving} no longer has access.")
            except FAILURES as error:
                st.error(str(error))

with audit_tab:
    trail = data_access.audit_trail(AUDIT_ROWS_SHOWN)
    st.caption(f"The latest {AUDIT_ROWS_SHOWN} changes; `surveydash audit` lists all of them.")
    if trail:
        rows = [{**entry, "details": json.dumps(entry["details"], default=str)} for entry in trail]
        show_table(pd.DataFrame(rows), key="audit_table")
    else:
        st.info("No changes recorded yet.")

with imports_tab:
    history = data_access.import_history()
    current = history[history["replaced_by"].isna()]
    if current.empty:
        st.info("No imports yet.")
    else:
        labels = {
            int(row.import_id): f"#{row.import_id} {row.event_id}: {row.kind} from "
            f"{row.file_name} ({row.rows_imported} rows, {row.imported_by or '?'})"
            for row in current.itertuples()
        }
        undo_id = st.selectbox(
            "Import to undo", list(labels), format_func=labels.get, index=None, key="undo_id"
        )
        if undo_id is not None:
            sure = st.checkbox(f"Remove the rows of import #{undo_id}", key="undo_sure")
            if st.button("Undo import", disabled=not sure, key="undo_import"):
                try:
                    undone = data_access.undo_import(undo_id)
                    _done(
                        "success",
                        f"Undid import #{undo_id}: {undone['rows_imported']} rows removed.",
                    )
                except FAILURES as error:
                    st.error(str(error))

with events_tab:
    titles = data_access.event_titles()
    event_id = st.selectbox(
        "Event", list(titles), format_func=lambda e: f"{titles[e]} ({e})", index=None
    )
    if event_id:
        details = data_access.event_details(event_id) or {}
        with st.form("edit_event"):
            title = st.text_input("Title", value=details.get("title", ""))
            start = st.text_input("Start date", value=str(details.get("start_date") or ""))
            end = st.text_input("End date", value=str(details.get("end_date") or ""))
            if st.form_submit_button("Save"):
                try:
                    changed = data_access.edit_event(
                        event_id, title=title, start_date=start, end_date=end or None
                    )
                    _done("success", f"{event_id}: changed {', '.join(changed) or 'nothing'}.")
                except FAILURES as error:
                    st.error(str(error))
        typed = st.text_input(
            f"To delete the event and all its rows, type its id ({event_id})", key="delete_typed"
        )
        if st.button("Delete event", disabled=typed != event_id, key="delete_event"):
            try:
                data_access.delete_event(event_id)
                _done("success", f"Deleted event {event_id} and all its rows.")
            except FAILURES as error:
                st.error(str(error))

with people_tab:
    st.write(
        "Erases the person's registrations, attendance, survey responses and contact details "
        "in every event. The audit trail keeps the counts, not the address."
    )
    address = st.text_input("E-mail address", key="erase_email")
    sure = st.checkbox("Erase this person's data in every event", key="erase_sure")
    if st.button("Erase", disabled=not (address and sure), key="erase_person"):
        try:
            report = data_access.erase_person(address)
            st.session_state.pop("erase_email", None)
            _done(
                "success",
                f"Erased {report.total} rows in {len(report.events)} events."
                if report.total
                else "No rows of this address: nothing to erase.",
            )
        except FAILURES as error:
            st.error(str(error))
