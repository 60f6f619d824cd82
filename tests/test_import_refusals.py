"""Bad input is refused with a message naming the file, row and column, and changes nothing;
with `skip_bad_rows` the good rows go in and the bad ones are listed for the user to mend."""

from __future__ import annotations

import csv
import zipfile

import pytest

from surveydash.importer import ImportOptions, UnknownEvent, import_file
from surveydash.tabular import FileRefused
from tests.conftest import base_tables, write_csv

EVENT = "forum-2022"


def table_counts(db) -> dict[str, int]:
    """The number of rows of every table of the database, by name."""
    cursor = db.cursor()
    try:
        return {
            table: cursor.execute(f'select count(*) from "{table}"').fetchall()[0][0]
            for table in base_tables(cursor)
        }
    finally:
        cursor.close()


@pytest.fixture
def imported_db(event_db, tmp_path):
    """forum-2022 with registrations already imported, so that 'unchanged' means something."""
    path = write_csv(
        tmp_path / "earlier.csv", "email,country\nann@example.org,Kenya\nbob@example.org,Fiji\n"
    )
    import_file(event_db, path, EVENT, ImportOptions(kind="registrations"))
    return event_db


def refusal(db, path, event_id: str = EVENT, **options) -> str:
    """Import a file that must be refused; returns the message after checking that no table
    changed and the data version did not move."""
    before, version = table_counts(db), db.data_version
    with pytest.raises(FileRefused) as refused:
        import_file(db, path, event_id, ImportOptions(**options))
    assert table_counts(db) == before
    assert db.data_version == version
    message = str(refused.value)
    assert message == refused.value.describe()
    for line in message.splitlines():
        assert line.startswith(f"{path.name}: "), "every line of the message names the file"
    return message


# -- files that are no table -------------------------------------------------------------------


def test_import_refuses_an_empty_file(imported_db, tmp_path):
    path = tmp_path / "attendance.csv"
    path.write_bytes(b"")
    assert refusal(imported_db, path) == "attendance.csv: the file is empty"


def test_import_refuses_a_file_of_blank_lines(imported_db, tmp_path):
    path = write_csv(tmp_path / "attendance.csv", "\n\n \n")
    assert refusal(imported_db, path) == "attendance.csv: the file is empty (only blank lines)"


def test_import_refuses_a_header_without_rows(imported_db, tmp_path):
    path = write_csv(tmp_path / "attendance.csv", "email,minutes\n")
    assert refusal(imported_db, path, kind="attendance") == (
        "attendance.csv: has a header row but no data rows"
    )


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
def test_import_refuses_a_file_over_the_row_limit_and_takes_one_at_it(
    imported_db, tmp_path, monkeypatch, line_end
):
    from surveydash import settings

    monkeypatch.setattr(settings, "MAX_ROWS", 3)
    rows = [f"p{n}@example.org,Kenya" for n in range(1, 6)]
    over = tmp_path / "registrations.csv"
    over.write_bytes(line_end.join(["email,country", *rows]).encode() + line_end.encode())
    assert refusal(imported_db, over, kind="registrations", append=True) == (
        "registrations.csv: has more than 3 rows, the most one file may have: split it into "
        "several files"
    )
    at_limit = tmp_path / "at_limit.csv"
    at_limit.write_bytes(line_end.join(["email,country", *rows[:3]]).encode())
    result = import_file(
        imported_db, at_limit, EVENT, ImportOptions(kind="registrations", append=True)
    )
    assert result.kinds[0].rows_imported == 3


@pytest.mark.parametrize(
    ("file_name", "content", "expected"),
    [
        (
            "photo.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
            "is not a text (CSV) or XLSX file: it holds binary data",
        ),
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a PDF document"),
        ("data.bin", bytes(range(256)) * 4, "is not a text (CSV) or XLSX file"),
        (
            "registrations.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "is an old Excel 97-2003 (.xls) workbook: save it as .xlsx or .csv",
        ),
    ],
)
def test_import_refuses_a_file_that_is_neither_csv_nor_xlsx(
    imported_db, tmp_path, file_name, content, expected
):
    path = tmp_path / file_name
    path.write_bytes(content)
    message = refusal(imported_db, path)
    assert message.startswith(f"{file_name}: {expected}")


def test_import_refuses_a_zip_that_is_not_a_workbook(imported_db, tmp_path):
    path = tmp_path / "exports.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("registrations.csv", "email\nann@example.org\n")
    assert refusal(imported_db, path) == (
        "exports.zip: is a ZIP archive, not an XLSX workbook: upload CSV or XLSX"
    )


def test_import_refuses_a_damaged_zip(imported_db, tmp_path):
    path = tmp_path / "registrations.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    assert "cannot be opened" in refusal(imported_db, path)


# -- columns and rows --------------------------------------------------------------------------


def test_import_refuses_a_file_without_the_email_column(imported_db, tmp_path):
    path = write_csv(tmp_path / "attendance.csv", "name,minutes\nAnn,30\n")
    assert refusal(imported_db, path, kind="attendance") == (
        "attendance.csv: is missing the required column 'email' for attendance "
        "(its columns are: name, minutes)"
    )


