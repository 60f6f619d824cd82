"""Stage 6, write: one staged kind's rows into the tables, inside the import's transaction.

Registrations, attendance, survey responses with their questions and answers, and the contacts
of the file's people; the rows of the imports a `replace` replaces are deleted first. Every
INSERT names its columns. The staged values are read as the checks chose (dates:
`ImportContext.date_sql`) and joined with the maps the normalizing built (`country_map`,
`sector_map_<kind>`, `ImportContext.answer_maps`). (Not to be confused with surveydash.writes,
which checks and records the writes made on someone's behalf, an import among them.)"""

from __future__ import annotations

import json

import pandas as pd

from surveydash.importing.context import ImportContext, KindReport, bad_rows_of, optional
from surveydash.readers import StagedKind
from surveydash.tabular import Problem, _quote_identifier

# Files up to this many rows are written sorted by row (see _in_file_order): far more rows
# than any file has distinct countries or sectors, few enough to sort in no time.
SORTED_IMPORT_ROWS = 50_000
QUESTIONS_PER_INSERT = 500


def write(
    context: ImportContext, staged: StagedKind, report: KindReport, problems: list[Problem]
) -> None:
    """Write the kind's rows that have no problem under a new import id (in the report),
    after deleting the rows of the imports it replaces and marking them replaced."""
    cursor, table, kind = context.cursor, staged.table, staged.kind
    bad_rows = sorted(bad_rows_of(problems))
    if bad_rows:
        # The staged rows may be a view of the file (see surveydash.tabular): the rows to
        # import are copied without the bad ones rather than deleted from it.
        kept = f"{table}_kept"
        cursor.execute(
            f"create or replace temp table {kept} as select * from {table} "
            "where _row not in (select unnest(?::integer[]))",
            [bad_rows],
        )
        staged.table = table = kept
    earlier = context.earlier_imports(kind)
    import_id = cursor.execute("select nextval('import_id_seq')").fetchall()[0][0]
    report.import_id = import_id
    if earlier and context.options.replace:
        _delete_imports(context, kind, earlier)
        cursor.execute(
            "update import_log set replaced_by = ? where import_id in "
            "(select unnest(?::integer[]))",
            [import_id, earlier],
        )
    if kind == "registrations":
        _write_registrations(context, staged, import_id)
    elif kind == "attendance":
        _write_attendance(context, staged, import_id)
    else:
        _write_survey(context, staged, import_id, report)
    report.rows_imported = cursor.execute(f"select count(*) from {table}").fetchall()[0][0]


def _delete_imports(context: ImportContext, kind: str, import_ids: list[int]) -> None:
    cursor, event_id = context.cursor, context.event_id
    if kind == "survey":
        cursor.execute(
            "delete from answers where event_id = ? and response_id in (select response_id "
            "from responses where event_id = ? and import_id in "
            "(select unnest(?::integer[])))",
            [event_id, event_id, import_ids],
        )
        cursor.execute(
            "delete from questions where event_id = ? and import_id in "
            "(select unnest(?::integer[]))",
            [event_id, import_ids],
        )
    table = {
        "registrations": "registrations",
        "attendance": "attendance",
        "survey": "responses",
    }[kind]
    cursor.execute(
        f"delete from {table} where event_id = ? and import_id in (select unnest(?::integer[]))",
        [event_id, import_ids],
    )


def _write_registrations(context: ImportContext, staged: StagedKind, import_id: int) -> None:
    context.cursor.execute(
        f"""
        insert into registrations (
            event_id, import_id, source_row, participant_id, registered_at,
            country_raw, country_iso3, country_method, country_score,
            sector_raw, sector, sector_method, organization, gender
        )
        select ?, ?, t._row, {context.participant_id("t.email")},
               {context.parsed_or_null(staged, "registered_at")},
               {_country_columns(staged)}, {_sector_columns(staged)},
               {optional(staged, "organization")}, {optional(staged, "gender")}
        from {staged.table} t {_country_join(staged)} {_sector_join(staged)}
        {_in_file_order(context, staged)}
        """,
        [context.event_id, import_id],
    )
    _write_contacts(context, staged)


