"""What the survey-tool readers share: every row of an export read as text with its row number,
the respondent's sector, country and gender recognised among the questions, checkbox answers
split and joined with ';', the tools' timestamps written as ISO text, and the staging.

Each tool's module knows its own layout (which columns are metadata, how a multi-select question
is spread over columns); everything here is the same whatever tool made the file, so that a
question reads the same from a Google form as from a SurveyMonkey one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from surveydash.dates import iso_column
from surveydash.personal_data import PersonalKind, header_kind
from surveydash.questions import (
    CHECKBOX_TERMINATOR,
    INDICATOR_KIND_MIN_CONFIDENCE,
    MAX_CHOICE_OPTION_LENGTH,
    MAX_MULTIPLE_CHOICE_OPTIONS,
    MAX_OPTION_WORDS,
    MIN_REPEATED_OPTION_SHARE,
    TEXT_INDICATORS,
    infer_question,
    match_indicator,
    normalize_label,
)
from surveydash.readers import KIND_FIELDS, FileSample, StagedKind, stage_frame
from surveydash.readers.rows import read_file_rows
from surveydash.tabular import FileRefused, Problem

SURVEY = "survey"

# What readers list in the column map for a column they leave out on purpose (IDs, IP
# addresses, quiz points, timings, and names, which are personal data).
IGNORED = "ignored"


@dataclass(frozen=True)
class SourceRow:
    """One non-blank row of an export: its spreadsheet row number (the file's first row is 1,
    as a spreadsheet shows it, whatever line breaks quoted cells hold) and its cells as text,
    trimmed, blanks as None."""

    row: int
    cells: list[str | None]

    def cell(self, index: int) -> str | None:
        return self.cells[index] if index < len(self.cells) else None


def read_source_rows(sample: FileSample, sheet: str | None = None) -> list[SourceRow]:
    """Every non-blank row of a CSV or XLSX export, header rows included, as text (blank
    cells as None), read through the one row layer (surveydash.readers.rows) with the
    encoding and delimiter `detect_format` found."""
    return [
        SourceRow(row.number, [cell or None for cell in row.cells])
        for row in read_file_rows(sample, sheet=sheet)
        if not row.is_blank()
    ]


def fit_to_header(rows: Sequence[SourceRow], width: int) -> tuple[list[SourceRow], list[Problem]]:
    """The data rows padded to the header's width; a row with values beyond the header is left
    out and named in a problem (the importer refuses the file unless bad rows may be skipped)."""
    fitted, problems = [], []
    for source in rows:
        extra = [value for value in source.cells[width:] if value is not None]
        if extra:
            problems.append(
                Problem(
                    f"has a value ({extra[0]!r}) beyond the header's {width} columns",
                    row=source.row,
                )
            )
            continue
        cells = source.cells[:width] + [None] * (width - len(source.cells))
        fitted.append(SourceRow(source.row, cells))
    return fitted, problems


def header_names(cells: Sequence[str | None]) -> list[str]:
    """A header row's names, trailing blank cells dropped, a blank inside named `columnN`."""
    cells = list(cells)
    while cells and cells[-1] is None:
        cells.pop()
    return [cell if cell is not None else f"column{index + 1}" for index, cell in enumerate(cells)]


def header_key(header: str | None) -> str:
    """A header compared loosely: lower case, no accents, punctuation as spaces."""
    return normalize_label(header or "")


def question_text(header: str) -> str:
    """A question as the dashboard names it: the header with its line breaks and runs of
    spaces made single spaces (SurveyMonkey keeps the line breaks typed in a question)."""
    return " ".join(header.split())


# --- Respondent fields among the questions -----------------------------------------------------

