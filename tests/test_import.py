"""Importing files through `import_file`: every normalization rule, every file shape users send.

Each test imports a small synthetic file (addresses on example.org) into a fresh in-memory
database with one event, forum-2022, and checks the rows the database then holds.
"""

from __future__ import annotations

import codecs
import datetime as dt

import pytest
from openpyxl import Workbook

from surveydash.db import Database
from surveydash.events import EventSpec, add_event
from surveydash.importer import ImportOptions, import_file
from surveydash.tabular import FileRefused
from tests.conftest import write_csv

EVENT = "forum-2022"
PERSONAL_DATA_FREE_TABLES = ("registrations", "attendance", "responses")


def rows(db, sql: str, parameters: list | None = None) -> list[tuple]:
    cursor = db.cursor()
    try:
        return cursor.execute(sql, parameters or []).fetchall()
    finally:
        cursor.close()


def count(db, table: str) -> int:
    return rows(db, f"select count(*) from {table}")[0][0]


def import_registrations(db, path, **options):
    return import_file(db, path, EVENT, ImportOptions(kind="registrations", **options))


def countries_of(db) -> list[tuple]:
    return rows(
        db,
        "select country_raw, country_iso3, country_method from registrations order by source_row",
    )


# -- countries ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("iso3", "variants"),
    [
        ("KOR", ["Korea, Republic of", "South Korea", "Republic of Korea", "KOR", "KR"]),
        ("KOR", ["République de Corée", "República de Corea", "Corée du Sud", "Corea del Sur"]),
        ("GBR", ["UK", "United Kingdom", "U.K.", "GBR", "Royaume-Uni", "Reino Unido"]),
        ("USA", ["USA", "United States", "U.S.", "US", "États-Unis", "Estados Unidos"]),
        ("TUR", ["Türkiye", "Turkey", "TURKIYE", "Turquie", "Turquía", "TR"]),
        ("CIV", ["Côte d’Ivoire", "Cote d'Ivoire", "Ivory Coast", "Costa de Marfil"]),
        ("DEU", ["Germany", "Allemagne", "Alemania", "deu"]),
    ],
)
def test_import_maps_country_variants_to_one_iso3(event_db, tmp_path, iso3, variants):
    lines = [f'p{n}@example.org,"{variant}"' for n, variant in enumerate(variants)]
    path = write_csv(tmp_path / "registrations.csv", "email,country\n" + "\n".join(lines) + "\n")
    result = import_registrations(event_db, path)
    assert [row[:2] for row in countries_of(event_db)] == [(variant, iso3) for variant in variants]
    assert result.kinds[0].countries == 1
    assert result.kinds[0].unrecognized_countries == {}


def test_import_keeps_an_unrecognized_country_as_written(event_db, tmp_path):
    path = write_csv(
        tmp_path / "registrations.csv",
        "email,country\na@example.org,Atlantis\nb@example.org,Atlantis\nc@example.org,Kenya\n",
    )
    result = import_registrations(event_db, path)
    assert countries_of(event_db) == [
        ("Atlantis", None, "unrecognized"),
        ("Atlantis", None, "unrecognized"),
        ("Kenya", "KEN", "name"),
    ]
    assert result.kinds[0].unrecognized_countries == {"Atlantis": 2}


def test_import_records_a_fuzzy_country_match_with_its_score(event_db, tmp_path):
    path = write_csv(tmp_path / "registrations.csv", "email,country\na@example.org,Philipines\n")
    result = import_registrations(event_db, path)
    ((raw, iso3, method, score),) = rows(
        event_db,
        "select country_raw, country_iso3, country_method, country_score from registrations",
    )
    assert (raw, iso3, method) == ("Philipines", "PHL", "fuzzy")
    assert 90 <= score < 100
    assert result.kinds[0].fuzzy_countries == {"Philipines": f"PHL (score {score:.0f})"}


def test_import_treats_blank_country_markers_as_not_stated(event_db, tmp_path):
    path = write_csv(tmp_path / "registrations.csv", "email,country\na@example.org,N/A\n")
    import_registrations(event_db, path)
    assert countries_of(event_db) == [("N/A", None, "blank")]


# -- sectors -----------------------------------------------------------------------------------


