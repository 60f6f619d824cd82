"""Zoom's reports, read as Zoom writes them: the webinar attendee report (registrations and
attendance in one file), the webinar registration report, and the meeting participants report.

Who counts: hosts and panelists run the event and are not participants; a registrant who never
joined is still a registration; a person who joined five times is one attendee (the engine sums
their minutes). People are recognised by e-mail only: a row without one cannot be matched to a
registration and is left out (names are personal data and too unreliable to key anyone by).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from surveydash.dates import DateColumn
from surveydash.readers import KIND_FIELDS, FileSample, StagedKind
from surveydash.readers.generic import normalize_header
from surveydash.readers.tools.sections import (
    DETECT_ROWS,
    EMAIL_VALUE,
    VALUE_SHARE,
    WHOLE_NUMBER,
    Exclusions,
    KindRows,
    Record,
    SourceRow,
    Table,
    answer_columns,
    cell_value,
    column_cells,
    detect_rows,
    email_key,
    first_answer,
    header_keys,
    kind_columns,
    kinds_to_stage,
    note_recognised,
    read_rows,
    saved_by_a_day_first_spreadsheet,
    share_of,
    split_sections,
    stage_kinds,
    table_under_header,
)
from surveydash.tabular import FileRefused, Problem

# Why rows are left out, as the import result and log show them.
HOSTS = "hosts, not participants"
PANELISTS = "panelists, not participants"
STAFF_AS_ATTENDEES = "hosts or panelists also listed as attendees"
NOT_ATTENDED = "registrants who did not attend"
FURTHER_JOINS = "further join rows of the same registrant"
NOT_REGISTERED = "denied or cancelled registrations"
NO_EMAIL = "no e-mail: cannot be matched to a registration"
# Zoom meeting reports list guests who joined without signing in with no address: they came,
# but cannot be counted as one person across rows nor matched to a registration.
GUESTS_WITHOUT_EMAIL = "attendees without an e-mail address (guests): counted apart"
UPGRADED_TO_PANELIST = "registrants upgraded to panelist, not participants"
# Current meeting reports give the time someone waited in the waiting room a row of its own.
IN_WAITING_ROOM = "time in the waiting room, not in the meeting"
OTHER_WITHOUT_EMAIL = "joined without registering, listed under Other Attended without an e-mail"
UNREGISTERED = "joined without registering, listed under Other Attended"
MEETING_HOST = "the meeting host, not a participant"

# Approval Status values. A registrant waiting for approval has registered (organizers count
# them, and Zoom's '# Registered' includes them); a denied or cancelled one has not.
# The Spanish statuses are plain translations (no real Spanish report with the column was
# found): an unknown one leaves its row out and names it, so a wrong guess is seen, not hidden.
APPROVAL_REGISTERED = frozenset(
    {"approved", "pending", "pending approval", "auto approved", "aprobado", "pendiente"}
)
APPROVAL_NOT_REGISTERED = frozenset(
    {
        "denied",
        "cancelled",
        "canceled",
        "rejected",
        "blocked",
        "declined",
        "denied/blocked",
        "denegado",
        "cancelado",
        "rechazado",
    }
)
# A registrant the host promoted to panelist runs the event from then on: not a participant.
APPROVAL_PANELIST = frozenset({"upgraded to panelist", "upgraded to panellist", "panelist"})
# Attended as Zoom writes it in English and in Spanish ("Sí", a real Spanish report).
ATTENDED_VALUES = {"yes": True, "no": False, "sí": True, "si": True}

# The sections of a webinar attendee report, by title (older reports have 'Other Attended').
WEBINAR_SECTIONS = {
    "host details": "host",
    "panelist details": "panelist",
    "panelists details": "panelist",
    "attendee details": "attendee",
    "attendees details": "attendee",
    # One row per registrant, attended or not, in some accounts' reports.
    "registrant details": "attendee",
    "registrants details": "attendee",
    "other attended": "other",
}
# Zoom's own columns of the attendee table; every other column is a registration question.
ZOOM_ATTENDEE_COLUMNS = (
    "Attended",
    "User Name (Original Name)",
    "User Name",
    "First Name",
    "Last Name",
    "Email",
    "Phone",
    "Registration Time",
    "Approval Status",
    "Join Time",
    "Leave Time",
    "Time in Session (minutes)",
    "Is Guest",
    "Country/Region Name",
    "Source Name",
    # How the person registered and took part (Zoom's newer reports): never a question.
    "Registration Source",
    "Attendance Type",
)
# Zoom fills this from the joining computer's IP address: where someone connected from (a VPN,
# a hotel abroad), not the country they answered for. A registration question about the country
# is preferred; this is read only where that answer is blank (and for people who never joined
# it is blank anyway).
ZOOM_IP_COUNTRY = "Country/Region Name"


# A webinar attendee report from a Zoom account in Spanish, as real reports are read by code
# published with them (tests/fixtures/REAL_LAYOUTS.md): the title `Informe de asistentes`, the
# section `Detalles de asistente`, and Zoom's own columns, each with the English name the rest
# of this reader knows. Columns not seen in a real report are Zoom's wording of the same field
# in its Spanish meeting reports (`Hora de entrada`, `Hora para unirse`) or a plain translation
# (`Estado de aprobación`, `Invitado`, the host and panelist sections' titles).
SPANISH_WEBINAR_TITLES = {
    "informe de asistentes": "Attendee Report",
    "detalles de asistente": "Attendee Details",
    "detalles de asistentes": "Attendee Details",
    "detalles del anfitrion": "Host Details",
    "detalles de anfitrion": "Host Details",
    "detalles del panelista": "Panelist Details",
    "detalles de panelista": "Panelist Details",
    "detalles de los panelistas": "Panelist Details",
    "otros asistentes": "Other Attended",
}
SPANISH_WEBINAR_COLUMNS = {
    "Asistió": "Attended",
    "Nombre de usuario (nombre original)": "User Name (Original Name)",
    "Nombre de usuario": "User Name",
    "Nombre": "First Name",
    "Apellido": "Last Name",
    "Correo electrónico": "Email",
    "Teléfono": "Phone",
    "Hora de registro": "Registration Time",
    "Estado de aprobación": "Approval Status",
    "Hora de entrada": "Join Time",
    "Hora para unirse": "Join Time",
    "Hora de salida": "Leave Time",
    "Tiempo en la sesión (minutos)": "Time in Session (minutes)",
    "Invitado": "Is Guest",
    "¿Invitado?": "Is Guest",
    "Es invitado": "Is Guest",
    "Nombre de país/región": "Country/Region Name",
    "Nombre de fuente": "Source Name",
}
_SPANISH_WEBINAR_COLUMN_KEYS = {
    normalize_header(name): english for name, english in SPANISH_WEBINAR_COLUMNS.items()
}
# A header row of the Spanish report names at least these of Zoom's columns, the address and
# whether the person attended among them: a data row never does.
_MIN_TRANSLATED_HEADER_CELLS = 3


def _plain(text: str) -> str:
    """Lower case, no accents, single spaces: how section titles are compared."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join(
        "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split()
    )


