"""Microsoft Forms responses (Responses > Open in Excel: a workbook whose sheet `Form1` holds
one row per response).

The layout: `ID, Start time, Completion time, Email, Name`, sometimes `Last modified time`, then
one column per question headed by its text (Forms adds a number to titles that clash).
Quizzes add `Total points` and `Quiz feedback`, and after each question `Points - <question>`
and `Feedback - <question>`. Tenants in other languages write these headers in their language
(`Hora de inicio`, `Correo electrónico`, `Nombre`...). Anonymous forms write `anonymous` as the
e-mail. Multiple answers are joined with ';' and end with one (`A;B;C;`), which
surveydash.questions reads as checkboxes.
"""

from __future__ import annotations

from surveydash.readers import FileSample, StagedKind
from surveydash.readers.tools.survey_common import (
    SURVEY,
    SurveyColumns,
    column_values,
    fit_to_header,
    header_key,
    header_names,
    read_source_rows,
    timestamps_as_iso,
)
from surveydash.tabular import FileRefused, Problem

SHEET = "Form1"

# The metadata columns, by normalized header, in English, Spanish and French.
ID_HEADERS = frozenset({"id"})
START_HEADERS = frozenset({"start time", "hora de inicio", "heure de debut"})
COMPLETION_HEADERS = frozenset(
    {"completion time", "hora de finalizacion", "heure de fin", "heure d achevement"}
)
EMAIL_HEADERS = frozenset(
    {"email", "e mail", "correo electronico", "adresse de messagerie", "adresse e mail"}
)
NAME_HEADERS = frozenset({"name", "nombre", "nom"})  # personal data: never staged
OTHER_METADATA = frozenset(
    {
        "last modified time",
        "hora de la ultima modificacion",
        "heure de la derniere modification",
        "total points",
        "puntos totales",
        "total de puntos",
        "total des points",
        "points totaux",
        "quiz feedback",
        "comentarios del cuestionario",
        "commentaires sur le questionnaire",
    }
)
METADATA_HEADERS = ID_HEADERS | START_HEADERS | NAME_HEADERS | OTHER_METADATA
# Quiz columns that follow a question: "Points - <question>", "Feedback - <question>".
PER_QUESTION_QUIZ_PREFIXES = (
    "Points - ",
    "Feedback - ",
    "Puntos - ",
    "Comentarios - ",
    "Retroalimentación - ",
    "Commentaires - ",
)


class MicrosoftFormsReader:
    source = "microsoft-forms"
    label = "Microsoft Forms responses (Excel workbook)"

    def detect(self, sample: FileSample) -> tuple[float, str | None]:
        if not sample.rows:
            return 0.0, None
        keys = [header_key(cell) for cell in sample.rows[0][:7]]
        if not keys or keys[0] not in ID_HEADERS:
            return 0.0, None
        if set(keys) & START_HEADERS and set(keys) & COMPLETION_HEADERS:
            return 0.95, SURVEY
        return 0.0, None

    def stage(
        self, cursor, sample: FileSample, kind: str | None, column_overrides=None
    ) -> list[StagedKind]:
        if kind not in (None, SURVEY):
            # Forms also serves as a registration form: one header row, one row per person.
            from surveydash.readers.generic import GenericReader

            return GenericReader().stage(cursor, sample, kind, column_overrides)
        rows = read_source_rows(sample, sheet=SHEET)
        if not rows:
            raise FileRefused(sample.file_name, [Problem("the workbook is empty")])
        headers = header_names(rows[0].cells)
        body, problems = fit_to_header(rows[1:], len(headers))
        columns = SurveyColumns(sample.file_name, [r.row for r in body], column_overrides)
        header_set = set(headers)
        for index, header in enumerate(headers):
            values = column_values(body, index)
            key = header_key(header)
            if key in COMPLETION_HEADERS:
                # When the respondent submitted; local time as the workbook writes it.
                columns.field("submitted_at", header, timestamps_as_iso(values))
            elif key in EMAIL_HEADERS:
                columns.field("email", header, values)
            elif key in METADATA_HEADERS or _is_quiz_column(header, header_set):
                columns.ignore(header, values)
            else:
                columns.question(header, values)
        return columns.stage(cursor, rows_read=len(body) + len(problems), problems=problems)


def _is_quiz_column(header: str, headers: set[str]) -> bool:
    for prefix in PER_QUESTION_QUIZ_PREFIXES:
        if header.startswith(prefix) and header[len(prefix) :] in headers:
            return True
    return False


READERS = [MicrosoftFormsReader()]
