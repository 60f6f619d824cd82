"""Real exports, as the tools really write them (issue 10): each pattern a real file showed,
in a small synthetic file (example.org addresses), imported through `import_file` with no
source and no kind, asserting the figures that come out."""

from __future__ import annotations

from pathlib import Path

import pytest

from surveydash.analytics import event_summary, query, records
from surveydash.importer import ImportOptions, import_file
from surveydash.tabular import FileRefused
from tests.conftest import write_csv

EVENT = "forum-2022"


def imported(db, path, **options):
    return import_file(db, path, EVENT, ImportOptions(**options))


def kinds_of(result) -> dict[str, str]:
    return {q["text"]: q["kind"] for report in result.kinds for q in report.questions}


def question(result, text: str) -> dict:
    return next(q for report in result.kinds for q in report.questions if q["text"] == text)


def headline(db) -> dict:
    return records(query(db, "event_headline", event_id=EVENT))[0]


# -- 1. numbers that are not ratings ----------------------------------------------------------

NUMBERS_SURVEY = (
    "Timestamp,How would you rate the event overall?,Engagement score,"
    "How many people work in your unit?,Respondent ID,District,Rate the speakers (1-5)\n"
    "2022-09-06 12:00,5,7.5,12,1001,3,4\n"
    "2022-09-06 12:01,4,1.2,3,1002,14,5\n"
    "2022-09-06 12:02,4,10,40,1003,3,7\n"
    "2022-09-06 12:03,2,0,,1004,27,3\n"
)


def test_numbers_without_evidence_of_a_rating_are_number_questions(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "survey.csv", NUMBERS_SURVEY))
    assert result.status == "imported"
    assert kinds_of(result) == {
        "How would you rate the event overall?": "rating",
        "Engagement score": "number",
        "How many people work in your unit?": "number",
        "District": "number",
        # 7 does not fit the stated 1-5: a number question, not a refusal.
        "Rate the speakers (1-5)": "number",
    }
    # A respondent id is personal data (it names one person): held back, never a question.
    assert result.kinds[0].column_map["Respondent ID"] == "personal"
    summary = event_summary(event_db, EVENT)
    assert summary["responses"] == 4
    [rating] = summary["ratings"]
    assert (rating["n"], rating["mean"], rating["scale_max"]) == (4, 3.75, 5)
    numbers = {n["text"]: n for n in summary["numbers"]}
    engagement = numbers["Engagement score"]
    assert (engagement["n"], engagement["mean"], engagement["median"]) == (4, 4.67, 4.35)
    staff = numbers["How many people work in your unit?"]
    assert (staff["n"], staff["mean"], staff["median"], staff["max"]) == (3, 18.33, 12.0, 40.0)
    assert sum(b["count"] for b in staff["bins"]) == 3
    # No identifier is stored as a question.
    texts = [row[0] for row in event_db.cursor().execute("select text from questions").fetchall()]
    assert "Respondent ID" not in texts


def test_yes_no_coded_1_and_2_is_no_rating(event_db, tmp_path):
    path = write_csv(
        tmp_path / "survey.csv",
        "Timestamp,Do you work for government?,Comments\n"
        "2022-09-06 12:00,1,Good\n2022-09-06 12:01,2,Fine\n2022-09-06 12:02,1,Great\n",
    )
    assert kinds_of(imported(event_db, path))["Do you work for government?"] == "number"


# -- 4. scales -------------------------------------------------------------------------------

SCALES_SURVEY = (
    "Timestamp,How was the venue?,The content was relevant to my work,"
    "Did you have connection problems?\n"
    "2022-09-06 12:00,Very good,Strongly agree (7),No\n"
    "2022-09-06 12:01,Good,Somewhat agree (5),N/A\n"
    "2022-09-06 12:02,Very bad,Not applicable (8),Yes\n"
    "2022-09-06 12:03,N/A,Agree (6),No\n"
    "2022-09-06 12:04,Good,I don't know,No\n"
)