def _cells_in_english(cells: list[str]) -> list[str]:
    """A row of a Spanish webinar report with its title or Zoom's column names in English;
    any other row as it is."""
    filled = [cell for cell in cells if cell]
    if len(filled) == 1 and _plain(filled[0]) in SPANISH_WEBINAR_TITLES:
        return [SPANISH_WEBINAR_TITLES[_plain(filled[0])] if cell else cell for cell in cells]
    translated = [_SPANISH_WEBINAR_COLUMN_KEYS.get(normalize_header(cell)) for cell in cells]
    named = {english for english in translated if english}
    if len(named) >= _MIN_TRANSLATED_HEADER_CELLS and {"Email", "Attended"} <= named:
        return [english or cell for cell, english in zip(cells, translated, strict=True)]
    return cells


# A Spanish report writes month-name dates with Spanish months ("mar. 18, 2021 07:05:12 PM":
# a real report's R import strips "mar." and puts "March" back before reading it); the months
# are named in English here so that the one date rule (surveydash.dates) reads them as it reads
# an English report's "Mar 18, 2021 ...".
_SPANISH_MONTHS = {
    "ene": "Jan",
    "feb": "Feb",
    "mar": "Mar",
    "abr": "Apr",
    "may": "May",
    "jun": "Jun",
    "jul": "Jul",
    "ago": "Aug",
    "sep": "Sep",
    "sept": "Sep",
    "set": "Sep",
    "oct": "Oct",
    "nov": "Nov",
    "dic": "Dec",
}
# The months of the languages a report read by its shape may be in (Portuguese, French,
# Italian, German), as their usual abbreviations and names are written: no two languages use
# one spelling for different months. Not seen in a real Zoom report (see
# _webinar_sections_by_shape): read only where no header says what the file is.
_OTHER_MONTHS = {
    **{key: "Jan" for key in ("jan", "janv", "janvier", "gen", "jän", "januar")},
    **{key: "Feb" for key in ("fev", "fév", "févr", "février", "februar")},
    **{key: "Mar" for key in ("mars", "mär", "märz", "marzo", "março")},
    **{key: "Apr" for key in ("apr", "avr", "avril", "aprile")},
    **{key: "May" for key in ("mai", "mag", "maggio")},
    **{key: "Jun" for key in ("juin", "giu", "giugno", "juni")},
    **{key: "Jul" for key in ("juil", "juillet", "lug", "luglio", "juli")},
    **{key: "Aug" for key in ("août", "aout", "agosto")},
    **{key: "Sep" for key in ("setembro", "settembre", "septembre")},
    **{key: "Oct" for key in ("out", "ott", "okt", "octobre", "ottobre", "oktober", "outubro")},
    **{key: "Nov" for key in ("novembre", "novembro")},
    **{key: "Dec" for key in ("dez", "déc", "décembre", "dicembre", "dezember", "dezembro")},
}
_MONTH_FIRST_DATE = re.compile(r"^(?P<month>[^\W\d_]{3,9})\.?(?=\s+\d{1,2},?\s+\d{4}\b)")
_DAY_FIRST_DATE = re.compile(r"^(?P<day>\d{1,2})\.?\s+(?P<month>[^\W\d_]{3,9})\.?(?=\s+\d{4}\b)")


def _month_in_english(cell: str, months: dict[str, str] = _SPANISH_MONTHS) -> str:
    found = _MONTH_FIRST_DATE.match(cell)
    if found and found["month"].casefold() in months:
        return months[found["month"].casefold()] + cell[found.end() :]
    found = _DAY_FIRST_DATE.match(cell)
    if found and found["month"].casefold() in months:
        return f"{found['day']} {months[found['month'].casefold()]}{cell[found.end() :]}"
    return cell


def _months_in_english(rows: list[SourceRow]) -> list[SourceRow]:
    """Rows with month names of the languages a report read by shape may use, in English."""
    months = {**_SPANISH_MONTHS, **_OTHER_MONTHS}
    return [SourceRow(row.line, [_month_in_english(c, months) for c in row.cells]) for row in rows]


def _rows_in_english(rows: list[SourceRow]) -> list[SourceRow]:
    """The report's rows with a Spanish report's titles, Zoom's column names and month names
    in English; an English report's rows as they are."""
    translated = [SourceRow(row.line, _cells_in_english(row.cells)) for row in rows]
    if all(new.cells == old.cells for new, old in zip(translated, rows, strict=True)):
        return rows
    return [SourceRow(row.line, [_month_in_english(c) for c in row.cells]) for row in translated]


def _section_key(title: str) -> str:
    return " ".join(title.casefold().split())


def _is_section_title(text: str) -> bool:
    key = _section_key(text)
    return key in WEBINAR_SECTIONS or key.endswith(" details")


def _is_attendee_header(cells: list[str]) -> bool:
    keys = header_keys(cells)
    return {"email", "jointime"} <= keys and bool(keys & {"attended", "registrationtime"})


def _is_registration_header(cells: list[str]) -> bool:
    keys = header_keys(cells)
    return {"email", "registrationtime", "approvalstatus"} <= keys and not (
        keys & {"attended", "jointime"}
    )


