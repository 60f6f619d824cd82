"""Stage 4, check: every staged row's e-mail, dates and minutes, and whether the event got this
kind meanwhile. Problems name the row and column; nothing is written here. Also the counts of
what would be imported once the bad rows are known (`conclude`)."""

from __future__ import annotations

from surveydash import dates
from surveydash.fields import DATE_FIELDS
from surveydash.importing.context import (
    ImportContext,
    KindReport,
    bad_rows_of,
    header_of,
    optional,
)
from surveydash.readers import StagedKind
from surveydash.tabular import FileRefused, Problem

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def refuse_if_imported_meanwhile(context: ImportContext, kind: str) -> None:
    """Refuse when the event has this kind from an earlier import and the user chose neither
    to replace nor to append (checked again under the write lock: another session may have
    imported meanwhile)."""
    earlier = context.earlier_imports(kind)
    if not earlier or context.options.replace or context.options.append:
        return
    raise FileRefused(
        context.file_name,
        [
            Problem(
                f"event '{context.event_id}' already has {kind} from an earlier "
                f"import (#{', #'.join(map(str, earlier))}): choose --replace to replace "
                "them, or --append to add these rows to them"
            )
        ],
    )


def check(context: ImportContext, staged: StagedKind) -> tuple[KindReport, list[Problem]]:
    """The kind's report as read, and the problems of its rows: blank or malformed e-mails,
    dates that cannot be read, minutes that are no number."""
    cursor, table = context.cursor, staged.table
    # Checked first, and in a dry run too: a preview must not promise an import that the
    # real one would refuse.
    refuse_if_imported_meanwhile(context, staged.kind)
    report = KindReport(
        staged.kind,
        staged.rows_read,
        excluded=dict(staged.excluded),
        column_map=dict(staged.column_map),
        recognised_from_values=list(staged.recognised_from_values),
    )
    problems = list(staged.problems)
    fields = set(staged.fields)
    if "email" in fields:
        header = header_of(staged, "email")
        required = staged.kind in ("registrations", "attendance")
        # The people of the file first: one row per address, with its participant id, to
        # count them and to write contacts. Their addresses are checked here rather than
        # each row's: a file lists most people more than once, and the rows are read again
        # only when some address is blank or not an address, to say which rows.
        group_people(context, staged)
        # A survey's e-mail is optional, and what holds no '@' ("anonymous", "N/A", "no")
        # is no address at all: no respondent key, no contact, and no reason to refuse.
        given = "email <> ''" if required else "contains(email, '@')"
        suspect = cursor.execute(
            f"select count(*) filter (where {required} and coalesce(email, '') = ''), "
            f"count(*) filter (where {given} and not regexp_matches(email, "
            f"'{EMAIL_PATTERN}')) from {table}_people"
        ).fetchall()[0]
        cursor.execute(
            f"delete from {table}_people where coalesce(email, '') = '' "
            f"or not ({required} or contains(email, '@'))"
        )
    if "email" in fields and any(suspect):
        # Blanks (listed first), then addresses that are not e-mail addresses.
        for row, value, blank in cursor.execute(
            f"select _row, email, coalesce(trim(email), '') = '' as blank from {table} "
            f"where ({required} and coalesce(trim(email), '') = '') "
            f"or ({given.replace('email', 'trim(email)')} "
            f"and not regexp_matches(trim(email), '{EMAIL_PATTERN}')) "
            "order by blank desc, _row"
        ).fetchall():
            if blank:
                problems.append(Problem("the e-mail is blank", row=row, column=header))
            else:
                problems.append(
                    Problem(f"'{value}' is not an e-mail address", row=row, column=header)
                )
    for field_name in sorted(fields & DATE_FIELDS):
        problems.extend(_parse_dates(context, staged, field_name))
    if "minutes" in fields:
        for row, value in cursor.execute(
            f"select _row, minutes from {table} where trim(minutes) <> '' and "
            "coalesce(try_cast(trim(minutes) as double) < 0, true)"
            " order by _row"
        ).fetchall():
            problems.append(
                Problem(
                    f"'{value}' is not a number of minutes",
                    row=row,
                    column=header_of(staged, "minutes"),
                )
            )
    return report, problems