def test_label_scales_and_answers_set_apart(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "survey.csv", SCALES_SURVEY))
    venue = question(result, "How was the venue?")
    assert (venue["kind"], venue["scale_min"], venue["scale_max"]) == ("rating", 1, 5)
    assert venue["labels"]["5"] == "Very good" and venue["labels"]["1"] == "Very bad"
    assert venue["set_apart"] == 1
    agreement = question(result, "The content was relevant to my work")
    assert (agreement["kind"], agreement["scale_max"]) == ("rating", 7)
    assert agreement["set_apart"] == 2
    assert (
        "assumed the scale Strongly agree ... Strongly disagree ('agreement-7', 7 points)"
        in (agreement["scale_note"])
    )
    difficulties = question(result, "Did you have connection problems?")
    assert (difficulties["kind"], difficulties["set_apart"]) == ("yes_no", 1)

    summary = event_summary(event_db, EVENT)
    ratings = {r["text"]: r for r in summary["ratings"]}
    # Very good 5, Good 4, Very bad 1, Good 4: N/A is neither in n nor in the mean.
    assert (ratings["How was the venue?"]["n"], ratings["How was the venue?"]["mean"]) == (4, 3.5)
    assert ratings["How was the venue?"]["set_apart"] == 1
    relevant = ratings["The content was relevant to my work"]
    assert (relevant["n"], relevant["mean"], relevant["set_apart"]) == (3, 6.0, 2)
    [yes_no] = summary["yes_no"]
    assert (yes_no["n"], yes_no["yes"], yes_no["no"]) == (4, 1, 3)


@pytest.mark.parametrize(
    ("answers", "scale", "mean"),
    [
        # Two labels of Very good ... Very bad are its points 5 and 4, not 4 and 3 of
        # Excellent ... Poor.
        (["Very good", "Good", "Good"], "Very good ... Very bad", 4.33),
        (["Excellent", "Very good", "Good"], None, 4.0),
    ],
)
def test_a_partly_known_label_set_says_which_scale_was_assumed(
    event_db, tmp_path, answers, scale, mean
):
    rows = "".join(f"2022-09-06 12:0{i},{a}\n" for i, a in enumerate(answers))
    result = imported(
        event_db, write_csv(tmp_path / "survey.csv", "Timestamp,The catering\n" + rows)
    )
    note = question(result, "The catering")["scale_note"]
    if scale is None:
        assert note is not None and "Excellent ... Poor" in note
    else:
        assert scale in note
    assert event_summary(event_db, EVENT)["ratings"][0]["mean"] == mean


# -- 2. rows the tools themselves write oddly: left out, counted, never a refusal ----------------


def report_of(result, kind: str):
    return next(report for report in result.kinds if report.kind == kind)


# Upgraded to panelist, a status this reader does not know, Other Attended without an Email
# column, and a last line of nothing but "".
WEBINAR_ODD_ROWS = Path(__file__).parent / "fixtures" / "zoom" / "webinar_odd_rows.csv"


def test_a_webinar_report_with_odd_rows_imports_and_counts_them(event_db, tmp_path):
    result = imported(event_db, WEBINAR_ODD_ROWS)
    assert result.source == "zoom-webinar"
    registrations = report_of(result, "registrations")
    attendance = report_of(result, "attendance")
    assert registrations.excluded["registrants upgraded to panelist, not participants"] == 1
    assert attendance.excluded["registrants upgraded to panelist, not participants"] == 1
    assert (
        registrations.excluded[
            "joined without registering, listed under Other Attended without an e-mail"
        ]
        == 1
    )
    assert (
        registrations.excluded["approval status 'waitlisted', not a registration this reader knows"]
        == 1
    )
    figures = headline(event_db)
    # Ann and Cy registered (Cy did not come); Ann attended (Di's status is no registration,
    # but she joined: her join counts).
    assert (figures["registrations"], figures["attendees"]) == (2, 2)


