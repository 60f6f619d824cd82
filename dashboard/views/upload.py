"""Upload data: choose or create the event, upload a CSV or Excel file, check what the importer
understood (and correct it), then import. Nothing is written until the user presses Import."""

import hashlib
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import data_access, state
from dashboard.formatting import format_count, markdown_escape
from dashboard.tables import show_table
from surveydash.events import EVENT_FORMATS, EventError, EventSpec
from surveydash.fields import KIND_FIELDS, KINDS
from surveydash.import_preview import (
    PERSONAL_FIELDS,
    PREVIEW_ROWS,
    generic_guess,
    personal_headers,
    preview_frame,
    problems_table,
    suggested_event_id,
)
from surveydash.importer import ImportOptions, ImportResult
from surveydash.personal_data import KindMismatch, mask
from surveydash.questions import CANONICAL_INDICATORS, INDICATOR_LABELS, QUESTION_KINDS
from surveydash.readers import FileSample
from surveydash.readers.generic import guess_kind
from surveydash.settings import MAX_UPLOAD_MB
from surveydash.tabular import FileRefused, reader_failure

EXISTING, NEW = "existing", "new"
DETECT = ""
KIND_LABELS = {
    DETECT: "Detect from the file",
    "registrations": "Registrations (one row per registration)",
    "attendance": "Attendance (one row per join, e.g. a Zoom report)",
    "survey": "Survey responses (one row per response)",
}
FIELD_LABELS = {
    "email": "E-mail",
    "first_name": "First name",
    "last_name": "Last name",
    "country": "Country",
    "sector": "Sector (type of organization)",
    "organization": "Organization",
    "gender": "Gender",
    "registered_at": "Registered at",
    "join_time": "Join time",
    "leave_time": "Leave time",
    "minutes": "Minutes attended",
    "session": "Session / day",
    "submitted_at": "Submitted at",
    "question": "A survey question",
    "ignore": "Leave out",
    "personal": "Personal data (held back)",
}
NO_INDICATOR = "none"
QUESTION_KIND_LABELS = {
    "rating": "Rating",
    "number": "Number",
    "single_choice": "Single choice",
    "multiple_choice": "Multiple choice",
    "yes_no": "Yes / no",
    "text": "Open text",
}

# Widget keys (stable, so that tests and the browser tests can drive the page).
MODE_KEY, EVENT_KEY = "upload_event_mode", "upload_event"
KIND_KEY, SOURCE_KEY, FILE_KEY = "upload_kind", "upload_source", "upload_file"
COLUMNS_EDITOR_KEY, QUESTIONS_EDITOR_KEY = "upload_columns", "upload_questions"
EXISTING_KEY, SKIP_KEY, IMPORT_KEY = "upload_existing", "upload_skip_bad_rows", "upload_import"
PERSONAL_EDITOR_KEY, CONFIRM_KIND_KEY = "upload_personal", "upload_confirm_kind"
# Page memory between runs: what the editors' rows were, which file they belong to, and the
# outcome of the last import.
EDITOR_HEADERS, EDITOR_QUESTIONS = "upload_editor_headers", "upload_editor_questions"
EDITOR_PERSONAL = "upload_editor_personal"
EDITED_FILE, DONE, CREATED = "upload_edited_file", "upload_done", "upload_event_created"


# -- helpers -----------------------------------------------------------------------------------


def show_refusal(refused: FileRefused, what: str) -> None:
    count = len(refused.problems)
    st.error(
        f"{what}: {markdown_escape(refused.file_name)} has {count} "
        f"problem{'s' if count != 1 else ''}. Nothing was written."
    )
    show_table(
        problems_table(refused.problems),
        "upload_problems",
    )


def edits(editor_key: str, rows_key: str, column: str) -> dict[str, str]:
    """The user's changes to one column of an editor, by the row's name (header or question)."""
    rows = st.session_state.get(rows_key) or []
    edited = (st.session_state.get(editor_key) or {}).get("edited_rows", {})
    changes = {}
    for index, change in edited.items():
        if column in change and int(index) < len(rows) and change[column] is not None:
            changes[rows[int(index)]] = change[column]
    return changes


