"""Stage 3, classify columns: what each staged column is, before any question is inferred."""

from __future__ import annotations

from surveydash.importing.context import ImportOptions
from surveydash.personal_data import event_people, protect_staged
from surveydash.readers import FileSample, StagedKind
from surveydash.readers.rows import read_file_rows
from surveydash.tabular import refuse_duplicate_headers

# A staged view wider than this many question columns is copied into a table before the
# per-question stages read it: DuckDB binds every column of a view at each query (19 ms a
# query at 1,500 columns against 1.2 ms on a table), and those stages run a few queries per
# question, so a 1,500-question survey took four minutes. Wide surveys are short, so the
# copy is small; narrow files keep the view (a ten-million-row file is never copied).
WIDE_VIEW_QUESTIONS = 100


def classify_columns(
    cursor,
    staged_kinds: list[StagedKind],
    options: ImportOptions,
    sample: FileSample,
    source: str,
    event_id: str,
) -> dict[str, dict]:
    """Stage 3: what each staged column is, before any question is inferred from its answers.

    A tool's export in which a header the reader used appears twice is refused here, naming it
    (surveydash.tabular.refuse_duplicate_headers): a reader maps columns by header and would
    drop the second unseen. The generic layout has refused it already, reading the file.

    The readers have mapped the columns they know (fields, questions, columns left out). Here,
    and only here, a whole-file rule takes a column away from the questions before anything is
    stored: the personal-data classification (surveydash.personal_data: names, e-mails, phones,
    IP addresses judged by header and content) holds personal columns back, scrubs addresses
    and phone numbers out of open answers, and refuses a registration list staged as a survey
    unless the analyst confirmed it. The full names of the event's registrants and attendees
    are removed from a survey's open answers too (a survey rarely carries its respondents'
    names; the registrations do). Changes the staged kinds in place; returns, by kind, what
    it held back, kept at the analyst's request and scrubbed, for the import report."""
    file_name = sample.file_name
    for staged in staged_kinds:
        _materialize_wide_view(cursor, staged)
    if source != "generic":
        # Tools' exports are small (a generic file may hold millions of rows): read again.
        refuse_duplicate_headers(file_name, read_file_rows(sample), staged_kinds)
    has_answers = any(staged.question_columns for staged in staged_kinds)
    return protect_staged(
        cursor,
        staged_kinds,
        file_name,
        keep=options.keep_personal,
        kind_confirmed=options.kind_confirmed,
        file_headers=sample.rows[0] if sample.rows else (),
        known_people=event_people(cursor, event_id) if has_answers else (),
    )


def _materialize_wide_view(cursor, staged: StagedKind) -> None:
    if len(staged.question_columns) <= WIDE_VIEW_QUESTIONS:
        return
    is_view = cursor.execute(
        "select count(*) from duckdb_views() where temporary and view_name = $name",
        {"name": staged.table},
    ).fetchone()[0]
    if is_view:
        table = f"{staged.table}_wide"
        cursor.execute(f"create or replace temp table {table} as select * from {staged.table}")
        staged.table = table