ZOOM_PEOPLE = (
    "First name,Last name,Email,Authentication status,Engagement score,Participation,"
    "Ticket type,Sessions attended,Sessions registered,Total time spent(Minutes),"
    "Lobby attendance,Last registration time,Organization,Job title,Industry,"
    "Country/Region,Phone,First join time,Last exit time,What is your type of organization?\n"
    "Ann,One,ann.one@example.org,Authenticated,7.5,Live,General,1,1,52,No,"
    '"Tue, Apr 21, 2026 9:15 AM CDT",Ministry of Finance,Analyst,Government,Kenya,N/A,'
    '"Tue, May 5, 2026 2:40 PM CDT","Tue, May 5, 2026 3:32 PM CDT",National Government\n'
    "Bo,Two,bo.two@example.org,Authenticated,0,Lobby only,General,0,1,0,Yes,"
    '"Wed, Apr 22, 2026 10:00 AM CDT",N/A,N/A,N/A,Ghana,N/A,N/A,N/A,Academia\n'
    "Cy,Three,cy.three@example.org,Guest,N/A,Absent,General,0,1,N/A,No,"
    '"Thu, Apr 23, 2026 11:00 AM CDT",City of Lima,Officer,N/A,Peru,N/A,N/A,N/A,N/A\n'
    "Di,Four,di.four@example.org,Authenticated,3.25,Live,General,1,1,12,No,"
    '"Thu, Apr 23, 2026 11:30 AM CDT",Uni,Lecturer,Education,Mexico,N/A,'
    '"Tue, May 5, 2026 2:50 PM CDT","Tue, May 5, 2026 3:02 PM CDT",Academic Institutions\n'
)


def test_zoom_current_webinar_people_export(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "people.csv", ZOOM_PEOPLE))
    assert result.source == "zoom-people"
    attendance = report_of(result, "attendance")
    assert attendance.excluded == {
        "in the lobby only: did not attend": 1,
        "registrants who did not attend": 1,
    }
    figures = headline(event_db)
    assert (figures["registrations"], figures["attendees"]) == (4, 2)
    assert (figures["registration_countries"], figures["attendee_countries"]) == (4, 2)
    cursor = event_db.cursor()
    assert cursor.execute(
        "select strftime(join_time, '%Y-%m-%d %H:%M'), minutes from attendance order by 1"
    ).fetchall() == [("2026-05-05 14:40", 52.0), ("2026-05-05 14:50", 12.0)]
    assert cursor.execute(
        "select strftime(registered_at, '%Y-%m-%d %H:%M') from registrations order by 1"
    ).fetchall()[0] == ("2026-04-21 09:15",)
    # Zoom's N/A is no organization and no sector; the sector question wins over Industry.
    assert cursor.execute(
        "select count(*) from registrations where organization = 'N/A' or sector_raw = 'N/A'"
    ).fetchall() == [(0,)]
    assert cursor.execute(
        "select sector from registrations order by source_row limit 1"
    ).fetchall() == [("National Government",)]


EVENTBRITE_INFO_REQUESTED = (
    "Order #,Order Date,First Name,Last Name,Email,Quantity,Ticket Type,Attendee #,"
    "Attendee Status,Country\n"
    "1001,2022-08-15 10:23:45-04:00,Ann,One,ann.one@example.org,1,General,5001,Checked In,Kenya\n"
    "1002,2022-08-16 10:23:45-04:00,Info Requested,Info Requested,Info Requested,1,General,"
    "5002,Attending,\n"
    "1003,2022-08-17 10:23:45-04:00,Bo,Two,bo.two@example.org,1,General,5003,Attending,Ghana\n"
)


def test_eventbrite_tickets_without_attendee_details_are_left_out_and_counted(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "eventbrite.csv", EVENTBRITE_INFO_REQUESTED))
    assert result.source == "eventbrite"
    registrations = report_of(result, "registrations")
    assert registrations.excluded == {
        "tickets whose attendee details were not collected (Info Requested)": 1
    }
    figures = headline(event_db)
    assert (figures["registrations"], figures["attendees"]) == (2, 1)