def column_editor(headers: list[str], column_map: dict[str, str], kind: str) -> None:
    """The file's columns and the field each maps to, editable; the edits are read back as
    column overrides on the next run (see `edits`)."""
    targets = [
        *KIND_FIELDS[kind],
        *(["question"] if kind == "survey" else []),
        "ignore",
        "personal",
    ]
    rows = pd.DataFrame(
        {"Column": headers, "Maps to": [column_map.get(h) or "ignore" for h in headers]}
    )
    st.session_state[EDITOR_HEADERS] = headers
    with st.expander("Columns and how each maps (change a guess that is wrong)", expanded=True):
        st.data_editor(
            rows,
            key=COLUMNS_EDITOR_KEY,
            hide_index=True,
            disabled=["Column"],
            column_config={
                "Maps to": st.column_config.SelectboxColumn(
                    options=targets, format_func=FIELD_LABELS.get, required=True
                )
            },
        )


def _create_event() -> None:
    """The new-event form's callback: runs before the page, so the page shows the new event."""
    values = st.session_state
    title = (values.get("new_event_title") or "").strip()
    start = values.get("new_event_start")
    event_id = (values.get("new_event_id") or "").strip() or suggested_event_id(title, start)
    try:
        spec = data_access.create_event(
            EventSpec(
                event_id=event_id,
                title=title,
                start_date=start,
                end_date=values.get("new_event_end"),
                format=values.get("new_event_format"),
                location=(values.get("new_event_location") or "").strip() or None,
                series=(values.get("new_event_series") or "").strip() or None,
            )
        )
    except EventError as error:
        values[CREATED] = ("error", f"The event was not created: {error}.")
        return
    values[CREATED] = ("success", f"Created the event “{spec.title}” ({spec.event_id}).")
    values[MODE_KEY] = EXISTING
    values[EVENT_KEY] = spec.event_id
    state.select_event(spec.event_id)


# -- 1. the event ------------------------------------------------------------------------------

st.title("Upload data")
st.caption(
    "Import a registration list, an attendance report or a survey export for one event. "
    "You will see what was understood before anything is written."
)

created = st.session_state.pop(CREATED, None)
if created:
    getattr(st, created[0])(markdown_escape(created[1]))

st.subheader("1. Event")
titles = data_access.event_titles()
mode = st.radio(
    "Import into",
    [EXISTING, NEW],
    format_func={EXISTING: "An existing event", NEW: "A new event"}.get,
    key=MODE_KEY,
    horizontal=True,
    index=0 if titles else 1,
)
if mode == NEW:
    if not titles:
        st.info("No events yet: create the event here, then upload its files.")
    with st.form("new_event", border=True):
        st.text_input("Title", key="new_event_title", placeholder="2024 UN DESA-KRILA Forum")
        st.text_input(
            "Event id (optional)",
            key="new_event_id",
            placeholder="krila-2024",
            help="Lower-case words joined by hyphens; it appears in links to the report. "
            "Left empty, it is made from the title and the year.",
        )
        start_column, end_column, format_column = st.columns(3)
        start_column.date_input("Start date", value=None, key="new_event_start")
        end_column.date_input("End date (optional)", value=None, key="new_event_end")
        format_column.selectbox(
            "Format", EVENT_FORMATS, index=None, key="new_event_format", placeholder="Choose"
        )
        location_column, series_column = st.columns(2)
        location_column.text_input("Location", key="new_event_location")
        series_column.text_input(
            "Series", key="new_event_series", help="Events of one series are compared over time."
        )
        st.form_submit_button("Create event", on_click=_create_event, key="new_event_create")
    st.stop()

if not titles:
    st.info("No events yet: choose “A new event” above to create one.")
    st.stop()
if st.session_state.get(EVENT_KEY) not in titles:
    selected = state.selected_event()
    st.session_state[EVENT_KEY] = selected if selected in titles else next(iter(titles))
event_id = st.selectbox(
    "Event", list(titles), format_func=lambda option: f"{titles[option]} ({option})", key=EVENT_KEY
)

# -- 2. the file -------------------------------------------------------------------------------

st.subheader("2. File")
kind_column, source_column = st.columns(2)
chosen_kind = kind_column.selectbox(
    "What the file holds", [DETECT, *KINDS], format_func=KIND_LABELS.get, key=KIND_KEY
)
reader_labels = data_access.reader_labels()
chosen_source = source_column.selectbox(
    "Made by",
    [DETECT, *reader_labels],
    format_func=lambda source: reader_labels.get(source, "Detect from the file"),
    key=SOURCE_KEY,
)
uploaded = st.file_uploader(
    "CSV or Excel file",
    type=["csv", "xlsx"],
    key=FILE_KEY,
    help=f"Up to {MAX_UPLOAD_MB} MB. The generic layouts are described in the README.",
)
if uploaded is None:
    st.info("Choose a CSV or Excel (.xlsx) file to see what it holds before importing it.")
    st.stop()