def test_import_maps_sector_variants_to_categories(event_db, tmp_path):
    path = write_csv(
        tmp_path / "registrations.csv",
        "email,Type of organisation\n"
        "a@example.org,Ministry of Finance\n"
        "b@example.org,Gouvernement national\n"
        "c@example.org,University of Nairobi\n"
        "d@example.org,NGO\n"
        "e@example.org,City council\n"
        "f@example.org,UNDP\n"
        "g@example.org,academic institutions\n",
    )
    import_registrations(event_db, path)
    assert rows(event_db, "select sector_raw, sector from registrations order by source_row") == [
        ("Ministry of Finance", "National Government"),
        ("Gouvernement national", "National Government"),
        ("University of Nairobi", "Academic Institutions"),
        ("NGO", "Civil Society Organizations"),
        ("City council", "Local or Regional Government"),
        ("UNDP", "International Organizations"),
        ("academic institutions", "Academic Institutions"),
    ]


def test_import_counts_an_unmapped_sector_as_other_and_keeps_it(event_db, tmp_path):
    path = write_csv(
        tmp_path / "registrations.csv",
        "email,sector\na@example.org,Freelance\nb@example.org,Freelance\n",
    )
    result = import_registrations(event_db, path)
    assert rows(event_db, "select sector_raw, sector, sector_method from registrations") == [
        ("Freelance", "Other", "unmapped"),
        ("Freelance", "Other", "unmapped"),
    ]
    assert result.kinds[0].unmapped_sectors == {"Freelance": 2}


# -- ratings -----------------------------------------------------------------------------------


def test_import_reads_rating_labels_as_numbers_and_keeps_the_labels(event_db, tmp_path):
    path = write_csv(
        tmp_path / "survey.csv",
        "Timestamp,How would you rate the Forum overall?,How useful was the Forum (1-5)?\n"
        "2022-09-06 12:00:00,5 - Excellent,4\n"
        "2022-09-06 12:05:00,Very good,5\n"
        "2022-09-06 12:10:00,Good (3),\n"
        "2022-09-06 12:15:00,poor,2\n",
    )
    result = import_file(event_db, path, EVENT, ImportOptions(kind="survey"))
    overall, useful = result.kinds[0].questions
    assert (overall["kind"], overall["scale_min"], overall["scale_max"]) == ("rating", 1, 5)
    assert overall["labels"] == {
        "5": "Excellent",
        "4": "Very good",
        "3": "Good",
        "2": "Fair",
        "1": "Poor",
    }
    assert overall["indicator"] == "overall_rating"
    assert (useful["kind"], useful["scale_min"], useful["scale_max"]) == ("rating", 1, 5)
    assert rows(
        event_db,
        "select response_id, question_id, value_num, value_text from answers "
        "order by question_id, response_id",
    ) == [
        (1, "q01", 5.0, "Excellent"),
        (2, "q01", 4.0, "Very good"),
        (3, "q01", 3.0, "Good"),
        (4, "q01", 1.0, "Poor"),
        (1, "q02", 4.0, None),
        (2, "q02", 5.0, None),
        (4, "q02", 2.0, None),
    ]


def test_import_reads_yes_no_and_choice_answers(event_db, tmp_path):
    path = write_csv(
        tmp_path / "survey.csv",
        "Timestamp,Did you experience any technical difficulties?,Which days did you attend?\n"
        "2022-09-06 12:00:00,Yes,Day 1;Day 2\n"
        "2022-09-06 12:05:00,no,Day 1\n"
        "2022-09-06 12:10:00,No,Day 2;Day 1\n",
    )
    result = import_file(event_db, path, EVENT, ImportOptions(kind="survey"))
    assert [question["kind"] for question in result.kinds[0].questions] == [
        "yes_no",
        "multiple_choice",
    ]
    assert rows(
        event_db,
        "select response_id, question_id, value_num, value_text from answers "
        "order by question_id, response_id, value_text",
    ) == [
        (1, "q01", 1.0, "Yes"),
        (2, "q01", 0.0, "No"),
        (3, "q01", 0.0, "No"),
        (1, "q02", None, "Day 1"),
        (1, "q02", None, "Day 2"),
        (2, "q02", None, "Day 1"),
        (3, "q02", None, "Day 1"),
        (3, "q02", None, "Day 2"),
    ]


# -- duplicates and re-imports -----------------------------------------------------------------

REGISTRATIONS = (
    "email,country\n"
    "ann@example.org,Kenya\n"
    "bob@example.org,France\n"
    "ANN@example.org ,Kenya\n"  # Ann registered twice
)