def test_a_trailing_empty_quoted_line_and_na_dates_are_no_problem(event_db, tmp_path):
    path = write_csv(
        tmp_path / "registrations.csv",
        "email,country,registered_at\n"
        "a@example.org,Kenya,2022-08-01 10:00\n"
        "b@example.org,Peru,N/A\n"
        '""\n',
    )
    result = imported(event_db, path, kind="registrations")
    assert result.kinds[0].rows_imported == 2
    assert result.kinds[0].excluded == {"empty lines (nothing but quotes or delimiters)": 1}
    assert headline(event_db)["registrations"] == 2


def test_zoom_meeting_guests_without_an_address_are_counted_apart(event_db, tmp_path):
    path = write_csv(
        tmp_path / "participants.csv",
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        "Ann One,ann.one@example.org,09/06/2022 09:00:00 AM,09/06/2022 10:00:00 AM,60,No\n"
        "iPhone,,09/06/2022 09:05:00 AM,09/06/2022 09:55:00 AM,50,Yes\n"
        "Guest 2,,09/06/2022 09:10:00 AM,09/06/2022 09:20:00 AM,10,Yes\n",
    )
    result = imported(event_db, path)
    assert result.source == "zoom-meeting"
    assert result.kinds[0].excluded == {
        "attendees without an e-mail address (guests): counted apart": 2
    }
    assert headline(event_db)["attendees"] == 1


# -- 3. detection from the whole header, in the tools' other languages ------------------------

LIMESURVEY_FRENCH = (
    "\ufeff"
    '"ID de la réponse";"Date de soumission";"Dernière page";"Langue de départ";'
    '"Tête de série";"Date de lancement";"Date de la dernière action";"Adresse IP";'
    '"Comment évaluez-vous l\'atelier dans l\'ensemble ?";"Avez-vous rencontré des difficultés ?";'
    '"Commentaires"\r\n'
    '"1";"2022-09-06 11:40:02";"2";"fr";"123";"2022-09-06 11:31:10";"2022-09-06 11:40:02";'
    '"198.51.100.7";"Très bien";"Non";"Merci"\r\n'
    '"2";"2022-09-06 11:52:45";"2";"fr";"124";"2022-09-06 11:45:00";"2022-09-06 11:52:45";'
    '"198.51.100.8";"Excellent";"Oui";""\r\n'
    '"3";"";"1";"fr";"125";"2022-09-06 11:50:00";"2022-09-06 11:51:00";'
    '"198.51.100.9";"";"";""\r\n'
)


def test_limesurvey_exported_by_a_french_admin(event_db, tmp_path):
    path = tmp_path / "results-survey123.csv"
    path.write_bytes(LIMESURVEY_FRENCH.encode("utf-8"))
    result = imported(event_db, path)
    assert result.source == "limesurvey"
    report = result.kinds[0]
    assert report.excluded == {"incomplete responses (not submitted)": 1}
    assert report.column_map["Adresse IP"] == "ignored"
    assert report.column_map["Date de soumission"] == "submitted_at"
    assert kinds_of(result) == {
        "Comment évaluez-vous l'atelier dans l'ensemble ?": "rating",
        "Avez-vous rencontré des difficultés ?": "yes_no",
        "Commentaires": "text",
    }
    summary = event_summary(event_db, EVENT)
    assert summary["responses"] == 2
    assert (summary["ratings"][0]["n"], summary["ratings"][0]["mean"]) == (2, 4.5)
    # No IP address is stored anywhere but nowhere at all.
    assert event_db.cursor().execute(
        "select count(*) from answers where value_text like '198.51.100.%'"
    ).fetchall() == [(0,)]


SURVEYMONKEY_WITHOUT_COLLECTOR = (
    "Respondent ID,Start Date,End Date,How would you rate the workshop overall?,"
    "Which sessions did you attend?,,\n"
    ",,,Response,Opening plenary,Data and statistics\n"
    "11432109876,09/06/2022 11:02:40 AM,09/06/2022 11:35:12 AM,Excellent,Opening plenary,"
    "Data and statistics,\n"
    "11432109877,09/06/2022 11:03:40 AM,09/06/2022 11:36:12 AM,Good,,Data and statistics,"
    "Other sessions\n"
    "11432109878,09/13/2022 11:03:40 AM,09/13/2022 11:36:12 AM,Very good,Opening plenary,,\n"
)


