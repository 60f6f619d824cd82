"""Eventbrite's attendee report (Reports > Attendee summary, or Manage attendees > Export): one
row per ticket, with the order, the attendee, their status, their address and their answers to
the order form's questions. UK accounts write some headers differently (Surname, Order no.,
Home Postcode); columns are found by name, so either spelling reads the same.

Who counts: every ticket that was not refunded or cancelled is a registration; a checked-in
ticket is also an attendance (Eventbrite records no join times). People are recognised by
e-mail: when an order's buyer gave one e-mail for several tickets, those tickets are one person.
"""

from __future__ import annotations

import re

from surveydash.dates import DateColumn
from surveydash.readers import FileSample, StagedKind
from surveydash.readers.tools.sections import (
    EMAIL_VALUE,
    VALUE_SHARE,
    Exclusions,
    KindRows,
    SourceRow,
    Table,
    answer_columns,
    column_cells,
    detect_rows,
    first_answer,
    header_keys,
    kind_columns,
    kinds_to_stage,
    note_recognised,
    read_rows,
    saved_by_a_day_first_spreadsheet,
    share_of,
    stage_kinds,
    table_under_header,
)
from surveydash.tabular import FileRefused, Problem

REGISTERED_NOT_ATTENDED = "registered but not checked in"
# Eventbrite writes this in the name and e-mail cells of a ticket whose attendee details the
# order form did not collect: a ticket nobody can be matched to.
INFO_REQUESTED = "info requested"
DETAILS_NOT_COLLECTED = "tickets whose attendee details were not collected (Info Requested)"
# Attendee Status values: what each says about registration and attendance.
STATUS_CHECKED_IN = frozenset({"checked in", "checked-in"})
STATUS_ATTENDING = frozenset({"attending"})
# Tickets that were given back or never held: not registrations. Each is counted by its status.
STATUS_NOT_REGISTERED = {
    "refunded": "refunded tickets, not registrations",
    "cancelled": "cancelled tickets, not registrations",
    "canceled": "cancelled tickets, not registrations",
    "not attending": "tickets marked not attending, not registrations",
    "transferred": "tickets transferred to another attendee, not registrations",
    "deleted": "deleted tickets, not registrations",
}
# Every status above, as a status column's values are compared (lower case, single spaces).
KNOWN_STATUSES = STATUS_CHECKED_IN | STATUS_ATTENDING | set(STATUS_NOT_REGISTERED)
# Eventbrite's own columns: never registration questions.
EVENTBRITE_COLUMNS = (
    "Order #",
    "Order no.",
    "Order Number",
    "Order ID",
    "Order Date",
    "First Name",
    "Last Name",
    "Surname",
    "Email",
    "Email Address",
    "Quantity",
    "Ticket Type",
    "Attendee #",
    "Attendee no.",
    "Group",
    "Order Type",
    "Currency",
    "Total Paid",
    "Fees Paid",
    "Eventbrite Fees",
    "Eventbrite Payment Processing",
    "Attendee Status",
    "Job Title",
)
# The registrant's own answer about their country wins over the address they gave.
ADDRESS_COUNTRIES = ("Home Country", "Work Country", "Billing Country")


# -- an export whose headers this reader does not know ------------------------------------------
#
# Eventbrite exports from accounts in Spanish, French, Portuguese, German or Italian were not
# found in public files, so their headers are not guessed. Such an export keeps Eventbrite's
# shape: one header row, then one row per ticket with the order's number (the same for the
# tickets of one order), the ticket's own attendee number, both Eventbrite's long numbers, and
# the attendee's e-mail address. Its columns are recognised from those values, and the order
# date, the attendee status and a country from theirs; the column map names them. A status
# column is read only when its values are Eventbrite's English statuses; without one, every
# ticket is a registration and nothing is said about attendance.
EVENTBRITE_NUMBER = re.compile(r"^\d{8,13}$")