def headline(db) -> tuple:
    cursor = db.cursor()
    try:
        return cursor.execute(
            "select count(*), count(distinct country_iso3) from event_registrants "
            "where event_id = ?",
            [EVENT],
        ).fetchall()[0]
    finally:
        cursor.close()


def test_a_person_registered_twice_counts_once(event_db, tmp_path):
    result = import_registrations(event_db, write_csv(tmp_path / "r.csv", REGISTRATIONS))
    assert count(event_db, "registrations") == 3
    assert headline(event_db) == (2, 2)
    assert result.kinds[0].people == 2
    assert count(event_db, "contacts") == 2


def test_importing_the_same_file_again_changes_nothing(event_db, tmp_path):
    path = write_csv(tmp_path / "r.csv", REGISTRATIONS)
    import_registrations(event_db, path)
    before = rows(event_db, "select * from registrations order by source_row")
    version = event_db.data_version
    again = import_registrations(event_db, path)
    assert again.status == "unchanged"
    assert "already imported" in again.message and "r.csv" in again.message
    assert rows(event_db, "select * from registrations order by source_row") == before
    assert count(event_db, "import_log") == 1
    assert event_db.data_version == version


def test_a_second_file_of_the_same_kind_is_refused_without_replace(event_db, tmp_path):
    import_registrations(event_db, write_csv(tmp_path / "first.csv", REGISTRATIONS))
    second = write_csv(tmp_path / "second.csv", "email,country\ncy@example.org,Mexico\n")
    with pytest.raises(FileRefused) as refused:
        import_registrations(event_db, second)
    message = str(refused.value)
    assert message.startswith("second.csv: ")
    assert "--replace" in message and "--append" in message
    assert count(event_db, "registrations") == 3
    assert count(event_db, "import_log") == 1


def test_replace_swaps_the_earlier_import_for_the_new_file(event_db, tmp_path):
    first = import_registrations(event_db, write_csv(tmp_path / "first.csv", REGISTRATIONS))
    second = write_csv(tmp_path / "second.csv", "email,country\ncy@example.org,Mexico\n")
    replaced = import_registrations(event_db, second, replace=True)
    assert rows(event_db, "select country_raw from registrations") == [("Mexico",)]
    assert rows(event_db, "select import_id, replaced_by from import_log order by import_id") == [
        (first.kinds[0].import_id, replaced.kinds[0].import_id),
        (replaced.kinds[0].import_id, None),
    ]
    assert headline(event_db) == (1, 1)


def test_append_adds_the_new_rows_to_the_earlier_ones(event_db, tmp_path):
    import_registrations(event_db, write_csv(tmp_path / "first.csv", REGISTRATIONS))
    second = write_csv(
        tmp_path / "second.csv", "email,country\ncy@example.org,Mexico\nann@example.org,Kenya\n"
    )
    import_registrations(event_db, second, append=True)
    assert count(event_db, "registrations") == 5
    assert headline(event_db) == (3, 3)  # Ann, Bob and Cy
    assert rows(event_db, "select count(*) from import_log where replaced_by is null") == [(2,)]


# -- personal data -----------------------------------------------------------------------------


def test_email_addresses_are_stored_only_in_contacts(event_db, tmp_path):
    import_registrations(
        event_db,
        write_csv(
            tmp_path / "registrations.csv",
            "email,first_name,last_name,country,organization\n"
            "ann@example.org,Ann,Lee,Kenya,Ministry of Finance\n",
        ),
    )
    import_file(
        event_db,
        write_csv(tmp_path / "attendance.csv", "email,minutes\nann@example.org,42\n"),
        EVENT,
        ImportOptions(kind="attendance"),
    )
    import_file(
        event_db,
        write_csv(
            tmp_path / "survey.csv",
            "Timestamp,Email,How would you rate the Forum overall?\n"
            "2022-09-06 12:00:00,ann@example.org,Excellent\n",
        ),
        EVENT,
        ImportOptions(kind="survey"),
    )
    for table in PERSONAL_DATA_FREE_TABLES:
        assert count(event_db, table) == 1
        columns = [row[0] for row in rows(event_db, f"describe {table}")]
        for column in columns:
            holding = rows(
                event_db,
                f"select count(*) from {table} where cast(\"{column}\" as varchar) like '%@%'",
            )[0][0]
            assert holding == 0, f"{table}.{column} holds an e-mail address"
    assert rows(event_db, "select email, first_name, last_name from contacts") == [
        ("ann@example.org", "Ann", "Lee")
    ]