# The meeting participants report's columns as Zoom's web portal writes them in the account's
# language: English, Spanish (older and current wording), Portuguese, Italian, French, German,
# as real reports published with the code that reads them show (tests/fixtures/REAL_LAYOUTS.md).
PARTICIPANT_NAME_COLUMNS = (
    "Name (Original Name)",
    "Nombre (nombre original)",
    "Nome (nome original)",
    "Nome (nome originale)",
    "Nom (nom original)",
    "Name (ursprünglicher Name)",
)
PARTICIPANT_EMAIL_COLUMNS = (
    "User Email",
    "Email",  # also "E-mail" and "E-Mail" (Italian, Portuguese, German)
    "E-mail del usuario",
    "Correo electrónico",
    "Correo electrónico del usuario",
    "Adresse e-mail de l'utilisateur",
    "Adresse e-mail de l’utilisateur",
)
JOIN_TIME_COLUMNS = (
    "Join Time",
    "Hora para unirse",
    "Hora de entrada",
    "Ingressar na hora",
    "Ora di ingresso",
    "Heure d'arrivée",
    "Heure d’arrivée",
    "Heure de connexion",
    "Beitrittszeit",
)
LEAVE_TIME_COLUMNS = (
    "Leave Time",
    "Hora para salir",
    "Hora de salida",
    "Hora de saída",
    "Ora di uscita",
    "Heure de départ",
    "Heure de déconnexion",
    "Austrittszeit",
)
DURATION_COLUMNS = (
    "Duration (Minutes)",
    "Total Duration (Minutes)",
    "Duración (minutos)",
    "Duración total (minutos)",
    "Duração (minutos)",
    "Permanência (minutos)",
    "Durata (minuti)",
    "Durée (minutes)",
    "Dauer (Minuten)",
)
WAITING_ROOM_COLUMNS = (
    "In Waiting Room",
    "En sala de espera",
    "Na sala de espera",
    "In sala d'attesa",
    "In sala d’attesa",
    "Salle d'attente",
    "Salle d’attente",
    "Dans la salle d'attente",
    "Dans la salle d’attente",
)
# The meeting's host's address, when the meeting's data is written into every row.
HOST_EMAIL_COLUMNS = (
    "Host Email",
    "E-mail organizzatore",
    "Correo electrónico del organizador",
)
# "Yes" in those languages, compared without accents ("Sí", "Sì").
YES_WORDS = frozenset({"yes", "si", "sim", "oui", "ja"})


def _keys(names: tuple[str, ...]) -> set[str]:
    return {normalize_header(name) for name in names}


# The names Zoom has given a participant's name column over the years and languages.
_NAME_KEYS = {"name", "username", "usernameoriginalname", "participant"} | _keys(
    PARTICIPANT_NAME_COLUMNS
)
_TIMING_KEYS = _keys(JOIN_TIME_COLUMNS + DURATION_COLUMNS)
_PARTICIPANT_EMAIL_KEYS = _keys(PARTICIPANT_EMAIL_COLUMNS)
_EMAIL_KEYS = _PARTICIPANT_EMAIL_KEYS | {"emailaddress"}


def _is_meeting_summary_header(cells: list[str]) -> bool:
    """The meeting's own row: `Meeting ID, Topic, ..., User Email` (the host's) in older
    reports, `Topic, ID, Duration (minutes), Start time, ...` in current ones."""
    keys = header_keys(cells)
    return (
        bool(keys & {"meetingid", "id"})
        and bool(keys & {"topic", "useremail", "hostemail", "starttime"})
        and not keys & _NAME_KEYS
        and "jointime" not in keys
    )


def _is_participants_header(cells: list[str]) -> bool:
    """One row per join: `Name (Original Name), User Email, Join Time, ...` or, in current
    reports, `Name (original name), Email, Join time, ...` (with the meeting's Topic and ID
    in front when exported with the meeting data)."""
    keys = header_keys(cells)
    return (
        bool(keys & _PARTICIPANT_EMAIL_KEYS)
        and bool(keys & _NAME_KEYS)
        and bool(keys & _TIMING_KEYS)
        and not keys & {"attended", "registrationtime", "approvalstatus"}
    )


# Zoom's reports of what happened during a session rather than who came: the poll report (one
# row per answer or per person: `#,User Name,User Email,Submitted Date/Time,...`; the current
# one opens with `Overview` and `Launched Polls`, then a section per poll whose header is
# `#,User Name,Email Address,Submitted Date and Time,<questions>`) and the Q&A
# report (`#,Question,Asker Name,Asker Email,Answer(s)`). They list only the people who voted
# or asked, so reading them as attendance would undercount, and a poll's questions are asked
# in the session, not the event's evaluation: they are recognised so that the refusal says
# what the file is and which report to export instead. (Zoom's post-webinar survey report is
# not claimed: its layout was not seen, and it may be the evaluation itself.)
INTERACTION_REPORTS = {
    "poll report": "a Zoom poll report",
    "polling report": "a Zoom poll report",
    "poll details": "a Zoom poll report",
    "launched polls": "a Zoom poll report",
    "polling details": "a Zoom poll report",
    "question and answer report": "a Zoom Q&A report",
    "question & answer report": "a Zoom Q&A report",
    "q&a report": "a Zoom Q&A report",
    "question details": "a Zoom Q&A report",
    "q&a details": "a Zoom Q&A report",
}
# Columns only those reports write: when the title was cut off, the header still says it.
_POLL_HEADER_KEYS = {"submitteddatetime", "submitteddateandtime"}
_QA_HEADER_KEYS = {"askername", "askeremail"}


