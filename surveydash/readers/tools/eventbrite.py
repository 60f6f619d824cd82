"""Eventbrite's attendee report (Reports > Attendee summary, or Manage attendees > Export): one
row per ticket, with the order, the attendee, their status, their address and their answers to
the order form's questions. UK accounts write some headers differently (Surname, Order no.,
Home Postcode); columns are found by name, so either spelling reads the same.

Who counts: every ticket that was not refunded or cancelled is a registration; a checked-in
ticket is also an attendance (Eventbrite records no join times). People are recognised by
e-mail: when an order's buyer gave one e-mail for several tickets, those tickets are one person.
"""

from __future__ import annotations

from surveydash.dates import DateColumn
from surveydash.readers import FileSample, StagedKind
from surveydash.readers.tools.sections import (
    Exclusions,
    KindRows,
    answer_columns,
    detect_rows,
    first_answer,
    header_keys,
    kind_columns,
    kinds_to_stage,
    read_rows,
    saved_by_a_day_first_spreadsheet,
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


def _is_attendee_header(cells: list[str]) -> bool:
    keys = header_keys(cells)
    has_order = bool(keys & {"order#", "orderno", "ordernumber", "orderid"})
    return has_order and bool(keys & {"attendeestatus", "tickettype", "attendee#", "attendeeno"})


class EventbriteReader:
    source = "eventbrite"
    label = "Eventbrite attendee report"

    def detect(self, sample: FileSample) -> tuple[float, str | None]:
        # Registrations and attendance both: the kind is left to stage (None = all it holds).
        if any(_is_attendee_header(row) for row in detect_rows(sample)[:10]):
            return 0.95, None
        return 0.0, None

    def stage(self, cursor, sample: FileSample, kind, column_overrides=None) -> list[StagedKind]:
        file_name = sample.file_name
        table = table_under_header(read_rows(sample), _is_attendee_header)
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
        return stage_kinds(
            cursor,
            kinds,
            [
                KindRows(
                    "registrations",
                    registrations,
                    *kind_columns(email_column, named, answers),
                    registrations_out,
                ),
                KindRows("attendance", attendance, *kind_columns(email_column, {}), attendance_out),
            ],
            rows_read=len(table.rows),
            problems=problems,
        )


READERS = [EventbriteReader()]