content = uploaded.getvalue()
file_key = (hashlib.sha256(content).hexdigest(), chosen_kind, chosen_source)
if st.session_state.get(EDITED_FILE) != file_key:
    # Another file, kind or source: the corrections made to the previous one do not apply.
    for key in (
        COLUMNS_EDITOR_KEY,
        QUESTIONS_EDITOR_KEY,
        PERSONAL_EDITOR_KEY,
        CONFIRM_KIND_KEY,
        EDITOR_HEADERS,
        EDITOR_QUESTIONS,
        EDITOR_PERSONAL,
    ):
        st.session_state.pop(key, None)
    st.session_state[EDITED_FILE] = file_key

done = st.session_state.get(DONE)
if done and done["file"] == file_key[0] and done["event_id"] == event_id:
    if done["status"] == "imported":
        st.success(markdown_escape(done["message"]))
    else:
        st.info(markdown_escape(done["message"]))
    st.page_link(
        "views/event_report.py",
        label=f"Open the report of {titles[event_id]}",
        icon=":material/summarize:",
        query_params=state.event_query_params(event_id),
    )
    st.caption("To import another file, choose it above.")
    st.stop()

# "Personal data (held back)" is the importer's call, not a mapping: choosing it leaves a
# column out, as "Leave out" does.
column_overrides = {
    header: "ignore" if chosen == "personal" else chosen
    for header, chosen in edits(COLUMNS_EDITOR_KEY, EDITOR_HEADERS, "Maps to").items()
}
keep_personal = [
    header
    for header, keep in edits(PERSONAL_EDITOR_KEY, EDITOR_PERSONAL, "Keep as answers").items()
    if keep
]
question_kinds = edits(QUESTIONS_EDITOR_KEY, EDITOR_QUESTIONS, "Kind")
question_indicators = {
    text: "" if indicator == NO_INDICATOR else indicator
    for text, indicator in edits(QUESTIONS_EDITOR_KEY, EDITOR_QUESTIONS, "Indicator").items()
}


def import_options(**extra) -> ImportOptions:
    return ImportOptions(
        kind=chosen_kind or None,
        source=chosen_source or None,
        column_overrides=dict(column_overrides),
        question_kinds=dict(question_kinds),
        question_indicators=dict(question_indicators),
        keep_personal=list(keep_personal),
        kind_confirmed=bool(st.session_state.get(CONFIRM_KIND_KEY)),
        **extra,
    )


