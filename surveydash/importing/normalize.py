"""Stage 5, normalize: each distinct country, sector and answer matched once, not each row.

Builds the maps the writes join on: the temporary tables `country_map` and
`sector_map_<kind>`, and each question's answer map (`ImportContext.answer_maps`); reports
what it could not place (unrecognized countries, unmapped sectors, answers that do not fit
their question)."""

from __future__ import annotations

import pandas as pd

from surveydash.countries import normalize_key
from surveydash.db import country_reference
from surveydash.importing.context import ImportContext, KindReport
from surveydash.questions import (
    IDENTIFIER,
    RATING_INDICATORS,
    AnswerError,
    infer_question,
    parse_answer,
)
from surveydash.readers import StagedKind
from surveydash.sectors import match_sector
from surveydash.tabular import FileRefused, Problem, _quote_identifier

# Question columns read in one query, and the cells such a read may hold at most.
QUESTION_COLUMNS_PER_READ = 200
ANSWER_CELLS_PER_READ = 2_000_000


def normalize(context: ImportContext, staged: StagedKind, report: KindReport) -> list[Problem]:
    """Each distinct country, sector and answer matched once (not each row): the maps the
    writes join on. Returns the answers that do not fit their question."""
    fields = set(staged.fields)
    if "country" in fields:
        _map_countries(context, staged, report)
    if "sector" in fields:
        _map_sectors(context, staged, report)
    if staged.kind == "survey":
        return _parse_questions(context, staged, report)
    return []


def _map_countries(context: ImportContext, staged: StagedKind, report: KindReport) -> None:
    cursor = context.cursor
    reference = country_reference()
    user_aliases = dict(cursor.execute("select alias_key, iso3 from country_aliases").fetchall())
    rows = []
    for raw, count in _distinct_values(cursor, staged, "country"):
        match = reference.match(raw, user_aliases)
        rows.append((raw, match.iso3, match.method, match.score))
        if match.method == "unrecognized":
            report.unrecognized_countries[raw] = count
        elif match.method == "fuzzy":
            report.fuzzy_countries[raw] = f"{match.iso3} (score {match.score:.0f})"
    frame = pd.DataFrame(rows, columns=["raw", "iso3", "method", "score"]).astype(
        {"raw": "object", "iso3": "object", "method": "object", "score": "float64"}
    )
    _store_map(cursor, "country_map", frame)


def _map_sectors(context: ImportContext, staged: StagedKind, report: KindReport) -> None:
    cursor = context.cursor
    user_aliases = dict(cursor.execute("select alias_key, sector from sector_aliases").fetchall())
    rows = []
    for raw, count in _distinct_values(cursor, staged, "sector"):
        match = match_sector(raw, user_aliases)
        rows.append((raw, match.sector, match.method))
        if match.method == "unmapped":
            report.unmapped_sectors[raw] = count
    frame = pd.DataFrame(rows, columns=["raw", "sector", "method"]).astype("object")
    _store_map(cursor, f"sector_map_{staged.kind}", frame)


def _distinct_values(cursor, staged: StagedKind, field_name: str) -> list[tuple[str, int]]:
    """Each distinct value of a staged field, with the number of rows that hold it."""
    return cursor.execute(
        f"select {field_name}, count(*) from {staged.table} where {field_name} is not null "
        f"group by {field_name}"
    ).fetchall()


def _store_map(cursor, table: str, frame: pd.DataFrame) -> None:
    """The temporary table `table` (the writes join on it) holding the rows of `frame`."""
    name = f"{table}_frame"
    cursor.register(name, frame)
    cursor.execute(f"create or replace temp table {table} as select * from {name}")
    cursor.unregister(name)


def _parse_questions(
    context: ImportContext, staged: StagedKind, report: KindReport
) -> list[Problem]:
    cursor = context.cursor
    overrides = dict(
        cursor.execute("select text_key, indicator from indicator_overrides").fetchall()
    )
    problems: list[Problem] = []
    headers = list(staged.question_columns)
    rows = cursor.execute(f"select count(*) from {staged.table}").fetchall()[0][0]
    # A wide survey's columns are read many at a time: one query per column cost more than
    # the answers themselves once a file had hundreds of questions (1,990 questions: 36 s).
    per_read = max(1, min(QUESTION_COLUMNS_PER_READ, ANSWER_CELLS_PER_READ // max(rows, 1)))
    for first in range(0, len(headers), per_read):
        chunk = headers[first : first + per_read]
        selected = ", ".join(_quote_identifier(header) for header in chunk)
        values = cursor.execute(f"select {selected} from {staged.table} order by _row").fetchall()
        for offset, header in enumerate(chunk):
            answers = [row[offset] for row in values if row[offset] is not None]
            _parse_question(
                context, staged, first + offset + 1, header, answers, overrides, report, problems
            )
    return problems


def _parse_question(context, staged, position, header, answers, overrides, report, problems):
    """One question: its kind, scale and indicator inferred from its answers (or as the
    analyst chose), its distinct answers parsed into `context.answer_maps[header]`, the
    report's entry for it, and a problem for each row whose answer does not fit."""
    options = context.options
    column = _quote_identifier(header)
    try:
        spec = infer_question(
            header,
            answers,
            kind=options.question_kinds.get(header) or staged.question_kinds.get(header),
            scale_name=options.question_scales.get(header),
        )
    except ValueError as error:  # a kind or scale the analyst named that is none
        raise FileRefused(context.file_name, [Problem(str(error), column=header)]) from None
    if spec.kind == IDENTIFIER:
        # A respondent number or a code: no question, and not stored.
        report.column_map[header] = "ignored: an identifier"
        return
    indicator, source = spec.indicator, "auto"
    if spec.kind == "number" and indicator in RATING_INDICATORS:
        # Numbers that are no rating (decimals, out of scale) would mix a count into
        # the indicator's cross-event mean: matched by wording, but not compared.
        indicator = None
    if header in options.question_indicators:
        indicator, source = options.question_indicators[header] or None, "user"
    elif normalize_key(header) in overrides:
        indicator, source = overrides[normalize_key(header)] or None, "user"
    parsed_rows, bad_values = [], {}
    answers_per_value: dict[str, int] = {}
    for raw in answers:
        answers_per_value[raw] = answers_per_value.get(raw, 0) + 1
    set_apart = 0
    for raw, count in answers_per_value.items():
        try:
            for answer in parse_answer(spec, raw):
                parsed_rows.append((raw, answer.value_num, answer.value_text))
                if answer.value_num is None and spec.kind in ("rating", "number", "yes_no"):
                    set_apart += count  # "N/A", "Don't know": counted apart
        except AnswerError as error:
            bad_values[raw] = str(error)
    context.answer_maps[header] = parsed_rows
    if bad_values:
        for row, value in context.cursor.execute(
            f"select _row, {column} from {staged.table} "
            f"where {column} in (select unnest(?::varchar[])) order by _row",
            [list(bad_values)],
        ).fetchall():
            problems.append(Problem(bad_values[value], row=row, column=header))
    report.questions.append(
        {
            "position": position,
            "text": header,
            "kind": spec.kind,
            "scale_min": spec.scale_min,
            "scale_max": spec.scale_max,
            "labels": {str(k): v for k, v in spec.labels.items()},
            "options": list(spec.options),
            "indicator": indicator,
            "indicator_source": source,
            "indicator_confidence": spec.indicator_confidence if source == "auto" else None,
            "answers": len(answers),
            "set_apart": set_apart,
            "scale_note": spec.scale_note,
        }
    )