# A question that asks for the respondent's sector, country, gender or e-mail fills that field
# instead of becoming a question: the dashboard breaks respondents down by them. Patterns are
# matched against the normalized header (see header_key), in English, French and Spanish, and
# anchored to how such questions are asked, so that "How relevant was the forum to your country's
# priorities?" or "Which topics (e.g. gender equality) interest you?" stay questions.
RESPONDENT_FIELD_PATTERNS: tuple[tuple[str, str], ...] = (
    ("sector", r"\b(?:type|kind|category) of (?:your )?(?:organi[sz]ation|institution|entity)"),
    ("sector", r"\b(?:organi[sz]ation|institution)(?:al)? (?:type|category)\b"),
    ("sector", r"^(?:your )?sector\b|\b(?:which|what) sector\b|\bsector (?:do )?you work"),
    ("sector", r"\bsector of (?:work|employment|activity)\b"),
    ("sector", r"\btype d (?:organisation|institution|organisme|entite)\b"),
    ("sector", r"^(?:votre )?secteur\b|\bquel secteur\b|\bsecteur d activite\b"),
    ("sector", r"\btipo de (?:organizacion|institucion|entidad)\b"),
    ("sector", r"^(?:su )?sector\b|\b(?:que|cual) sector\b"),
    ("country", r"^(?:your )?country\b|\b(?:which|what) country\b|\bcountry (?:of|where)\b"),
    ("country", r"\bcountry (?:do )?you (?:live|work|represent|come)"),
    ("country", r"^(?:votre )?pays\b|\bquel pays\b|\bpays de (?:residence|travail|origine)\b"),
    ("country", r"^(?:su )?pais\b|\b(?:que|cual) pais\b|\bpais de (?:residencia|origen)\b"),
    ("gender", r"^(?:your )?(?:gender|sex)\b|\bwhat is your (?:gender|sex)\b"),
    ("gender", r"^(?:votre )?(?:genre|sexe)\b|^(?:su )?(?:genero|sexo)\b"),
)

# Headers that ask for an e-mail address: e-mails go to the contacts table only, never into
# answers. A longer header ("Would you like e-mail updates?") is a question, not an address.
_EMAIL_HEADER = re.compile(
    r"^(?:(?:what is )?(?:your|votre|su|tu) )?(?:e ?mail|courriel|correo(?: electronico)?|"
    r"adresse (?:e ?mail|electronique|courriel|de messagerie)|direccion de correo(?: electronico)?)"
    r"(?: address| adresse)?(?: optional| facultatif| opcional)?$"
)

# Headers that ask for a person's name: names are personal data and never staged for surveys.
_PERSONAL_NAME_HEADER = re.compile(
    r"^(?:(?:what is |please (?:enter|write|give) )?(?:your|votre|su|tu) )?"
    r"(?:(?:full|first|last|family|given|middle) name|name|surname|forename|"
    r"nom|prenom|nom complet|nom et prenom|nom de famille|"
    r"nombre|apellidos?|nombre completo|nombres? y apellidos?|"
    # Portuguese, Italian and German forms (their Sheets: tests/fixtures/REAL_LAYOUTS.md)
    r"nome|nome completo|sobrenome|nome e sobrenome|cognome|nome e cognome|cognome e nome|"
    r"vorname|nachname|vollstandiger name|vor und nachname)"
    r"(?: optional| facultatif| opcional)?$"
)

_COMPILED_FIELD_PATTERNS = tuple(
    (field_name, re.compile(pattern)) for field_name, pattern in RESPONDENT_FIELD_PATTERNS
)


# A number closing a header: Microsoft Forms numbers a question whose title clashes with one of
# its own columns (a question "Name" beside Forms' `Name` is `Name2`), spreadsheets number
# duplicated titles ("Email 2").
_CLASH_NUMBER = re.compile(r"\s*\d{1,2}$")


def respondent_field(header: str) -> str | None:
    """'sector', 'country', 'gender' or 'email' when a question asks for that, else None."""
    key = header_key(header)
    if _EMAIL_HEADER.match(key) or _EMAIL_HEADER.match(_CLASH_NUMBER.sub("", key)):
        return "email"
    for field_name, pattern in _COMPILED_FIELD_PATTERNS:
        if pattern.search(key):
            return field_name
    return None


def asks_for_a_name(header: str) -> bool:
    """True for a question asking for the respondent's own name (personal data)."""
    key = header_key(header)
    return bool(
        _PERSONAL_NAME_HEADER.match(key) or _PERSONAL_NAME_HEADER.match(_CLASH_NUMBER.sub("", key))
    )


# Cells that mean "no e-mail": Microsoft Forms writes 'anonymous', Kobo 'None'; respondents type
# 'n/a'. An e-mail typed into a question without any '@' is no address either ("no", "prefer not
# to say"); one with an '@' is kept, and the importer names its row if it is malformed.
_NO_EMAIL = frozenset({"anonymous", "anonyme", "anonimo", "none", "null", "n a", "na"})


def email_or_blank(value: str | None) -> str | None:
    if value is None or header_key(value) in _NO_EMAIL or "@" not in value:
        return None
    return value


# --- Multiple choice -----------------------------------------------------------------------------