def _write_contacts(context: ImportContext, staged: StagedKind) -> None:
    """One contacts row per person: names a file gives fill in or replace those known,
    people not yet known are added. `contacts` has no primary-key index (migration 4:
    maintaining one cost more than the rest of a large import), so this is the one place
    that keeps it to one row per participant."""
    people = context.people_tables[staged.kind]
    if {"first_name", "last_name"} & set(staged.fields):
        context.cursor.execute(
            f"""
            update contacts set
                first_name = coalesce(people.first_name, contacts.first_name),
                last_name = coalesce(people.last_name, contacts.last_name)
            from {people} as people
            where contacts.email = people.email
                and (people.first_name is distinct from contacts.first_name
                        and people.first_name is not null
                    or people.last_name is distinct from contacts.last_name
                        and people.last_name is not null)
            """
        )
    context.cursor.execute(
        f"""
        insert into contacts (participant_id, email, first_name, last_name)
        select people.participant_id, people.email, people.first_name, people.last_name
        from {people} as people
        where not exists (select 1 from contacts where contacts.email = people.email)
        """
    )


def _write_attendance(context: ImportContext, staged: StagedKind, import_id: int) -> None:
    join_time = context.parsed_or_null(staged, "join_time")
    leave_time = context.parsed_or_null(staged, "leave_time")
    minutes = optional(staged, "minutes", "try_cast(trim(t.minutes) as double)")
    if "minutes" not in staged.fields and {"join_time", "leave_time"} <= set(staged.fields):
        minutes = f"date_diff('second', {join_time}, {leave_time}) / 60.0"
    context.cursor.execute(
        f"""
        insert into attendance (
            event_id, import_id, source_row, participant_id, session,
            join_time, leave_time, minutes
        )
        select ?, ?, t._row, {context.participant_id("t.email")},
               nullif(trim({optional(staged, "session")}), ''),
               {join_time}, {leave_time}, {minutes}
        from {staged.table} t
        {_in_file_order(context, staged)}
        """,
        [context.event_id, import_id],
    )
    _write_contacts(context, staged)


def _write_survey(
    context: ImportContext, staged: StagedKind, import_id: int, report: KindReport
) -> None:
    cursor = context.cursor
    # Response ids are numbered across the database in import order, not per event, so
    # that one event's answers are rows with neighbouring ids: the event's response-id
    # range then finds them by the answers table's zone maps (see migration 4).
    first_response = cursor.execute(
        "select coalesce(max(response_id), 0) from responses"
    ).fetchall()[0][0]
    email = "t.email" if "email" in staged.fields else "null"
    cursor.execute(
        f"""
        create or replace temp table staged_responses as
        select t.*, {first_response} + row_number() over (order by t._row) as response_id
        from {staged.table} t
        """
    )
    cursor.execute(
        f"""
        insert into responses (
            event_id, response_id, import_id, source_row, participant_id, submitted_at,
            country_raw, country_iso3, country_method, country_score,
            sector_raw, sector, sector_method, gender
        )
        select ?, t.response_id, ?, t._row,
               case when contains({email}, '@') then {context.participant_id(email)} end,
               {context.parsed_or_null(staged, "submitted_at")},
               {_country_columns(staged)}, {_sector_columns(staged)},
               {optional(staged, "gender")}
        from staged_responses t {_country_join(staged)} {_sector_join(staged)}
        order by t.response_id
        """,
        [context.event_id, import_id],
    )
    question_ids = _write_questions(context, import_id, report)
    if question_ids:
        _write_answers(context, question_ids)
    if "email" in staged.fields:
        _write_contacts(context, staged)


