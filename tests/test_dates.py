"""The one date rule (surveydash.dates): a column is read under one convention, decided from
all its values, whatever reader or importer path reads it."""

from __future__ import annotations

from surveydash.analytics import query, records
from surveydash.dates import DAY_FIRST, MONTH_FIRST, DateColumn, clean_date_text, iso_column
from surveydash.importer import ImportOptions, import_file
from tests.conftest import write_csv


def test_a_column_with_one_day_first_date_is_read_day_first_throughout():
    column = DateColumn(["03/04/2022", "13/02/2022", "not a date"])
    assert column.convention == DAY_FIRST
    assert column.iso("03/04/2022") == "2022-04-03 00:00:00"
    assert column.iso("13/02/2022") == "2022-02-13 00:00:00"
    assert column.iso("not a date") == "not a date"


def test_ambiguous_dates_follow_the_tools_habit():
    assert DateColumn(["03/04/2022"]).convention == MONTH_FIRST
    assert DateColumn(["03/04/2022"], prefer_day_first=True).convention == DAY_FIRST
    assert iso_column(["03/04/2022", "02/14/2022"]) == [
        "2022-03-04 00:00:00",
        "2022-02-14 00:00:00",
    ]


def test_weekdays_and_time_zones_are_dropped_the_time_kept_as_written():
    assert clean_date_text("Tue, May 5, 2026 2:40 PM CDT") == "May 5, 2026 2:40 PM"
    assert iso_column(["Tue, May 5, 2026 2:40 PM CDT"]) == ["2026-05-05 14:40:00"]
    assert iso_column(["2022/03/10 1:19:08 PM GMT+9"]) == ["2022-03-10 13:19:08"]
    assert iso_column(["2022-09-06T11:35:12.000+02:00"]) == ["2022-09-06 11:35:12"]
    assert iso_column(["10/3/2022 2:05:01 p. m."]) == ["2022-10-03 14:05:01"]
    # A dash-separated date is no time-zone offset.
    assert iso_column(["13-04-2022"]) == ["2022-04-13 00:00:00"]


ZOOM_REGISTRATIONS = """Registration Report
Report Generated:,"Sep 1, 2022 4:15 PM"
Topic,Webinar ID,Scheduled Time,# Registered
"Forum 2022",847 5984 1045,"Sep 6, 2022 7:45 AM", 3

First Name,Last Name,Email,Registration Time,Approval Status
Ana,One,ana.one@example.org,03/04/2022 10:00,approved
Ben,Two,ben.two@example.org,13/02/2022 11:00,approved
Cy,Three,cy.three@example.org,the day before,approved
"""


def test_zoom_registration_dates_are_read_under_one_convention(event_db, tmp_path):
    path = write_csv(tmp_path / "registration_report.csv", ZOOM_REGISTRATIONS)
    result = import_file(event_db, path, "forum-2022", ImportOptions(skip_bad_rows=True))
    assert result.kinds[0].rows_imported == 2
    assert [p.row for p in result.problems] == [9]
    stored = (
        event_db.cursor()
        .execute(
            "select strftime(registered_at, '%Y-%m-%d') from registrations order by source_row"
        )
        .fetchall()
    )
    assert stored == [("2022-04-03",), ("2022-02-13",)]
    assert (
        records(query(event_db, "event_headline", event_id="forum-2022"))[0]["registrations"] == 2
    )


def test_generic_import_reads_a_slashed_column_under_one_convention(event_db, tmp_path):
    path = write_csv(
        tmp_path / "registrations.csv",
        "email,registered_at\na@example.org,03/04/2022\nb@example.org,13/02/2022\n"
        "c@example.org,2022-05-01\n",
    )
    import_file(event_db, path, "forum-2022", ImportOptions(kind="registrations"))
    stored = (
        event_db.cursor()
        .execute(
            "select strftime(registered_at, '%Y-%m-%d') from registrations order by source_row"
        )
        .fetchall()
    )
    assert stored == [("2022-04-03",), ("2022-02-13",), ("2022-05-01",)]


def test_dotted_dates_are_day_first_whatever_their_numbers():
    # German and other European locales write 07.02.2025: no tool writes a dotted date
    # month-first, so even a column of dates that could be read both ways is day-first.
    column = DateColumn(["07.02.2025 00:13:31", "08.02.2025 10:00:00"])
    assert column.convention == DAY_FIRST
    assert column.iso("07.02.2025 00:13:31") == "2025-02-07 00:13:31"
    # An Italian-locale Sheet writes the time with dots.
    assert iso_column(["08/07/2026 13.49.22"], prefer_day_first=True) == ["2026-07-08 13:49:22"]


def test_generic_import_reads_a_dotted_column_day_first(event_db, tmp_path):
    path = write_csv(
        tmp_path / "registrations.csv",
        "email,registered_at\na@example.org,07.02.2025 00:13:31\nb@example.org,08.03.2025\n",
    )
    import_file(event_db, path, "forum-2022", ImportOptions(kind="registrations"))
    stored = (
        event_db.cursor()
        .execute("select strftime(registered_at, '%Y-%m-%d %H:%M') from registrations order by 1")
        .fetchall()
    )
    assert stored == [("2025-02-07 00:13",), ("2025-03-08 00:00",)]


def test_excel_day_month_name_dates_of_a_resaved_export_are_read():
    # Excel's "d-mmm-yy" and "d-mmm-yyyy" cell formats, kept when an export is saved again.
    assert iso_column(["22-Mar-2025 19:13", "23-Mar-25 08:02", "1-Apr-25"]) == [
        "2025-03-22 19:13:00",
        "2025-03-23 08:02:00",
        "2025-04-01 00:00:00",
    ]
