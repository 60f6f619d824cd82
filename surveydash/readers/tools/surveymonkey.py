"""SurveyMonkey response exports (Analyze Results > Save as > All responses data, CSV or XLSX,
"Expanded" columns, the default).

The layout has two header rows. Row 1: `Respondent ID, Collector ID, Start Date, End Date,
IP Address, Email Address, First Name, Last Name, Custom Data 1`, then the question texts, each
written once above the first of its columns and blank above the others (so it is filled
forward). Row 2 says what each column of a question holds: `Response` (one choice),
`Open-Ended Response` (a comment box), an option's text (a checkbox question: the cell holds the
option when ticked), or a row's text (a matrix: the cell holds the column chosen for that row).
Question texts may hold commas and line breaks. The first response is on row 3.
"""

from __future__ import annotations

import re

from surveydash.questions import choice_at_position, stated_scale
from surveydash.readers import FileSample, StagedKind
from surveydash.readers.tools.survey_common import (
    SURVEY,
    SourceRow,
    SurveyColumns,
    checkbox_answer,
    column_values,
    fit_to_header,
    header_key,
    header_names,
    question_text,
    read_source_rows,
    refuse_other_kinds,
    timestamps_as_iso,
)
from surveydash.tabular import FileRefused, Problem

# SurveyMonkey's own columns, by normalized header, in English, French and Spanish accounts.
EMAIL_HEADERS = frozenset(
    {"email address", "adresse e mail", "adresse email", "direccion de correo electronico"}
)
SUBMITTED_HEADERS = frozenset({"end date", "date de fin", "fecha de finalizacion"})
# Respondent metadata; names are personal data and never staged.
METADATA_HEADERS = frozenset(
    {
        "respondent id",
        "collector id",
        "start date",
        "ip address",
        "first name",
        "last name",
        "id du repondant",
        "id du collecteur",
        "date de debut",
        "adresse ip",
        "prenom",
        "nom",
        "id del encuestado",
        "id del recopilador",
        "fecha de inicio",
        "direccion ip",
        "nombre",
        "apellido",
    }
)
RESPONDENT_ID_HEADERS = frozenset({"respondent id", "id du repondant", "id del encuestado"})
_CUSTOM_DATA = re.compile(r"^custom data(?: \d+)?$")
SINGLE_ANSWER_LABELS = frozenset(
    {
        "response",
        "open ended response",
        "reponse",
        "reponse ouverte",
        "respuesta",
        "respuesta abierta",
        # German, Portuguese and Italian accounts (SurveyMonkey's translations; not seen in a
        # real export: tests/fixtures/REAL_LAYOUTS.md, third pass)
        "antwort",
        "offene antwort",
        "resposta",
        "resposta aberta",
        "risposta",
        "risposta aperta",
    }
)
# SurveyMonkey's columns that open row 1 (two of them, with row 2's answer labels, are enough:
# a publisher may remove Collector ID and IP Address before sharing an export).
OPENING_HEADERS = METADATA_HEADERS | EMAIL_HEADERS | SUBMITTED_HEADERS
# An option's code in a "numerical values" export: its position in the question's list.
_OPTION_CODE = re.compile(r"^\d{1,3}$")
OPEN_ENDED_LABELS = frozenset(
    {
        "open ended response",
        "reponse ouverte",
        "respuesta abierta",
        "offene antwort",
        "resposta aberta",
        "risposta aperta",
    }
)
# The column of a choice question where respondents type an "Other" answer.
_OTHER_COLUMN = re.compile(r"^(?:other|otro|otra|autre)\b|\bplease specify\b|\bespecifique\b")