# An option text rarely holds more than two commas ("Policy, planning and budgeting"): a column
# whose answers split into more distinct pieces than this many per possible option is free text,
# and is not searched for options (the search grows with the square of the distinct answers).
MAX_PIECES_PER_OPTION = 3


def join_choices(options: Iterable[str]) -> str | None:
    """Options ticked in one answer, joined with ';' as surveydash.questions reads checkboxes;
    None when nothing was ticked."""
    ticked = [option.replace(";", ",") for option in options if option]
    return ";".join(ticked) if ticked else None


def checkbox_answer(options: Iterable[str]) -> str | None:
    """The options ticked in one answer to a question the reader knows is a checkbox question
    (it has a column per option: Kobo's 1/0 columns, LimeSurvey's Y columns, SurveyMonkey's
    option columns), written as Microsoft Forms writes checkbox answers: each option closed
    by ';' ("A;B;"). surveydash.questions reads that as multiple choice however few answers
    there are; None when nothing was ticked."""
    joined = join_choices(options)
    return None if joined is None else joined + CHECKBOX_TERMINATOR


def split_comma_joined_choices(
    header: str, answers: Sequence[str | None], separator: str = ", "
) -> list[str | None] | None:
    """Checkbox answers joined with ', ' (a Google Sheet's copy of a form's responses) rejoined
    with ';', or None when the column does not read as a checkbox question.

    Option texts may contain the separator themselves ("Policy, planning and budgeting"), so the
    answers are split against the options the column shows: an answer is an option when no one
    can compose it of other answers, and each answer is cut into the longest such options. A
    piece no answer explains stays one option, with the pieces after it that start in lower case
    ("Policy, planning and budgeting" even when nobody ticked it alone). The column counts as
    checkboxes only when the result reads as multiple choice (surveydash.questions, rule 7). A
    question worded as a free-text indicator ("Which topics were most useful?") may be either:
    its commas are sentences unless the pieces are short labels and most of them were given in
    two answers or more (checkboxes repeat their options, sentences do not)."""
    given = [answer for answer in answers if answer]
    if not any(separator in answer for answer in given):
        return None
    match = match_indicator(header)
    worded_as_free_text = bool(
        match
        and match.indicator in TEXT_INDICATORS
        and match.confidence >= INDICATOR_KIND_MIN_CONFIDENCE
    )
    pieces = {piece for answer in given for piece in answer.split(separator)}
    if len(pieces) > MAX_PIECES_PER_OPTION * MAX_MULTIPLE_CHOICE_OPTIONS:
        return None  # too many different pieces for checkboxes: sentences
    options = _options_of(list(dict.fromkeys(given)), separator)
    ticked = {
        answer: _segment(answer.split(separator), options, separator) for answer in set(given)
    }
    joined = [join_choices(ticked[answer]) if answer else None for answer in answers]
    if worded_as_free_text:
        if _repeated_option_labels([ticked[answer] for answer in given]):
            # Written as a checkbox question's answers ("A;B;"), which the free-text wording
            # does not turn into text (surveydash.questions, rule 2).
            return [checkbox_answer(ticked[answer]) if answer else None for answer in answers]
        alone = {answer for answer in given if separator not in answer}
        ticked = {
            answer: _segment(answer.split(separator), alone, separator) for answer in set(given)
        }
        if _repeated_option_labels([ticked[answer] for answer in given]):
            return [checkbox_answer(ticked[answer]) if answer else None for answer in answers]
        return None
    if infer_question(header, joined).kind == "multiple_choice":
        return joined
    # Too few answers for every option to be seen ticked alone: each piece is an option, but
    # for the pieces that continue the one before in lower case ("Policy, planning and ...").
    alone = {answer for answer in given if separator not in answer}
    ticked = {answer: _segment(answer.split(separator), alone, separator) for answer in set(given)}
    if _few_answers_read_as_checkboxes(header, [ticked[answer] for answer in given]):
        # Written as a checkbox question's answers ("A;B;"): multiple choice however few.
        return [checkbox_answer(ticked[answer]) if answer else None for answer in answers]
    return None