def conclude(
    context: ImportContext, staged: StagedKind, report: KindReport, problems: list[Problem]
) -> None:
    """The report's counts of the rows that would be imported: rows rejected, people and
    countries of the other rows."""
    cursor, table = context.cursor, staged.table
    fields = set(staged.fields)
    bad_rows = bad_rows_of(problems)
    # Rows the reader could not parse are counted once: by their row when they have one.
    parse_failures = sum(1 for p in staged.problems if p.row is None)
    report.rows_rejected = len(bad_rows) + parse_failures
    # People and countries of the rows that would be imported, not of the bad rows.
    good = "_row not in (select unnest(?::integer[]))"
    if "email" in fields:
        if bad_rows:
            group_people(context, staged, bad_rows)
        report.people = cursor.execute(f"select count(*) from {table}_people").fetchall()[0][0]
    if "country" in fields and bad_rows:
        report.countries = cursor.execute(
            f"select count(distinct m.iso3) from {table} t join country_map m "
            f"on m.raw = t.country where {good}",
            [sorted(bad_rows)],
        ).fetchall()[0][0]
    elif "country" in fields:
        # Every row counts: the distinct countries of the distinct values, already matched.
        report.countries = cursor.execute(
            "select count(distinct iso3) from country_map"
        ).fetchall()[0][0]


def group_people(
    context: ImportContext, staged: StagedKind, bad_rows: set[int] | None = None
) -> None:
    """The temporary table `<staged>_people`: one row per address as written (trimmed,
    lower-cased), with its participant id and the names the file gives. Without
    `bad_rows`, from every row, blank addresses included (the check counts them, then
    removes them); with it, from the other rows' non-blank addresses. The import counts
    them and writes them to contacts, so that the rows are grouped by person once. The
    rows' own participant ids are hashed again as they are written: listing each
    person's rows here to join them back cost more (0.6 CPU-s for a million rows) than
    it saved (0.2 to 0.5)."""
    table = staged.table
    first = optional(staged, "first_name", "any_value(first_name)")
    last = optional(staged, "last_name", "any_value(last_name)")
    context.people_tables[staged.kind] = f"{table}_people"
    kept = ""
    if bad_rows:
        kept = "where trim(email) <> '' and _row not in (select unnest(?::integer[]))"
    context.cursor.execute(
        f"create or replace temp table {table}_people as "
        f"select email, {context.participant_id_of_address('email')} as participant_id, "
        "first_name, last_name "
        f"from (select lower(trim(email)) as email, {first} as first_name, "
        f"{last} as last_name from {table} {kept} "
        "group by lower(trim(email)))",
        [sorted(bad_rows)] if bad_rows else [],
    )


def _parse_dates(context: ImportContext, staged: StagedKind, field_name: str) -> list[Problem]:
    """Decide how the column is read (surveydash.dates: one convention for the whole
    column, decided from all its values; its formats ordered by a sample of its values)
    and list the values it cannot read. The writes parse the column with the same SQL as
    they insert (`ImportContext.parsed_or_null`): the staged rows are never altered, which
    would cost a pass of its own over every row."""
    cursor, table = context.cursor, staged.table
    sample = [
        value
        for (value,) in cursor.execute(
            f"select trim({field_name}) from {table} where trim({field_name}) <> '' limit ?",
            [dates.FORMAT_SAMPLE_VALUES],
        ).fetchall()
    ]
    day_first = month_first = 0
    slashed = any(dates.is_day_or_month_first(value) for value in sample)
    if slashed:
        # Slashed dates: the whole column decides the convention, in one pass of DuckDB.
        day_first, month_first = cursor.execute(
            f"select count(*) filter (where regexp_matches({field_name}, ?)), "
            f"count(*) filter (where regexp_matches({field_name}, ?)) from {table}",
            [dates.SQL_DAY_FIRST_EVIDENCE, dates.SQL_MONTH_FIRST_EVIDENCE],
        ).fetchall()[0]
    convention = dates.convention_from_evidence(day_first, month_first)
    context.date_sql[field_name] = dates.sql_parse_expression(
        f"t.{field_name}", dates.sql_formats(convention, sample), sample
    )
    # Where day and month could be swapped, the message says how the column was read.
    read_as = f"the column is read {convention}; " if slashed else ""
    problems = []
    parsed = context.date_sql[field_name]
    for row, value in cursor.execute(
        f"select _row, {field_name} from {table} as t where trim({field_name}) <> '' "
        f"and {parsed} is null and trim({field_name}) not in "
        f"({', '.join(repr(v) for v in dates.NO_DATE_WRITTEN)}) order by _row"
    ).fetchall():
        problems.append(
            Problem(
                f"'{value}' is not a date and time this importer can read "
                f"({read_as}write it like 2022-09-06 14:30:00)",
                row=row,
                column=header_of(staged, field_name),
            )
        )
    return problems