def interaction_report(rows: list[list[str]]) -> str | None:
    """What the file is ('a Zoom poll report', 'a Zoom Q&A report') when it is one of Zoom's
    poll or Q&A reports; None for any other file, an attendee report with a poll section
    among its sections included (its attendees decide what it is)."""
    if any(_is_attendee_header(cells) or _is_registration_header(cells) for cells in rows):
        return None
    for cells in rows:
        filled = [cell for cell in cells if cell]
        if len(filled) == 1 and _section_key(filled[0]) in INTERACTION_REPORTS:
            return INTERACTION_REPORTS[_section_key(filled[0])]
        if not cells or cells[0] != "#":
            continue  # Zoom numbers the rows of both reports under '#'; form tools do not
        keys = header_keys(cells)
        if keys & _QA_HEADER_KEYS and "question" in keys:
            return "a Zoom Q&A report"
        if keys & _POLL_HEADER_KEYS and keys & {"username", "name"} and keys & _EMAIL_KEYS:
            return "a Zoom poll report"
    return None


def refuse_interaction_report(file_name: str, what: str) -> FileRefused:
    return _refuse(
        file_name,
        f"is {what}: it records the polls or questions of the session and the people who "
        "answered or asked them, not who registered or attended, so it is not imported. For "
        "registrations and attendance, export the attendee report (Reports > Webinars > "
        "Attendee report, or the meeting's participants report); for the event's evaluation, "
        "import the survey's own export",
    )


def _refuse_if_interaction_report(rows: list[SourceRow], file_name: str) -> None:
    what = interaction_report([row.cells for row in rows[:DETECT_ROWS]])
    if what:
        raise refuse_interaction_report(file_name, what)


def _refuse(file_name: str, message: str, **where) -> FileRefused:
    return FileRefused(file_name, [Problem(message, **where)])


def _email_column(table: Table, file_name: str) -> str:
    column = table.column("Email", "Email Address", "User Email")
    if column is None:
        where = f"the '{table.title}' section" if table.title else "the table"
        raise _refuse(
            file_name,
            f"{where} has no Email column (its columns are: {', '.join(table.header)})",
            line=table.header_line,
        )
    return column


def _approval(record: Record, column: str | None) -> str | None:
    """None if the row is a registration, else why it is left out: denied or cancelled,
    upgraded to panelist, or a status Zoom did not write when this reader was made (left out
    and named in the report rather than refusing the file for one odd value)."""
    status = " ".join((record.get(column) or "").casefold().split())
    if not status or status in APPROVAL_REGISTERED:
        return None
    if status in APPROVAL_NOT_REGISTERED:
        return NOT_REGISTERED
    if status in APPROVAL_PANELIST:
        return UPGRADED_TO_PANELIST
    return f"approval status '{record.get(column)}', not a registration this reader knows"


def _webinar_sections(rows, file_name: str) -> list[Table]:
    """The titled sections of a webinar attendee report; refuses a report without attendees
    and a section Zoom does not write (rather than count its rows as anything)."""
    _, tables = split_sections(rows, _is_section_title)
    if not tables:
        # The attendee table without its titled sections (copied out of the report).
        table = table_under_header(rows, _is_attendee_header)
        if table is not None:
            table.title = "Attendee Details"
            tables = [table]
    for table in tables:
        if _section_key(table.title or "") not in WEBINAR_SECTIONS:
            raise _refuse(
                file_name,
                f"has a section '{table.title}' that a Zoom attendee report does not have "
                "(expected Host Details, Panelist Details, Attendee Details)",
                line=table.header_line - 1,
            )
    if not any(WEBINAR_SECTIONS[_section_key(t.title)] == "attendee" for t in tables):
        raise _refuse(file_name, "has no 'Attendee Details' section: is it an attendee report?")
    return tables


# -- a webinar report whose titles and headers this reader does not know ------------------------
#
# Zoom writes its webinar reports in the account's language, and only English and Spanish ones
# were seen. A report in another language keeps Zoom's shape: titled sections, each a header
# row and its rows, in Zoom's order (host, panelists, attendees, then those who joined without
# registering), and the people's tables hold e-mail addresses, date-times (registration, join,
# leave, in that order) and whole minutes after them. Such a report is read from that shape and
# those values; the column map says which columns were recognised from their values. What
# cannot be told without its words (approval statuses, a registration question's meaning) is
# not read: every registrant counts, and a country is read only from a column whose values are
# country names.


def _could_be_title(text: str) -> bool:
    """A one-cell row that may title a section: words, not an address, a number or a date."""
    return (
        re.search(r"[^\W\d_]{3}", text) is not None
        and not EMAIL_VALUE.match(text)
        and DateColumn([text]).parse(text) is None
    )


@dataclass(frozen=True)
class _PeopleColumns:
    """Where a section's e-mail, date-time, minutes and country columns are, by position."""

    email: int
    dates: list[int]
    minutes: int | None
    countries: list[int]


def _people_columns(table: Table) -> _PeopleColumns | None:
    """The columns of a table of people as Zoom writes one, recognised from their values; None
    when the table is not one (no column of addresses, fewer than two of date-times)."""
    header = table.header
    if not table.rows or any(EMAIL_VALUE.match(cell) for cell in header):
        return None
    cells = [column_cells(table.rows, position) for position in range(len(header))]
    emails = [
        i for i, column in enumerate(cells) if share_of(column, EMAIL_VALUE.match) >= VALUE_SHARE
    ]
    dates = [i for i, column in enumerate(cells) if _holds_date_times(column)]
    if not emails or len(dates) < 2:
        return None
    minutes = next(
        (
            i
            for i in range(dates[-1] + 1, len(header))
            if share_of(cells[i], WHOLE_NUMBER.match) >= VALUE_SHARE
        ),
        None,
    )
    if any(DateColumn([cell]).parse(cell) is not None for cell in header if cell):
        return None  # a row of values, not a header
    return _PeopleColumns(emails[0], dates, minutes, _country_columns(cells, {emails[0], *dates}))


def _holds_date_times(cells: list[str]) -> bool:
    """True when the column's filled cells are date-times (minutes are no dates)."""
    parse = DateColumn(cells).parse
    dated = share_of(cells, lambda cell: not WHOLE_NUMBER.match(cell) and parse(cell) is not None)
    return dated >= VALUE_SHARE


# How a value must name a country to count as one: by its name or a known alias, not by a
# two-letter code ("No" is Norway's) nor a fuzzy guess.
_COUNTRY_BY_NAME = frozenset({"name", "alias", "regex"})