def test_surveymonkey_without_collector_id_and_with_columns_past_the_last_title(event_db, tmp_path):
    path = write_csv(tmp_path / "Workshop feedback.csv", SURVEYMONKEY_WITHOUT_COLLECTOR)
    result = imported(event_db, path)
    assert result.source == "surveymonkey"
    report = result.kinds[0]
    assert report.rows_imported == 3 and not result.problems
    assert kinds_of(result)["How would you rate the workshop overall?"] == "rating"
    summary = event_summary(event_db, EVENT)
    assert (summary["ratings"][0]["n"], summary["ratings"][0]["mean"]) == (3, 4.0)
    stored = (
        event_db.cursor()
        .execute("select strftime(submitted_at, '%Y-%m-%d') from responses order by source_row")
        .fetchall()
    )
    assert stored == [("2022-09-06",), ("2022-09-06",), ("2022-09-13",)]


# -- 5. layout details -------------------------------------------------------------------------


def write_xlsx(path: Path, rows: list[list], sheet: str) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    # Formatted but empty rows after the data, as a Google Sheet downloads them.
    fill = PatternFill("solid", fgColor="FFFF00")
    for row in range(len(rows) + 1, len(rows) + 40):
        for column in range(1, 4):
            worksheet.cell(row=row, column=column).fill = fill
    workbook.save(path)
    return path


def test_kobo_option_labels_with_a_slash(event_db, tmp_path):
    question = "Which sectors do you work with?"
    options = ["Government / public sector", "NGO", "Academia / research"]
    header = [
        "start",
        "end",
        "How would you rate the training overall?",
        question,
        *(f"{question}/{option}" for option in options),
        "_id",
        "_uuid",
        "_submission_time",
        "_index",
    ]
    rows = [
        ["2022-09-06T10:00:00", "2022-09-06T10:05:00", "Excellent",
         "government_public_sector ngo", "1", "1", "0", "1", "u1", "2022-09-06T07:05:00", "1"],
        ["2022-09-06T10:00:00", "2022-09-06T10:06:00", "Good",
         "academia_research", "0", "0", "1", "2", "u2", "2022-09-06T07:06:00", "2"],
        ["2022-09-06T10:00:00", "2022-09-06T10:07:00", "Very good",
         "government_public_sector", "1", "0", "0", "3", "u3", "2022-09-06T07:07:00", "3"],
        ["2022-09-06T10:00:00", "2022-09-06T10:08:00", "Good",
         "ngo academia_research", "0", "1", "1", "4", "u4", "2022-09-06T07:08:00", "4"],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "kobo.xlsx", [header, *rows], sheet="Training feedback")
    result = imported(event_db, path)
    assert result.source == "kobo"
    assert kinds_of(result) == {
        "How would you rate the training overall?": "rating",
        question: "multiple_choice",
    }
    counts = {
        row["option"]: row["count"]
        for row in records(query(event_db, "choice_distribution", event_id=EVENT))
    }
    assert counts == {"Government / public sector": 2, "NGO": 2, "Academia / research": 2}


def test_microsoft_forms_sheet1_with_anonymous_respondents(event_db, tmp_path):
    header = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "How satisfied were you with the webinar?",
        "Comments",
    ]
    rows = [
        [1, "9/6/22 10:00:00", "9/6/22 10:05:00", "anonymous", None, "Very satisfied", "Good"],
        [2, "9/6/22 10:01:00", "9/6/22 10:06:00", "anonymous", None, "Satisfied", None],
        [3, "9/13/22 10:02:00", "9/13/22 10:07:00", "anonymous", None, "Neutral", "Ok"],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "Webinar feedback.xlsx", [header, *rows], sheet="Sheet1")
    result = imported(event_db, path)
    assert result.source == "microsoft-forms"
    assert result.kinds[0].rows_imported == 3 and result.kinds[0].people == 0
    summary = event_summary(event_db, EVENT)
    assert (summary["responses"], summary["ratings"][0]["mean"]) == (3, 4.0)
    assert event_db.cursor().execute("select count(*) from contacts").fetchall() == [(0,)]