# Below this many answers, too few options can repeat for the share rule of
# surveydash.questions to tell checkboxes from text: a small survey's checkbox question is
# read from other evidence (_few_answers_read_as_checkboxes).
FEW_CHECKBOX_ANSWERS = 10
# A question that says several answers may be ticked, as forms word it in their languages.
_SEVERAL_ANSWERS_WORDING = re.compile(
    r"\b(?:select|check|tick|choose|mark) all\b|\ball that apply\b|\bmore than one\b"
    r"|\b(?:seleccione|marque|elija|selecione|escolha) (?:todas|todos|uma ou mais|una o mas)\b"
    r"|\bvarias (?:respuestas|opciones)\b|\bplusieurs (?:reponses|choix)\b"
    r"|\btoutes les reponses\b|\bmehrfachauswahl\b|\bmehrere antworten\b"
    r"|\bpiu (?:risposte|opzioni)\b"
)


def _few_answers_read_as_checkboxes(header: str, ticked: Sequence[list[str]]) -> bool:
    """Whether a small survey's comma-joined answers (split into `ticked` options, one list per
    answer) are a checkbox question's: some answer ticks two options or more, every option is
    a short label (at most MAX_OPTION_WORDS words, opening with a capital or a digit, closed by
    no sentence's stop), and either an option was ticked in two answers or more, or the header
    says several answers may be chosen. Free text with commas fails the labels test ("Good
    pace, thanks." ends a sentence; "good pace" opens in lower case and stays with the piece
    before it) or repeats no option."""
    if not ticked or len(ticked) >= FEW_CHECKBOX_ANSWERS:
        return False
    answers_per_option = _labelled_options(ticked)
    if answers_per_option is None:
        return False
    repeated = any(count >= 2 for count in answers_per_option.values())
    return repeated or bool(_SEVERAL_ANSWERS_WORDING.search(header_key(header)))


def _labelled_options(ticked: Sequence[list[str]]) -> dict[str, int] | None:
    """How many answers gave each option, when answers split into `ticked` options look like a
    checkbox question's: some answer ticks two options or more, there are at most
    MAX_MULTIPLE_CHOICE_OPTIONS options and each is a short label. None otherwise."""
    if not any(len(options) >= 2 for options in ticked):
        return None
    answers_per_option: dict[str, int] = {}
    for options in ticked:
        for option in dict.fromkeys(options):
            answers_per_option[option] = answers_per_option.get(option, 0) + 1
    if len(answers_per_option) > MAX_MULTIPLE_CHOICE_OPTIONS:
        return None
    if not all(_is_option_label(option) for option in answers_per_option):
        return None
    return answers_per_option


def _is_option_label(option: str) -> bool:
    """A short label as a form's author types an option: at most MAX_OPTION_WORDS words,
    opening with a capital or a digit, closed by no sentence's stop."""
    text = option.strip()
    if not text or len(text.split()) > MAX_OPTION_WORDS or len(text) > MAX_CHOICE_OPTION_LENGTH:
        return False
    return (text[0].isupper() or text[0].isdigit()) and text[-1] not in ".!?"


def _repeated_option_labels(ticked: Sequence[list[str]]) -> bool:
    """Whether answers split into `ticked` options (one list per answer) read as checkboxes
    under a question worded like a free-text one: some answer ticks two options or more, every
    option is a short label, and at least MIN_REPEATED_OPTION_SHARE of the options were given
    in two answers or more (surveydash.questions, rule 7's share)."""
    answers_per_option = _labelled_options(ticked)
    if answers_per_option is None:
        return False
    repeated = sum(1 for count in answers_per_option.values() if count >= 2)
    return repeated >= MIN_REPEATED_OPTION_SHARE * len(answers_per_option)


def _options_of(answers: Sequence[str], separator: str) -> set[str]:
    """The answers that are options: those no one can compose of other answers."""
    options = set(answers)
    changed = True
    while changed:
        changed = False
        for answer in sorted(options, key=lambda text: (text.count(separator), text)):
            pieces = answer.split(separator)
            if len(pieces) < 2:
                continue
            segments = _best_segmentation(pieces, options, separator, leaving_out=answer)
            if len(segments) >= 2 and any(known for _, known in segments):
                options.remove(answer)
                changed = True
    return options


def _segment(pieces: list[str], options: set[str], separator: str) -> list[str]:
    return [text for text, _ in _best_segmentation(pieces, options, separator)]


