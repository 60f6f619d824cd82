"""LimeSurvey response exports (Responses > Export, CSV, "Full answers").

The layout: UTF-8 with a byte order mark, CRLF line ends, every field quoted, ';' or ','
between fields. Fixed columns first (`id, submitdate, lastpage, startlanguage, seed, startdate,
datestamp`, then `ipaddr`, `refurl` and the participant's `token`, `firstname`, `lastname`,
`email` when the survey records them), then the questions, then the timings (`interviewtime`,
per-group and per-question times) when recorded. Headings are question codes (`Q1`,
`Q3[SQ001]`), full question texts (`Which topics? [Data]`), or both (`Q3[SQ001]. Which topics?
[Data]`). A multiple-choice question is one column per option holding `Y` when ticked; an array
(grid) question is one column per row, each its own question here. A response nobody submitted
(no `submitdate`) is incomplete and left out, and counted in the import report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from surveydash.questions import stated_scale
from surveydash.readers import FileSample, StagedKind
from surveydash.readers.tools.survey_common import (
    SURVEY,
    SurveyColumns,
    checkbox_answer,
    column_values,
    fit_to_header,
    header_key,
    header_names,
    read_source_rows,
    refuse_other_kinds,
    timestamps_as_iso,
)
from surveydash.tabular import FileRefused, Problem

# Fixed columns: code -> the heading LimeSurvey writes for it in English.
FIXED_COLUMNS = {
    "id": "Response ID",
    "submitdate": "Date submitted",
    "lastpage": "Last page",
    "startlanguage": "Start language",
    "seed": "Seed",
    "startdate": "Date started",
    "datestamp": "Date last action",
    "ipaddr": "IP address",
    "refurl": "Referrer URL",
    "token": "Access code",
    "firstname": "First name",
    "lastname": "Last name",
    "email": "Email address",
}
# The same headings as an admin using LimeSurvey in French, Spanish or German exports them (German
# as real exports head them: tests/fixtures/REAL_LAYOUTS.md, third pass); in other languages the
# fixed columns are told by their values (_fixed_by_position).
TRANSLATED_FIXED_COLUMNS = {
    "id": (
        "ID de la réponse",
        "ID de réponse",
        "ID de respuesta",
        "ID de la respuesta",
        "Antwort ID",
    ),
    "submitdate": ("Date de soumission", "Date d'envoi", "Fecha de envío", "Datum Abgeschickt"),
    "lastpage": ("Dernière page", "Última página", "Letzte Seite"),
    "startlanguage": (
        "Langue de départ",
        "Langue de début",
        "Idioma inicial",
        "Idioma de inicio",
        "Lenguaje inicial",
        "Start-Sprache",
    ),
    "seed": ("Tête de série", "Graine", "Semilla", "Zufallsstartwert"),
    "startdate": ("Date de lancement", "Date de début", "Fecha de inicio", "Datum gestartet"),
    "datestamp": (
        "Date de la dernière action",
        "Fecha de la última acción",
        "Datum letzte Aktivität",
    ),
    "ipaddr": ("Adresse IP", "Dirección IP", "IP-Adresse"),
    "refurl": ("URL de référence", "URL référente", "URL de referencia"),
    "token": ("Code d'accès", "Jeton", "Código de acceso", "Clave"),
    "firstname": ("Prénom", "Nombre"),
    "lastname": ("Nom", "Nom de famille", "Apellido", "Apellidos"),
    "email": ("Adresse courriel", "Courriel", "Adresse e-mail", "Correo electrónico"),
}
FIXED_TEXTS = (
    {header_key(text): code for code, text in FIXED_COLUMNS.items()}
    | {header_key(text): code for code, texts in TRANSLATED_FIXED_COLUMNS.items() for text in texts}
    | {"token": "token", "email": "email"}
)
ID_TEXTS = (FIXED_COLUMNS["id"], *TRANSLATED_FIXED_COLUMNS["id"])
SIGNATURE = ("id", "submitdate", "lastpage", "startlanguage")
# Where LimeSurvey's fixed columns are looked for: they open every export.
SIGNATURE_SPAN = 8
# The first of the timing columns; every column after it is a timing too.
TIMINGS_START = frozenset({"interviewtime", "total time"})
# LimeSurvey writes this submit date for completed responses of surveys that record no dates.
NO_DATE_RECORDED = "1980-01-01 00:00:00"
# A ticked option in a "full answers" export, in the survey's language (`Ja`, `Oui`, `Sí`).
TICKED = frozenset({"y", "yes", "ja", "oui", "si", "sim", "1"})
# An option left unticked, when the export converted LimeSurvey's blank to a value ("Convert N
# to" in the export's options: `N`, `0`, `No`, in the survey's language).
NOT_TICKED = frozenset({"n", "no", "0", "nein", "non", "nao"})
# The "Other" box of a multiple-choice question, as LimeSurvey heads it in the survey's language.
OTHER_SUBQUESTIONS = frozenset({"other", "otro", "autre", "sonstiges", "andere", "outro", "altro"})

# The comment box of a "list with comment" question, as headed in full-text headings (its code
# is `[comment]` in every language).
COMMENT_SUBQUESTIONS = frozenset(
    {"comment", "commentaire", "comentario", "kommentar", "comentarios", "commento"}
)

# An answer code with a number at its end (`A3`, `AO03`): the number is a point of the scale only
# when the question states that scale (see _codes_as_points).
_NUMBERED_ANSWER_CODE = re.compile(r"^(?P<prefix>[A-Za-z]{1,3})(?P<number>\d{1,3})$")
_CODE = re.compile(r"^(?P<base>[A-Za-z][A-Za-z0-9_]*)(?:\[(?P<sub>.*)\])?$")
_TEXT_WITH_SUB = re.compile(r"^(?P<base>.*?)\s*\[(?P<sub>[^\[\]]*)\]$")


@dataclass(frozen=True)
class Heading:
    """One column heading, split into its code and text parts (either may be absent)."""

    header: str
    code: str | None
    text: str | None

    @property
    def fixed(self) -> str | None:
        """The fixed column's code, or None for a question."""
        if self.code is not None and self.code in FIXED_COLUMNS:
            return self.code
        if self.text is not None and self.code is None:
            return FIXED_TEXTS.get(header_key(self.text))
        return None

    @property
    def key(self) -> str:
        """What the columns of one question share: the code before '[', else the text."""
        return self.parts()[0]

    def parts(self) -> tuple[str, str | None, str | None, str | None]:
        """(group key, question name, subquestion code, subquestion text)."""
        code_base = code_sub = text_base = text_sub = None
        if self.code is not None:
            found = _CODE.match(self.code)
            code_base, code_sub = (found["base"], found["sub"]) if found else (self.code, None)
        if self.text is not None:
            found = _TEXT_WITH_SUB.match(self.text)
            text_base, text_sub = (found["base"], found["sub"]) if found else (self.text, None)
            if text_sub is not None and not text_sub.strip():
                # A question without subquestions headed `Question? []` (seen in German
                # exports): the empty brackets name no row.
                text_sub = None
        if self.code is not None and code_sub is None:
            text_base, text_sub = self.text, None
        key = code_base or text_base or self.header
        return key, text_base or code_base, code_sub, text_sub


