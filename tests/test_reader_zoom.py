"""Zoom's reports import as Zoom writes them, with no edit, and give the figures an organizer
reports: hosts and panelists are not attendees, five joins of one person are one attendee, a
registrant who never came is still a registration.

Every import goes through `import_file` with no source and no kind, so detection has to pick
the Zoom reader. The files are synthetic (addresses on example.org): small ones written by hand
in tests/fixtures/zoom/, and a large webinar report written by tests/fixtures/make_zoom_large.py.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from surveydash.analytics import query, records
from surveydash.cli import main
from surveydash.countries import CountryReference
from surveydash.dates import DateColumn
from surveydash.importer import ImportOptions, import_file
from surveydash.readers import FileSample, detect_reader
from surveydash.readers.generic import GenericReader
from surveydash.tabular import FileRefused
from tests.fixtures.make_zoom_large import ZoomLargeReport, write_zoom_large

EVENT = "forum-2022"
ZOOM = Path(__file__).parent / "fixtures" / "zoom"
WEBINAR = ZOOM / "webinar_attendee_report.csv"
WEBINAR_2020 = ZOOM / "webinar_attendee_report_2020.csv"
REGISTRATION = ZOOM / "registration_report.csv"
MEETING = ZOOM / "meeting_participants.csv"


@pytest.fixture(scope="session")
def zoom_large(tmp_path_factory) -> ZoomLargeReport:
    return write_zoom_large(tmp_path_factory.mktemp("zoom") / "attendee_report_large.csv")


def import_zoom(db, path: Path, **options):
    return import_file(db, path, EVENT, ImportOptions(**options))


def headline(db) -> dict:
    return records(query(db, "event_headline", event_id=EVENT))[0]


def figures(db) -> tuple:
    """registrations, their countries, attendees, their countries."""
    row = headline(db)
    return (
        row["registrations"],
        row["registration_countries"],
        row["attendees"],
        row["attendee_countries"],
    )


def country_counts(db, stage: str) -> dict[str | None, int]:
    frame = query(db, "participants_by_country", event_id=EVENT)
    frame = frame[frame["stage"] == stage]
    return {
        (iso3 if isinstance(iso3, str) else None): n
        for iso3, n in zip(frame["iso3"], frame["count"], strict=True)
    }


def by_iso3(counts_by_name) -> dict[str, int]:
    reference = CountryReference.load()
    return {reference.match(name).iso3: n for name, n in counts_by_name.items()}


def report_of(result, kind: str):
    return next(report for report in result.kinds if report.kind == kind)


def rows(db, sql: str) -> list[tuple]:
    cursor = db.cursor()
    try:
        return cursor.execute(sql).fetchall()
    finally:
        cursor.close()


def attendees(db) -> list[tuple]:
    """(joins, minutes, country) of each attendee, most minutes first."""
    return rows(
        db,
        "select joins, minutes, country_iso3 from event_attendees order by minutes desc",
    )


def rewrite(source: Path, target: Path, *, delimiter=",", encoding="utf-8", pad=True) -> Path:
    """The same report as another delimiter, encoding, or without Zoom's padding."""
    table = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"))))
    if not pad:
        table = [row[: max((i + 1 for i, c in enumerate(row) if c), default=0)] for row in table]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(table)
    target.write_bytes(buffer.getvalue().encode(encoding))
    return target


# -- the large webinar attendee report ---------------------------------------------------------


def test_large_attendee_report_gives_693_registrations_and_343_attendees(event_db, zoom_large):
    result = import_zoom(event_db, zoom_large.path)

    assert result.status == "imported"
    assert result.source == "zoom-webinar"
    assert result.source_confidence >= 0.9
    assert figures(event_db) == (693, 91, 343, 50)
    assert headline(event_db)["attendance_rate"] == 49.5
    assert headline(event_db)["attendee_minutes_median"] == zoom_large.attendee_minutes_median


def test_large_report_counts_each_country_from_the_country_question(event_db, zoom_large):
    import_zoom(event_db, zoom_large.path)

    assert country_counts(event_db, "registrants") == by_iso3(zoom_large.registration_countries)
    assert country_counts(event_db, "attendees") == by_iso3(zoom_large.attendee_countries)
    # Zoom's IP-derived country (a VPN in Switzerland) and the denied registrants (Iceland)
    # count nowhere.
    all_counted = set(country_counts(event_db, "registrants")) | set(
        country_counts(event_db, "attendees")
    )
    assert {"CHE", "ISL"}.isdisjoint(all_counted)