def _best_segmentation(
    pieces: list[str], options: set[str], separator: str, leaving_out: str | None = None
) -> list[tuple[str, bool]]:
    """Pieces grouped into (text, is a known option) segments, options other than `leaving_out`:
    as many pieces as possible inside known options, then as few segments as possible; unknown
    pieces keep their lower-case continuations."""
    count = len(pieces)
    # The best grouping of pieces[:end] found so far, by end: (score, segments).
    best: dict[int, tuple[tuple[int, int], list[tuple[str, bool]]]] = {0: ((0, 0), [])}
    for start in range(count):
        if start not in best:
            continue
        (covered, negative_segments), segments = best[start]
        candidates = []
        for end in range(start + 1, count + 1):
            run = separator.join(pieces[start:end])
            if run in options and run != leaving_out:
                candidates.append((end, run, end - start))
        end = start + 1
        while end < count and pieces[end][:1].islower():
            end += 1
        candidates.append((end, separator.join(pieces[start:end]), 0))
        for end, run, known_pieces in candidates:
            score = (covered + known_pieces, negative_segments - 1)
            if end not in best or score > best[end][0]:
                best[end] = (score, [*segments, (run, known_pieces > 0)])
    return best[count][1]


# --- Rankings ------------------------------------------------------------------------------------


def ranks_of_each_option(values: Sequence[str | None]) -> dict[str, list[str | None]] | None:
    """A ranking question's answers as one column per option holding the rank given to it
    ('1' first), or None when the column is no ranking.

    Microsoft Forms writes a ranking answer as a checkbox answer is written, every option
    closed by ';' ("Trade;Data;Climate;"), but with all the options in the order the respondent
    put them. A column is a ranking when every answer names the same options (two or more),
    each once, and the answers put them in more than one order (checkbox answers keep the
    form's order)."""
    given = [value for value in values if value]
    if not given or not all(value.endswith(CHECKBOX_TERMINATOR) for value in given):
        return None
    orders = [
        tuple(part.strip() for part in value[:-1].split(CHECKBOX_TERMINATOR)) for value in given
    ]
    options = set(orders[0])
    if len(options) < 2 or any(
        len(order) != len(options) or set(order) != options for order in orders
    ):
        return None
    if len(set(orders)) < 2:
        return None
    ranks: dict[str, list[str | None]] = {option: [] for option in orders[0]}
    for value in values:
        order = [part.strip() for part in value[:-1].split(CHECKBOX_TERMINATOR)] if value else None
        for option, column in ranks.items():
            column.append(str(order.index(option) + 1) if order else None)
    return ranks


# --- Timestamps ------------------------------------------------------------------------------


def timestamps_as_iso(
    values: Sequence[str | None], *, prefer_day_first: bool = False
) -> list[str | None]:
    """A column of timestamps written as ISO 'YYYY-MM-DD HH:MM:SS', read under the one
    convention its values decide (surveydash.dates: zone dropped, month-first unless some
    value only makes sense day-first, or day-first when the reader knows the file's locale
    writes so and no value says otherwise). A value no format fits is kept as written, for
    the importer to name its row and column."""
    return iso_column(values, prefer_day_first=prefer_day_first)


# --- Staging -----------------------------------------------------------------------------------