# The engine reads files from disk: the upload is written to a temporary file for this run
# only, and removed whatever happens.
suffix = Path(uploaded.name).suffix.lower()
with tempfile.NamedTemporaryFile(suffix=suffix, prefix="surveydash-upload-") as handle:
    handle.write(content)
    handle.flush()
    upload_path = Path(handle.name)

    # -- 3. what the importer understood -------------------------------------------------------
    st.subheader("3. What the file holds")
    # When the event already has this kind of data, the importer refuses unless told to add to
    # it or replace it. The preview assumes "add" until the user chooses (below): it writes
    # nothing, and the Import button stays disabled until the choice is made.
    existing_choice = st.session_state.get(EXISTING_KEY)
    try:
        sample = FileSample.read(upload_path, uploaded.name)
        preview: ImportResult = data_access.preview_import(
            upload_path,
            event_id,
            import_options(
                replace=existing_choice == "replace", append=existing_choice != "replace"
            ),
            uploaded.name,
        )
    except KindMismatch as refused:
        st.warning(
            f"{markdown_escape(refused.file_name)} looks like a registration list, not a survey: "
            + markdown_escape(mask(refused.problems[0].message))
        )
        st.caption("Choose “Registrations” above, or confirm that it is a survey:")
        st.checkbox("It is a survey: import it as one", key=CONFIRM_KIND_KEY)
        st.stop()
    except FileRefused as refused:
        show_refusal(refused, "This file cannot be imported as it is")
        try:
            headers = [cell or "" for cell in FileSample.read(upload_path, uploaded.name).rows[0]]
        except (FileRefused, IndexError):
            headers = []
        kind = chosen_kind or guess_kind(headers)
        if headers and kind and chosen_source in (DETECT, "generic"):
            st.caption("If a column was taken for the wrong thing, correct it here:")
            column_editor(headers, generic_guess(headers, kind), kind)
        st.caption(
            "Fix the file and upload it again, or choose what the file holds and who made it "
            "above if the guess was wrong."
        )
        st.stop()
    except Exception as error:  # a reader's own failure: said in a line, logged as ours
        st.error(
            markdown_escape(reader_failure(uploaded.name, error).describe())
            + ". Nothing was written."
        )
        st.stop()

    generic = preview.source == "generic"
    if preview.saved_mapping_applied:
        st.info(
            "A file with the same columns was imported before: the corrections made then "
            "(column mapping, question kinds and indicators) are applied again."
        )
    st.markdown(
        f"**{markdown_escape(reader_labels.get(preview.source, preview.source))}**, holding "
        + ", ".join(
            f"**{report.kind}** ({format_count(report.rows_read)} rows)" for report in preview.kinds
        )
    )
    recognised = list(
        dict.fromkeys(h for report in preview.kinds for h in report.recognised_from_values)
    )
    if recognised:
        st.caption(
            "Columns recognised from their values (their headers are not words this reader "
            "knows): " + ", ".join(markdown_escape(header) for header in recognised) + "."
        )
    mapped_personal = {
        header
        for report in preview.kinds
        for header, field in report.column_map.items()
        if field in PERSONAL_FIELDS or header in report.held_back
    }
    if generic and sample.rows:
        st.caption(
            f"The first {PREVIEW_ROWS} rows as read (personal data hidden; e-mail addresses, "
            "phone numbers and people's names masked):"
        )
        show_table(
            preview_frame(
                sample,
                personal_headers(sample, mapped_personal),
                data_access.event_people(event_id),
            ),
            "upload_preview",
        )
    else:
        st.caption("The raw rows of this export are not shown: its columns are summarized below.")

    # Columns and how each maps.
    if generic:
        headers = [cell or "" for cell in sample.rows[0]] if sample.rows else []
        column_editor(headers, preview.kinds[0].column_map, preview.kinds[0].kind)
    else:
        column_rows = pd.DataFrame(
            [
                {"Kind": report.kind, "Column": header, "Maps to": FIELD_LABELS.get(field, field)}
                for report in preview.kinds
                for header, field in report.column_map.items()
            ]
        )
        with st.expander("Columns and how each maps", expanded=True):
            show_table(
                column_rows,
                "upload_column_map",
            )

    # Personal data: the columns held back, and the analyst's corrections (never silent).
    # A survey's held-back columns would be answers: the analyst may keep one. The other kinds
    # never store such a column, so there is nothing to keep.
    judged = {
        header: what
        for report in preview.kinds
        if report.kind == "survey"
        for header, what in {**report.held_back, **report.kept_by_analyst}.items()
    }
    not_read = {
        header: what
        for report in preview.kinds
        if report.kind != "survey"
        for header, what in report.held_back.items()
    }
    if not_read:
        st.caption(
            "Held back as personal data (not stored): "
            + "; ".join(f"{markdown_escape(h)} ({what})" for h, what in not_read.items())
        )
    if judged:
        st.session_state[EDITOR_PERSONAL] = list(judged)
        with st.expander("Columns held back as personal data", expanded=True):
            st.caption(
                "These columns hold data that identifies people: they are not stored. If one was "
                "misjudged (a question, not personal data), tick it to keep its answers."
            )
            st.data_editor(
                pd.DataFrame(
                    {
                        "Column": list(judged),
                        "Holds": list(judged.values()),
                        "Keep as answers": [header in keep_personal for header in judged],
                    }
                ),
                key=PERSONAL_EDITOR_KEY,
                hide_index=True,
                disabled=["Column", "Holds"],
            )
    kept = [header for report in preview.kinds for header in report.kept_by_analyst]
    if kept:
        st.warning(
            "Kept at your request, although judged personal data: "
            + ", ".join(f"“{markdown_escape(header)}”" for header in kept)
            + ". Their answers will be stored and shown on the report."
        )
    scrubbed = sum(n for report in preview.kinds for n in report.scrubbed.values())
    if scrubbed:
        st.caption(
            f"{format_count(scrubbed)} e-mail addresses or phone numbers written inside answers "
            "will be replaced by “[e-mail removed]” or “[phone removed]”."
        )

    # Survey questions: their kinds and indicators.
    questions = [q for report in preview.kinds for q in report.questions]
    if questions:
        st.session_state[EDITOR_QUESTIONS] = [q["text"] for q in questions]
        question_rows = pd.DataFrame(
            {
                "Question": [q["text"] for q in questions],
                "Kind": [q["kind"] for q in questions],
                "Indicator": [q["indicator"] or NO_INDICATOR for q in questions],
                "Scale": [
                    f"{q['scale_min']}-{q['scale_max']}" if q["scale_max"] else ""
                    for q in questions
                ],
                "Answers": [q["answers"] for q in questions],
            }
        )
        with st.expander("Questions: their kind and the indicator each measures", expanded=True):
            st.caption(
                "Indicators make events comparable: choose the standard question each one asks, "
                "or none."
            )
            st.data_editor(
                question_rows,
                key=QUESTIONS_EDITOR_KEY,
                hide_index=True,
                disabled=["Question", "Scale", "Answers"],
                column_config={
                    "Question": st.column_config.TextColumn(width="large"),
                    "Kind": st.column_config.SelectboxColumn(
                        options=list(QUESTION_KINDS),
                        format_func=lambda kind: QUESTION_KIND_LABELS.get(kind, kind),
                        required=True,
                    ),
                    "Indicator": st.column_config.SelectboxColumn(
                        options=[NO_INDICATOR, *CANONICAL_INDICATORS],
                        format_func=lambda name: INDICATOR_LABELS.get(name, "None"),
                        required=True,
                    ),
                },
            )

    # Values that did not match.
    unmatched_countries = [
        {"Value as written": mask(raw), "Rows": count, "Match": "not recognized"}
        for report in preview.kinds
        for raw, count in report.unrecognized_countries.items()
    ] + [
        {"Value as written": mask(raw), "Rows": None, "Match": f"guessed as {guess}"}
        for report in preview.kinds
        for raw, guess in report.fuzzy_countries.items()
    ]
    unmapped = [
        {"Value as written": mask(raw), "Rows": count}
        for report in preview.kinds
        for raw, count in report.unmapped_sectors.items()
    ]
    country_column, sector_column = st.columns(2)
    with country_column:
        st.markdown("**Countries that did not match**")
        if unmatched_countries:
            show_table(
                pd.DataFrame(unmatched_countries),
                "upload_countries",
            )
        else:
            st.caption("None: every country was recognized.")
    with sector_column:
        st.markdown("**Sectors that did not match** (they count as Other)")
        if unmapped:
            show_table(
                pd.DataFrame(unmapped),
                "upload_sectors",
            )
        else:
            st.caption("None: every sector was mapped.")
    if unmatched_countries or unmapped:
        st.caption("After importing, map them once on the Data quality page.")

    # -- 4. import -----------------------------------------------------------------------------
    st.subheader("4. Import")
    st.text(mask(preview.message))
    ready = True
    if preview.problems:
        bad_rows = len({p.row for p in preview.problems if p.row is not None}) or len(
            preview.problems
        )
        st.error(
            f"{bad_rows} row{'s' if bad_rows != 1 else ''} cannot be imported as written. "
            "Fix the file and upload it again, or leave those rows out."
        )
        show_table(
            problems_table(preview.problems),
            "upload_problems",
        )
        ready = st.checkbox(
            f"Leave out the {bad_rows} row{'s' if bad_rows != 1 else ''} with problems and import "
            "the rest (the import log records it)",
            key=SKIP_KEY,
        )
    existing = sorted(
        data_access.current_import_kinds(event_id) & {report.kind for report in preview.kinds}
    )
    existing_mode = None
    if existing:
        existing_mode = st.radio(
            f"{titles[event_id]} already has {' and '.join(existing)} from an earlier import",
            ["append", "replace"],
            format_func={
                "append": "Add these rows to them",
                "replace": "Replace them with this file",
            }.get,
            index=None,
            key=EXISTING_KEY,
        )
        ready = ready and existing_mode is not None
    if st.button("Import", type="primary", key=IMPORT_KEY, disabled=not ready):
        options = import_options(
            skip_bad_rows=bool(preview.problems),
            replace=existing_mode == "replace",
            append=existing_mode == "append",
        )
        try:
            result = data_access.run_import(upload_path, event_id, options, uploaded.name)
        except FileRefused as refused:
            show_refusal(refused, "The import was refused")
            st.stop()
        st.session_state[DONE] = {
            "file": file_key[0],
            "event_id": event_id,
            "status": result.status,
            "message": mask(result.message),
        }
        state.select_event(event_id)
        st.rerun()