def _country_columns(cells: list[list[str]], taken: set[int]) -> list[int]:
    from surveydash.db import country_reference

    reference = country_reference()
    return [
        position
        for position, column in enumerate(cells)
        if position not in taken
        and share_of(column, lambda c: reference.match(c).method in _COUNTRY_BY_NAME) >= VALUE_SHARE
    ]


def _people_tables(rows: list[SourceRow]) -> list[tuple[Table, _PeopleColumns]]:
    _, tables = split_sections(rows, _could_be_title)
    return [(table, columns) for table in tables if (columns := _people_columns(table))]


def _has_named_attendee_section(rows: list[SourceRow]) -> bool:
    _, tables = split_sections(rows, _is_section_title)
    named = any(WEBINAR_SECTIONS.get(_section_key(t.title)) == "attendee" for t in tables)
    return named or table_under_header(rows, _is_attendee_header) is not None


def _webinar_sections_by_shape(
    rows: list[SourceRow], file_name: str
) -> tuple[list[Table], dict[str, str]]:
    """The sections of a webinar report read by shape, their columns named as Zoom's English
    report names them, and those names -> the file's headers (see the note above).

    The attendee section is the widest table of people (it adds names, registration time and
    the registration questions to the host's columns), the most rows breaking a tie; the
    tables before it are the host's (the first) and the panelists'; those after it list people
    who joined without registering."""
    people = _people_tables(rows)
    if not people:
        raise _refuse(file_name, "has no 'Attendee Details' section: is it an attendee report?")
    attendee = max(
        range(len(people)), key=lambda i: (len(people[i][0].header), len(people[i][0].rows))
    )
    tables: list[Table] = []
    recognised: dict[str, str] = {}
    for index, (table, columns) in enumerate(people):
        if index < attendee:
            title = "Host Details" if index == 0 else "Panelist Details"
        else:
            title = "Attendee Details" if index == attendee else "Other Attended"
        names = {columns.email: "Email"}
        if len(columns.dates) >= 3 and index == attendee:
            names[columns.dates[-3]] = "Registration Time"
        names[columns.dates[-2]] = "Join Time"
        names[columns.dates[-1]] = "Leave Time"
        if columns.minutes is not None:
            names[columns.minutes] = "Time in Session (minutes)"
        if index == attendee:
            # The first country column is the registrant's answer, a later one Zoom's
            # IP-derived country (read where the answer is blank), as in English reports.
            for position, name in zip(
                columns.countries, ("Country", ZOOM_IP_COUNTRY), strict=False
            ):
                names[position] = name
        header = list(table.header)
        for position, name in names.items():
            if index == attendee or name not in recognised:
                recognised[name] = header[position]
            header[position] = name
        tables.append(Table(title, header, table.header_line, table.rows))
    return tables, recognised


class _Registrant:
    """One person's registration, filled from the first of their rows that gives each value."""

    def __init__(self, line: int, email: str):
        self.values: dict[str, str | None] = {"_row": line, "email": email}

    def fill(self, field_name: str, value: str | None) -> None:
        if self.values.get(field_name) is None and value is not None:
            self.values[field_name] = value