class LimeSurveyReader:
    source = "limesurvey"
    label = "LimeSurvey responses (CSV)"

    def detect(self, sample: FileSample) -> tuple[float, str | None]:
        if not sample.rows:
            return 0.0, None
        headings = _headings([cell or "" for cell in sample.rows[0]])
        fixed = {heading.fixed for heading in headings[:SIGNATURE_SPAN]}
        found = sum(1 for code in SIGNATURE if code in fixed)
        # All four in any language, or three (an admin may hide one column): scored, so that
        # a file showing more of the signature wins over a looser reader.
        if found == len(SIGNATURE):
            return 0.95, SURVEY
        if found == len(SIGNATURE) - 1 and "id" in fixed:
            return 0.85, SURVEY
        if _fixed_by_position(sample.rows):
            return 0.9, SURVEY
        return 0.0, None

    def stage(
        self, cursor, sample: FileSample, kind: str | None, column_overrides=None
    ) -> list[StagedKind]:
        refuse_other_kinds(sample.file_name, "LimeSurvey", kind)
        rows = read_source_rows(sample)
        if not rows:
            raise FileRefused(sample.file_name, [Problem("the file is empty")])
        headers = header_names(rows[0].cells)
        headings = _headings(headers)
        if not any(heading.fixed == "submitdate" for heading in headings):
            positions = _fixed_by_position([row.cells for row in rows]) or {}
            headings = [
                Heading(heading.header, positions[index], None) if index in positions else heading
                for index, heading in enumerate(headings)
            ]
        body, problems = fit_to_header(rows[1:], len(headers))

        excluded = {}
        submit_index = next((i for i, h in enumerate(headings) if h.fixed == "submitdate"), None)
        if submit_index is not None:
            complete = [r for r in body if r.cell(submit_index)]
            excluded["incomplete responses (not submitted)"] = len(body) - len(complete)
            body = complete

        columns = SurveyColumns(sample.file_name, [r.row for r in body], column_overrides)
        in_timings = False
        group: list[tuple[int, Heading]] = []  # the columns of the question being read
        for index, heading in enumerate(headings):
            values = column_values(body, index)
            in_timings = in_timings or header_key(heading.code or heading.text) in TIMINGS_START
            if group and (in_timings or heading.fixed or group[0][1].key != heading.key):
                _add_question(columns, group, body)
                group = []
            if in_timings:
                columns.ignore(heading.header, values)
            elif heading.fixed == "submitdate":
                dated = [None if v == NO_DATE_RECORDED else v for v in values]
                columns.field("submitted_at", heading.header, timestamps_as_iso(dated))
            elif heading.fixed == "email":
                columns.field("email", heading.header, values)
            elif heading.fixed is not None or heading.header.startswith("attribute_"):
                columns.ignore(heading.header, values)
            else:
                group.append((index, heading))
        if group:
            _add_question(columns, group, body)
        return columns.stage(
            cursor,
            rows_read=len(body) + len(problems) + sum(excluded.values()),
            excluded=excluded,
            problems=problems,
        )