def test_one_persons_rows_join_across_registration_attendance_and_survey(event_db, tmp_path):
    import_registrations(
        event_db,
        write_csv(
            tmp_path / "registrations.csv",
            "email,country,sector\nAnn.Lee@Example.org,Kenya,Ministry of Finance\n"
            "bob@example.org,France,University\n",
        ),
    )
    import_file(
        event_db,
        write_csv(
            tmp_path / "attendance.csv",
            "email,minutes\n ann.lee@example.org ,30\nANN.LEE@EXAMPLE.ORG,15\n",
        ),
        EVENT,
        ImportOptions(kind="attendance"),
    )
    import_file(
        event_db,
        write_csv(
            tmp_path / "survey.csv",
            "Timestamp,Email,How would you rate the Forum overall?\n"
            "2022-09-06 12:00:00,ann.lee@example.org,Excellent\n",
        ),
        EVENT,
        ImportOptions(kind="survey"),
    )
    (ann,) = rows(event_db, "select participant_id from registrations where country_iso3 = 'KEN'")
    assert rows(event_db, "select distinct participant_id from attendance") == [ann]
    assert rows(event_db, "select participant_id from responses") == [ann]
    assert rows(event_db, "select joins, minutes, country_iso3, sector from event_attendees") == [
        (2, 45.0, "KEN", "National Government")
    ]
    assert rows(event_db, "select country_iso3, sector from event_respondents") == [
        ("KEN", "National Government")
    ]


def test_each_database_has_its_own_salt(tmp_path):
    path = write_csv(tmp_path / "r.csv", "email\nann@example.org\n")
    participant_ids, salts = [], []
    for _ in range(2):
        with Database(":memory:") as database:
            add_event(database, EventSpec(EVENT, "Forum", "2022-09-06"))
            import_registrations(database, path)
            participant_ids.append(rows(database, "select participant_id from registrations"))
            salts.append(database.salt)
    assert len(salts[0]) == 32 and salts[0] != salts[1]
    assert participant_ids[0] != participant_ids[1]


# -- file shapes -------------------------------------------------------------------------------

CP1252_TEXT = (
    "email,first_name,country,organization\r\n"
    "zoe@example.org,Zoé,Côte d’Ivoire,Ministère de l’Économie\r\n"
    "bob@example.org,Bob,France,Université de Paris\r\n"
)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("cp1252", b""),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "cp1252"],
)
def test_import_reads_each_encoding_with_accents_and_curly_apostrophes(
    event_db, tmp_path, encoding, prefix
):
    path = tmp_path / "registrations.csv"
    path.write_bytes(prefix + CP1252_TEXT.encode(encoding))
    result = import_registrations(event_db, path)
    assert result.kinds[0].column_map == {
        "email": "email",
        "first_name": "first_name",
        "country": "country",
        "organization": "organization",
    }
    assert rows(event_db, "select country_raw, country_iso3, organization from registrations") == [
        ("Côte d’Ivoire", "CIV", "Ministère de l’Économie"),
        ("France", "FRA", "Université de Paris"),
    ]
    assert rows(event_db, "select first_name from contacts order by first_name") == [
        ("Bob",),
        ("Zoé",),
    ]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_import_detects_the_delimiter(event_db, tmp_path, delimiter):
    lines = [
        ["email", "country", "sector"],
        ["a@example.org", "Kenya", "NGO"],
        ["b@example.org", "Mexico", "University"],
    ]
    text = "".join(delimiter.join(line) + "\n" for line in lines)
    import_registrations(event_db, write_csv(tmp_path / "r.csv", text))
    assert rows(event_db, "select country_iso3, sector from registrations order by source_row") == [
        ("KEN", "Civil Society Organizations"),
        ("MEX", "Academic Institutions"),
    ]


def test_import_reads_quoted_commas_and_newlines(event_db, tmp_path):
    path = write_csv(
        tmp_path / "r.csv",
        "email,country,organization\n"
        'a@example.org,"Korea, Republic of","Ministry of Finance, Planning and\n'
        'Economic Development"\n'
        'b@example.org,Kenya,"The ""Best"" NGO"\n',
    )
    import_registrations(event_db, path)
    assert rows(event_db, "select source_row, country_iso3, organization from registrations") == [
        (2, "KOR", "Ministry of Finance, Planning and\nEconomic Development"),
        (3, "KEN", 'The "Best" NGO'),
    ]