class ZoomWebinarAttendeeReader:
    """Zoom's webinar attendee report (Reports > Webinars > Attendee report): a preamble, then
    Host Details, Panelist Details, Attendee Details (and Other Attended in older reports).
    One row per join session, and one row per registrant who never joined (Attended = No)."""

    source = "zoom-webinar"
    label = "Zoom webinar attendee report"

    def detect(self, sample: FileSample) -> tuple[float, str | None]:
        rows = [_cells_in_english(row) for row in detect_rows(sample)]
        if interaction_report(rows):
            # Claimed surely, so that staging refuses it saying what it is (see
            # INTERACTION_REPORTS) rather than another reader misreading it.
            return 0.97, None
        first_cells = [row[0] for row in rows if row and row[0]]
        # Registrations and attendance both: the kind is left to stage (None = all it holds).
        if first_cells and _section_key(first_cells[0]) == "attendee report":
            return 0.95, None
        if any(WEBINAR_SECTIONS.get(_section_key(cell)) == "attendee" for cell in first_cells):
            return 0.9, None
        if any(_is_attendee_header(row) for row in rows):
            return 0.9, None
        # Zoom's shape in a language whose words this reader does not know: titled sections,
        # a table of people among them. Less sure than by name, more than a generic layout.
        source_rows = _months_in_english(
            [SourceRow(number, row) for number, row in enumerate(rows, start=1)]
        )
        if len(split_sections(source_rows, _could_be_title)[1]) >= 2 and _people_tables(
            source_rows
        ):
            return 0.6, None
        return 0.0, None

    def stage(self, cursor, sample: FileSample, kind, column_overrides=None) -> list[StagedKind]:
        file_name = sample.file_name
        kinds = kinds_to_stage(kind, ("registrations", "attendance"), self.label, file_name)
        rows = _rows_in_english(read_rows(sample))
        _refuse_if_interaction_report(rows, file_name)
        recognised: dict[str, str] = {}
        if _has_named_attendee_section(rows):
            tables = _webinar_sections(rows, file_name)
        else:
            tables, recognised = _webinar_sections_by_shape(_months_in_english(rows), file_name)
        problems: list[Problem] = []
        registrations_out, attendance_out = Exclusions(), Exclusions()
        records_by_table = [(t, t.records(problems)) for t in tables]
        rows_read = sum(len(t.rows) for t in tables)

        # Hosts and panelists first: they are left out wherever they appear.
        staff: set[str] = set()
        for table, records in records_by_table:
            role = WEBINAR_SECTIONS[_section_key(table.title)]
            if role in ("host", "panelist"):
                email_column = table.column("Email", "Email Address")
                reason = HOSTS if role == "host" else PANELISTS
                for record in records:
                    staff.add(email_key(record.get(email_column)) or "")
                    registrations_out.add(reason)
                    attendance_out.add(reason)
        staff.discard("")

        dates = DateColumn(
            (
                record.get(column)
                for table, records in records_by_table
                for column in [
                    table.column(n) for n in ("Registration Time", "Join Time", "Leave Time")
                ]
                for record in records
            ),
            prefer_day_first=saved_by_a_day_first_spreadsheet(sample),
        )
        registrants: dict[str, _Registrant] = {}
        joins: list[dict] = []
        registration_map: dict[str, str] = {}
        attendance_map: dict[str, str] = {}
        registration_fields = {"email"}
        attendance_fields = {"email"}
        for table, records in records_by_table:
            role = WEBINAR_SECTIONS[_section_key(table.title)]
            if role not in ("attendee", "other"):
                continue
            if role == "other" and table.column("Email", "Email Address") is None:
                # Zoom writes Other Attended without an Email column in some reports: these
                # people joined unregistered and cannot be matched to anyone.
                registrations_out.add(OTHER_WITHOUT_EMAIL, len(records))
                attendance_out.add(OTHER_WITHOUT_EMAIL, len(records))
                continue
            email_column = _email_column(table, file_name)
            named = {
                "first_name": table.column("First Name"),
                "last_name": table.column("Last Name"),
                "registered_at": table.column("Registration Time"),
            }
            timing = {
                "join_time": table.column("Join Time"),
                "leave_time": table.column("Leave Time"),
                "minutes": table.column("Time in Session (minutes)", "Duration (Minutes)"),
            }
            attended_column = table.column("Attended")
            approval_column = table.column("Approval Status")
            answers = answer_columns(
                table.header,
                skip=set(ZOOM_ATTENDEE_COLUMNS)
                | {h for h in table.header if h in (*named.values(), *timing.values())},
                country_fallbacks=(ZOOM_IP_COUNTRY,),
                overrides=column_overrides,
                file_name=file_name,
            )
            attendance_map[email_column] = "email"
            attendance_map.update({h: f for f, h in timing.items() if h})
            attendance_fields.update(f for f, h in timing.items() if h)
            if role == "attendee":
                registration_map[email_column] = "email"
                registration_map.update({h: f for f, h in named.items() if h})
                registration_map.update({h: f for f, hs in answers.items() for h in hs})
                registration_fields.update(f for f, h in named.items() if h)
                registration_fields.update(answers)
            for record in records:
                email = record.get(email_column)
                key = email_key(email)
                if key is None:
                    registrations_out.add(NO_EMAIL)
                    attendance_out.add(NO_EMAIL)
                    continue
                attended = self._attended(record, attended_column, timing["join_time"], problems)
                if attended is None:
                    continue
                # -- the registration this row belongs to
                if role == "other":
                    registrations_out.add(UNREGISTERED)
                else:
                    left_out = _approval(record, approval_column)
                    if left_out == UPGRADED_TO_PANELIST:
                        # A panelist from then on: no registration and no attendance.
                        registrations_out.add(left_out)
                        attendance_out.add(left_out)
                        continue
                    approved = left_out is None
                    if not approved:
                        registrations_out.add(left_out)
                    elif key in registrants:
                        registrations_out.add(FURTHER_JOINS)
                    else:
                        registrants[key] = _Registrant(record.line, email)
                    if approved and key in registrants:
                        registrant = registrants[key]
                        for field_name, column in named.items():
                            value = record.get(column)
                            if field_name == "registered_at":
                                value = dates.iso(value)
                            registrant.fill(field_name, value)
                        for field_name, columns in answers.items():
                            registrant.fill(field_name, first_answer(record, columns))
                # -- the join this row records
                if not attended:
                    attendance_out.add(NOT_ATTENDED)
                elif key in staff:
                    attendance_out.add(STAFF_AS_ATTENDEES)
                else:
                    joins.append(
                        {
                            "_row": record.line,
                            "email": email,
                            "join_time": dates.iso(record.get(timing["join_time"])),
                            "leave_time": dates.iso(record.get(timing["leave_time"])),
                            "minutes": record.get(timing["minutes"]),
                        }
                    )

        registration_rows = KindRows(
            "registrations",
            sorted((r.values for r in registrants.values()), key=lambda v: v["_row"]),
            [f for f in KIND_FIELDS["registrations"] if f in registration_fields],
            registration_map,
            registrations_out,
        )
        attendance_rows = KindRows(
            "attendance",
            joins,
            [f for f in KIND_FIELDS["attendance"] if f in attendance_fields],
            attendance_map,
            attendance_out,
        )
        for part in (registration_rows, attendance_rows):
            note_recognised(part, recognised)
        return stage_kinds(
            cursor,
            kinds,
            [registration_rows, attendance_rows],
            rows_read=rows_read,
            problems=problems,
        )

    @staticmethod
    def _attended(
        record: Record, column: str | None, join_column: str | None, problems: list[Problem]
    ) -> bool | None:
        if column is None:  # Other Attended has no such column: everyone in it joined
            return join_column is None or record.get(join_column) is not None
        value = (record.get(column) or "").casefold()
        if value in ATTENDED_VALUES:
            return ATTENDED_VALUES[value]
        # Neither Yes nor No: this row says nothing about attending. Its registration stands;
        # no join is counted for it.
        return False