# The values of LimeSurvey's fixed columns, whatever language the admin exported in (German,
# Italian, Portuguese... headings this reader does not know): the response's number, the date
# it was submitted (blank when it was not), the last page reached, the start language's code;
# then, when recorded, the seed, the start and last-action dates, the IP address and the
# referring URL.
_WHOLE_NUMBER = re.compile(r"^\d+$")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")
# LimeSurvey writes `2025-03-22 19:13:11`; a copy re-saved by a spreadsheet, the machine's
# style (`22.03.2025 19:13`, `3/22/2025 19:13`).
_DATE_TIME = re.compile(
    r"^(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
    r"(?: ?[AaPp]\.? ?[Mm]\.?)?$"
)
_IP_ADDRESS = re.compile(r"^(?:\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F:]+:[0-9a-fA-F:]*$")
_URL = re.compile(r"^https?://")


def _fixed_by_position(rows: list[list[str | None]]) -> dict[int, str] | None:
    """Column index -> fixed column code, read from the values of the first columns when
    they have the shape only LimeSurvey writes (see above); None when they do not."""
    body = [row for row in rows[1:] if any(row)]
    if len(rows) < 2 or not body or len(rows[0]) < 5:
        return None

    def column(index: int) -> list[str]:
        return [(row[index] or "").strip() if index < len(row) else "" for row in body]

    ids, submitted, pages, languages = (column(index) for index in range(4))
    if not (
        all(_WHOLE_NUMBER.match(value) for value in ids)
        and len(set(ids)) == len(ids)
        and all(not value or _DATE_TIME.match(value) for value in submitted)
        and any(submitted)
        and all(not value or _WHOLE_NUMBER.match(value) for value in pages)
        and all(_LANGUAGE_CODE.match(value) for value in languages)
    ):
        return None
    fixed = {0: "id", 1: "submitdate", 2: "lastpage", 3: "startlanguage"}
    followers = [
        ("seed", _WHOLE_NUMBER),
        ("startdate", _DATE_TIME),
        ("datestamp", _DATE_TIME),
        ("ipaddr", _IP_ADDRESS),
        ("refurl", _URL),
    ]
    index = 4
    for code, shape in followers:
        values = [value for value in column(index) if value]
        if values and all(shape.match(value) for value in values):
            fixed[index] = code
            index += 1
    return fixed


_BOTH_STYLE_ID = re.compile(r"^id(?P<separator>[.:\-–]\s*|\s+[.:\-–]\s*)(?=\S)")


def _headings(headers: list[str]) -> list[Heading]:
    """The headings, split by the style the first one shows: `id` (codes), `Response ID`
    (texts) or `id<separator>Response ID` (both; the separator is the export's choice)."""
    first = headers[0] if headers else ""
    if first == "id":
        return [Heading(h, h, None) for h in headers]
    separators = [
        first[2 : -len(text)]
        for text in ID_TEXTS
        if first.startswith("id") and first.endswith(text) and len(first) > len(text) + 2
    ]
    # In a language without a heading list (`id. ID risposta`, `submitdate. Data di invio`):
    # the codes are LimeSurvey's own whatever the language, so the separator after `id` is
    # the export's when the submit date's heading opens with its code and the same separator.
    unknown = _BOTH_STYLE_ID.match(first)
    if (
        not separators
        and unknown
        and len(headers) > 1
        and headers[1].startswith("submitdate" + unknown["separator"])
    ):
        separators = [unknown["separator"]]
    for separator in separators[:1]:
        split = []
        for header in headers:
            code, found, rest = header.partition(separator)
            split.append(Heading(header, code, rest) if found else Heading(header, header, None))
        return split
    return [Heading(h, None, h) for h in headers]


