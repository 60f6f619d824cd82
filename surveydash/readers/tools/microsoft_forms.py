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
    ranks_of_each_option,
    read_source_rows,
    timestamps_as_iso,
)
from surveydash.tabular import FileRefused, Problem

SHEET = "Form1"

# The metadata columns, by normalized header, in the tenant languages seen or documented:
# English; Spanish (`Id,Hora de inicio,Hora de finalización,Correo electrónico,Nombre`, a real
# export in a test); French (`ID,Heure de début,Heure de fin,Adresse de messagerie,Nom,...,
# Heure de la dernière modification`, a real workbook's header list); Portuguese (`Hora de
# início,Hora de conclusão,Email,Nome`), German (`Startzeit,Fertigstellungszeit,E-Mail,Name`) and
# Italian (`Ora di inizio,Ora di completamento,Posta elettronica,Nome`) as Forms translates them.
ID_HEADERS = frozenset({"id"})
START_HEADERS = frozenset(
    {"start time", "hora de inicio", "heure de debut", "startzeit", "ora di inizio"}
)
COMPLETION_HEADERS = frozenset(
    {
        "completion time",
        "hora de finalizacion",
        "heure de fin",
        "heure d achevement",
        "hora de conclusao",
        "fertigstellungszeit",
        "ora di completamento",
    }
)
EMAIL_HEADERS = frozenset(
    {
        "email",
        "e mail",
        "correo electronico",
        "adresse de messagerie",
        "adresse e mail",
        "posta elettronica",
        "endereco de email",
        "endereco de e mail",
    }
)
# Personal data: never staged.
NAME_HEADERS = frozenset({"name", "nombre", "nom", "nome"})
OTHER_METADATA = frozenset(
    {
        "last modified time",
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
# "Last modified time" as tenants translate it (`Hora de la última modificación`, `Heure de la
# dernière modification`, `Hora da última modificação`...): read by its words, and only among
# the fixed columns before the first question, so a question about a modification is never lost.
LAST_MODIFIED_WORDS = (
    "last modified",
    "ultima modificacion",
    "ultima modificacao",
    "ultima modifica",
    "derniere modification",
    "letzte anderung",
    "zuletzt geandert",
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
        in_fixed_columns = True  # Forms writes its own columns first, then the questions
        for index, header in enumerate(headers):
            values = column_values(body, index)
            key = header_key(header)
            fixed = (
                key in COMPLETION_HEADERS
                or key in EMAIL_HEADERS
                or key in METADATA_HEADERS
                or (in_fixed_columns and any(w in key for w in LAST_MODIFIED_WORDS))
            )
            in_fixed_columns = in_fixed_columns and fixed
            if key in COMPLETION_HEADERS:
                # When the respondent submitted; local time as the workbook writes it.
                # A tenant in another language than English writes its dates day-first
                # (fr, es, pt, de, it all do) unless the values themselves say otherwise.
                day_first = key != "completion time"
                columns.field(
                    "submitted_at", header, timestamps_as_iso(values, prefer_day_first=day_first)
                )
            elif key in EMAIL_HEADERS:
                columns.field("email", header, values)
            elif fixed or _is_quiz_column(header, header_set):
                columns.ignore(header, values)
            elif (ranks := ranks_of_each_option(values)) is not None:
                # A ranking: each option's rank is a number (its mean, the mean rank); the
                # option columns share the question's header in the column map.
                for option, option_ranks in ranks.items():
                    columns.question(
                        header, option_ranks, text=f"{header} [{option}]", kind="number"
                    )
            else:
                columns.question(header, values)
        return columns.stage(cursor, rows_read=len(body) + len(problems), problems=problems)


def _is_quiz_column(header: str, headers: set[str]) -> bool:
    for prefix in PER_QUESTION_QUIZ_PREFIXES:
        if header.startswith(prefix) and header[len(prefix) :] in headers:
            return True
    return False


READERS = [MicrosoftFormsReader()]