class ZoomRegistrationReader:
    """Zoom's registration report (Reports > Webinars > Registration report, or the registrant
    list exported from a webinar or meeting): a short preamble, then one row per registrant
    with their answers to the registration questions."""

    source = "zoom-registration"
    label = "Zoom registration report"

    def detect(self, sample: FileSample) -> tuple[float, str | None]:
        if any(_is_registration_header(row) for row in detect_rows(sample)):
            return 0.92, "registrations"
        return 0.0, None

    def stage(self, cursor, sample: FileSample, kind, column_overrides=None) -> list[StagedKind]:
        file_name = sample.file_name
        kinds_to_stage(kind, ("registrations",), self.label, file_name)
        rows = read_rows(sample)
        table = table_under_header(rows, _is_registration_header)
        if table is None:
            _refuse_if_interaction_report(rows, file_name)
            raise _refuse(
                file_name,
                "has no registrant table (a header with First Name, Last Name, Email, "
                "Registration Time, Approval Status)",
            )
        problems: list[Problem] = []
        records = table.records(problems)
        email_column = _email_column(table, file_name)
        named = {
            "first_name": table.column("First Name"),
            "last_name": table.column("Last Name"),
            "registered_at": table.column("Registration Time"),
        }
        approval_column = table.column("Approval Status")
        answers = answer_columns(
            table.header,
            skip={email_column, approval_column, *(h for h in named.values() if h)},
            overrides=column_overrides,
            file_name=file_name,
        )
        dates = DateColumn(
            (record.get(named["registered_at"]) for record in records),
            prefer_day_first=saved_by_a_day_first_spreadsheet(sample),
        )
        excluded = Exclusions()
        kept = []
        for record in records:
            left_out = _approval(record, approval_column)
            if left_out is not None:
                excluded.add(left_out)
                continue
            # A blank e-mail is kept: Zoom always writes one, so the importer names the row.
            row = {"_row": record.line, "email": record.get(email_column)}
            for field_name, column in named.items():
                row[field_name] = record.get(column)
            row["registered_at"] = dates.iso(row["registered_at"])
            for field_name, columns in answers.items():
                row[field_name] = first_answer(record, columns)
            kept.append(row)
        fields, column_map = kind_columns(email_column, named, answers)
        return stage_kinds(
            cursor,
            ("registrations",),
            [KindRows("registrations", kept, fields, column_map, excluded)],
            rows_read=len(table.rows),
            problems=problems,
        )


class ZoomMeetingParticipantsReader:
    """Zoom's meeting participants report (Reports > Usage > Participants, exported with the
    meeting data): the meeting's summary row, whose User Email is the host's, then one row per
    join. Without the summary row the host cannot be told apart and is kept."""

    source = "zoom-meeting"
    label = "Zoom meeting participants report"

    def detect(self, sample: FileSample) -> tuple[float, str | None]:
        rows = detect_rows(sample)
        if any(_is_meeting_summary_header(row) for row in rows):
            return 0.95, "attendance"
        if any(_is_participants_header(row) for row in rows):
            return 0.9, "attendance"
        return 0.0, None

    def stage(self, cursor, sample: FileSample, kind, column_overrides=None) -> list[StagedKind]:
        file_name = sample.file_name
        kinds_to_stage(kind, ("attendance",), self.label, file_name)
        rows = read_rows(sample)
        hosts = self._host_emails(rows)
        table = table_under_header(rows, _is_participants_header)
        if table is None:
            _refuse_if_interaction_report(rows, file_name)
            raise _refuse(
                file_name,
                "has no participants table (a header with Name (Original Name), User Email, "
                "Join Time, Leave Time, Duration (Minutes))",
            )
        problems: list[Problem] = []
        records = table.records(problems)
        email_column = table.column(*PARTICIPANT_EMAIL_COLUMNS) or _email_column(table, file_name)
        hosts |= self._inline_host_emails(table)
        timing = {
            "join_time": table.column(*JOIN_TIME_COLUMNS),
            "leave_time": table.column(*LEAVE_TIME_COLUMNS),
            "minutes": table.column(*DURATION_COLUMNS),
        }
        dates = DateColumn(
            (
                record.get(timing[name])
                for record in records
                for name in ("join_time", "leave_time")
            ),
            prefer_day_first=saved_by_a_day_first_spreadsheet(sample),
        )
        waiting_column = table.column(*WAITING_ROOM_COLUMNS)
        excluded = Exclusions()
        joins = []
        for record in records:
            email = record.get(email_column)
            key = email_key(email)
            if normalize_header(record.get(waiting_column) or "") in YES_WORDS:
                excluded.add(IN_WAITING_ROOM)
                continue
            if key is None:
                excluded.add(GUESTS_WITHOUT_EMAIL)
                continue
            if key in hosts:
                excluded.add(MEETING_HOST)
                continue
            joins.append(
                {
                    "_row": record.line,
                    "email": email,
                    "join_time": dates.iso(record.get(timing["join_time"])),
                    "leave_time": dates.iso(record.get(timing["leave_time"])),
                    "minutes": record.get(timing["minutes"]),
                }
            )
        fields, column_map = kind_columns(email_column, timing)
        staged = stage_kinds(
            cursor,
            ("attendance",),
            [KindRows("attendance", joins, fields, column_map, excluded)],
            rows_read=len(table.rows),
            problems=problems,
        )
        for part in staged:
            part.repeated_headers = self._repeated_in_inline_layout(table)
        return staged

    @staticmethod
    def _repeated_in_inline_layout(table: Table) -> frozenset[str]:
        """The headers repeated by a report with the meeting in every row (see
        `_inline_host_emails`), which reads them by position: a header counts when it appears
        once among the meeting's columns, before the participant's name (the last name column),
        and again after it.
        Any other repeated header is a damaged file's."""
        keys = [normalize_header(h) if h else None for h in table.header]
        names = [i for i, key in enumerate(keys) if key in _NAME_KEYS]
        if not names:
            return frozenset()
        folded = [" ".join(str(h).split()).casefold() if h else None for h in table.header]
        repeated = set()
        for key in {key for key in folded if key}:
            positions = [i for i, other in enumerate(folded) if other == key]
            if len(positions) > 1 and positions[0] < names[-1] < positions[-1]:
                repeated.add(key)
        return frozenset(repeated)

    @staticmethod
    def _inline_host_emails(table: Table) -> set[str]:
        """The host's address when the meeting data is written into every row (an admin's
        usage report exported with its participants): the meeting's own columns come first,
        the host's address among them (`Host email`, `E-mail organizzatore`, or a first `User
        Email`), then the participant's name, e-mail, join and leave times, so the header may
        name `User Email` (and `Duration (Minutes)`) twice. A row's values are read by header,
        the later column winning (the participant's); every e-mail column before the last
        one is the meeting's, its host's."""
        keys = [normalize_header(h) for h in table.header]
        emails = [i for i, key in enumerate(keys) if key in _PARTICIPANT_EMAIL_KEYS]
        host_columns = [i for i, key in enumerate(keys) if key in _keys(HOST_EMAIL_COLUMNS)]
        host_columns += emails[:-1]
        if not host_columns:
            return set()
        hosts = set()
        for row in table.rows:
            cells = row.filled()
            for position in host_columns:
                key = email_key(cell_value(cells[position]) if position < len(cells) else None)
                if key:
                    hosts.add(key)
        return hosts

    @staticmethod
    def _host_emails(rows) -> set[str]:
        """The address in the meeting's summary, above the participants table: the meeting's
        host. The summary describes the meeting, whose only address is its host's, whatever
        the account's language calls its columns (`User Email` in older reports, `Email` in the
        sentence-case ones, `E-mail` or `Correo electrónico` in Portuguese or Spanish), so the
        addresses written above the participants' header are the host's."""
        hosts = set()
        for row in rows:
            cells = row.filled()
            if _is_participants_header(cells):
                break
            for cell in cells:
                value = cell_value(cell)
                if value and EMAIL_VALUE.match(value):
                    hosts.add(email_key(value))
        return hosts