def _add_question(columns: SurveyColumns, group: list[tuple[int, Heading]], body: list) -> None:
    values_of = {index: column_values(body, index) for index, _ in group}
    _, name, _, _ = group[0][1].parts()
    if len(group) == 1 and group[0][1].parts()[2] is None and group[0][1].parts()[3] is None:
        index, heading = group[0]
        columns.question(heading.header, _codes_as_points(name, values_of[index]), text=name)
        return
    subs = []
    for index, heading in group:
        _, _, sub_code, sub_text = heading.parts()
        subs.append((index, heading, sub_code, sub_text))
    others = [
        s
        for s in subs
        if header_key(s[2]) in OTHER_SUBQUESTIONS or header_key(s[3]) in OTHER_SUBQUESTIONS
    ]
    comments = [
        s
        for s in subs
        if (s[2] or "").endswith("comment") or header_key(s[3]) in COMMENT_SUBQUESTIONS
    ]
    options = [s for s in subs if s not in others and s not in comments]
    own = [s for s in options if s[2] is None and s[3] is None]
    if len(own) == 1 and len(options) == 1 and (others or comments):
        # A list question with an "Other" box or a comment (`Q05`, `Q05[other]`): its own
        # column holds the option chosen, named by the question's own text; the typed "Other"
        # answers and comments are text questions of their own, never among the options.
        # When only the typed answer was written, the option chosen is the "Other" one, named
        # as the survey's language names its box ("Other", "Autre").
        index, heading, _, _ = own[0]
        other_option = next((s[3] for s in others if s[3]), "Other")
        typed = [any(values_of[s[0]][row] for s in others) for row in range(len(body))]
        chosen = [
            value or (other_option if typed_other else None)
            for value, typed_other in zip(values_of[index], typed, strict=True)
        ]
        columns.question(heading.header, _codes_as_points(name, chosen), text=name)
        for index, heading, sub_code, sub_text in others + comments:
            question = f"{name} [{sub_text or sub_code}]"
            columns.question(heading.header, values_of[index], text=question)
        return
    ticks = {header_key(value) for s in options for value in values_of[s[0]] if value}
    # A bare "1" could be a point of an array; with "0" beside it, it is a tick.
    if options and ticks & TICKED and ticks <= TICKED | NOT_TICKED and ticks != {"1"}:
        ticked = []
        for row in range(len(body)):
            chosen = [
                s[3] or s[2] or "" for s in options if header_key(values_of[s[0]][row]) in TICKED
            ]
            chosen += ["Other" for s in others if values_of[s[0]][row]]
            ticked.append(checkbox_answer(chosen))
        columns.question(
            group[0][1].header, ticked, text=name, source_headers=[s[1].header for s in options]
        )
        rest = others + comments
    else:
        rest = subs
    # An array's rows, an "Other" box or an option's comment: each a question of its own.
    for index, heading, sub_code, sub_text in rest:
        label = sub_text or sub_code
        # A column of the question's own beside its subquestions is named by the question.
        question = f"{name} [{label}]" if label else name
        columns.question(heading.header, _codes_as_points(name, values_of[index]), text=question)


def _codes_as_points(question: str, values: list[str | None]) -> list[str | None]:
    """An "answer codes" export's answers (`A1`..`A5`) as the points of the scale the question
    states ("1 = Poor ... 5 = Excellent"), when every answer is one code of one prefix whose
    number lies on that scale; else the answers as given, which surveydash.questions reads as
    a single choice. Codes alone are no scale: real exports number an agreement array's
    options out of order and give the last code to "No opinion"."""
    scale = stated_scale(question)
    given = [value.strip() for value in values if value and value.strip()]
    if scale is None or not given:
        return values
    codes = [_NUMBERED_ANSWER_CODE.match(value) for value in given]
    if not all(codes) or len({code["prefix"].upper() for code in codes}) != 1:
        return values
    low, high = scale
    if not all(low <= int(code["number"]) <= high for code in codes):
        return values
    return [
        str(int(code["number"]))
        if (code := _NUMBERED_ANSWER_CODE.match((value or "").strip()))
        else value
        for value in values
    ]


READERS = [LimeSurveyReader()]