def _header_row(rows: list[SourceRow]) -> SourceRow | None:
    """The first row of several filled cells, none of them a value (an address, a number)."""
    for row in rows:
        filled = row.filled()
        if len([c for c in filled if c]) >= 3:
            if any(EMAIL_VALUE.match(c) or EVENTBRITE_NUMBER.match(c) for c in filled):
                return None
            return row
    return None


def _columns_by_value(rows: list[SourceRow]) -> tuple[Table, dict[int, str]] | None:
    """The attendee table and, by position, the English header each recognised column takes;
    None when the rows are not in Eventbrite's shape."""
    header = _header_row(rows)
    if header is None:
        return None
    data = [row for row in rows if row.line > header.line and not row.is_blank()]
    table = Table(None, header.filled(), header.line, data)
    cells = [column_cells(data, position) for position in range(len(table.header))]
    numbers = [
        i for i, column in enumerate(cells) if share_of(column, EVENTBRITE_NUMBER.match) == 1
    ]
    emails = [i for i, c in enumerate(cells) if share_of(c, EMAIL_VALUE.match) >= VALUE_SHARE]
    if not emails or len(numbers) < 2 or len(data) < 2:
        return None
    if len(set(cells[numbers[1]])) < len(cells[numbers[1]]):
        # Each ticket has its own attendee number; a number repeated down the column is
        # something else's (a survey collector's, a form's).
        return None
    names = {numbers[0]: "Order #", numbers[1]: "Attendee #", emails[0]: "Email"}
    for position, column in enumerate(cells):
        if position in names or not column:
            continue
        if "Order Date" not in names.values() and _holds_dates(column):
            names[position] = "Order Date"
        elif (
            "Attendee Status" not in names.values()
            and share_of(column, lambda c: " ".join(c.casefold().split()) in KNOWN_STATUSES)
            >= VALUE_SHARE
        ):
            names[position] = "Attendee Status"
        elif "Home Country" not in names.values() and _names_countries(column):
            names[position] = "Home Country"
    return table, names


def _holds_dates(cells: list[str]) -> bool:
    parse = DateColumn(cells).parse
    return share_of(cells, lambda cell: parse(cell) is not None) >= VALUE_SHARE


def _names_countries(cells: list[str]) -> bool:
    """True when the column's values are countries: named, or all two-letter codes (as
    Eventbrite writes the address's country)."""
    from surveydash.db import country_reference

    reference = country_reference()
    methods = [reference.match(cell).method for cell in cells]
    by_name = sum(1 for m in methods if m in ("name", "alias", "regex")) / len(cells)
    codes = all(len(cell) == 2 and cell.isupper() for cell in cells)
    return by_name >= VALUE_SHARE or (codes and all(m == "iso2" for m in methods))


def _is_attendee_header(cells: list[str]) -> bool:
    keys = header_keys(cells)
    has_order = bool(keys & {"order#", "orderno", "ordernumber", "orderid"})
    return has_order and bool(keys & {"attendeestatus", "tickettype", "attendee#", "attendeeno"})