# Zoom's current webinar export ("People" tab, person summary, 2026): one row per registrant.
# Participation says whether they came: Live did; Lobby only waited in the lobby and was never
# let in; Absent did not come. Empty cells are written N/A.
PEOPLE_ATTENDED = frozenset({"live", "attended", "on demand", "on-demand"})
PEOPLE_NOT_ATTENDED = {"lobby only": "in the lobby only: did not attend", "absent": NOT_ATTENDED}
ZOOM_PEOPLE_COLUMNS = (
    "First name",
    "Last name",
    "Email",
    "Authentication status",
    "Engagement score",
    "Participation",
    "Ticket type",
    "Sessions attended",
    "Sessions registered",
    "Total time spent(Minutes)",
    "Total time spent (Minutes)",
    "Lobby attendance",
    "Last registration time",
    "Registration time",
    "Job title",
    "Phone",
    "First join time",
    "Last exit time",
    "Attended",
    "Approval status",
)


def _is_people_header(cells: list[str]) -> bool:
    keys = header_keys(cells)
    return {"email", "participation"} <= keys and bool(
        keys
        & {
            "engagementscore",
            "sessionsattended",
            "totaltimespentminutes",
            "lobbyattendance",
            "firstjointime",
            "lastregistrationtime",
        }
    )


class ZoomWebinarPeopleReader:
    """Zoom's current webinar export (the "People" tab's person summary): one row per
    registrant with their participation (Live, Lobby only, Absent), time spent, first join and
    last exit, and their answers to the registration questions, last."""

    source = "zoom-people"
    label = "Zoom webinar people export"

    def detect(self, sample: FileSample) -> tuple[float, str | None]:
        if any(_is_people_header(row) for row in detect_rows(sample)[:10]):
            return 0.95, None
        return 0.0, None

    def stage(self, cursor, sample: FileSample, kind, column_overrides=None) -> list[StagedKind]:
        file_name = sample.file_name
        kinds = kinds_to_stage(kind, ("registrations", "attendance"), self.label, file_name)
        table = table_under_header(read_rows(sample), _is_people_header)
        if table is None:
            raise _refuse(file_name, "has no people table (a header with Email and Participation)")
        problems: list[Problem] = []
        records = table.records(problems)
        email_column = _email_column(table, file_name)
        named = {
            "first_name": table.column("First name"),
            "last_name": table.column("Last name"),
            "registered_at": table.column("Last registration time", "Registration time"),
        }
        timing = {
            "join_time": table.column("First join time"),
            "leave_time": table.column("Last exit time"),
            "minutes": table.column("Total time spent(Minutes)", "Total time spent (Minutes)"),
        }
        participation_column = table.column("Participation")
        approval_column = table.column("Approval status")
        answers = answer_columns(
            table.header,
            skip=set(ZOOM_PEOPLE_COLUMNS) | {email_column},
            overrides=column_overrides,
            file_name=file_name,
        )
        date_columns = [named["registered_at"], timing["join_time"], timing["leave_time"]]
        day_first = saved_by_a_day_first_spreadsheet(sample)
        dates = {
            column: DateColumn(
                (record.get(column) for record in records), prefer_day_first=day_first
            )
            for column in date_columns
            if column
        }

        def iso(column, record):
            return dates[column].iso(record.get(column)) if column else None

        registrations_out, attendance_out = Exclusions(), Exclusions()
        registrants, joins = [], []
        for record in records:
            email = record.get(email_column)
            if email_key(email) is None:
                registrations_out.add(NO_EMAIL)
                attendance_out.add(NO_EMAIL)
                continue
            left_out = _approval(record, approval_column)
            if left_out is not None:
                registrations_out.add(left_out)
                attendance_out.add(left_out)
                continue
            row = {"_row": record.line, "email": email}
            row["first_name"] = record.get(named["first_name"])
            row["last_name"] = record.get(named["last_name"])
            row["registered_at"] = iso(named["registered_at"], record)
            for field_name, columns in answers.items():
                row[field_name] = first_answer(record, columns)
            registrants.append(row)
            participation = " ".join((record.get(participation_column) or "").casefold().split())
            if participation in PEOPLE_ATTENDED:
                joins.append(
                    {
                        "_row": record.line,
                        "email": email,
                        "join_time": iso(timing["join_time"], record),
                        "leave_time": iso(timing["leave_time"], record),
                        "minutes": record.get(timing["minutes"]),
                    }
                )
            elif participation in PEOPLE_NOT_ATTENDED:
                attendance_out.add(PEOPLE_NOT_ATTENDED[participation])
            else:
                attendance_out.add(
                    f"participation '{record.get(participation_column) or ''}': "
                    "not one Zoom writes for someone who came"
                )
        return stage_kinds(
            cursor,
            kinds,
            [
                KindRows(
                    "registrations",
                    registrants,
                    *kind_columns(email_column, named, answers),
                    registrations_out,
                ),
                KindRows("attendance", joins, *kind_columns(email_column, timing), attendance_out),
            ],
            rows_read=len(table.rows),
            problems=problems,
        )


READERS = [
    ZoomWebinarAttendeeReader(),
    ZoomRegistrationReader(),
    ZoomMeetingParticipantsReader(),
    ZoomWebinarPeopleReader(),
]
