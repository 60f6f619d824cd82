"""Google Forms responses, as downloaded from the form (Responses > Download responses, a CSV)
or from the Google Sheet linked to it (File > Download as CSV or XLSX).

The layout: `Timestamp` first, then `Email Address` when the form collects addresses, then one
column per question headed by the question text; a grid question gives one column per row,
headed `Question [Row]`, each its own question here. The two downloads differ in two ways:
the form's download writes `2022/03/10 1:19:08 PM GMT+9` and joins checkbox answers with ';'
(or with ', ', as some downloads do); the Sheet writes the timestamp in the sheet's locale
(`3/18/2020 18:42:10`) and joins checkbox answers with ', ', although option texts may contain
commas themselves.
"""

from __future__ import annotations

import re

from surveydash.readers import FileSample, StagedKind
from surveydash.readers.tools.survey_common import (
    SURVEY,
    SurveyColumns,
    column_values,
    fit_to_header,
    header_key,
    header_names,
    read_source_rows,
    split_comma_joined_choices,
    timestamps_as_iso,
)
from surveydash.tabular import FileRefused, Problem

# The first header of every Google Forms export, in the form owner's language (Portuguese,
# Italian and German as real Sheets write them: tests/fixtures/REAL_LAYOUTS.md).
TIMESTAMP_HEADERS = frozenset(
    header_key(header)
    for header in (
        "Timestamp",
        "Marca temporal",
        "Marca de tiempo",
        "Horodateur",
        "Carimbo de data/hora",
        "Informazioni cronologiche",
        "Zeitstempel",
    )
)
# The English one: a Sheet in another language is in a locale that writes dates day-first
# (07/02/2025 is 7 February in a Portuguese, Italian, French or Spanish Sheet).
ENGLISH_TIMESTAMP = header_key("Timestamp")
EMAIL_HEADERS = frozenset(
    header_key(header)
    for header in (
        "Email address",
        "Email",
        "Adresse e-mail",
        "Adresse email",
        "Dirección de correo electrónico",
        "Correo electrónico",
        "Endereço de e-mail",
        "Indirizzo email",
        "E-Mail-Adresse",
    )
)
# Quizzes add a score column ("7 / 10"): a mark, not a question.
SCORE_HEADERS = frozenset(
    header_key(header)
    for header in ("Score", "Puntuación", "Note", "Score total", "Pontuação", "Punteggio", "Punkte")
)
_SCORE_VALUE = re.compile(r"^\d+(?:[.,]\d+)?\s*/\s*\d+(?:[.,]\d+)?$")
# A real Sheet of a quiz whose questions carry no points writes the score as a bare `0`; a
# copy re-saved by a spreadsheet may drop the " / 10". Among the columns the form itself
# writes (after the timestamp and the address), a score header holding numbers is the score.
_BARE_SCORE = re.compile(r"^\d+(?:[.,]\d+)?$")
SCORE_POSITIONS = 3
# A file-upload question's answers are links to the files in the form owner's Drive, several
# joined with ', ': neither choices nor text anyone reads in a dashboard, and the files may
# hold personal data. Such a column is left out.
_DRIVE_LINK = re.compile(r"^https://drive\.google\.com/\S+$")
# The form's own download writes "2022/03/10 1:19:08 PM GMT+9", year first; a Sheet writes its
# locale's style ("3/18/2020 18:42:10"), or a date cell in a workbook ("2020-03-18 18:42:10").
_FORMS_DOWNLOAD_TIMESTAMP = re.compile(r"^\d{4}/\d{1,2}/\d{1,2} ")
_ANY_TIMESTAMP = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4} ")


class GoogleFormsReader:
    source = "google-forms"
    label = "Google Forms responses (CSV from the form, or CSV/XLSX from its Sheet)"

    def detect(self, sample: FileSample) -> tuple[float, str | None]:
        if not sample.rows or not sample.rows[0]:
            return 0.0, None
        header = sample.rows[0]
        if header_key(header[0]) not in TIMESTAMP_HEADERS or len(header) < 2:
            return 0.0, None
        first_values = [row[0] for row in sample.rows[1:6] if row and row[0]]
        looks_like_google = any(_ANY_TIMESTAMP.match(value) for value in first_values)
        return (0.95 if looks_like_google else 0.85), SURVEY

    def stage(
        self, cursor, sample: FileSample, kind: str | None, column_overrides=None
    ) -> list[StagedKind]:
        if kind not in (None, SURVEY):
            # Google Forms also serves as a registration form; such a file is one header row
            # and one row per person, which the generic layout reads.
            from surveydash.readers.generic import GenericReader

            return GenericReader().stage(cursor, sample, kind, column_overrides)
        rows = read_source_rows(sample)
        if not rows:
            raise FileRefused(sample.file_name, [Problem("the file is empty")])
        headers = header_names(rows[0].cells)
        body, problems = fit_to_header(rows[1:], len(headers))
        columns = SurveyColumns(sample.file_name, [r.row for r in body], column_overrides)
        timestamps = column_values(body, 0)
        forms_download = any(
            value and _FORMS_DOWNLOAD_TIMESTAMP.match(value) for value in timestamps
        )
        day_first = header_key(headers[0]) != ENGLISH_TIMESTAMP
        columns.field(
            "submitted_at",
            headers[0],
            timestamps_as_iso(timestamps, prefer_day_first=day_first),
        )
        for index, header in enumerate(headers[1:], start=1):
            values = column_values(body, index)
            key = header_key(header)
            if key in EMAIL_HEADERS:
                columns.field("email", header, values)
            elif (key in SCORE_HEADERS and _is_quiz_score(index, values)) or _is_file_upload(
                values
            ):
                columns.ignore(header, values)
            else:
                if not forms_download or not _joined_with_semicolons(values):
                    values = split_comma_joined_choices(header, values) or values
                columns.question(header, values)
        return columns.stage(cursor, rows_read=len(body) + len(problems), problems=problems)


def _joined_with_semicolons(values: list[str | None]) -> bool:
    """Whether some answer of a column joins options with ';'. A form's download may write
    checkbox answers so; such a column's ', ' belong to option texts and are never split.
    A download whose checkbox answers are joined with ', ' (as the Sheet writes them) is split
    as the Sheet's are, with the same evidence required: repeated short labels."""
    return any(value and ";" in value for value in values)


def _is_quiz_score(index: int, values: list[str | None]) -> bool:
    """A score header's column is the quiz's score when every value is written "8 / 10", or,
    among the form's own first columns, when every value is a bare number."""
    given = [value for value in values if value]
    if all(_SCORE_VALUE.match(value) for value in given):
        return True
    return index < SCORE_POSITIONS and all(_BARE_SCORE.match(value) for value in given)


def _is_file_upload(values: list[str | None]) -> bool:
    """Every answer is one or more links to Google Drive (a file-upload question)."""
    given = [value for value in values if value]
    return bool(given) and all(
        all(_DRIVE_LINK.match(link.strip()) for link in value.split(",")) for value in given
    )


READERS = [GoogleFormsReader()]
