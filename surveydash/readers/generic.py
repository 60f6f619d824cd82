"""The generic layouts README documents: one header row, one row per registration, join or
survey response. Headers match ignoring case, spaces, underscores, hyphens and accents."""

from __future__ import annotations

import re
import unicodedata

from surveydash.readers import (
    KIND_FIELDS,
    REQUIRED_FIELDS,
    FileSample,
    StagedKind,
)
from surveydash.tabular import (
    FileRefused,
    Problem,
    _quote_identifier,
    drop_temporary,
    stage_file,
)

# Other spellings of the generic headers that exports commonly use (normalized form).
HEADER_ALIASES = {
    "emailaddress": "email",
    "mail": "email",
    "courriel": "email",
    "correoelectronico": "email",
    "firstname": "first_name",
    "givenname": "first_name",
    "lastname": "last_name",
    "surname": "last_name",
    "familyname": "last_name",
    "countryregion": "country",
    "organisation": "organization",
    "institution": "organization",
    "typeoforganization": "sector",
    "typeoforganisation": "sector",
    "organizationtype": "sector",
    "organisationtype": "sector",
    "timestamp": "submitted_at",
    "submittedat": "submitted_at",
    "submissiontime": "submitted_at",
    "registrationtime": "registered_at",
    "registrationdate": "registered_at",
    "jointime": "join_time",
    "leavetime": "leave_time",
    "durationminutes": "minutes",
    "timeinsessionminutes": "minutes",
    "sex": "gender",
}


def normalize_header(header: str) -> str:
    """'First Name', 'first_name' and 'FIRST-NAME' all become 'firstname'."""
    decomposed = unicodedata.normalize("NFKD", header or "")
    without_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # "/" too: Zoom writes "Country/Region" (see HEADER_ALIASES["countryregion"]).
    return re.sub(r"[\s_\-().]+|/", "", without_accents.casefold())


def field_for_header(header: str, kind: str) -> str | None:
    """The generic field a header names for this kind of file, if any."""
    key = normalize_header(header)
    fields = KIND_FIELDS[kind]
    for field_name in fields:
        if key == normalize_header(field_name):
            return field_name
    alias = HEADER_ALIASES.get(key)
    return alias if alias in fields else None


def guess_kind(headers: list[str]) -> str | None:
    """The kind a generic file holds, from its headers; None when it could be either."""
    keys = {normalize_header(h) for h in headers}
    if keys & {"jointime", "leavetime", "minutes", "session"}:
        return "attendance"
    registration_only = {field_for_header(h, "registrations") for h in headers} - {None}
    unknown = [h for h in headers if field_for_header(h, "registrations") is None]
    if "submittedat" in keys or "timestamp" in keys:
        return "survey"
    if registration_only and not unknown:
        return "registrations"
    if unknown and len(unknown) >= 2:
        return "survey"  # columns that are no registration field are questions
    return None


class GenericReader:
    source = "generic"
    label = "Generic layout (see README)"

    def detect(self, sample: FileSample) -> tuple[float, str | None]:
        if not sample.rows:
            return 0.0, None
        headers = [cell or "" for cell in sample.rows[0]]
        # A workbook's rows are as wide as its widest row: blank cells after the last header
        # are no columns (staging drops them too), so they must not count as question columns.
        while headers and not headers[-1].strip():
            headers.pop()
        # The fallback reader: any file with a header row is a candidate, with low confidence.
        return 0.1, guess_kind(headers)

    def stage(
        self, cursor, sample: FileSample, kind: str | None, column_overrides=None
    ) -> list[StagedKind]:
        staged = stage_file(cursor, sample.path, "staged_file", sample.file_name, sample.format)
        if kind is None:
            kind = guess_kind(staged.headers)
            if kind is None:
                raise FileRefused(
                    sample.file_name,
                    [
                        Problem(
                            "cannot tell whether this file holds registrations, attendance or "
                            "a survey: choose the kind (--kind)"
                        )
                    ],
                )
        column_map: dict[str, str] = {}
        question_columns: list[str] = []
        overrides = column_overrides or {}
        for header in staged.headers:
            if header in overrides:
                chosen = overrides[header]
                if chosen == "question" and kind == "survey":
                    column_map[header] = "question"
                    question_columns.append(header)
                elif chosen in KIND_FIELDS[kind] and chosen not in column_map.values():
                    column_map[header] = chosen
                elif chosen != "ignore":
                    raise FileRefused(
                        sample.file_name,
                        [
                            Problem(
                                f"column '{header}' cannot be mapped to '{chosen}' for {kind}",
                                column=header,
                            )
                        ],
                    )
                continue
            field_name = field_for_header(header, kind)
            if field_name is not None and field_name not in column_map.values():
                column_map[header] = field_name
            elif kind == "survey":
                column_map[header] = "question"
                question_columns.append(header)
        missing = [f for f in REQUIRED_FIELDS[kind] if f not in column_map.values()]
        if missing:
            raise FileRefused(
                sample.file_name,
                [
                    Problem(
                        f"is missing the required column '{missing[0]}' for {kind} "
                        f"(its columns are: {', '.join(staged.headers)})"
                    )
                ],
            )
        if kind == "survey" and not question_columns:
            raise FileRefused(
                sample.file_name,
                [Problem("has no question columns: a survey file has one column per question")],
            )
        selected = (
            ["_row"]
            + [
                f"{_quote_identifier(header)} as {field_name}"
                for header, field_name in column_map.items()
                if field_name != "question"
            ]
            + [_quote_identifier(header) for header in question_columns]
        )
        # A view that renames the file's columns: the rows stay where stage_file put them,
        # read once from the file and never copied (see surveydash.tabular).
        drop_temporary(cursor, f"staged_{kind}")
        cursor.execute(
            f"create temp view staged_{kind} as select {', '.join(selected)} from {staged.table}"
        )
        return [
            StagedKind(
                kind=kind,
                table=f"staged_{kind}",
                rows_read=staged.rows_read,
                fields=[f for f in column_map.values() if f != "question"],
                column_map=column_map,
                problems=staged.problems,
                excluded=dict(staged.excluded),
                question_columns=question_columns,
            )
        ]