def test_import_refuses_rows_with_too_many_and_too_few_fields(event_db, tmp_path):
    path = write_csv(
        tmp_path / "registrations.csv",
        "email,country,sector\n"
        "a@example.org,Kenya,NGO\n"
        "b@example.org,Kenya,NGO,surplus\n"
        "c@example.org,Kenya\n"
        "d@example.org,Fiji,NGO\n",
    )
    lines = refusal(event_db, path, kind="registrations").splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("registrations.csv: row 3: has more fields than the header's 3")
    assert lines[1].startswith(
        "registrations.csv: row 4, column 'sector': has fewer fields than the header's 3"
    )


def test_import_refuses_an_unparseable_date(event_db, tmp_path):
    path = write_csv(
        tmp_path / "registrations.csv",
        "email,Registration Time\na@example.org,2022-08-01 10:00\nb@example.org,last Tuesday\n",
    )
    assert refusal(event_db, path, kind="registrations") == (
        "registrations.csv: row 3, column 'Registration Time': 'last Tuesday' is not a date "
        "and time this importer can read (write it like 2022-09-06 14:30:00)"
    )


def test_import_refuses_a_blank_or_malformed_email(event_db, tmp_path):
    path = write_csv(
        tmp_path / "attendance.csv", "Email,minutes\na@example.org,3\n,4\nnot-an-address,5\n"
    )
    assert refusal(event_db, path, kind="attendance").splitlines() == [
        "attendance.csv: row 3, column 'Email': the e-mail is blank",
        "attendance.csv: row 4, column 'Email': 'not-an-address' is not an e-mail address",
    ]


def test_import_refuses_negative_minutes(event_db, tmp_path):
    path = write_csv(tmp_path / "attendance.csv", "email,minutes\na@example.org,-5\n")
    assert refusal(event_db, path, kind="attendance") == (
        "attendance.csv: row 2, column 'minutes': '-5' is not a number of minutes"
    )


# Issue 10 changed these two: a number that does not fit a rating no longer refuses the file
# (the column is then no rating); only a rating the analyst chose refuses it, by row and column.
def test_a_number_outside_the_scale_of_its_labels_makes_the_column_no_rating(event_db, tmp_path):
    path = write_csv(
        tmp_path / "survey.csv",
        "Timestamp,How would you rate the Forum overall?\n"
        "2022-09-06 12:00:00,Excellent\n"
        "2022-09-06 12:01:00,Good\n"
        "2022-09-06 12:02:00,7\n"
        "2022-09-06 12:03:00,Very good\n",
    )
    result = import_file(event_db, path, EVENT, ImportOptions(kind="survey"))
    assert result.kinds[0].rows_imported == 4
    assert result.kinds[0].questions[0]["kind"] != "rating"


def test_import_refuses_a_number_outside_the_scale_of_a_rating_the_analyst_chose(
    event_db, tmp_path
):
    path = write_csv(
        tmp_path / "survey.csv",
        "Timestamp,Overall rating (1-5),What could be improved?\n"
        "2022-09-06 12:00:00,5,More time\n"
        "2022-09-06 12:01:00,7,Less time\n",
    )
    assert refusal(
        event_db, path, kind="survey", question_kinds={"Overall rating (1-5)": "rating"}
    ) == ("survey.csv: row 3, column 'Overall rating (1-5)': rating 7 is outside the scale 1-5")


def test_import_refuses_an_unknown_event(imported_db, tmp_path):
    path = write_csv(tmp_path / "registrations.csv", "email\nann@example.org\n")
    before = table_counts(imported_db)
    with pytest.raises(UnknownEvent) as refused:
        import_file(imported_db, path, "forum-2099")
    assert str(refused.value) == (
        "registrations.csv: unknown event id 'forum-2099': add the event first "
        "(surveydash event add)"
    )
    assert table_counts(imported_db) == before


def test_import_refuses_an_unknown_kind_or_source(imported_db, tmp_path):
    path = write_csv(tmp_path / "registrations.csv", "email\nann@example.org\n")
    assert "unknown kind 'people'" in refusal(imported_db, path, kind="people")
    assert "unknown source 'fax'" in refusal(imported_db, path, source="fax")


def test_a_refused_file_leaves_an_earlier_import_of_the_kind_intact(imported_db, tmp_path):
    path = write_csv(
        tmp_path / "registrations.csv", "email,country\ncy@example.org,Mexico\n,Peru\n"
    )
    refusal(imported_db, path, kind="registrations", replace=True)
    cursor = imported_db.cursor()
    assert cursor.execute("select country_raw from registrations order by 1").fetchall() == [
        ("Fiji",),
        ("Kenya",),
    ]
    assert cursor.execute("select replaced_by from import_log").fetchall() == [(None,)]