class SurveyColumns:
    """The columns a reader stages for one survey file, in survey order: generic fields, one
    column per question, and the column map for the detection report.

    Each column comes with its values, one per staged row. The user's `column_overrides`
    (file header or question text -> survey field, 'question' or 'ignore') win over the
    reader's guesses."""

    def __init__(self, file_name: str, rows: Sequence[int], column_overrides=None):
        self.file_name = file_name
        self.rows = list(rows)
        self.overrides = dict(column_overrides or {})
        self.column_map: dict[str, str] = {}
        self.fields: dict[str, list[str | None]] = {}
        self.questions: dict[str, list[str | None]] = {}
        self._names = {"_row"}  # question names taken, case folded
        # Name columns left out (never staged): their cells go to the personal-data scrubber,
        # which removes those names from the open answers.
        self.name_columns: dict[str, list[str | None]] = {}
        # Question name -> the kind the layout itself says it is (a ranking's ranks are
        # numbers, whatever their wording), where the answers alone could mislead.
        self.question_kinds: dict[str, str] = {}

    def _override(self, *keys: str) -> str | None:
        for key in keys:
            if key in self.overrides:
                return self.overrides[key]
        return None

    def _apply(self, chosen: str, header: str, text: str, values) -> None:
        if chosen == "ignore":
            self.column_map[header] = IGNORED
        elif chosen == "question":
            self._question(header, text, values)
        elif chosen in KIND_FIELDS[SURVEY] and chosen not in self.fields:
            self._field(chosen, header, values)
        else:
            raise FileRefused(
                self.file_name,
                [
                    Problem(
                        f"column '{header}' cannot be mapped to '{chosen}' for survey",
                        column=header,
                    )
                ],
            )

    def field(self, field_name: str, header: str, values: Sequence[str | None]) -> None:
        """A column the tool itself fills (its timestamp, its e-mail column)."""
        chosen = self._override(header)
        if chosen is not None:
            self._apply(chosen, header, question_text(header), values)
        elif field_name in self.fields:
            self.column_map[header] = IGNORED
        else:
            self._field(field_name, header, values)

    def ignore(self, header: str, values: Sequence[str | None] | None = None) -> None:
        """A metadata column (an ID, an IP address, quiz points, a name): not a question."""
        chosen = self._override(header)
        if chosen is not None and values is not None:
            self._apply(chosen, header, question_text(header), values)
        else:
            self.column_map[header] = IGNORED
            if values is not None and header_kind(header) == PersonalKind.NAME:
                self.name_columns[header] = list(values)

    def question(
        self,
        header: str,
        values: Sequence[str | None],
        text: str | None = None,
        source_headers: Sequence[str] = (),
        kind: str | None = None,
    ) -> None:
        """A question column (or several columns combined into one, `source_headers`), named
        `text` (the header when not given). A question asking for the respondent's sector,
        country, gender or e-mail fills that field; one asking for their name is left out.
        `kind`: the question's kind as the layout says it (else inferred from the answers)."""
        text = question_text(text or header)
        chosen = self._override(header, text)
        if chosen is not None:
            self._apply(chosen, header, text, values)
        elif asks_for_a_name(text):
            self.column_map[header] = IGNORED
            self.name_columns[header] = list(values)
        else:
            field_name = respondent_field(text)
            if field_name == "email" and "email" in self.fields:
                self.column_map[header] = IGNORED  # a second address is still personal data
            elif field_name is not None and field_name not in self.fields:
                self._field(field_name, header, values)
            else:
                self._question(header, text, values, kind)
        for source in source_headers:
            if source != header:
                self.column_map[source] = self.column_map[header]

    def _field(self, field_name: str, header: str, values) -> None:
        values = list(values)
        if field_name == "email":
            values = [email_or_blank(value) for value in values]
        self.fields[field_name] = values
        self.column_map[header] = field_name

    def _question(self, header: str, text: str, values, kind: str | None = None) -> None:
        name = self._unique(text)
        self.questions[name] = list(values)
        self.column_map[header] = "question"
        if kind is not None:
            self.question_kinds[name] = kind

    def _unique(self, text: str) -> str:
        # DuckDB column names ignore case: two questions "Comments" and "comments", or a
        # question "Country" beside the field "country", would clash.
        name, number = text, 1
        while name.casefold() in self._names:
            number += 1
            name = f"{text} ({number})"
        self._names.add(name.casefold())
        return name

    def stage(
        self,
        cursor,
        *,
        rows_read: int,
        excluded: dict[str, int] | None = None,
        problems: list[Problem] | None = None,
    ) -> list[StagedKind]:
        if not self.questions:
            raise FileRefused(
                self.file_name,
                [Problem("has no question columns: a survey file has one column per question")],
            )
        if not self.rows and not problems:
            raise FileRefused(self.file_name, [Problem("has a header but no responses")])
        self._names |= {field_name.casefold() for field_name in self.fields}
        questions, kinds = {}, {}
        for name, values in self.questions.items():
            staged_name = self._unique(name) if name.casefold() in self.fields else name
            questions[staged_name] = values
            if name in self.question_kinds:
                kinds[staged_name] = self.question_kinds[name]
        frame = pd.DataFrame(
            {"_row": self.rows, **self.fields, **questions}, dtype="object"
        ).astype({"_row": "int64"})
        return [
            stage_frame(
                cursor,
                frame,
                SURVEY,
                rows_read=rows_read,
                column_map=self.column_map,
                question_columns=list(questions),
                excluded={reason: n for reason, n in (excluded or {}).items() if n},
                problems=problems,
                person_names=list(zip(*self.name_columns.values(), strict=True)),
                question_kinds=kinds,
            )
        ]


def refuse_other_kinds(file_name: str, tool: str, kind: str | None) -> None:
    """A survey tool's export holds survey responses only."""
    if kind not in (None, SURVEY):
        raise FileRefused(
            file_name,
            [Problem(f"is a {tool} export of survey responses, not {kind}: import it as a survey")],
        )


def column_values(rows: Sequence[SourceRow], index: int) -> list[str | None]:
    return [source.cell(index) for source in rows]
