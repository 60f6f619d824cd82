"""KoboToolbox data exports (Data > Downloads, CSV or XLSX).

The layout: one row per submission; metadata columns (`start`, `end`, `_id`, `_uuid`,
`_submission_time`, `_validation_status`, `_notes`, `_status`, `_submitted_by`, `_tags`,
`_index`, ...) around the questions, headed by their labels or XML names, with the group path
in front (`group/question`) when the export includes groups. The CSV is ';'-separated with every
field quoted by default. An optional second row holds HXL hashtags (`#sector`), not a response.
A select-multiple question comes as one column of the chosen labels joined by spaces, which
cannot be split when labels have spaces, and by default also as one `question/option` column per
option holding 1 or 0: those are what the chosen options are read from. The XLSX export writes
numbers as floats (an `_id` of `61.0`).
"""

from __future__ import annotations

import re

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

# Metadata the form collects about the device or the submission, not questions; every column
# whose name starts with '_' is metadata too (`_id`, `_uuid`, `_submission_time`, ...).
METADATA_COLUMNS = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "subscriberid",
        "simserial",
        "phonenumber",
        "username",
        "email",  # the enumerator's account e-mail that Collect records, not the respondent's
        "audit",
        "audit_url",
        "instanceid",
        "instancename",
    }
)
METADATA_PREFIXES = ("_", "meta/", "formhub/")
SELECTED = frozenset({"1", "1.0", "true"})
NOT_SELECTED = frozenset({"0", "0.0", "false"})
# A submission the project's reviewers marked as not approved is left out (and counted).
NOT_APPROVED = frozenset({"validation status not approved", "not approved"})
# A group path segment written as an XML name ("group_feedback"), as exports with XML names do;
# form builders write names in lower case, so "Country/territory" is a label, not a path.
_XML_NAME = re.compile(r"^[a-z_][a-z0-9_.-]*$")


class KoboReader:
    source = "kobo"
    label = "KoboToolbox data export (CSV or XLSX)"

    def detect(self, sample: FileSample) -> tuple[float, str | None]:
        if not sample.rows:
            return 0.0, None
        headers = {cell for cell in sample.rows[0] if cell}
        if headers & {"_uuid", "_submission_time"}:
            return 0.95, SURVEY
        if {"_id", "_index"} <= headers:
            return 0.85, SURVEY
        return 0.0, None

    def stage(
        self, cursor, sample: FileSample, kind: str | None, column_overrides=None
    ) -> list[StagedKind]:
        refuse_other_kinds(sample.file_name, "KoboToolbox", kind)
        rows = read_source_rows(sample)
        if not rows:
            raise FileRefused(sample.file_name, [Problem("the file is empty")])
        headers = header_names(rows[0].cells)
        data_rows = rows[1:]
        if data_rows and _is_hashtag_row(data_rows[0].cells):
            data_rows = data_rows[1:]
        body, problems = fit_to_header(data_rows, len(headers))
        position = {header: index for index, header in enumerate(headers)}

        excluded = {}
        if "_validation_status" in position:
            statuses = column_values(body, position["_validation_status"])
            kept = [
                r for r, s in zip(body, statuses, strict=True) if header_key(s) not in NOT_APPROVED
            ]
            excluded["marked not approved in KoboToolbox"] = len(body) - len(kept)
            body = kept

        columns = SurveyColumns(sample.file_name, [r.row for r in body], column_overrides)
        # When the respondent finished: `end` is the device's local time (its offset is
        # dropped, see survey_common); `_submission_time` is the server's UTC time, the only
        # time there is when the form does not record `end`.
        for time_column in ("end", "_submission_time"):
            if time_column in position:
                values = column_values(body, position[time_column])
                columns.field("submitted_at", time_column, timestamps_as_iso(values))
                break

        questions = [h for h in headers if not _is_metadata(h)]
        option_columns = _option_columns(questions, body, position)
        consumed = {option for options in option_columns.values() for option in options}
        names = _without_group_paths([h for h in questions if h not in consumed])
        for header in headers:
            if header in consumed:
                continue
            if header not in names:
                if header not in columns.column_map:
                    columns.ignore(header, column_values(body, position[header]))
                continue
            options = option_columns.get(header)
            if options:
                values = _chosen_options(header, options, body, position)
                columns.question(header, values, text=names[header], source_headers=options)
            else:
                columns.question(header, column_values(body, position[header]), text=names[header])
        for prefix, options in option_columns.items():
            if prefix not in position:  # option columns without the combined column
                values = _chosen_options(prefix, options, body, position)
                text = prefix.rsplit("/", 1)[-1]
                columns.question(options[0], values, text=text, source_headers=options)
        return columns.stage(
            cursor,
            rows_read=len(body) + len(problems) + sum(excluded.values()),
            excluded=excluded,
            problems=problems,
        )


def _is_hashtag_row(cells: list[str | None]) -> bool:
    filled = [cell for cell in cells if cell]
    return bool(filled) and all(cell.startswith("#") for cell in filled)


def _is_metadata(header: str) -> bool:
    return header.startswith(METADATA_PREFIXES) or header.casefold() in METADATA_COLUMNS


def _option_columns(questions: list[str], body, position) -> dict[str, list[str]]:
    """Select-multiple questions -> their `question/option` columns, holding only 1/0.

    An option's label may hold a '/' itself ("Government / public sector"), so the columns
    after a question's own column that start with its header and a '/' are its options,
    however many slashes follow. Option columns without the combined column are grouped by
    what comes before their last '/', when two or more share it."""
    result: dict[str, list[str]] = {}
    claimed: set[str] = set()

    def binary(members: list[str]) -> bool:
        return all(
            header_key(value) in SELECTED | NOT_SELECTED
            for member in members
            for value in column_values(body, position[member])
            if value
        )

    for header in questions:
        if header in claimed:
            continue
        members = [h for h in questions if h not in claimed and h.startswith(header + "/")]
        if members and binary(members):
            result[header] = members
            claimed.update(members)
    by_prefix: dict[str, list[str]] = {}
    for header in questions:
        if "/" in header and header not in claimed and header not in result:
            by_prefix.setdefault(header.rsplit("/", 1)[0], []).append(header)
    for prefix, members in by_prefix.items():
        if len(members) >= 2 and binary(members):
            result[prefix] = members
    return result


def _chosen_options(prefix: str, options: list[str], body, position) -> list[str | None]:
    labels = [option[len(prefix) + 1 :] for option in options]
    values = []
    for source in body:
        cells = [source.cell(position[option]) for option in options]
        values.append(
            checkbox_answer(
                label
                for label, cell in zip(labels, cells, strict=True)
                if header_key(cell) in SELECTED
            )
        )
    return values


def _without_group_paths(headers: list[str]) -> dict[str, str]:
    """Each question header -> its question text without the group path in front.

    A path is taken off when two or more questions share it, or when it is written as XML
    names (`group_feedback/`), so that a label with a slash ("Country/territory") stays whole."""
    prefixes: dict[str, int] = {}
    for header in headers:
        if "/" in header:
            prefix = header.rsplit("/", 1)[0]
            prefixes[prefix] = prefixes.get(prefix, 0) + 1
    names = {}
    for header in headers:
        if "/" not in header:
            names[header] = header
            continue
        prefix, last = header.rsplit("/", 1)
        xml_path = all(_XML_NAME.match(part) for part in prefix.split("/"))
        names[header] = last if last and (prefixes[prefix] >= 2 or xml_path) else header
    return names


READERS = [KoboReader()]