def test_large_report_leaves_out_hosts_panelists_and_extra_join_rows_and_says_so(
    event_db, zoom_large
):
    result = import_zoom(event_db, zoom_large.path)

    registrations = report_of(result, "registrations")
    assert registrations.rows_imported == 693
    assert registrations.excluded == {
        "hosts, not participants": 3,
        "panelists, not participants": 6,
        "further join rows of the same registrant": 289,
        "denied or cancelled registrations": 3,
    }
    attendance = report_of(result, "attendance")
    assert attendance.rows_imported == zoom_large.attendee_join_rows == 631
    assert attendance.excluded == {
        "hosts, not participants": 3,
        "panelists, not participants": 6,
        "registrants who did not attend": 352,
        "hosts or panelists also listed as attendees": 2,
    }
    # Every data row of the three sections is accounted for, once per kind.
    rows_in_file = zoom_large.host_rows + zoom_large.panelist_rows + zoom_large.attendee_rows
    for report in (registrations, attendance):
        assert report.rows_read == rows_in_file == 994
        assert report.rows_imported + sum(report.excluded.values()) == report.rows_read
    assert "registrations: imported 693 rows, left out 3 (hosts, not participants)" in (
        result.message
    )


def test_large_report_files_registrants_under_their_sectors(event_db, zoom_large):
    import_zoom(event_db, zoom_large.path)

    frame = query(event_db, "participants_by_sector", event_id=EVENT)
    registrants = frame[frame["stage"] == "registrants"]
    assert dict(zip(registrants["sector"], registrants["count"], strict=True)) == dict(
        zoom_large.registrant_sectors
    )


def test_large_report_attendees_minutes_are_their_joins_summed(event_db, zoom_large):
    import_zoom(event_db, zoom_large.path)

    minutes = sorted(m for _, m, _ in attendees(event_db))
    assert minutes == sorted(float(m) for m in zoom_large.attendee_minutes.values())
    joins = rows(event_db, "select sum(joins), max(joins) from event_attendees")[0]
    assert joins == (631, 5)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1252"])
def test_large_report_in_another_encoding_gives_the_same_numbers(event_db, tmp_path, encoding):
    report = write_zoom_large(tmp_path / f"attendee_report_{encoding}.csv", encoding=encoding)

    result = import_zoom(event_db, report.path)

    assert result.source == "zoom-webinar"
    assert figures(event_db) == (693, 91, 343, 50)
    assert headline(event_db)["attendee_minutes_median"] == report.attendee_minutes_median
    names = rows(event_db, "select count(*) from contacts where first_name in ('José', 'Zoë')")
    assert names[0][0] > 0


def test_a_dry_run_of_the_large_report_says_what_it_would_import_and_writes_nothing(
    event_db, zoom_large
):
    result = import_zoom(event_db, zoom_large.path, dry_run=True)

    assert result.status == "dry-run"
    assert "registrations: would import 693 rows" in result.message
    assert "attendance: would import 631 rows" in result.message
    assert [report.people for report in result.kinds] == [693, 343]
    assert [report.countries for report in result.kinds] == [91, 0]
    assert figures(event_db) == (0, 0, 0, 0)


