"""What the Upload page shows of a file before it is imported, decided here so that the page only
renders: the first rows with personal data hidden, the problems as a table with quoted cells
masked, the generic layout's guess for a file the importer refused, and an event id from a
title. Nothing here imports streamlit."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import pandas as pd

from surveydash.personal_data import (
    PersonalKind,
    classify_column,
    full_names,
    mask_cell,
    scrub_names,
)
from surveydash.readers import FileSample
from surveydash.readers.generic import field_for_header
from surveydash.tabular import Problem, readable_message

# Enough rows to recognize the file, few enough to read at a glance.
PREVIEW_ROWS = 8
# Generic fields that identify a person: their columns are never shown.
PERSONAL_FIELDS = {"email", "first_name", "last_name"}


def suggested_event_id(title: str, start) -> str:
    """'2023 Forum on Local Governance' -> '2023-forum-on-local-governance'."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:48].strip("-")
    if start is not None and str(start.year) not in slug:
        slug = f"{slug}-{start.year}" if slug else str(start.year)
    return slug


def problems_table(problems: list[Problem]) -> pd.DataFrame:
    """One row per problem: where it is, and what is wrong (cells it quotes masked)."""
    return pd.DataFrame(
        {
            "Row": [p.row if p.row is not None else "" for p in problems],
            "Line": [p.line if p.line is not None else "" for p in problems],
            "Column": [p.column or "" for p in problems],
            "Problem": [readable_message(p.message) for p in problems],
        }
    ).astype(str)


def generic_guess(headers: list[str], kind: str) -> dict[str, str]:
    """What the generic layout makes of each header (for a file it refused, so that the user
    can correct the mapping): the field it names, else a question (surveys) or nothing."""
    guessed: dict[str, str] = {}
    for header in headers:
        field = field_for_header(header, kind)
        if field is not None and field not in guessed.values():
            guessed[header] = field
        else:
            guessed[header] = "question" if kind == "survey" else "ignore"
    return guessed


def _unique_names(header: list[str | None]) -> list[str]:
    names, seen = [], {}
    for index, cell in enumerate(header):
        name = cell or f"(column {index + 1})"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


def personal_headers(sample: FileSample, mapped_personal: set[str] = frozenset()) -> set[str]:
    """The headers of a file whose columns the preview hides: those mapped to the e-mail or a
    name, and those personal_data judges personal from the header and the sampled values."""
    if not sample.rows:
        return set(mapped_personal)
    header = sample.rows[0]
    hidden = set(mapped_personal)
    for index, cell in enumerate(header):
        values = [row[index] if index < len(row) else None for row in sample.rows[1:]]
        if cell and classify_column(cell, values) is not None:
            hidden.add(cell)
    return hidden


def preview_frame(
    sample: FileSample, hidden_headers: set[str], known_people: Iterable[Sequence] = ()
) -> pd.DataFrame:
    """The first rows of a file as text: personal columns hidden whole; in the others, e-mail
    addresses and phone numbers masked, and the names the file's name columns give removed, as
    the import removes them (and, written with capitals, `known_people`'s: the event's
    registrants and attendees, see personal_data.event_people)."""
    header = sample.rows[0]
    names = _unique_names(header)
    body = [
        (row + [None] * len(header))[: len(header)] for row in sample.rows[1 : PREVIEW_ROWS + 1]
    ]
    name_positions = [
        index
        for index, cell in enumerate(header)
        if cell in hidden_headers and _is_name_column(cell, [row[index] for row in body])
    ]
    people = full_names([[row[i] for i in name_positions] for row in body])
    known = full_names(known_people) - people
    frame = pd.DataFrame(body, columns=names, dtype=object)
    for name, original in zip(names, header, strict=True):
        personal = original in hidden_headers
        frame[name] = frame[name].map(
            lambda value, personal=personal: mask_cell(
                scrub_names(value, people, known)[0], personal
            )
        )
    return frame


def _is_name_column(header: str, values: list) -> bool:
    if field_for_header(header, "registrations") in ("first_name", "last_name"):
        return True
    return classify_column(header, values) == PersonalKind.NAME