class SurveyMonkeyReader:
    source = "surveymonkey"
    label = "SurveyMonkey responses (CSV or XLSX, two header rows)"

    def detect(self, sample: FileSample) -> tuple[float, str | None]:
        if not sample.rows:
            return 0.0, None
        keys = {header_key(cell) for cell in sample.rows[0] if cell}
        if {"respondent id", "collector id"} <= keys:
            return 0.95, SURVEY
        second = (
            {header_key(cell) for cell in sample.rows[1] if cell} if len(sample.rows) > 1 else set()
        )
        opening = keys & OPENING_HEADERS
        if keys & RESPONDENT_ID_HEADERS and len(opening) >= 2 and second & SINGLE_ANSWER_LABELS:
            return 0.9, SURVEY
        if _has_the_shape_of_an_export(sample.rows):
            return 0.8, SURVEY
        return 0.0, None

    def stage(
        self, cursor, sample: FileSample, kind: str | None, column_overrides=None
    ) -> list[StagedKind]:
        refuse_other_kinds(sample.file_name, "SurveyMonkey", kind)
        rows = read_source_rows(sample)
        if len(rows) < 2 or rows[0].row != 1:
            raise FileRefused(
                sample.file_name,
                [Problem("is missing SurveyMonkey's two header rows (questions, then answers)")],
            )
        titles = rows[0].cells
        if _is_answer_label_row(titles, rows[1].cells):
            labels, first_response = rows[1].cells, 2
        else:
            # Row 2 is already a response (its respondent's ID is there): an export whose
            # second header row was deleted, or saved with one header row. Every question is
            # then one column, and no response is taken for labels.
            labels, first_response = [], 1
        # A question's last columns may run past row 1's last title (and row 2's): they are
        # that question's, as every untitled column after a title is.
        data_width = max((len(header_names(row.cells)) for row in rows[first_response:]), default=0)
        width = max(len(header_names(titles)), len(header_names(labels)), data_width)
        body, problems = fit_to_header(rows[first_response:], width)
        columns = SurveyColumns(sample.file_name, [r.row for r in body], column_overrides)
        # Every question has a label in row 2 ("Response", "Open-Ended Response", an option);
        # SurveyMonkey's own columns, which open row 1, have none. An unlabelled column before
        # the first labelled one is therefore SurveyMonkey's, whatever the account's language
        # calls it ("Custom Data 1", "Datos personalizados 1"). (A file with no labels at all
        # says nothing either way: 0.)
        first_labelled = next((i for i in range(width) if i < len(labels) and labels[i]), 0)
        questions = _questions(titles, width)
        numerical_values = _saved_with_numerical_values(questions, labels, body)
        submitted_index, email_index = _own_columns_by_values(
            questions, titles, body, first_labelled
        )
        for title, members in questions:
            first = members[0]
            key = header_key(title)
            sub_labels = [labels[i] if i < len(labels) else None for i in members]
            if len(members) == 1:
                values = column_values(body, first)
                if key in SUBMITTED_HEADERS or first == submitted_index:
                    columns.field("submitted_at", title, timestamps_as_iso(values))
                    continue
                if key in EMAIL_HEADERS or first == email_index:
                    columns.field("email", title, values)
                    continue
                if key in METADATA_HEADERS or _CUSTOM_DATA.match(key) or first < first_labelled:
                    columns.ignore(title, values)
                    continue
            _add_question(columns, title, members, sub_labels, body, numerical_values)
        return columns.stage(cursor, rows_read=len(body) + len(problems), problems=problems)


def _questions(titles: list[str | None], width: int) -> list[tuple[str, list[int]]]:
    """Each question (row 1, filled forward) with the indexes of its columns."""
    questions: list[tuple[str, list[int]]] = []
    for index in range(width):
        title = titles[index] if index < len(titles) else None
        if title is not None or not questions:
            questions.append((title or f"column{index + 1}", [index]))
        else:
            questions[-1][1].append(index)
    return questions


def _add_question(
    columns: SurveyColumns,
    title: str,
    members: list[int],
    sub_labels: list[str | None],
    body: list[SourceRow],
    numerical_values: bool = False,
) -> None:
    text = question_text(title)
    values_of = {index: column_values(body, index) for index in members}
    others = [
        i
        for i, label in zip(members, sub_labels, strict=True)
        if label and _OTHER_COLUMN.search(header_key(label))
    ]
    choices = [i for i in members if i not in others]
    label_of = dict(zip(members, sub_labels, strict=True))

    def name(index: int) -> str:
        return f"{text} [{question_text(label_of[index] or '')}]"

    if len(choices) == 1 and (
        label_of[choices[0]] is None or header_key(label_of[choices[0]]) in SINGLE_ANSWER_LABELS
    ):
        # One answer per respondent; a typed "Other" answer counts as the option "Other".
        chosen = values_of[choices[0]]
        if (
            numerical_values
            and header_key(label_of[choices[0]]) not in OPEN_ENDED_LABELS
            and stated_scale(text) is None
            and all(_OPTION_CODE.match(value) for value in chosen if value)
        ):
            # An option's position, not its text: neither a number nor a point of a scale
            # (SurveyMonkey lists "Very satisfied" first, so 1 would be the best).
            chosen = [choice_at_position(value) if value else None for value in chosen]
        if others:
            # The option "Other (please specify)" is "Other" whether its label was written in
            # the answer's column or only the typed answer in its own: one option either way.
            # The typed answers stay in their own text question, never among the options.
            other_labels = {header_key(label_of[i]) for i in others}
            typed = [any(values_of[i][row] for i in others) for row in range(len(chosen))]
            chosen = [
                "Other" if (v and header_key(v) in other_labels) or (not v and t) else v
                for v, t in zip(chosen, typed, strict=True)
            ]
        columns.question(title, chosen, text=text)
        for index in others:
            columns.question(name(index), values_of[index])
        return
    if _is_checkbox(choices, label_of, values_of):
        ticked = [
            checkbox_answer(label_of[i] or "" for i in members if values_of[i][row] is not None)
            for row in range(len(body))
        ]
        columns.question(title, ticked, text=text, source_headers=[name(i) for i in members])
        for index in others:
            columns.question(name(index), values_of[index])
        return
    # A matrix (or several boxes): each row is a question of its own, "Question [Row]".
    for index in members:
        columns.question(name(index), values_of[index])