def test_google_forms_csv_with_an_empty_row_after_the_header(event_db, tmp_path):
    path = write_csv(
        tmp_path / "Feedback (Responses).csv",
        "Timestamp,How would you rate the event overall?,Any other comments?\n"
        ",,\n"
        "2022/09/06 1:19:08 PM GMT+9,5,Great\n"
        "2022/09/06 1:25:40 PM GMT+9,4,\n",
    )
    result = imported(event_db, path)
    assert result.source == "google-forms"
    assert result.kinds[0].rows_imported == 2 and not result.problems
    assert event_summary(event_db, EVENT)["ratings"][0]["mean"] == 4.5


def test_google_sheet_xlsx_with_formatted_empty_rows_and_a_sheet_name_with_a_space(
    event_db, tmp_path
):
    header = ["Timestamp", "How useful was the session?", "What could be improved?"]
    rows = [
        ["2022-09-06 13:19:08", "Very useful", "More time"],
        ["2022-09-06 13:25:40", "Extremely useful", None],
        ["2022-09-06 13:30:00", "Somewhat useful", "Slides"],
    ]
    path = write_xlsx(tmp_path / "Feedback.xlsx", [header, *rows], sheet="Form Responses 1 ")
    result = imported(event_db, path)
    assert result.source == "google-forms"
    assert result.kinds[0].rows_imported == 3 and not result.problems
    assert event_summary(event_db, EVENT)["ratings"][0]["mean"] == 4.0


def test_the_analyst_chooses_another_scale_for_a_partly_known_label_set(event_db, tmp_path):
    rows = "".join(f"2022-09-06 12:0{i},{a}\n" for i, a in enumerate(["Very good", "Good"]))
    path = write_csv(tmp_path / "survey.csv", "Timestamp,The catering\n" + rows)
    result = imported(event_db, path, question_scales={"The catering": "quality"})
    catering = question(result, "The catering")
    assert "Excellent ... Poor ('quality', 5 points)" in catering["scale_note"]
    # On Excellent ... Poor, Very good is 4 and Good 3.
    assert event_summary(event_db, EVENT)["ratings"][0]["mean"] == 3.5


def test_the_cli_names_the_assumed_scale_and_refuses_an_unknown_one(event_db, tmp_path, capsys):
    from surveydash.cli import main

    rows = "".join(f"2022-09-06 12:0{i},{a}\n" for i, a in enumerate(["Very good", "Good"]))
    path = write_csv(tmp_path / "survey.csv", "Timestamp,The catering\n" + rows)
    database = tmp_path / "cli.duckdb"
    assert main(["event", "add", EVENT, "--title", "F", "--start", "2022-09-06",
                 "--db", str(database)]) in (0, None)  # fmt: skip
    capsys.readouterr()
    code = main(["import", str(path), "--event", EVENT, "--scale", "The catering=stars",
                 "--db", str(database)])  # fmt: skip
    assert code == 1
    assert "column 'The catering': unknown scale 'stars'" in capsys.readouterr().err
    code = main(["import", str(path), "--event", EVENT, "--db", str(database)])
    assert code in (0, None)
    assert "('goodness', 5 points)" in capsys.readouterr().out