def _write_questions(context: ImportContext, import_id: int, report: KindReport) -> dict[str, str]:
    """The survey's questions the event does not have yet, numbered after its last one.
    Returns every question's id by its header, the event's earlier questions' ids reused."""
    cursor, event_id = context.cursor, context.event_id
    existing = dict(
        cursor.execute(
            "select text, question_id from questions where event_id = ?", [event_id]
        ).fetchall()
    )
    next_position = cursor.execute(
        "select coalesce(max(position), 0) from questions where event_id = ?", [event_id]
    ).fetchall()[0][0]
    question_ids: dict[str, str] = {}
    new_questions = []
    for question in report.questions:
        header = question["text"]
        question_id = existing.get(header)
        if question_id is None:
            next_position += 1
            question_id = f"q{next_position:02d}"
            new_questions.append(
                [
                    event_id,
                    question_id,
                    next_position,
                    header,
                    question["kind"],
                    question["scale_min"],
                    question["scale_max"],
                    json.dumps(question["labels"], ensure_ascii=False),
                    json.dumps(question["options"], ensure_ascii=False),
                    question["indicator"],
                    question["indicator_source"],
                    question["indicator_confidence"],
                    import_id,
                ]
            )
        question_ids[header] = question_id
    # Many rows an INSERT: a statement per question cost 20 ms each on a wide survey.
    for first in range(0, len(new_questions), QUESTIONS_PER_INSERT):
        batch = new_questions[first : first + QUESTIONS_PER_INSERT]
        cursor.execute(
            "insert into questions (event_id, question_id, position, text, kind, "
            "scale_min, scale_max, labels, options, indicator, indicator_source, "
            "indicator_confidence, import_id) values "
            + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(batch)),
            [value for row in batch for value in row],
        )
    return question_ids


def _write_answers(context: ImportContext, question_ids: dict[str, str]) -> None:
    """Every question's answers in one statement: the staged responses unpivoted to one
    row per answered cell, joined with each question's parsed values (a multiple choice
    cell gives a row per option). Written question by question, each in response order,
    as the questions' own inserts once did."""
    maps = pd.DataFrame(
        [
            (order, question_ids[header], header, raw, value_num, value_text)
            for order, header in enumerate(question_ids)
            for raw, value_num, value_text in context.answer_maps[header]
        ],
        columns=["question_order", "question_id", "header", "raw", "value_num", "value_text"],
    ).astype(
        {
            "question_id": "object",
            "header": "object",
            "raw": "object",
            "value_num": "float64",
            "value_text": "object",
        }
    )
    if maps.empty:
        return
    maps["map_order"] = range(len(maps))
    as_text = ", ".join(
        f"{_quote_identifier(header)}::varchar as {_quote_identifier(header)}"
        for header in question_ids
    )
    columns = ", ".join(_quote_identifier(header) for header in question_ids)
    context.cursor.register("answer_maps_frame", maps)
    try:
        context.cursor.execute(
            f"""
            insert into answers (event_id, response_id, question_id, value_num, value_text)
            select ?, u.response_id, m.question_id, m.value_num, m.value_text
            from (
                unpivot (select response_id, {as_text} from staged_responses)
                on {columns} into name header value raw
            ) u
            join answer_maps_frame m on m.header = u.header and m.raw = u.raw
            order by m.question_order, u.response_id, m.map_order
            """,
            [context.event_id],
        )
    finally:
        context.cursor.unregister("answer_maps_frame")


# -- SQL fragments of the optional fields --------------------------------------------------------
def _country_columns(staged: StagedKind) -> str:
    if "country" not in staged.fields:
        return "null, null, null, null"
    return "t.country, cm.iso3, cm.method, cm.score"


def _country_join(staged: StagedKind) -> str:
    if "country" not in staged.fields:
        return ""
    return "left join country_map cm on cm.raw = t.country"


def _sector_columns(staged: StagedKind) -> str:
    if "sector" not in staged.fields:
        return "null, null, null"
    return "t.sector, sm.sector, sm.method"


def _sector_join(staged: StagedKind) -> str:
    if "sector" not in staged.fields:
        return ""
    return f"left join sector_map_{staged.kind} sm on sm.raw = t.sector"


def _in_file_order(context: ImportContext, staged: StagedKind) -> str:
    """Rows are written in the file's order. DuckDB keeps that order through the country
    and sector lookups when the file's rows outnumber the lookup's values (the file's rows
    are then the side that streams through the join); only a small file can come out
    shuffled. Small files are therefore sorted, large ones not: sorting a million rows
    took a fifth of the memory of their import."""
    rows = context.cursor.execute(f"select count(*) from {staged.table}").fetchall()[0][0]
    return "order by t._row" if rows <= SORTED_IMPORT_ROWS else ""