def test_cli_imports_the_large_report_and_summary_gives_its_figures(tmp_path, zoom_large, capsys):
    database = str(tmp_path / "cli.duckdb")
    assert main(["event", "add", EVENT, "--title", "Forum 2022", "--start", "2022-09-06",
                 "--format", "virtual", "--db", database]) == 0  # fmt: skip
    capsys.readouterr()

    assert main(["import", str(zoom_large.path), "--event", EVENT, "--db", database]) == 0

    printed = capsys.readouterr().out
    assert "Source: zoom-webinar" in printed
    assert "registrations: imported 693 rows" in printed
    assert "attendance: imported 631 rows" in printed
    assert "left out 352 (registrants who did not attend)" in printed
    assert main(["summary", EVENT, "--json", "--db", database]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (
        summary["registrations"],
        summary["registration_countries"],
        summary["attendees"],
        summary["attendee_countries"],
    ) == (693, 91, 343, 50)


# -- the small attendee reports ----------------------------------------------------------------


def test_attendee_report_counts_people_not_rows(event_db):
    result = import_zoom(event_db, WEBINAR)

    # Registrations: Amina, José, Linh (never came), Speaker Two (a panelist who registered),
    # Chloé (pending approval); not Oumar (denied), not the host or the moderator.
    assert figures(event_db) == (5, 5, 2, 2)
    assert report_of(result, "registrations").excluded == {
        "hosts, not participants": 1,
        "panelists, not participants": 2,
        "further join rows of the same registrant": 2,
        "denied or cancelled registrations": 1,
    }
    # Amina's three joins (one typed in capitals) are one attendee of 30 + 20 + 15 minutes.
    assert attendees(event_db) == [(1, 90.0, "MEX"), (3, 65.0, "KEN")]
    assert headline(event_db)["attendee_minutes_median"] == 77.5


def test_attendee_report_rows_keep_their_line_and_iso_dates(event_db):
    import_zoom(event_db, WEBINAR)

    registered = rows(
        event_db,
        "select source_row, strftime(registered_at, '%Y-%m-%d %H:%M:%S'), country_raw, sector "
        "from registrations order by source_row",
    )
    assert registered == [
        (14, "2025-03-10 09:12:44", "Kenya", "National Government"),
        (17, "2025-03-12 17:40:05", "Mexico", "Academic Institutions"),
        (18, "2025-03-14 02:03:04", "Viet Nam", "Local or Regional Government"),
        (19, "2025-03-11 08:00:00", "Ghana", "Academic Institutions"),
        (21, "2025-03-20 23:59:59", "France", "Civil Society Organizations"),
    ]
    joins = rows(
        event_db,
        "select source_row, strftime(join_time, '%Y-%m-%d %H:%M:%S'), "
        "strftime(leave_time, '%H:%M:%S'), minutes from attendance order by source_row",
    )
    assert joins == [
        (14, "2025-03-22 19:13:27", "19:43:27", 30.0),
        (15, "2025-03-22 19:50:00", "20:10:00", 20.0),
        (16, "2025-03-22 20:15:00", "20:30:00", 15.0),
        (17, "2025-03-22 19:01:00", "20:31:00", 90.0),
    ]


def test_custom_country_question_wins_over_zoom_ip_country(event_db):
    import_zoom(event_db, WEBINAR)

    # Amina answered Kenya; Zoom saw her connect from Switzerland.
    assert country_counts(event_db, "attendees") == {"KEN": 1, "MEX": 1}


def test_2020_report_without_original_name_phone_or_is_guest(event_db):
    result = import_zoom(event_db, WEBINAR_2020)

    assert result.source == "zoom-webinar"
    # Registrations: Ravi, Fatou, Ngozi (never came); Mei cancelled. Attendees: Ravi, Fatou and
    # a walk-in listed under Other Attended (an attendee, not a registration, country unknown).
    assert figures(event_db) == (3, 2, 3, 2)
    assert attendees(event_db) == [(2, 65.0, "IND"), (1, 60.0, "SEN"), (1, 30.0, None)]
    assert report_of(result, "attendance").excluded == {
        "hosts, not participants": 1,
        "panelists, not participants": 1,
        "registrants who did not attend": 2,
        "no e-mail: cannot be matched to a registration": 1,
    }
    assert report_of(result, "registrations").excluded == {
        "hosts, not participants": 1,
        "panelists, not participants": 1,
        "further join rows of the same registrant": 1,
        "denied or cancelled registrations": 1,
        "joined without registering, listed under Other Attended": 1,
        "no e-mail: cannot be matched to a registration": 1,
    }
    # With no country question, Zoom's Country/Region Name is the registrant's country.
    assert report_of(result, "registrations").column_map["Country/Region Name"] == "country"


def test_12_hour_zoom_dates_are_read(event_db):
    import_zoom(event_db, WEBINAR_2020)

    first_join = rows(
        event_db,
        "select strftime(join_time, '%Y-%m-%d %H:%M:%S'), strftime(leave_time, '%H:%M:%S') "
        "from attendance where source_row = 13",
    )
    assert first_join == [("2025-03-22 19:13:27", "19:58:27")]
    registered = rows(
        event_db, "select strftime(min(registered_at), '%Y-%m-%d %H:%M') from registrations"
    )
    assert registered == [("2025-03-01 10:15",)]


@pytest.mark.parametrize(
    ("name", "delimiter", "encoding", "pad"),
    [
        ("utf16-tab.csv", "\t", "utf-16", True),
        ("bom.csv", ",", "utf-8-sig", True),
        ("excel-semicolon.csv", ";", "cp1252", True),
        ("unpadded-semicolon.csv", ";", "utf-8", False),
        ("unpadded.csv", ",", "utf-8", False),
    ],
)
def test_attendee_report_variants_give_the_same_numbers(
    event_db, tmp_path, name, delimiter, encoding, pad
):
    path = rewrite(WEBINAR, tmp_path / name, delimiter=delimiter, encoding=encoding, pad=pad)

    result = import_zoom(event_db, path)

    assert result.source == "zoom-webinar"
    assert figures(event_db) == (5, 5, 2, 2)
    assert attendees(event_db) == [(1, 90.0, "MEX"), (3, 65.0, "KEN")]
    assert rows(event_db, "select first_name from contacts where first_name like 'Chlo%'") == [
        ("Chloé",)
    ]


def test_attendee_report_saved_as_xlsx_gives_the_same_numbers(event_db, tmp_path):
    workbook = Workbook()
    for row in csv.reader(io.StringIO(WEBINAR.read_text(encoding="utf-8"))):
        workbook.active.append([cell or None for cell in row])
    workbook.save(tmp_path / "attendee_report.xlsx")

    result = import_zoom(event_db, tmp_path / "attendee_report.xlsx")

    assert result.source == "zoom-webinar"
    assert figures(event_db) == (5, 5, 2, 2)


def test_attendance_only_from_an_attendee_report_when_registrations_came_first(event_db):
    import_zoom(event_db, REGISTRATION)

    with pytest.raises(FileRefused, match="already has registrations"):
        import_zoom(event_db, WEBINAR)
    result = import_zoom(event_db, WEBINAR, kind="attendance")

    assert [report.kind for report in result.kinds] == ["attendance"]
    # Registrations from the registration report; attendees Amina and José take their
    # countries from it (Ethiopia, Mexico).
    assert figures(event_db) == (4, 4, 2, 2)
    assert country_counts(event_db, "attendees") == {"ETH": 1, "MEX": 1}


def test_attendee_report_is_not_a_survey(event_db):
    with pytest.raises(FileRefused, match="holds registrations and attendance, not survey"):
        import_zoom(event_db, WEBINAR, kind="survey")
    assert figures(event_db) == (0, 0, 0, 0)


def test_a_bad_row_is_named_by_its_line_and_nothing_is_imported(event_db, tmp_path):
    text = WEBINAR.read_text(encoding="utf-8").replace(
        "jose.garcia@example.org", "jose.garcia(at)example.org"
    )
    path = tmp_path / "attendee_report.csv"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(FileRefused) as refused:
        import_zoom(event_db, path)

    assert (
        "attendee_report.csv: row 17, column 'Email': 'jose.garcia(at)example.org' is not an "
        "e-mail address" in str(refused.value)
    )
    assert figures(event_db) == (0, 0, 0, 0)


# Issue 10: one odd value never refuses a whole file.
def test_an_attended_value_that_is_neither_yes_nor_no_counts_no_join(event_db, tmp_path):
    lines = WEBINAR.read_text(encoding="utf-8").split("\n")
    lines[16] = lines[16].replace("Yes,", "Maybe,", 1)  # line 17: José
    path = tmp_path / "attendee_report.csv"
    path.write_text("\n".join(lines), encoding="utf-8")

    result = import_zoom(event_db, path)
    # José's registration stands; his join is not counted: one attendee fewer.
    assert not result.problems
    assert figures(event_db) == (5, 5, 1, 1)


def test_a_sector_question_zoom_cannot_guess_is_named_with_a_column_override(event_db, tmp_path):
    text = WEBINAR.read_text(encoding="utf-8").replace(
        "Type of organization", "What best describes where you work?"
    )
    path = tmp_path / "attendee_report.csv"
    path.write_text(text, encoding="utf-8")

    result = import_zoom(
        event_db,
        path,
        column_overrides={"What best describes where you work?": "sector"},
    )

    assert (
        report_of(result, "registrations").column_map["What best describes where you work?"]
        == "sector"
    )
    sectors = rows(event_db, "select count(*) from registrations where sector is not null")
    assert sectors == [(5,)]


# -- the registration and meeting reports ------------------------------------------------------


def test_registration_report_counts_approved_and_pending_registrants(event_db):
    result = import_zoom(event_db, REGISTRATION)

    assert result.source == "zoom-registration"
    registrations = report_of(result, "registrations")
    assert registrations.rows_read == 6
    assert registrations.rows_imported == 4
    assert registrations.excluded == {"denied or cancelled registrations": 2}
    assert figures(event_db) == (4, 4, 0, 0)
    assert rows(event_db, "select sector_raw, sector from registrations order by source_row") == [
        ("National Government", "National Government"),
        ("Academia", "Academic Institutions"),
        ("Municipality", "Local or Regional Government"),
        ("NGO", "Civil Society Organizations"),
    ]
    assert registrations.column_map["Country/Region"] == "country"
    assert "Job Title" not in registrations.column_map


def test_meeting_report_leaves_out_the_host_and_rows_without_an_email(event_db):
    result = import_zoom(event_db, MEETING)

    assert result.source == "zoom-meeting"
    attendance = report_of(result, "attendance")
    assert attendance.rows_imported == 3
    assert attendance.excluded == {
        "the meeting host, not a participant": 1,
        "attendees without an e-mail address (guests): counted apart": 2,
    }
    # Sione joined twice, once from an iPad with his address capitalised: one attendee.
    assert attendees(event_db) == [(2, 87.0, None), (1, 80.0, None)]
    first_join = rows(
        event_db, "select strftime(min(join_time), '%Y-%m-%d %H:%M:%S') from attendance"
    )
    assert first_join == [("2021-01-21 20:58:30",)]


def test_meeting_report_in_utf16_with_tabs_gives_the_same_attendees(event_db, tmp_path):
    path = rewrite(MEETING, tmp_path / "participants.csv", delimiter="\t", encoding="utf-16")

    result = import_zoom(event_db, path)

    assert result.source == "zoom-meeting"
    assert attendees(event_db) == [(2, 87.0, None), (1, 80.0, None)]


# -- detection and dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "source", "kind"),
    [
        (WEBINAR, "zoom-webinar", None),
        (WEBINAR_2020, "zoom-webinar", None),
        (REGISTRATION, "zoom-registration", "registrations"),
        (MEETING, "zoom-meeting", "attendance"),
    ],
)
def test_detection_picks_the_zoom_reader_surely(path, source, kind):
    sample = FileSample.read(path, path.name)

    reader, confidence, detected_kind = detect_reader(sample)

    assert (reader.source, detected_kind) == (source, kind)
    assert confidence >= 0.9
    assert GenericReader().detect(sample)[0] == 0.1