CURRENT_MEETING_REPORT = (
    "Topic,ID,Duration (minutes),Start time,End time,Participants\n"
    'Budget clinic,812 3456 7890,77,"09/06/2022 08:30:26 AM","09/06/2022 09:46:50 AM",4\n'
    "\n"
    "Name (original name),Email,Join time,Leave time,Duration (minutes),Guest,"
    "Recording disclaimer response,In waiting room\n"
    'Ann One,ann.one@example.org,"09/06/2022 08:29:00 AM","09/06/2022 08:31:00 AM",2,No,,Yes\n'
    'Ann One,ann.one@example.org,"09/06/2022 08:31:00 AM","09/06/2022 09:30:00 AM",59,No,OK,No\n'
    'Bo Two,bo.two@example.org,"09/06/2022 08:40:00 AM","09/06/2022 09:40:00 AM",60,No,OK,No\n'
    'Guest phone,,"09/06/2022 08:45:00 AM","09/06/2022 09:00:00 AM",15,Yes,OK,No\n'
)


def test_current_zoom_meeting_report_with_waiting_room_rows(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "participants.csv", CURRENT_MEETING_REPORT))
    assert result.source == "zoom-meeting"
    assert result.kinds[0].excluded == {
        "time in the waiting room, not in the meeting": 1,
        "attendees without an e-mail address (guests): counted apart": 1,
    }
    assert headline(event_db)["attendees"] == 2
    assert event_db.cursor().execute("select sum(minutes) from attendance").fetchall() == [(119.0,)]


def test_a_meeting_report_with_the_meeting_in_every_row(event_db, tmp_path):
    path = write_csv(
        tmp_path / "participants.csv",
        "Topic,Meeting ID,Name (Original Name),User Email,Join Time,Leave Time,"
        "Duration (Minutes)\n"
        "Week 4,987654321,Ann One,ann.one@example.org,2022-09-06 09:00:00,"
        "2022-09-06 09:58:00,58\n"
        "Week 4,987654321,Bo Two,bo.two@example.org,2022-09-06 09:03:00,2022-09-06 09:55:00,52\n",
    )
    result = imported(event_db, path)
    assert result.source == "zoom-meeting"
    assert headline(event_db)["attendees"] == 2


def test_a_number_question_worded_like_a_rating_indicator_is_not_compared(event_db, tmp_path):
    path = write_csv(
        tmp_path / "survey.csv",
        "Timestamp,Overall rating\n2022-09-06 12:00,4.5\n2022-09-06 12:01,3\n",
    )
    result = imported(event_db, path)
    overall = question(result, "Overall rating")
    assert (overall["kind"], overall["indicator"]) == ("number", None)


def test_a_dry_run_does_not_hold_the_write_lock(event_db, tmp_path):
    import threading

    path = write_csv(tmp_path / "registrations.csv", "email\na@example.org\n")
    held = threading.Event()
    release = threading.Event()

    def writer():
        with event_db.write_lock:
            held.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    held.wait(10)
    try:
        # Another writer holds the lock: the preview still comes back.
        result = imported(event_db, path, kind="registrations", dry_run=True)
        assert result.status == "dry-run"
    finally:
        release.set()
        thread.join()


def test_a_generic_survey_email_column_holding_no_address_is_no_respondent_key(event_db, tmp_path):
    path = write_csv(
        tmp_path / "survey.csv",
        "Timestamp,Email,How would you rate the event overall?\n"
        "2022-09-06 12:00,anonymous,5\n"
        "2022-09-06 12:01,N/A,4\n"
        "2022-09-06 12:02,ann.one@example.org,4\n",
    )
    result = imported(event_db, path, kind="survey")
    assert result.kinds[0].rows_imported == 3 and result.kinds[0].people == 1
    cursor = event_db.cursor()
    assert cursor.execute("select count(participant_id) from responses").fetchall() == [(1,)]
    assert cursor.execute("select email from contacts").fetchall() == [("ann.one@example.org",)]


def test_a_generic_survey_email_with_an_at_sign_that_is_no_address_is_named(event_db, tmp_path):
    path = write_csv(
        tmp_path / "survey.csv",
        "Timestamp,Email,How would you rate the event overall?\n2022-09-06 12:00,ann@,5\n",
    )
    with pytest.raises(FileRefused, match="row 2, column 'Email': 'ann@' is not an e-mail"):
        imported(event_db, path, kind="survey")
