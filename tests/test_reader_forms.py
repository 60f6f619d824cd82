"""Survey-tool exports (Google Forms, Microsoft Forms, KoboToolbox, SurveyMonkey, LimeSurvey)
import as they come: no source or kind given, no edit, and the outcome-report numbers right.

Fixtures are synthetic, written by hand in each tool's layout (tests/fixtures/forms/); the
workbooks are built here with openpyxl. Every test goes through `import_file` and reads the
numbers back through the analytics layer, as the dashboard does.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from surveydash.analytics import event_summary, query
from surveydash.importer import ImportOptions, import_file
from surveydash.readers import FileSample, detect_reader
from surveydash.readers.tools import kobo
from surveydash.readers.tools.survey_common import (
    respondent_field,
    split_comma_joined_choices,
    timestamps_as_iso,
)
from surveydash.tabular import FileRefused

FORMS = Path(__file__).parent / "fixtures" / "forms"
EVENT = "forum-2022"


# --- helpers: what the dashboard would show -----------------------------------------------------


def import_survey(db, path: Path, **options):
    """Import as a user would: no source, no kind."""
    return import_file(db, path, EVENT, ImportOptions(**options))


def rating_counts(db) -> dict[str, dict[int, int]]:
    """Rating question text -> {scale point: respondents}."""
    return {
        rating["text"]: {point["value"]: point["count"] for point in rating["distribution"]}
        for rating in event_summary(db, EVENT)["ratings"]
    }


def top2(db) -> dict[str, float]:
    return {rating["text"]: rating["top2_pct"] for rating in event_summary(db, EVENT)["ratings"]}


def yes_no(db) -> dict[str, tuple[int, int]]:
    return {row["text"]: (row["yes"], row["no"]) for row in event_summary(db, EVENT)["yes_no"]}


def choice_counts(db) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for row in query(db, "choice_distribution", event_id=EVENT).itertuples():
        counts.setdefault(row.text, {})[row.option] = row.count
    return counts


def sector_shares(db) -> dict[str, float]:
    return {row["sector"]: row["pct"] for row in event_summary(db, EVENT)["respondents_by_sector"]}


def sector_counts(db) -> dict[str, int]:
    return {
        row["sector"]: row["count"] for row in event_summary(db, EVENT)["respondents_by_sector"]
    }


def indicators(db) -> dict[str, str | None]:
    cursor = db.cursor()
    try:
        return dict(
            cursor.execute(
                "select text, indicator from questions where event_id = ? order by position",
                [EVENT],
            ).fetchall()
        )
    finally:
        cursor.close()


def question_kinds(db) -> dict[str, str]:
    cursor = db.cursor()
    try:
        return dict(
            cursor.execute(
                "select text, kind from questions where event_id = ? order by position", [EVENT]
            ).fetchall()
        )
    finally:
        cursor.close()


def responses(db) -> list[tuple]:
    """(row in the file, submitted at as text, has an e-mail, country ISO3, gender) per response."""
    cursor = db.cursor()
    try:
        return [
            (row, submitted.strftime("%Y-%m-%d %H:%M:%S") if submitted else None, has, iso3, gender)
            for row, submitted, has, iso3, gender in cursor.execute(
                "select source_row, submitted_at, participant_id is not null, country_iso3, gender"
                " from responses where event_id = ? order by source_row",
                [EVENT],
            ).fetchall()
        ]
    finally:
        cursor.close()


def scalar(db, sql: str, *parameters):
    cursor = db.cursor()
    try:
        return cursor.execute(sql, list(parameters)).fetchall()[0][0]
    finally:
        cursor.close()


def write_xlsx(path: Path, rows: list[list], sheet: str = "Sheet1") -> Path:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    workbook.save(path)
    return path


def csv_rows(path: Path, delimiter: str = ",") -> list[list[str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


# --- detection -------------------------------------------------------------------------------

DETECTED = [
    ("google_forms_download.csv", "google-forms"),
    ("google_sheet_download.csv", "google-forms"),
    ("google_forms_krila_2022.csv", "google-forms"),
    ("google_forms_fr.csv", "google-forms"),
    ("kobo_export.csv", "kobo"),
    ("surveymonkey_export.csv", "surveymonkey"),
    ("limesurvey_codes_and_text.csv", "limesurvey"),
    ("limesurvey_codes.csv", "limesurvey"),
]


@pytest.mark.parametrize(("file_name", "source"), DETECTED)
def test_each_tool_export_is_recognised_by_its_own_reader(file_name, source):
    sample = FileSample.read(FORMS / file_name, file_name)
    reader, confidence, kind = detect_reader(sample)
    assert (reader.source, kind) == (source, "survey")
    assert confidence >= 0.8


def test_a_generic_survey_file_is_left_to_the_generic_reader():
    path = Path(__file__).parent.parent / "data" / "demo" / "krila-2022" / "survey.csv"
    reader, confidence, _ = detect_reader(FileSample.read(path, path.name))
    assert (reader.source, confidence) == ("generic", 0.1)


# --- Google Forms ------------------------------------------------------------------------------


def test_google_forms_download_imports_with_its_numbers(event_db):
    result = import_survey(event_db, FORMS / "google_forms_download.csv")
    assert (result.status, result.source) == ("imported", "google-forms")
    assert result.kinds[0].rows_imported == 6
    assert event_summary(event_db, EVENT)["responses"] == 6
    assert sector_counts(event_db) == {
        "Academic Institutions": 2,
        "Civil Society Organizations": 1,
        "Local or Regional Government": 1,
        "National Government": 2,
    }
    assert sector_shares(event_db)["National Government"] == 33.3
    # A linear scale exports numbers, with the end labels written beside 5 and 1.
    assert rating_counts(event_db)["How would you rate the Forum overall?"] == {
        5: 2,
        4: 2,
        3: 1,
        2: 0,
        1: 1,
    }
    assert top2(event_db)["How would you rate the Forum overall?"] == 66.7
    assert yes_no(event_db) == {
        "Did you experience any technical or logistical difficulties?": (2, 4)
    }
    assert result.kinds[0].people == 3  # three respondents left an address


def test_google_checkboxes_joined_with_semicolons_keep_options_that_contain_commas(event_db):
    import_survey(event_db, FORMS / "google_forms_download.csv")
    assert choice_counts(event_db) == {
        "Which sessions did you attend?": {
            "Opening plenary": 4,
            "Policy, planning and budgeting": 4,
            "Data, statistics and monitoring": 3,
        }
    }


def test_google_grid_rows_are_questions_of_their_own_with_their_indicators(event_db):
    import_survey(event_db, FORMS / "google_forms_download.csv")
    assert indicators(event_db) == {
        "How would you rate the Forum overall?": "overall_rating",
        "Please rate the following [Relevance of the theme]": "relevance",
        "Please rate the following [Quality of the presentations]": "quality",
        "Which sessions did you attend?": None,
        "Did you experience any technical or logistical difficulties?": "difficulties",
        "What could be improved?": "improvements",
    }
    counts = rating_counts(event_db)
    assert counts["Please rate the following [Relevance of the theme]"] == {
        5: 2,
        4: 2,
        3: 1,
        2: 1,
        1: 0,
    }
    assert counts["Please rate the following [Quality of the presentations]"] == {
        5: 2,
        4: 2,
        3: 1,
        2: 0,
        1: 1,
    }


def test_google_forms_download_times_are_kept_local_without_the_zone(event_db):
    import_survey(event_db, FORMS / "google_forms_download.csv")
    rows = responses(event_db)
    assert [row[1] for row in rows] == [
        "2022-09-06 13:19:08",
        "2022-09-06 13:25:41",
        "2022-09-06 14:02:13",
        "2022-09-06 14:10:00",
        "2022-09-06 23:58:59",  # 11:58 PM GMT+9 stays on the 6th: not moved to UTC
        "2022-09-07 08:00:05",
    ]
    # The third response's answer holds a line break: the next response is still row 5.
    assert [row[0] for row in rows] == [2, 3, 4, 5, 6, 7]
    assert [row[3] for row in rows] == ["SEN", "KEN", "CHN", "NPL", "MEX", "BTN"]


def test_google_sheet_download_reads_month_first_timestamps(event_db):
    import_survey(event_db, FORMS / "google_sheet_download.csv")
    assert [row[1] for row in responses(event_db)] == [
        "2020-03-18 18:42:10",
        "2020-03-18 19:05:55",
        "2020-03-19 09:15:02",
        "2020-03-19 10:00:00",
        "2020-03-20 16:30:45",
    ]


def test_google_sheet_checkboxes_joined_with_commas_split_against_the_known_options(event_db):
    import_survey(event_db, FORMS / "google_sheet_download.csv")
    # "Policy, planning and budgeting" holds the separator itself and is never ticked alone.
    assert choice_counts(event_db) == {
        "Which sessions did you attend?": {
            "Data, statistics and monitoring": 3,
            "Opening plenary": 3,
            "Policy, planning and budgeting": 3,
        }
    }
    assert question_kinds(event_db) == {
        "How would you rate the Forum overall?": "rating",
        "Which sessions did you attend?": "multiple_choice",
        "What did you find most useful?": "text",
        "Would you attend a follow-up workshop?": "yes_no",
    }


def test_google_sheet_free_text_with_commas_is_left_whole(event_db):
    import_survey(event_db, FORMS / "google_sheet_download.csv")
    summary = event_summary(event_db, EVENT)
    useful = next(q for q in summary["text_questions"] if q["question"] == "most_useful")
    assert "The case studies, the Q&A, and the slides" in useful["answers"]
    assert "Networking, mostly" in useful["answers"]
    assert sector_shares(event_db) == {
        "Academic Institutions": 40.0,
        "Civil Society Organizations": 20.0,
        "Local or Regional Government": 20.0,
        "National Government": 20.0,
    }
    assert rating_counts(event_db)["How would you rate the Forum overall?"] == {
        5: 2,
        4: 2,
        3: 1,
        2: 0,
        1: 0,
    }
    assert yes_no(event_db) == {"Would you attend a follow-up workshop?": (4, 1)}


def test_google_sheet_xlsx_download_reads_like_its_csv(event_db, tmp_path):
    rows = csv_rows(FORMS / "google_sheet_download.csv")
    body = []
    for row in rows[1:]:
        cells: list = [cell or None for cell in row]
        cells[0] = dt.datetime.strptime(row[0], "%m/%d/%Y %H:%M:%S")  # a date cell in Sheets
        cells[3] = int(row[3])
        body.append(cells)
    path = write_xlsx(tmp_path / "Forum feedback (Responses).xlsx", [rows[0], *body])
    result = import_survey(event_db, path)
    assert result.source == "google-forms"
    assert [row[1] for row in responses(event_db)][:2] == [
        "2020-03-18 18:42:10",
        "2020-03-18 19:05:55",
    ]
    assert choice_counts(event_db)["Which sessions did you attend?"] == {
        "Data, statistics and monitoring": 3,
        "Opening plenary": 3,
        "Policy, planning and budgeting": 3,
    }
    assert rating_counts(event_db)["How would you rate the Forum overall?"][5] == 2


def test_a_google_registration_form_imports_as_registrations_when_asked(event_db, tmp_path):
    path = tmp_path / "Registration (Responses).csv"
    path.write_text(
        "Timestamp,Email Address,First name,Last name,Country,Type of organization\n"
        "8/30/2022 10:00:00,ana.silva@example.org,Ana,Silva,Brazil,Ministry of Economy\n"
        "8/31/2022 11:30:00,li.wei@example.org,Li,Wei,China,University\n",
        encoding="utf-8",
    )
    result = import_file(event_db, path, EVENT, ImportOptions(kind="registrations"))
    assert result.kinds[0].kind == "registrations"
    assert (result.kinds[0].rows_imported, result.kinds[0].people) == (2, 2)
    assert scalar(event_db, "select count(*) from responses") == 0


def test_a_krila_shaped_google_form_gives_the_outcome_report_figures(event_db):
    result = import_survey(event_db, FORMS / "google_forms_krila_2022.csv")
    assert result.source == "google-forms"
    summary = event_summary(event_db, EVENT)
    assert summary["responses"] == 32
    assert sector_counts(event_db) == {
        "Academic Institutions": 12,
        "Civil Society Organizations": 1,
        "International Organizations": 1,
        "Local or Regional Government": 8,
        "National Government": 8,
        "Private Sector or Philanthropic Organizations": 1,
        "Scientific Community": 1,
    }
    assert summary["respondents_sentence"] == (
        "The respondents were from Academic Institutions (37.5%), Local or Regional "
        "Government (25%), National Government (25%), Civil Society Organizations (3.1%), "
        "International Organizations (3.1%), Private Sector or Philanthropic Organizations "
        "(3.1%), and Scientific Community (3.1%)."
    )
    overall = next(q for q in summary["ratings"] if q["indicator"] == "overall_rating")
    assert [(p["label"], p["count"]) for p in overall["distribution"]] == [
        ("Excellent", 17),
        ("Very good", 11),
        ("Good", 2),
        ("Fair", 1),
        ("Poor", 1),
    ]
    assert (overall["n"], overall["mean"], overall["top2_pct"]) == (32, 4.31, 87.5)
    by_indicator = {q["indicator"]: q for q in summary["ratings"]}
    assert set(by_indicator) == {"overall_rating", "relevance", "quality", "likely_to_apply"}
    likely = by_indicator["likely_to_apply"]["distribution"]
    assert [(p["label"], p["count"]) for p in likely] == [
        ("Very likely", 16),
        ("Likely", 12),
        ("Neutral", 3),
        ("Unlikely", 1),
        ("Very unlikely", 0),
    ]
    assert summary["yes_no"][0]["question"] == "difficulties"
    assert (summary["yes_no"][0]["yes"], summary["yes_no"][0]["no"]) == (1, 31)
    assert {q["question"] for q in summary["text_questions"]} == {
        "most_useful",
        "improvements",
        "other_comments",
    }
    assert result.kinds[0].people == 18
    assert result.kinds[0].countries == 8


FRENCH_ENCODINGS = [
    pytest.param("utf-8", ",", id="utf-8"),
    pytest.param("utf-8-sig", ";", id="utf-8 with BOM, semicolons"),
    pytest.param("utf-16", "\t", id="Excel Unicode text (UTF-16, tabs)"),
    pytest.param("cp1252", ";", id="Windows cp1252"),
]


@pytest.mark.parametrize(("encoding", "delimiter"), FRENCH_ENCODINGS)
def test_a_french_google_form_reads_the_same_in_every_encoding(
    event_db, tmp_path, encoding, delimiter
):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(
        csv_rows(FORMS / "google_forms_fr.csv")
    )
    path = tmp_path / f"reponses-{encoding}.csv"
    path.write_bytes(out.getvalue().encode(encoding))
    result = import_survey(event_db, path)
    assert result.source == "google-forms"
    assert indicators(event_db) == {
        "Dans l'ensemble, comment évaluez-vous l'atelier ?": "overall_rating",
        "Avez-vous rencontré des difficultés techniques ?": "difficulties",
        "Quels ateliers avez-vous suivis ?": None,
        "Qu'avez-vous trouvé le plus utile ?": "most_useful",
    }
    assert rating_counts(event_db) == {
        "Dans l'ensemble, comment évaluez-vous l'atelier ?": {5: 2, 4: 1, 3: 1, 2: 0, 1: 0}
    }
    assert yes_no(event_db) == {"Avez-vous rencontré des difficultés techniques ?": (1, 3)}
    assert choice_counts(event_db) == {
        "Quels ateliers avez-vous suivis ?": {
            "Atelier A – données": 3,
            "Atelier B – finances, budget": 3,
            "Atelier C – évaluation": 2,
        }
    }
    assert sector_shares(event_db) == {
        "Academic Institutions": 25.0,
        "Civil Society Organizations": 25.0,
        "Local or Regional Government": 25.0,
        "National Government": 25.0,
    }
    assert [row[3] for row in responses(event_db)] == ["SEN", "CIV", "BEN", "BFA"]
    useful = event_summary(event_db, EVENT)["text_questions"][0]["answers"]
    assert "Les études de cas, l’échange entre pairs" in useful


def test_a_bad_timestamp_refuses_the_file_naming_its_row_and_column(event_db, tmp_path):
    rows = csv_rows(FORMS / "google_sheet_download.csv")
    rows[3][0] = "yesterday evening"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path = tmp_path / "responses.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(FileRefused) as refused:
        import_survey(event_db, path)
    assert "responses.csv: row 4, column 'Timestamp': 'yesterday evening' is not a date" in str(
        refused.value
    )
    assert scalar(event_db, "select count(*) from responses") == 0


def test_a_row_wider_than_the_header_refuses_the_file_naming_its_row(event_db, tmp_path):
    text = (FORMS / "google_sheet_download.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[2] += ",stray value"
    path = tmp_path / "responses.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FileRefused) as refused:
        import_survey(event_db, path)
    assert "row 3: has a value ('stray value') beyond the header's 7 columns" in str(refused.value)
    rejects = tmp_path / "rejects.csv"
    result = import_survey(event_db, path, skip_bad_rows=True, rejects_path=rejects)
    assert (result.kinds[0].rows_read, result.kinds[0].rows_imported) == (5, 4)
    assert result.kinds[0].rows_rejected == 1
    rejected = list(csv.DictReader(rejects.open(encoding="utf-8")))
    assert [(r["row"], r["problem"]) for r in rejected] == [
        ("3", "has a value ('stray value') beyond the header's 7 columns")
    ]


# --- Microsoft Forms ------------------------------------------------------------------------

MS_FORMS_QUIZ = [
    [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Last modified time",
        "Total points",
        "Quiz feedback",
        "How would you rate the webinar overall?",
        "Points - How would you rate the webinar overall?",
        "Feedback - How would you rate the webinar overall?",
        "Which resources did you use?",
        "Points - Which resources did you use?",
        "Feedback - Which resources did you use?",
        "Country",
        "Any other comments?",
    ],
    [1, dt.datetime(2022, 9, 6, 10, 0, 5), dt.datetime(2022, 9, 6, 10, 4, 50), "anonymous",
     None, None, 0, None, 5, None, None, "Slides;Recording;", None, None, "Kenya", "Great"],
    [2, dt.datetime(2022, 9, 6, 10, 1, 0), dt.datetime(2022, 9, 6, 10, 9, 12),
     "kofi.mensah@example.org", "Kofi Mensah", None, 0, None, 4,
     None, None, "Recording;Reading list, annotated;", None, None, "Ghana", None],
    # Excel turned the comment "1-2" into the date 2 January: kept as the text it now is.
    [3, dt.datetime(2022, 9, 6, 11, 30, 0), dt.datetime(2022, 9, 6, 11, 32, 41), "anonymous",
     None, None, 0, None, 5, None, None, "Slides;Reading list, annotated;", None, None,
     "Kenya", dt.datetime(2022, 1, 2)],
    [4, dt.datetime(2022, 9, 6, 12, 0, 0), dt.datetime(2022, 9, 6, 12, 15, 0),
     "aisha.bello@example.org", "Aisha Bello", None, 0, "Thanks for taking part", 3, None,
     "Good effort", "Slides;Recording;Reading list, annotated;", None, None, "Nigeria",
     "More breaks"],
]  # fmt: skip


def test_microsoft_forms_quiz_workbook_leaves_out_points_feedback_and_names(event_db, tmp_path):
    path = write_xlsx(tmp_path / "Webinar feedback(1-4).xlsx", MS_FORMS_QUIZ, sheet="Form1")
    result = import_survey(event_db, path)
    assert (result.source, result.source_confidence) == ("microsoft-forms", 0.95)
    report = result.kinds[0]
    assert [q["text"] for q in report.questions] == [
        "How would you rate the webinar overall?",
        "Which resources did you use?",
        "Any other comments?",
    ]
    assert report.column_map["Points - Which resources did you use?"] == "ignored"
    assert report.column_map["Feedback - How would you rate the webinar overall?"] == "ignored"
    assert report.column_map["Total points"] == report.column_map["Name"] == "ignored"
    assert report.column_map["Country"] == "country"
    assert rating_counts(event_db) == {
        "How would you rate the webinar overall?": {5: 2, 4: 1, 3: 1, 2: 0, 1: 0}
    }
    assert choice_counts(event_db) == {
        "Which resources did you use?": {
            "Reading list, annotated": 3,
            "Recording": 3,
            "Slides": 3,
        }
    }
    # 'anonymous' is no address: two people, and names are stored nowhere.
    assert report.people == 2
    assert [row[1:4] for row in responses(event_db)] == [
        ("2022-09-06 10:04:50", False, "KEN"),
        ("2022-09-06 10:09:12", True, "GHA"),
        ("2022-09-06 11:32:41", False, "KEN"),
        ("2022-09-06 12:15:00", True, "NGA"),
    ]
    assert scalar(event_db, "select count(*) from contacts where first_name is not null") == 0
    assert scalar(event_db, "select count(*) from answers where value_text like '%Mensah%'") == 0
    comments = event_summary(event_db, EVENT)["text_questions"][0]
    assert (comments["question"], comments["answers"]) == (
        "other_comments",
        ["Great", "2022-01-02 00:00:00", "More breaks"],
    )


MS_FORMS_SPANISH = [
    [
        "Id",
        "Hora de inicio",
        "Hora de finalización",
        "Correo electrónico",
        "Nombre",
        "Hora de la última modificación",
        "Tipo de organización",
        "País",
        "En general, ¿cómo calificaría el taller?",
        "¿Qué tan probable es que aplique lo aprendido en su trabajo?",
        "¿Tuvo alguna dificultad técnica o logística?",
        "¿Qué sesiones siguió?",
        "¿Algún otro comentario?",
    ],
    [1, dt.datetime(2022, 9, 6, 9, 0), dt.datetime(2022, 9, 6, 9, 7, 30), "anonymous", None,
     None, "Gobierno nacional", "Colombia", "Excelente", "Muy probable", "No",
     "Apertura;Datos, estadísticas y seguimiento;", "Muy útil, gracias"],
    [2, dt.datetime(2022, 9, 6, 9, 5), dt.datetime(2022, 9, 6, 9, 12, 0), "anonymous", None,
     None, "Universidad", "Perú", "Muy bueno", "Probable", "Sí", "Apertura;", None],
    [3, dt.datetime(2022, 9, 6, 9, 10), dt.datetime(2022, 9, 6, 9, 20, 5),
     "lucia.rojas@example.org", "Lucía Rojas", None, "ONG", "Chile", "Excelente",
     "Muy probable", "No", "Datos, estadísticas y seguimiento;Presupuesto;", None],
    [4, dt.datetime(2022, 9, 6, 9, 30), dt.datetime(2022, 9, 6, 9, 41, 0), "anonymous", None,
     None, "Gobierno local", "México", "Bueno", "Poco probable", "No", "Apertura;Presupuesto;",
     None],
    [5, dt.datetime(2022, 9, 6, 10, 0), dt.datetime(2022, 9, 6, 10, 3, 3), "anonymous", None,
     None, "Universidad", "Bolivia", "Excelente", "Probable", "Sí",
     "Datos, estadísticas y seguimiento;", None],
]  # fmt: skip


def test_microsoft_forms_spanish_tenant_reads_localized_headers_and_answers(event_db, tmp_path):
    path = write_xlsx(tmp_path / "Encuesta taller.xlsx", MS_FORMS_SPANISH, sheet="Form1")
    result = import_survey(event_db, path)
    assert result.source == "microsoft-forms"
    report = result.kinds[0]
    assert {h: f for h, f in report.column_map.items() if f != "question"} == {
        "Id": "ignored",
        "Hora de inicio": "ignored",
        "Hora de finalización": "submitted_at",
        "Correo electrónico": "email",
        "Nombre": "ignored",
        "Hora de la última modificación": "ignored",
        "Tipo de organización": "sector",
        "País": "country",
    }
    assert indicators(event_db) == {
        "En general, ¿cómo calificaría el taller?": "overall_rating",
        "¿Qué tan probable es que aplique lo aprendido en su trabajo?": "likely_to_apply",
        "¿Tuvo alguna dificultad técnica o logística?": "difficulties",
        "¿Qué sesiones siguió?": None,
        "¿Algún otro comentario?": "other_comments",
    }
    counts = rating_counts(event_db)
    assert counts["En general, ¿cómo calificaría el taller?"] == {5: 3, 4: 1, 3: 1, 2: 0, 1: 0}
    assert counts["¿Qué tan probable es que aplique lo aprendido en su trabajo?"] == {
        5: 2,
        4: 2,
        3: 0,
        2: 1,
        1: 0,
    }
    assert yes_no(event_db) == {"¿Tuvo alguna dificultad técnica o logística?": (2, 3)}
    assert choice_counts(event_db) == {
        "¿Qué sesiones siguió?": {
            "Apertura": 3,
            "Datos, estadísticas y seguimiento": 3,
            "Presupuesto": 2,
        }
    }
    assert sector_shares(event_db) == {
        "Academic Institutions": 40.0,
        "Civil Society Organizations": 20.0,
        "Local or Regional Government": 20.0,
        "National Government": 20.0,
    }
    assert [row[3] for row in responses(event_db)] == ["COL", "PER", "CHL", "MEX", "BOL"]
    assert report.people == 1


# --- KoboToolbox ----------------------------------------------------------------------------


def assert_kobo_numbers(db, result):
    assert result.source == "kobo"
    report = result.kinds[0]
    # Four responses; the one the project marked "not approved" is left out and counted.
    assert (report.rows_read, report.rows_imported) == (5, 4)
    assert report.excluded == {"marked not approved in KoboToolbox": 1}
    assert indicators(db) == {
        "How would you rate the workshop overall?": "overall_rating",
        "How relevant was the workshop to your work?": "relevance",
        "Which sessions did you attend?": None,
        "Did you experience any technical difficulties?": "difficulties",
        "Any other comments?": "other_comments",
    }
    assert rating_counts(db) == {
        "How would you rate the workshop overall?": {5: 2, 4: 1, 3: 1, 2: 0, 1: 0},
        "How relevant was the workshop to your work?": {5: 2, 4: 2, 3: 0, 2: 0, 1: 0},
    }
    # Read from the 1/0 option columns: the space-joined column cannot be split.
    assert choice_counts(db) == {
        "Which sessions did you attend?": {
            "Data and statistics": 3,
            "Opening plenary": 2,
            "Policy, planning and budgeting": 2,
        }
    }
    assert yes_no(db) == {"Did you experience any technical difficulties?": (1, 3)}
    assert sector_counts(db) == {
        "Academic Institutions": 2,
        "Civil Society Organizations": 1,
        "National Government": 1,
    }
    for header in ("_id", "_uuid", "_submission_time", "_submitted_by", "_index", "start"):
        assert report.column_map[header] == "ignored"
    # The hashtag row is row 2: the first response is row 3; `end` gives local time.
    assert responses(db) == [
        (3, "2022-09-06 10:09:40", False, "KEN", None),
        (4, "2022-09-06 10:12:03", False, "UGA", None),
        (5, "2022-09-06 10:31:59", False, "RWA", None),
        (7, "2022-09-06 23:58:30", False, "TZA", None),
    ]


def test_kobo_semicolon_csv_with_hashtag_row(event_db):
    result = import_survey(event_db, FORMS / "kobo_export.csv")
    assert_kobo_numbers(event_db, result)


def test_kobo_bad_rows_can_be_left_out_and_written_to_a_rejects_file(event_db, tmp_path):
    text = (FORMS / "kobo_export.csv").read_text(encoding="utf-8")
    path = tmp_path / "kobo.csv"
    path.write_text(text.replace('"Good";"Excellent"', '"Good";"7"'), encoding="utf-8")
    # A 7 among labels makes a column no rating (issue 10); a rating the analyst chose
    # refuses it by row and column.
    relevance = {"How relevant was the workshop to your work?": "rating"}
    with pytest.raises(FileRefused) as refused:
        import_survey(event_db, path, question_kinds=relevance)
    assert str(refused.value) == (
        "kobo.csv: row 5, column 'How relevant was the workshop to your work?': "
        "rating 7 is outside the scale 1-5"
    )
    rejects = tmp_path / "rejects.csv"
    result = import_survey(
        event_db, path, skip_bad_rows=True, rejects_path=rejects, question_kinds=relevance
    )
    assert (result.kinds[0].rows_imported, result.kinds[0].rows_rejected) == (3, 1)
    rejected = list(csv.DictReader(rejects.open(encoding="utf-8")))
    assert [(r["row"], r["How relevant was the workshop to your work?"]) for r in rejected] == [
        ("5", "7")
    ]
    assert rejected[0]["Country"] == "Rwanda"


def test_kobo_xlsx_with_float_numbers_reads_the_same(event_db, tmp_path):
    rows = csv_rows(FORMS / "kobo_export.csv", delimiter=";")
    header = rows[0]
    numeric = {"_id", "_index"} | {h for h in header if h.count("/") and "?/" in h}

    def cell(column: str, value: str):
        if column in numeric and value:
            return float(value)  # 61 -> 61.0, 1 -> 1.0, as Kobo's workbooks hold them
        return value or None

    body = [[cell(c, v) for c, v in zip(header, row, strict=True)] for row in rows[1:]]
    path = write_xlsx(tmp_path / "kobo.xlsx", [header, *body], sheet="Workshop feedback")
    assert_kobo_numbers(event_db, import_survey(event_db, path))


# --- SurveyMonkey --------------------------------------------------------------------------


def assert_surveymonkey_numbers(db, result):
    assert result.source == "surveymonkey"
    report = result.kinds[0]
    assert report.rows_imported == 4
    assert report.column_map["First Name"] == report.column_map["Last Name"] == "ignored"
    assert report.column_map["IP Address"] == "ignored"
    assert report.column_map["What type of organization do you work for?"] == "sector"
    assert indicators(db) == {
        "What type of organization do you work for? [Other (please specify)]": None,
        "How would you rate the workshop overall?": "overall_rating",
        "Which sessions did you attend?": None,
        "Which sessions did you attend? [Other (please specify)]": None,
        "Please rate the following aspects of the workshop, from Excellent to Poor: "
        "[Relevance of the theme]": "relevance",
        "Please rate the following aspects of the workshop, from Excellent to Poor: "
        "[Quality of the presentations]": "quality",
        "Did you experience any technical difficulties?": "difficulties",
        # The question's line break is a space in its name.
        "What, if anything, could be improved? (Please be specific)": "improvements",
    }
    counts = rating_counts(db)
    assert counts["How would you rate the workshop overall?"] == {5: 2, 4: 1, 3: 1, 2: 0, 1: 0}
    assert counts[
        "Please rate the following aspects of the workshop, from Excellent to Poor: "
        "[Quality of the presentations]"
    ] == {5: 2, 4: 2, 3: 0, 2: 0, 1: 0}
    assert choice_counts(db) == {
        "Which sessions did you attend?": {
            "Data and statistics": 3,
            "Opening plenary": 3,
            "Policy, planning and budgeting": 3,
            "Other (please specify)": 1,
        }
    }
    assert yes_no(db) == {"Did you experience any technical difficulties?": (1, 3)}
    # The respondent who typed an organization type counts under Other.
    assert sector_shares(db) == {
        "Academic Institutions": 50.0,
        "National Government": 25.0,
        "Other": 25.0,
    }
    assert [row[:3] for row in responses(db)] == [
        (3, "2022-09-06 11:35:12", True),
        (4, "2022-09-06 12:01:59", False),
        (5, "2022-09-06 13:20:30", True),
        (6, "2022-09-06 14:09:09", False),
    ]
    summary = event_summary(db, EVENT)
    improved = next(q for q in summary["text_questions"] if q["question"] == "improvements")
    assert improved["answers"] == ["Fewer slides, more discussion", "The sound, at times"]
    assert scalar(db, "select count(*) from contacts where first_name is not null") == 0


def test_surveymonkey_two_header_rows_fill_forward(event_db):
    result = import_survey(event_db, FORMS / "surveymonkey_export.csv")
    assert_surveymonkey_numbers(event_db, result)


def test_surveymonkey_workbook_reads_the_same(event_db, tmp_path):
    rows = csv_rows(FORMS / "surveymonkey_export.csv")
    header_rows = [[cell or None for cell in row] for row in rows[:2]]
    body = []
    for row in rows[2:]:
        cells: list = [cell or None for cell in row]
        cells[0], cells[1] = int(row[0]), int(row[1])
        for index in (2, 3):  # Excel holds the dates as dates
            cells[index] = dt.datetime.strptime(row[index], "%m/%d/%Y %I:%M:%S %p")
        body.append(cells)
    path = write_xlsx(tmp_path / "Data_All_220906.xlsx", [*header_rows, *body])
    assert_surveymonkey_numbers(event_db, import_survey(event_db, path))


# --- LimeSurvey ----------------------------------------------------------------------------


def test_limesurvey_codes_and_text_headings_bom_crlf_quoted(event_db):
    raw = (FORMS / "limesurvey_codes_and_text.csv").read_bytes()
    assert raw.startswith(b'\xef\xbb\xbf"id. Response ID";') and b"\r\n" in raw
    result = import_survey(event_db, FORMS / "limesurvey_codes_and_text.csv")
    assert result.source == "limesurvey"
    report = result.kinds[0]
    assert (report.rows_read, report.rows_imported) == (5, 4)
    assert report.excluded == {"incomplete responses (not submitted)": 1}
    assert report.column_map["interviewtime. Total time"] == "ignored"
    assert report.column_map["G01Q01Time. Question time: G01Q01"] == "ignored"
    assert report.column_map["ipaddr. IP address"] == "ignored"
    assert report.column_map["G01Q07. Gender"] == "gender"
    assert indicators(event_db) == {
        "How would you rate the workshop overall?": "overall_rating",
        "Which sessions did you attend?": None,
        "Which sessions did you attend? [Other]": None,
        "Please rate [Relevance of the theme]": "relevance",
        "Please rate [Quality of the presentations]": "quality",
        "Did you experience any technical difficulties?": "difficulties",
        "Any other comments?": "other_comments",
    }
    assert choice_counts(event_db) == {
        "Which sessions did you attend?": {
            "Data and statistics": 3,
            "Opening plenary": 3,
            "Policy, planning and budgeting": 3,
            "Other": 1,
        }
    }
    assert rating_counts(event_db)["Please rate [Quality of the presentations]"] == {
        5: 2,
        4: 2,
        3: 0,
        2: 0,
        1: 0,
    }
    assert yes_no(event_db) == {"Did you experience any technical difficulties?": (1, 3)}
    assert sector_shares(event_db) == {
        "Academic Institutions": 50.0,
        "Local or Regional Government": 25.0,
        "National Government": 25.0,
    }
    gender = query(event_db, "participants_by_gender", event_id=EVENT)
    respondents = gender[gender["stage"] == "respondents"]
    assert dict(zip(respondents["gender"], respondents["count"], strict=True)) == {
        "Female": 2,
        "Male": 2,
    }
    assert [row[:2] for row in responses(event_db)] == [
        (2, "2022-09-06 11:40:02"),
        (3, "2022-09-06 11:52:45"),
        (5, "2022-09-06 12:30:00"),
        (6, "2022-09-06 13:05:09"),
    ]


def test_limesurvey_code_headings_name_questions_by_code(event_db):
    result = import_survey(event_db, FORMS / "limesurvey_codes.csv")
    assert result.source == "limesurvey"
    assert result.kinds[0].excluded == {"incomplete responses (not submitted)": 1}
    assert question_kinds(event_db) == {
        "Q1": "rating",
        "Q2": "yes_no",
        "Q3": "multiple_choice",
        "Q4": "text",
    }
    assert rating_counts(event_db) == {"Q1": {5: 1, 4: 2, 3: 1, 2: 0, 1: 0}}
    assert yes_no(event_db) == {"Q2": (1, 3)}
    assert choice_counts(event_db) == {"Q3": {"SQ001": 3, "SQ002": 3, "SQ003": 2}}
    # 1980-01-01 is LimeSurvey's submit date for surveys that record no dates: no date.
    assert [row[1] for row in responses(event_db)] == [
        "2022-09-06 11:40:02",
        "2022-09-06 11:52:45",
        "2022-09-06 12:30:00",
        None,
    ]


# --- the user's corrections, and what stays out ---------------------------------------------


def test_a_column_override_turns_a_question_away_or_into_a_field(event_db):
    result = import_survey(
        event_db,
        FORMS / "google_forms_download.csv",
        column_overrides={"What could be improved?": "ignore", "Country": "question"},
    )
    assert result.kinds[0].column_map["What could be improved?"] == "ignored"
    assert result.kinds[0].column_map["Country"] == "question"
    assert "What could be improved?" not in indicators(event_db)
    assert question_kinds(event_db)["Country"] == "text"  # six countries, each named once
    assert [row[3] for row in responses(event_db)] == [None] * 6


def test_a_survey_tool_file_offered_as_attendance_is_refused(event_db):
    with pytest.raises(FileRefused, match="is a KoboToolbox export of survey responses"):
        import_file(event_db, FORMS / "kobo_export.csv", EVENT, ImportOptions(kind="attendance"))


# --- the shared pieces ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Type of organization", "sector"),
        ("Which sector do you work in?", "sector"),
        ("What type of institution do you represent?", "sector"),
        ("Type d'organisation", "sector"),
        ("Dans quel secteur travaillez-vous ?", "sector"),
        ("Tipo de organización", "sector"),
        ("¿En qué sector trabaja?", "sector"),
        ("Country", "country"),
        ("Which country are you from?", "country"),
        ("Pays de résidence", "country"),
        ("País", "country"),
        ("Gender", "gender"),
        ("Sexe", "gender"),
        ("Género", "gender"),
        ("E-mail address", "email"),
        ("Correo electrónico", "email"),
        ("How relevant was the forum to your country's priorities?", None),
        ("Which topics (e.g. gender equality, climate) interest you?", None),
        ("Would you like e-mail updates about future events?", None),
        ("Private sector engagement: what worked?", None),
    ],
)
def test_respondent_fields_are_recognised_by_how_the_question_asks(header, field):
    assert respondent_field(header) == field


def test_comma_joined_checkboxes_split_on_known_options_only():
    answers = [
        "Water, Sanitation and Hygiene",
        "Water, Sanitation and Hygiene, Energy",
        "Energy",
        "Energy, Policy, planning and budgeting",
        "Policy, planning and budgeting, Water, Sanitation and Hygiene",
        None,
    ]
    assert split_comma_joined_choices("Which topics interest you?", answers) == [
        "Water, Sanitation and Hygiene",
        "Water, Sanitation and Hygiene;Energy",
        "Energy",
        "Energy;Policy, planning and budgeting",
        "Policy, planning and budgeting;Water, Sanitation and Hygiene",
        None,
    ]


def test_free_text_with_commas_is_not_taken_for_checkboxes():
    answers = ["Great, thanks", "Good, but too long", "Great", "Useful, thanks, very"]
    assert split_comma_joined_choices("Your impressions", answers) is None


def test_kobo_group_paths_come_off_but_a_label_with_a_slash_stays_whole():
    names = kobo._without_group_paths(
        ["group_feedback/overall", "Country/territory", "Feedback/Rating", "Feedback/Comments"]
    )
    assert names == {
        "group_feedback/overall": "overall",
        "Country/territory": "Country/territory",
        "Feedback/Rating": "Rating",
        "Feedback/Comments": "Comments",
    }


def test_timestamps_as_iso_reads_each_tools_style():
    assert timestamps_as_iso(
        [
            "2022/03/10 1:19:08 PM GMT+9",
            "2022/03/10 11:05:00 AM GMT-5",
            "2022-09-06T10:09:40.000+03:00",
            "2022-09-06T07:09:52",
            "3/18/2020 18:42:10",
            "09/06/2022 11:35:12 AM",
            None,
            "not a date",
        ]
    ) == [
        "2022-03-10 13:19:08",
        "2022-03-10 11:05:00",
        "2022-09-06 10:09:40",
        "2022-09-06 07:09:52",
        "2020-03-18 18:42:10",
        "2022-09-06 11:35:12",
        None,
        "not a date",
    ]


def test_timestamps_read_day_first_when_a_value_only_fits_day_first():
    assert timestamps_as_iso(["06/09/2022 10:00:00", "13/09/2022 18:42:10"]) == [
        "2022-09-06 10:00:00",
        "2022-09-13 18:42:10",
    ]