def test_every_problem_is_listed_up_to_a_limit(event_db, tmp_path):
    lines = "".join(f"person{n}.example.org,{n}\n" for n in range(15))
    path = write_csv(tmp_path / "attendance.csv", "email,minutes\n" + lines)
    message = refusal(event_db, path, kind="attendance").splitlines()
    assert len(message) == 11
    assert message[0] == (
        "attendance.csv: row 2, column 'email': 'person0.example.org' is not an e-mail address"
    )
    assert message[-1] == "attendance.csv: ... and 5 more problems"


# -- leaving bad rows out ----------------------------------------------------------------------

MIXED_FILE = (
    "email,country,registered_at\n"
    'a@example.org,"Korea,\nRepublic of",2022-08-01\n'  # row 2 spans two lines
    "b@example.org,Kenya,2022-08-01,surplus\n"  # row 3: too many fields
    "c@example.org,Fiji,2022-08-02\n"  # row 4
    "d@example.org,Peru\n"  # row 5: too few fields
    "e@example.org,Chile,someday\n"  # row 6: not a date
    "f@example.org,Mexico,2022-08-03\n"  # row 7
)


def test_row_numbers_stay_right_after_malformed_lines(event_db, tmp_path):
    path = write_csv(tmp_path / "registrations.csv", MIXED_FILE)
    lines = refusal(event_db, path, kind="registrations").splitlines()
    assert [line.split(":")[1].strip() for line in lines] == [
        "row 3",
        "row 5, column 'registered_at'",
        "row 6, column 'registered_at'",
    ]
    assert "'someday' is not a date" in lines[2]


def test_skip_bad_rows_imports_the_good_rows_and_logs_the_rest(event_db, tmp_path):
    path = write_csv(tmp_path / "registrations.csv", MIXED_FILE)
    rejects = tmp_path / "out" / "rejects.csv"
    result = import_file(
        event_db,
        path,
        EVENT,
        ImportOptions(kind="registrations", skip_bad_rows=True, rejects_path=rejects),
    )
    assert result.status == "imported"
    (report,) = result.kinds
    assert (report.rows_read, report.rows_imported, report.rows_rejected) == (6, 3, 3)
    assert (report.people, report.countries) == (3, 3)  # of the rows imported
    assert "left out 3 bad rows" in result.message
    cursor = event_db.cursor()
    assert cursor.execute(
        "select source_row, country_iso3 from registrations order by source_row"
    ).fetchall() == [(2, "KOR"), (4, "FJI"), (7, "MEX")]
    assert cursor.execute(
        "select file_name, rows_read, rows_imported, rows_rejected from import_log"
    ).fetchall() == [("registrations.csv", 6, 3, 3)]
    with open(rejects, encoding="utf-8", newline="") as handle:
        listed = list(csv.DictReader(handle))
    assert [(row["row"], row["column"]) for row in listed] == [
        ("3", ""),
        ("5", "registered_at"),
        ("6", "registered_at"),
    ]
    assert listed[0]["problem"].startswith("has more fields than the header's 3")
    assert listed[2]["problem"].startswith("'someday' is not a date")
    # A row that was read keeps its values, so that the user can mend it.
    assert (listed[2]["email"], listed[2]["country"], listed[2]["registered_at"]) == (
        "e@example.org",
        "Chile",
        "someday",
    )


def test_skip_bad_rows_with_a_bad_rating_leaves_out_the_whole_response(event_db, tmp_path):
    path = write_csv(
        tmp_path / "survey.csv",
        "Timestamp,Overall rating (1-5),What could be improved?\n"
        "2022-09-06 12:00:00,5,More time\n"
        "2022-09-06 12:01:00,7,Less time\n"
        "2022-09-06 12:02:00,4,\n",
    )
    result = import_file(
        event_db,
        path,
        EVENT,
        ImportOptions(
            kind="survey",
            skip_bad_rows=True,
            question_kinds={"Overall rating (1-5)": "rating"},
        ),
    )
    assert result.kinds[0].rows_rejected == 1
    cursor = event_db.cursor()
    assert cursor.execute("select source_row from responses order by 1").fetchall() == [
        (2,),
        (4,),
    ]
    assert cursor.execute(
        "select count(*) from answers where value_text = 'Less time'"
    ).fetchall() == [(0,)]


def test_dry_run_refuses_as_the_real_import_would_when_the_kind_is_already_imported(
    event_db, tmp_path
):
    first = tmp_path / "registrations.csv"
    first.write_text("email,country\na@example.org,Kenya\n", encoding="utf-8")
    import_file(event_db, first, "forum-2022", ImportOptions(kind="registrations"))
    second = tmp_path / "registrations-2.csv"
    second.write_text("email,country\nb@example.org,Peru\n", encoding="utf-8")
    with pytest.raises(FileRefused) as refused:
        import_file(
            event_db, second, "forum-2022", ImportOptions(kind="registrations", dry_run=True)
        )
    assert "already has registrations" in str(refused.value)
    assert "--replace" in str(refused.value)
    preview = import_file(
        event_db,
        second,
        "forum-2022",
        ImportOptions(kind="registrations", dry_run=True, replace=True),
    )
    assert preview.status == "dry-run"
    assert preview.kinds[0].people == 1