def test_import_reads_an_xlsx_workbook(event_db, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Email", "Country", "Sector", "Registered at", "Organization"])
    sheet.append(["a@example.org", "Kenya", "NGO", dt.datetime(2022, 8, 1, 9, 30), 1234])
    sheet.append([None, None, None, None, None])  # a formatted empty row is no data
    sheet.append(["b@example.org", "UK", "Ministry of Finance", "2022-08-02 10:00:00", None])
    path = tmp_path / "registrations.xlsx"
    workbook.save(path)
    result = import_registrations(event_db, path)
    assert result.kinds[0].rows_read == 2
    assert rows(
        event_db,
        "select source_row, country_iso3, sector, registered_at, organization "
        "from registrations order by source_row",
    ) == [
        (2, "KEN", "Civil Society Organizations", dt.datetime(2022, 8, 1, 9, 30), "1234"),
        (4, "GBR", "National Government", dt.datetime(2022, 8, 2, 10, 0), None),
    ]


def test_import_matches_headers_ignoring_case_spaces_underscores_and_accents(event_db, tmp_path):
    path = write_csv(
        tmp_path / "r.csv",
        "Correo electrónico,FIRST NAME,Last_Name,  Country ,Type of Organisation,"
        "Registered-At,Country/Region\n"
        "a@example.org,Ann,Lee,Kenya,NGO,2022-08-01 09:00,Ignored\n",
    )
    result = import_file(event_db, path, EVENT)  # the kind is guessed from the headers
    assert result.kinds[0].kind == "registrations"
    assert result.kinds[0].column_map == {
        "Correo electrónico": "email",
        "FIRST NAME": "first_name",
        "Last_Name": "last_name",
        "Country": "country",  # as staged: the surrounding spaces are trimmed
        "Type of Organisation": "sector",
        "Registered-At": "registered_at",
    }
    assert rows(event_db, "select country_iso3, sector, registered_at from registrations") == [
        ("KEN", "Civil Society Organizations", dt.datetime(2022, 8, 1, 9, 0))
    ]


def test_import_reads_zoom_style_country_region_header(event_db, tmp_path):
    path = write_csv(
        tmp_path / "r.csv", "Email,Country/Region\na@example.org,Kenya\nb@example.org,Fiji\n"
    )
    result = import_registrations(event_db, path)
    assert result.kinds[0].column_map == {"Email": "email", "Country/Region": "country"}
    assert [row[1] for row in countries_of(event_db)] == ["KEN", "FJI"]


def test_import_reads_day_first_dates_when_only_they_make_sense(event_db, tmp_path):
    path = write_csv(
        tmp_path / "r.csv",
        "email,registered_at\na@example.org,02/08/2022\nb@example.org,13/08/2022\n",
    )
    import_registrations(event_db, path)
    assert rows(event_db, "select registered_at from registrations order by source_row") == [
        (dt.datetime(2022, 8, 2),),
        (dt.datetime(2022, 8, 13),),
    ]


def test_attendance_minutes_come_from_join_and_leave_times(event_db, tmp_path):
    path = write_csv(
        tmp_path / "attendance.csv",
        "email,join_time,leave_time\n"
        "a@example.org,2022-09-06 09:00:00,2022-09-06 10:30:00\n"
        "a@example.org,2022-09-06 11:00:00,2022-09-06 11:15:00\n",
    )
    import_file(event_db, path, EVENT, ImportOptions(kind="attendance"))
    assert rows(event_db, "select joins, minutes from event_attendees") == [(2, 105.0)]


def test_a_workbook_wider_than_its_header_is_still_recognized_as_registrations(event_db, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Email", "Country"])
    sheet.append(["a@example.org", "Kenya"])
    # A stray note beside the table makes every row of the sheet three cells wide.
    sheet.append(["b@example.org", "Fiji", "checked"])
    path = tmp_path / "registrations.xlsx"
    workbook.save(path)
    result = import_file(event_db, path, EVENT, ImportOptions(skip_bad_rows=True))
    assert result.kinds[0].kind == "registrations"  # guessed from the two headers
    assert [problem.row for problem in result.problems] == [3]
    assert (result.kinds[0].rows_read, result.kinds[0].rows_rejected) == (2, 1)
    assert countries_of(event_db) == [("Kenya", "KEN", "name")]