# SurveyMonkey's respondent IDs are long numbers (`114000001234`), in every account language.
_RESPONDENT_ID = re.compile(r"^\d{8,}$")


def _has_the_shape_of_an_export(rows: list[list[str | None]]) -> bool:
    """The two header rows and the respondent IDs, whatever language the account writes its
    own columns in: row 2 blank under the first (SurveyMonkey's own) columns and naming some
    answers after them, and every response opening with a long respondent ID."""
    if len(rows) < 3 or not rows[0] or not rows[0][0]:
        return False
    second = rows[1]
    if any(second[:3]) or not any(second[3:]):
        return False
    responses = [row for row in rows[2:] if any(row)]
    return bool(responses) and all(
        row[0] is not None and _RESPONDENT_ID.match(row[0].strip()) for row in responses
    )


_DATE_TIME = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}[ T]\d{1,2}:\d{2}")


def _own_columns_by_values(
    questions, titles: list[str | None], body: list[SourceRow], first_labelled: int
) -> tuple[int | None, int | None]:
    """SurveyMonkey's end date and e-mail columns told by their values, when the account's
    language names them in words this reader has no list for: among its own columns (before
    the first labelled one), the last whose values are all dates (the end date comes after the
    start date) and the one whose values are addresses. (None, None) when the headers are
    known already."""
    keys = {header_key(title) for title in titles if title}
    if keys & SUBMITTED_HEADERS:
        return None, None
    submitted = email = None
    for _, members in questions:
        index = members[0]
        if len(members) != 1 or index >= first_labelled:
            continue
        given = [value for value in column_values(body, index) if value]
        if given and all(_DATE_TIME.match(value) for value in given):
            submitted = index
        elif given and all("@" in value for value in given) and not keys & EMAIL_HEADERS:
            email = index
    return submitted, email


def _is_answer_label_row(titles: list[str | None], second: list[str | None]) -> bool:
    """Whether row 2 is SurveyMonkey's row of answer labels: blank under SurveyMonkey's own
    columns (a response holds at least its respondent's ID there)."""
    own = [i for i, title in enumerate(titles) if title and header_key(title) in OPENING_HEADERS]
    return not any(i < len(second) and second[i] for i in own or [0])


def _saved_with_numerical_values(questions, labels, body: list[SourceRow]) -> bool:
    """Whether the export was saved with "numerical values" instead of answer texts: some
    checkbox question's columns hold option codes (1, 2, 3 ...) instead of the option texts
    that row 2 names."""
    for _, members in questions:
        label_of = {i: labels[i] if i < len(labels) else None for i in members}
        options = [
            i for i in members if label_of[i] and not _OTHER_COLUMN.search(header_key(label_of[i]))
        ]
        values_of = {i: column_values(body, i) for i in options}
        if _is_checkbox(options, label_of, values_of) and any(
            value and _OPTION_CODE.match(value) and header_key(value) != header_key(label_of[i])
            for i in options
            for value in values_of[i]
        ):
            return True
    return False


def _is_checkbox(choices: list[int], label_of, values_of) -> bool:
    """Every ticked cell holds its column's option text, and some cell is ticked; or, in an
    export saved with "numerical values", every ticked cell of a column holds that column's
    own code (the option's position: 1, 2, 3 ...), a different one in each column."""
    if len(choices) < 2:
        return False
    given = {index: {value for value in values_of[index] if value is not None} for index in choices}
    if not any(given.values()):
        return False
    if all(
        all(header_key(value) == header_key(label_of[index]) for value in values)
        for index, values in given.items()
    ):
        return True
    codes = [next(iter(values)) for values in given.values() if values]
    return (
        all(len(values) <= 1 for values in given.values())
        and all(_OPTION_CODE.match(code) for code in codes)
        and len(set(codes)) == len(codes)
    )


READERS = [SurveyMonkeyReader()]