class EventbriteReader:
    source = "eventbrite"
    label = "Eventbrite attendee report"

    def detect(self, sample: FileSample) -> tuple[float, str | None]:
        # Registrations and attendance both: the kind is left to stage (None = all it holds).
        rows = detect_rows(sample)
        if any(_is_attendee_header(row) for row in rows[:10]):
            return 0.95, None
        source_rows = [SourceRow(number, row) for number, row in enumerate(rows, start=1)]
        if _columns_by_value(source_rows) is not None:
            # Eventbrite's shape under headers this reader does not know: less sure than by
            # name, surer than the generic layout's guess.
            return 0.55, None
        return 0.0, None

    def stage(self, cursor, sample: FileSample, kind, column_overrides=None) -> list[StagedKind]:
        file_name = sample.file_name
        rows = read_rows(sample)
        table = table_under_header(rows, _is_attendee_header)
        recognised: dict[str, str] = {}
        if table is None and (by_value := _columns_by_value(rows)) is not None:
            table, names = by_value
            recognised = {name: table.header[position] for position, name in names.items()}
            table.header = [names.get(i, header) for i, header in enumerate(table.header)]
        if table is None:
            raise FileRefused(
                file_name, [Problem("has no attendee table (a header with Order # and Email)")]
            )
        problems: list[Problem] = []
        records = table.records(problems)
        email_column = table.column("Email", "Email Address")
        if email_column is None:
            raise FileRefused(
                file_name,
                [
                    Problem(
                        f"has no Email column (its columns are: {', '.join(table.header)})",
                        line=table.header_line,
                    )
                ],
            )
        status_column = table.column("Attendee Status")
        # Without a status (a plain guest list) nothing says who came: registrations only.
        available = ("registrations", "attendance") if status_column else ("registrations",)
        kinds = kinds_to_stage(kind, available, self.label, file_name)
        named = {
            "first_name": table.column("First Name"),
            "last_name": table.column("Last Name", "Surname"),
            "registered_at": table.column("Order Date"),
        }
        answers = answer_columns(
            table.header,
            skip=set(EVENTBRITE_COLUMNS)
            | {
                h for h in table.header if h.startswith(("Home ", "Work ", "Billing ", "Shipping "))
            },
            country_fallbacks=ADDRESS_COUNTRIES,
            overrides=column_overrides,
            file_name=file_name,
        )
        # UK accounts (Surname, Postcode) write dates day-first: 05/08/2022 is 5 August; so
        # does a spreadsheet that saved the export again with ';' between values.
        uk_account = table.column("Surname", "Order no.", "Home Postcode") is not None
        dates = DateColumn(
            (record.get(named["registered_at"]) for record in records),
            prefer_day_first=uk_account or saved_by_a_day_first_spreadsheet(sample),
        )
        registrations, attendance = [], []
        registrations_out, attendance_out = Exclusions(), Exclusions()
        for record in records:
            status = " ".join((record.get(status_column) or "").casefold().split())
            if status in STATUS_NOT_REGISTERED:
                registrations_out.add(STATUS_NOT_REGISTERED[status])
                attendance_out.add(STATUS_NOT_REGISTERED[status])
                continue
            # No status column (a plain guest list export): every row holds a ticket.
            if status and status not in STATUS_CHECKED_IN | STATUS_ATTENDING:
                # A status Eventbrite did not write when this reader was made: the ticket is
                # left out and counted by its status, never a reason to refuse the file.
                reason = f"attendee status '{record.get(status_column)}', not one this reader knows"
                registrations_out.add(reason)
                attendance_out.add(reason)
                continue
            email = record.get(email_column)
            if (email or "").strip().casefold() == INFO_REQUESTED:
                registrations_out.add(DETAILS_NOT_COLLECTED)
                attendance_out.add(DETAILS_NOT_COLLECTED)
                continue
            row = {"_row": record.line, "email": email}
            for field_name, column in named.items():
                value = record.get(column)
                row[field_name] = None if (value or "").casefold() == INFO_REQUESTED else value
            row["registered_at"] = dates.iso(row["registered_at"])
            for field_name, columns in answers.items():
                row[field_name] = first_answer(record, columns)
            registrations.append(row)
            if status in STATUS_CHECKED_IN:
                attendance.append({"_row": record.line, "email": email})
            else:
                attendance_out.add(REGISTERED_NOT_ATTENDED)
        if kind is None and not attendance:
            # No ticket checked in: the export was taken before the event, or the organizers
            # did not check people in. Either way it says nothing about who came, and recording
            # zero attendees would block the attendance imported later.
            kinds = ("registrations",)
        parts = [
            KindRows(
                "registrations",
                registrations,
                *kind_columns(email_column, named, answers),
                registrations_out,
            ),
            KindRows("attendance", attendance, *kind_columns(email_column, {}), attendance_out),
        ]
        for part in parts:
            note_recognised(part, recognised)
        return stage_kinds(
            cursor,
            kinds,
            parts,
            rows_read=len(table.rows),
            problems=problems,
        )


READERS = [EventbriteReader()]