def test_zoom_readers_do_not_claim_a_generic_file():
    path = Path(__file__).parents[1] / "data" / "demo" / "krila-2022" / "registrations.csv"

    reader, confidence, kind = detect_reader(FileSample.read(path, path.name))

    assert (reader.source, confidence, kind) == ("generic", 0.1, "registrations")


def test_zoom_date_styles_become_iso():
    dates = DateColumn(["Mar 22, 2025 19:13:27", "03/22/2025 07:13:27 PM"])

    assert dates.iso("Mar 22, 2025 19:13:27") == "2025-03-22 19:13:27"
    assert dates.iso("03/22/2025 07:13:27 PM") == "2025-03-22 19:13:27"
    assert dates.iso("Mar 22, 2025 7:13 PM") == "2025-03-22 19:13:00"
    assert dates.iso("not a date") == "not a date"  # left for the importer to name
    assert DateColumn(["22/03/2025 19:13:27"]).iso("05/03/2025 10:00:00") == "2025-03-05 10:00:00"
    assert DateColumn(["03/05/2025 10:00:00"]).iso("03/05/2025 10:00:00") == "2025-03-05 10:00:00"


def test_a_row_wider_than_its_section_header_is_refused_with_its_line(event_db, tmp_path):
    lines = WEBINAR.read_text(encoding="utf-8").split("\n")
    lines[16] += ",shifted"  # line 17: José's row has one cell too many
    path = tmp_path / "attendee_report.csv"
    path.write_text("\n".join(lines), encoding="utf-8")

    with pytest.raises(FileRefused, match=r"line 17: has 17 values but the header of its table"):
        import_zoom(event_db, path)

    import_zoom(event_db, path, skip_bad_rows=True)
    assert figures(event_db) == (4, 4, 1, 1)
