"""Eventbrite's attendee report imports as Eventbrite writes it, US or UK: every ticket not
refunded or cancelled is a registration, a checked-in ticket is also an attendance.

Imports go through `import_file` with no source and no kind, so detection has to pick the
Eventbrite reader. The files in tests/fixtures/eventbrite/ are synthetic (example.org).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from surveydash.analytics import query, records
from surveydash.importer import ImportOptions, import_file
from surveydash.readers import FileSample, detect_reader

EVENT = "forum-2022"
EVENTBRITE = Path(__file__).parent / "fixtures" / "eventbrite"
US = EVENTBRITE / "attendees_us.csv"
UK = EVENTBRITE / "attendees_uk.csv"


def import_eventbrite(db, path: Path, **options):
    return import_file(db, path, EVENT, ImportOptions(**options))


def figures(db) -> tuple:
    """registrations, their countries, attendees, their countries."""
    row = records(query(db, "event_headline", event_id=EVENT))[0]
    return (
        row["registrations"],
        row["registration_countries"],
        row["attendees"],
        row["attendee_countries"],
    )


def report_of(result, kind: str):
    return next(report for report in result.kinds if report.kind == kind)


def rows(db, sql: str) -> list[tuple]:
    cursor = db.cursor()
    try:
        return cursor.execute(sql).fetchall()
    finally:
        cursor.close()


def rewrite(source: Path, target: Path, *, delimiter=",", encoding="utf-8", drop=()) -> Path:
    """The same export with another delimiter or encoding, or without some columns."""
    table = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"))))
    keep = [i for i, header in enumerate(table[0]) if header not in drop]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(
        [row[i] for i in keep] for row in table
    )
    target.write_bytes(buffer.getvalue().encode(encoding))
    return target


def test_us_export_counts_refunded_tickets_out_and_checked_in_as_attended(event_db):
    result = import_eventbrite(event_db, US)

    assert result.source == "eventbrite"
    assert result.source_confidence >= 0.9
    # Kwame (checked in), Ana, Leilani (checked in), Mateus; Bilal was refunded.
    assert figures(event_db) == (4, 4, 2, 2)
    assert report_of(result, "registrations").excluded == {"refunded tickets, not registrations": 1}
    assert report_of(result, "attendance").excluded == {
        "registered but not checked in": 2,
        "refunded tickets, not registrations": 1,
    }
    # Eventbrite records no join times: attendance rows without minutes.
    assert rows(event_db, "select source_row, minutes from attendance order by 1") == [
        (2, None),
        (5, None),
    ]


def test_us_export_reads_address_countries_sectors_and_order_dates(event_db):
    import_eventbrite(event_db, US)

    assert rows(
        event_db,
        "select source_row, strftime(registered_at, '%Y-%m-%d %H:%M:%S'), country_iso3, "
        "sector, organization from registrations order by source_row",
    ) == [
        (2, "2022-08-15 10:23:45", "GHA", "National Government", "Ministry of Planning"),
        (3, "2022-08-16 09:00:00", "MOZ", "Academic Institutions", "Eduardo Mondlane University"),
        (5, "2022-08-18 16:45:10", "TON", "Civil Society Organizations", "Tonga Youth Network"),
        (6, "2022-08-18 16:45:10", "TLS", "Civil Society Organizations", "Tonga Youth Network"),
    ]


def test_uk_export_with_surname_order_no_and_postcode(event_db):
    result = import_eventbrite(event_db, UK)

    assert result.source == "eventbrite"
    # Søren and Tesfaye checked in, Chloé attending; Zoë refunded, Hye-jin cancelled.
    assert figures(event_db) == (3, 3, 2, 2)
    assert report_of(result, "registrations").excluded == {
        "refunded tickets, not registrations": 1,
        "cancelled tickets, not registrations": 1,
    }
    assert report_of(result, "registrations").column_map["Surname"] == "last_name"
    assert rows(event_db, "select last_name from contacts order by last_name") == [
        ("Abebe",),
        ("Dupont",),
        ("Müller",),
    ]


def test_uk_export_prefers_the_country_question_to_the_home_address(event_db):
    import_eventbrite(event_db, UK)

    # Søren lives in London but answered Kenya; Chloé left the question blank (France, from
    # her address).
    assert rows(
        event_db, "select country_raw, country_iso3 from registrations order by source_row"
    ) == [("Kenya", "KEN"), ("FR", "FRA"), ("Ethiopia", "ETH")]


def test_uk_export_dates_are_day_first(event_db):
    import_eventbrite(event_db, UK)

    assert rows(
        event_db,
        "select strftime(registered_at, '%Y-%m-%d %H:%M') from registrations order by source_row",
    ) == [("2022-08-05 10:23",), ("2022-08-06 09:05",), ("2022-08-09 08:15",)]


@pytest.mark.parametrize(
    ("name", "delimiter", "encoding"),
    [
        ("excel-uk.csv", ";", "cp1252"),
        ("utf16.csv", "\t", "utf-16"),
        ("bom.csv", ",", "utf-8-sig"),
    ],
)
def test_export_variants_give_the_same_numbers(event_db, tmp_path, name, delimiter, encoding):
    path = rewrite(UK, tmp_path / name, delimiter=delimiter, encoding=encoding)

    result = import_eventbrite(event_db, path)

    assert result.source == "eventbrite"
    assert figures(event_db) == (3, 3, 2, 2)
    assert rows(event_db, "select first_name from contacts where last_name = 'Müller'") == [
        ("Søren",)
    ]


# Issue 10: one odd value never refuses a whole file; the ticket is left out and counted.
def test_an_unknown_attendee_status_is_left_out_and_counted(event_db, tmp_path):
    path = tmp_path / "attendees.csv"
    path.write_text(US.read_text(encoding="utf-8").replace(",Attending,", ",Waitlisted,", 1))

    result = import_eventbrite(event_db, path)

    registrations = next(r for r in result.kinds if r.kind == "registrations")
    assert registrations.excluded["attendee status 'Waitlisted', not one this reader knows"] == 1
    assert registrations.rows_imported == registrations.rows_read - sum(
        registrations.excluded.values()
    )


def test_a_guest_list_without_a_status_holds_registrations_only(event_db, tmp_path):
    path = rewrite(US, tmp_path / "guests.csv", drop=("Attendee Status",))

    result = import_eventbrite(event_db, path)

    assert [report.kind for report in result.kinds] == ["registrations"]
    assert figures(event_db) == (5, 5, 0, 0)


def test_choosing_attendance_imports_only_the_checked_in(event_db):
    result = import_eventbrite(event_db, US, kind="attendance")

    assert [report.kind for report in result.kinds] == ["attendance"]
    assert figures(event_db) == (0, 0, 2, 0)


@pytest.mark.parametrize("path", [US, UK])
def test_detection_picks_the_eventbrite_reader(path):
    reader, confidence, kind = detect_reader(FileSample.read(path, path.name))

    assert (reader.source, kind) == ("eventbrite", None)
    assert confidence >= 0.9


def test_an_export_with_no_one_checked_in_holds_registrations_only(event_db, tmp_path):
    path = tmp_path / "before_the_event.csv"
    path.write_text(US.read_text(encoding="utf-8").replace(",Checked In,", ",Attending,"))

    result = import_eventbrite(event_db, path)

    assert [report.kind for report in result.kinds] == ["registrations"]
    assert figures(event_db) == (4, 4, 0, 0)
    # The attendance taken at the event can then be imported without --replace.
    assert import_eventbrite(event_db, US, kind="attendance").status == "imported"
    assert figures(event_db) == (4, 4, 2, 2)
