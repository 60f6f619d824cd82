"""Personal data stays out: columns judged by header and content, text scrubbed, and a planted
set of people found nowhere but `contacts` (no other table, no CLI output, not the export, no
page)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from surveydash import cli, settings
from surveydash.db import Database
from surveydash.personal_data import (
    EMAIL_REMOVED,
    IP_REMOVED,
    NAME_REMOVED,
    PHONE_REMOVED,
    PersonalKind,
    classify_column,
    full_names,
    header_kind,
    looks_like_registrations,
    mask,
    scrub_names,
    scrub_text,
)
from tests.conftest import base_tables

# -- the rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Full name", PersonalKind.NAME),
        ("First name", PersonalKind.NAME),
        ("Last Name", PersonalKind.NAME),
        ("Nom", PersonalKind.NAME),
        ("Nom complet", PersonalKind.NAME),
        ("Prénom", PersonalKind.NAME),
        ("Nombre", PersonalKind.NAME),
        ("Apellidos", PersonalKind.NAME),
        ("E-mail", PersonalKind.EMAIL),
        ("Courriel", PersonalKind.EMAIL),
        ("Correo electrónico", PersonalKind.EMAIL),
        ("Adresse e-mail", PersonalKind.EMAIL),
        ("Adresse électronique", PersonalKind.EMAIL),
        ("Numéro de téléphone", PersonalKind.PHONE),
        ("Número de celular", PersonalKind.PHONE),
        ("Nom et prénom", PersonalKind.NAME),
        ("Apellidos y nombres", PersonalKind.NAME),
        ("Phone", PersonalKind.PHONE),
        ("Téléphone", PersonalKind.PHONE),
        ("Teléfono", PersonalKind.PHONE),
        ("IP Address", PersonalKind.IP_ADDRESS),
        ("Adresse IP", PersonalKind.IP_ADDRESS),
        ("Dirección IP", PersonalKind.IP_ADDRESS),
        ("Respondent ID", PersonalKind.RESPONDENT_ID),
        ("Collector ID", PersonalKind.RESPONDENT_ID),
        ("ID de la réponse", PersonalKind.RESPONDENT_ID),
        ("LinkedIn profile", PersonalKind.SOCIAL_HANDLE),
        ("Twitter handle", PersonalKind.SOCIAL_HANDLE),
        ("Organization name", None),
        ("Nom de l'organisation", None),
        ("Nombre de participants", None),
        ("Country", None),
        ("How would you rate the Forum overall?", None),
    ],
)
def test_headers_say_what_personal_data_a_column_holds(header, kind):
    assert header_kind(header) == kind


def test_content_decides_whatever_the_header_says():
    addresses = [f"person{i}@example.org" for i in range(8)] + ["n/a", ""]
    assert classify_column("Stay in touch", addresses) == PersonalKind.EMAIL
    phones = ["+41 79 555 01 23", "(212) 555-0134", "0612345678", "no"]
    assert classify_column("Reach me", phones) == PersonalKind.PHONE
    assert classify_column("Source", ["203.0.113.7", "2001:db8::1"]) == PersonalKind.IP_ADDRESS
    # Times and dates are not phone numbers or IP addresses.
    assert classify_column("Start", ["10:30:00", "2022-09-06 14:30", "12/03/2022"]) is None


def test_a_question_worded_with_name_is_a_question_unless_answered_with_names():
    sentences = ["The session on budgets", "Using open data in planning", "Peer review"]
    assert classify_column("Name one thing you learned at the Forum?", sentences) is None
    names = ["Awa Diop", "Li Wei", "Ana Silva", "Jon Berg", "Mia Roth"]
    assert classify_column("What is your name?", names) == PersonalKind.NAME
    assert classify_column("Did you get our e-mail?", ["Yes", "No", "Yes"]) is None


def test_scrubbing_replaces_addresses_and_phones_in_text_and_counts_them():
    text, counts = scrub_text("Write to jane.doe@example.org or call +33 6 12 34 56 78, thanks")
    assert text == f"Write to {EMAIL_REMOVED} or call {PHONE_REMOVED}, thanks"
    assert counts == {"e-mail addresses": 1, "phone numbers": 1}
    # A bracket before the "+" goes with the number, not left behind.
    assert scrub_text("call (+975) 17-123-456 for feedback") == (
        f"call {PHONE_REMOVED} for feedback",
        {"phone numbers": 1},
    )
    for harmless in ("Sessions 2019-2022 were better", "on 2022-09-06 14:30", "rated 4.5 of 5"):
        assert scrub_text(harmless) == (harmless, {})
    assert mask("'o'brien@example.org' is not an e-mail address") == (
        f"'{EMAIL_REMOVED}' is not an e-mail address"
    )


def test_an_ip_address_in_text_is_removed_as_one():
    text, counts = scrub_text("blocked at 203.0.113.7. Version 1.2.3.4.5 is fine")
    assert text == f"blocked at {IP_REMOVED}. Version 1.2.3.4.5 is fine"
    assert counts == {"IP addresses": 1}


def test_names_known_from_elsewhere_are_removed_only_when_written_with_capitals():
    """A registrant's name may be common words ("Grace Hope"): the file's own name columns are
    removed however written, names known only from the event's registrations only when written
    as a name; a first or last name alone is never removed."""
    known = full_names([("Grace", "Hope"), ("Awa", "Diop")])
    text = "Thanks to Grace Hope and DIOP, Awa; grace and hope matter; grace hope; Hope spoke"
    assert scrub_names(text, set(), known) == (
        f"Thanks to {NAME_REMOVED} and {NAME_REMOVED}; grace and hope matter; grace hope; "
        "Hope spoke",
        2,
    )
    assert scrub_names(text, known)[0] == (
        f"Thanks to {NAME_REMOVED} and {NAME_REMOVED}; grace and hope matter; {NAME_REMOVED}; "
        "Hope spoke"
    )


def _import(db, path: Path, **options):
    from surveydash.importer import ImportOptions, import_file

    return import_file(db, path, "forum-2022", ImportOptions(**options))


def test_a_tool_readers_left_out_name_column_still_scrubs_those_names(event_db, tmp_path):
    """Google Forms' "Name" column is never staged; its names are still removed from answers."""
    path = _write(
        tmp_path / "form.csv",
        [
            ["Timestamp", "Email Address", "Name", "Country", "What was most useful?"],
            ["2022/09/06 1:19:08 PM GMT+9", "awa.diop@example.org", "Awa Diop", "Senegal",
             "Thanks to Li Wei for the notes"],
            ["2022/09/06 1:25:41 PM GMT+9", "li.wei@example.org", "Li Wei", "Kenya",
             "Awa Diop's case study; thanks to awa diop again"],
        ],
    )  # fmt: skip
    result = _import(event_db, path)
    assert result.source == "google-forms"
    assert result.kinds[0].scrubbed == {"names": 3}
    cursor = event_db.cursor()
    answers = [
        text for (text,) in cursor.execute(
            "select value_text from answers where value_text is not null order by response_id"
        ).fetchall()
    ]  # fmt: skip
    cursor.close()
    assert answers == [
        f"Thanks to {NAME_REMOVED} for the notes",
        f"{NAME_REMOVED}'s case study; thanks to {NAME_REMOVED} again",
    ]


def test_a_survey_scrubs_the_names_of_the_events_registrants(event_db, tmp_path):
    registered = _write(
        tmp_path / "registrations.csv",
        [["email", "first_name", "last_name"], ["grace.hope@example.org", "Grace", "Hope"],
         ["awa.diop@example.org", "Awa", "Diop"]],
    )  # fmt: skip
    _import(event_db, registered, kind="registrations")
    survey = _write(
        tmp_path / "survey.csv",
        [["submitted_at", "How would you rate the Forum overall?", "What was most useful?"],
         ["2022-09-07 10:00:00", "Excellent", "Grace Hope's talk; grace and hope matter"],
         ["2022-09-07 11:00:00", "Good", "Working with Awa DIOP"]],
    )  # fmt: skip
    result = _import(event_db, survey, kind="survey")
    assert result.kinds[0].scrubbed == {"names": 2}
    cursor = event_db.cursor()
    answers = [
        text for (text,) in cursor.execute(
            "select value_text from answers where value_text like '%a%' order by response_id"
        ).fetchall()
    ]  # fmt: skip
    cursor.close()
    assert answers == [
        f"{NAME_REMOVED}'s talk; grace and hope matter",
        f"Working with {NAME_REMOVED}",
    ]


def test_a_column_of_names_headed_participant_is_held_back_and_its_names_scrubbed(
    event_db, tmp_path
):
    path = _write(
        tmp_path / "survey.csv",
        [["submitted_at", "Participant", "Participant type", "What was most useful?"],
         ["2022-09-07 10:00:00", "Awa Diop", "Speaker", "Li Wei's talk"],
         ["2022-09-07 11:00:00", "Li Wei", "Guest", "Meeting Awa Diop"],
         ["2022-09-07 12:00:00", "Jon Berg", "Guest", "The slides"]],
    )  # fmt: skip
    result = _import(event_db, path, kind="survey")
    assert result.kinds[0].held_back == {"Participant": "names"}
    assert result.kinds[0].scrubbed == {"names": 2}
    assert [q["text"] for q in result.kinds[0].questions] == [
        "Participant type", "What was most useful?",
    ]  # fmt: skip


def test_a_column_of_the_events_registrants_names_is_held_back_whatever_its_header(
    event_db, tmp_path
):
    registered = _write(
        tmp_path / "registrations.csv",
        [["email", "first_name", "last_name"], ["awa.diop@example.org", "Awa", "Diop"],
         ["li.wei@example.org", "Li", "Wei"]],
    )  # fmt: skip
    _import(event_db, registered, kind="registrations")
    path = _write(
        tmp_path / "survey.csv",
        [["submitted_at", "Which speaker helped you most?", "How would you rate the Forum?"],
         ["2022-09-07 10:00:00", "awa diop", "Excellent"],
         ["2022-09-07 11:00:00", "Li Wei", "Good"]],
    )  # fmt: skip
    result = _import(event_db, path, kind="survey")
    assert result.kinds[0].held_back == {"Which speaker helped you most?": "names"}


def test_cli_keep_column_keeps_a_misjudged_column_and_the_report_and_audit_say_so(tmp_path, capsys):
    from surveydash import audit

    database = tmp_path / "keep.duckdb"
    path = _write(
        tmp_path / "survey.csv",
        [["submitted_at", "Project ID", "How would you rate the Forum overall?"],
         ["2022-09-07 10:00:00", "P-101", "Excellent"], ["2022-09-07 11:00:00", "P-102", "Good"],
         ["2022-09-07 12:00:00", "P-101", "Good"]],
    )  # fmt: skip
    assert cli.main(["event", "add", "keep", "--db", str(database), "--title", "Keep",
                     "--start", "2022-09-06"]) == 0  # fmt: skip
    arguments = ["import", str(path), "--event", "keep", "--db", str(database), "--kind=survey"]
    assert cli.main([*arguments, "--dry-run"]) == 0
    assert "held back as personal data (respondent identifiers): Project ID" in (
        capsys.readouterr().out
    )
    assert cli.main([*arguments, "--keep-column", "Project ID"]) == 0
    out = capsys.readouterr().out
    assert (
        "kept at the analyst's request, although judged personal data (respondent "
        "identifiers): Project ID"
    ) in out
    assert re.search(r"question \d+: \w+, indicator -: Project ID\n", out), out
    with Database(database) as db:
        (entry,) = [e for e in audit.entries(db) if e["action"] == "import"]
        assert entry["details"]["kept_by_analyst"] == {"survey": ["Project ID"]}
        cursor = db.cursor()
        assert cursor.execute(
            "select count(*) from answers a join questions q using (event_id, question_id) "
            "where q.text = 'Project ID' and a.value_text in ('P-101', 'P-102')"
        ).fetchone() == (3,)
        cursor.close()


def test_cli_names_the_file_and_row_of_a_readers_unexpected_failure_and_logs_its_type(
    tmp_path, capsys, caplog, monkeypatch
):
    """A reader's bug is not passed off as a bad file, and its message (which may quote a cell
    or a temporary path) is neither shown nor logged."""
    from surveydash.readers.tools import google_forms

    database = tmp_path / "bug.duckdb"
    assert cli.main(["event", "add", "bug", "--db", str(database), "--title", "Bug",
                     "--start", "2022-09-06"]) == 0  # fmt: skip
    real_fit = google_forms.fit_to_header

    def failing_fit(rows, width):
        for source in rows:
            if source.row == 3:
                raise ValueError(f"bad {source.cells[1]!r} in /tmp/surveydash-upload-x1/f.csv")
        return real_fit(rows, width)

    monkeypatch.setattr(google_forms, "fit_to_header", failing_fit)
    path = google_forms_file_for_failure(tmp_path)
    capsys.readouterr()
    code = cli.main(["import", str(path), "--event", "bug", "--db", str(database)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: form.csv: row 3: cannot be read: surveydash failed on it (")
    assert "ValueError at surveydash/readers/tools/google_forms.py:" in err
    assert "fault in surveydash, not in your file" in err
    assert "Nothing was imported" in err
    assert "@example.org" not in err and "/tmp/" not in err and "Traceback" not in err
    (logged,) = [r for r in caplog.records if r.name == "surveydash.tabular"]
    assert "unexpected ValueError reading form.csv" in logged.getMessage()
    assert "@example.org" not in logged.getMessage() and "/tmp/" not in logged.getMessage()
    with Database(database) as db:
        assert db.cursor().execute("select count(*) from import_log").fetchone() == (0,)


def google_forms_file_for_failure(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "form.csv",
        [["Timestamp", "Email Address", "Country", "What was most useful?"],
         ["2022/09/06 1:19:08 PM GMT+9", "awa.diop@example.org", "Senegal", "Notes"],
         ["2022/09/06 1:25:41 PM GMT+9", "li.wei@example.org", "Kenya", "Slides"]],
    )  # fmt: skip


def test_a_registration_list_is_told_from_a_survey():
    personal = {"Nom complet": PersonalKind.NAME, "Courriel": PersonalKind.EMAIL}
    headers = ["Nom complet", "Courriel", "Pays", "Type d'organisation"]
    assert looks_like_registrations(headers, personal)
    assert not looks_like_registrations([*headers, "Qu'avez-vous appris ?"], personal)
    assert not looks_like_registrations(["Pays", "Type d'organisation"], {})


# -- planted people ----------------------------------------------------------------------------

FIRST = ["Zephyrine", "Quillan", "Xanthe", "Bartholomew", "Isolde", "Thaddeus", "Oriane", "Leandro"]
LAST = ["Quillfeather", "Marchbanks", "Oyelaran", "Vasquez-Thorne", "Achterberg"]
PEOPLE = [
    {
        "first": FIRST[i % len(FIRST)],
        "last": LAST[i // len(FIRST)],
        "email": f"{FIRST[i % len(FIRST)].lower()}.{LAST[i // len(FIRST)].lower()}@example.org",
        "phone": f"+41 79 555 {10 + i:02d} {20 + i:02d}",
        "ip": f"203.0.113.{10 + i}",
    }
    for i in range(40)
]


def planted_strings() -> set[str]:
    """Every name, address, phone number and IP address planted (and the phone's digits)."""
    found = set()
    for person in PEOPLE:
        found |= {
            person["email"],
            f"{person['first']} {person['last']}",
            person["last"],
            person["phone"],
            person["phone"].replace(" ", ""),
            person["ip"],
        }
    return found


def leaks(text: str) -> list[str]:
    lowered = text.lower()
    return sorted(s for s in planted_strings() if s.lower() in lowered)


def _write(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def generic_survey(path: Path) -> Path:
    header = [
        "submitted_at", "Full name", "Email", "Phone", "IP Address", "country",
        "How would you rate the Forum overall?", "What could be improved?",
        "Your e-mail for updates",
    ]  # fmt: skip
    rows = [header]
    for i, person in enumerate(PEOPLE[:20]):
        rows.append(
            [
                f"2022-09-07 {9 + i % 8:02d}:00:00",
                f"{person['first']} {person['last']}",
                person["email"],
                person["phone"],
                person["ip"],
                # An address, and a name, typed in the wrong cell.
                person["email"]
                if i == 3
                else f"{person['first']} {person['last']}"
                if i == 5
                else "Kenya",
                ["Excellent", "Very good", "Good"][i % 3],
                f"More breaks. {person['first']} {person['last']}: write to {person['email']} "
                f"or call {person['phone']}",
                person["email"],
            ]
        )
    return _write(path, rows)


def google_forms(path: Path) -> Path:
    header = [
        "Timestamp", "Email Address", "Name", "Country", "Type of organization",
        "How would you rate the Forum overall?", "What did you find most useful?",
    ]  # fmt: skip
    rows = [header]
    for i, person in enumerate(PEOPLE[20:]):
        rows.append(
            [
                f"2022/09/06 {1 + i % 9}:19:08 PM GMT+9",
                person["email"],
                f"{person['first']} {person['last']}",
                "Senegal",
                "Ministry of Finance",
                "5 - Excellent",
                f"The case studies; {_thanks(PEOPLE[20:], i)}; write to {person['email']} "
                f"({person['phone']})",
            ]
        )
    return _write(path, rows)


def _thanks(people: list[dict], i: int) -> str:
    """An open answer naming another respondent of the same file, as people write them."""
    other = people[(i + 1) % len(people)]
    return f"Thanks to {other['first']} {other['last']}"


def zoom_meeting(path: Path) -> Path:
    fixture = settings.REPO_DIR / "tests" / "fixtures" / "zoom" / "meeting_participants.csv"
    lines = fixture.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Name (Original Name)"))
    planted = [
        f"{p['first']} {p['last']},{p['email']},01/21/2021 09:01:00 PM,"
        "01/21/2021 10:21:00 PM,80,Yes,Y"
        for p in PEOPLE[:10]
    ]
    path.write_text("\n".join(lines[: header + 2] + planted) + "\n", encoding="utf-8")
    return path


def zoom_people(path: Path) -> Path:
    header = [
        "First name", "Last name", "Email", "Authentication status", "Engagement score",
        "Participation", "Ticket type", "Sessions attended", "Sessions registered",
        "Total time spent(Minutes)", "Lobby attendance", "Last registration time", "Organization",
        "Job title", "Industry", "Country/Region", "Phone", "First join time", "Last exit time",
        "What is your type of organization?",
    ]  # fmt: skip
    rows = [header]
    for p in PEOPLE[10:20]:
        rows.append(
            [p["first"], p["last"], p["email"], "Authenticated", "7.5", "Live", "General", "1",
             "1", "52", "No", "Tue, Apr 21, 2026 9:15 AM CDT", "Ministry of Finance", "Analyst",
             "Government", "Kenya", p["phone"], "Tue, May 5, 2026 2:40 PM CDT",
             "Tue, May 5, 2026 3:32 PM CDT", "National Government"]
        )  # fmt: skip
    return _write(path, rows)


def eventbrite(path: Path) -> Path:
    fixture = settings.REPO_DIR / "tests" / "fixtures" / "eventbrite" / "attendees_us.csv"
    rows = [next(csv.reader(fixture.open(encoding="utf-8", newline="")))]
    for i, p in enumerate(PEOPLE[20:30]):
        rows.append(
            [f"12345678{i:02d}", "2022-08-15 10:23:45-04:00", p["first"], p["last"], p["email"],
             "1", "General Admission", f"23456789{i:02d}", "", "Free Order", "USD", "0.00",
             "0.00", "0.00", "0.00", "Checked In", "1 Main St", "", "Accra", "", "00233", "GH",
             "Director", "Ministry of Planning", "National Government"]
        )  # fmt: skip
    return _write(path, rows)


def microsoft_forms(path: Path) -> Path:
    import openpyxl

    people = PEOPLE[30:40]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Form1"
    sheet.append(
        ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
         "How would you rate the webinar overall?", "Country", "Any other comments?"]
    )  # fmt: skip
    for i, p in enumerate(people):
        sheet.append(
            [i + 1, f"9/6/22 10:{i:02d}:05", f"9/6/22 10:{i + 5:02d}:50", p["email"],
             f"{p['first']} {p['last']}", None, 5 - i % 3, "Kenya",
             f"{_thanks(people, i)}, call me on {p['phone']}"]
        )  # fmt: skip
    path = path.with_suffix(".xlsx")
    workbook.save(path)
    return path


def kobo(path: Path) -> Path:
    people = PEOPLE[:10]
    rows = [["start", "end", "Type of organization", "Country", "Full name",
             "feedback/How would you rate the workshop overall?", "Any other comments?", "_id",
             "_uuid", "_submission_time", "_validation_status", "_index"]]  # fmt: skip
    for i, p in enumerate(people):
        rows.append(
            ["2022-09-06T10:02:11.000+03:00", "2022-09-06T10:09:40.000+03:00",
             "Ministry of Health", "Kenya", f"{p['first']} {p['last']}",
             ["Excellent", "Very good", "Good"][i % 3], f"{_thanks(people, i)} ({p['email']})",
             str(60 + i), f"0b6f6f52-3c1e-4f8e-9a4e-1a2b3c4d5e{i:02d}", "2022-09-06T07:09:52",
             "", str(i + 1)]
        )  # fmt: skip
    return _write(path, rows)


def limesurvey(path: Path) -> Path:
    people = PEOPLE[10:20]
    rows = [["id. Response ID", "submitdate. Date submitted", "lastpage. Last page",
             "startlanguage. Start language", "seed. Seed", "startdate. Date started",
             "datestamp. Date last action", "ipaddr. IP address", "firstname. First name",
             "lastname. Last name", "email. Email address", "G01Q01. Type of organization",
             "G01Q02. How would you rate the workshop overall?",
             "G01Q06. Any other comments?"]]  # fmt: skip
    for i, p in enumerate(people):
        rows.append(
            [str(i + 1), "2022-09-06 11:40:02", "2", "en", "123456", "2022-09-06 11:31:10",
             "2022-09-06 11:40:02", p["ip"], p["first"], p["last"], p["email"],
             "National Government", ["Excellent", "Very good", "Good"][i % 3],
             f"{_thanks(people, i)} and to {p['ip']}'s owner"]
        )  # fmt: skip
    return _write(path, rows)


def surveymonkey(path: Path) -> Path:
    people = PEOPLE[20:30]
    rows = [
        ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
         "First Name", "Last Name", "How would you rate the workshop overall?",
         "What, if anything, could be improved?"],
        ["", "", "", "", "", "", "", "", "Response", "Open-Ended Response"],
    ]  # fmt: skip
    for i, p in enumerate(people):
        rows.append(
            [str(11400000000 + i), "400000001", "09/06/2022 10:00:00 AM",
             "09/06/2022 10:05:00 AM", p["ip"], p["email"], p["first"], p["last"],
             ["Excellent", "Very good", "Good"][i % 3], f"{_thanks(people, i)}. More breaks"]
        )  # fmt: skip
    return _write(path, rows)


def webinar_feedback(path: Path) -> Path:
    """A survey that names no one in a column, whose answers name the webinar's registrants:
    their names are known from the registrations imported before."""
    rows = [["submitted_at", "How would you rate the webinar overall?", "What was most useful?"]]
    for i, p in enumerate(PEOPLE[:12]):
        rows.append(
            [f"2025-03-22 2{i % 4}:00:00", ["Excellent", "Very good", "Good"][i % 3],
             f"The talk by {p['first']} {p['last'].upper()}; {p['last']}, {p['first']} again"]
        )  # fmt: skip
    return _write(path, rows)


def zoom_webinar(path: Path) -> Path:
    fixture = settings.REPO_DIR / "tests" / "fixtures" / "zoom" / "webinar_attendee_report.csv"
    lines = fixture.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Attendee Details"))
    planted = []
    for person in PEOPLE[:12]:
        planted.append(
            f"Yes,{person['first']} {person['last']},{person['first']},{person['last']},"
            f'{person["email"]},{person["phone"]},"Mar 10, 2025 09:12:44",approved,'
            f'"Mar 22, 2025 19:13:27","Mar 22, 2025 19:43:27", 30,Yes,Ministry of Finance,'
            "National Government,Kenya,Kenya"
        )
    kept = lines[: start + 2] + planted
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def registrations(path: Path) -> Path:
    rows = [["email", "first_name", "last_name", "Full name", "Phone", "country", "sector"]]
    for person in PEOPLE:
        rows.append(
            [
                person["email"],
                person["first"],
                person["last"],
                f"{person['first']} {person['last']}",
                person["phone"],
                "Ghana",
                "Academia",
            ]
        )
    return _write(path, rows)


def french_list(path: Path) -> Path:
    rows = [["Nom complet", "Courriel", "Pays", "Type d'organisation"]]
    rows += [[f"{p['first']} {p['last']}", p["email"], "Sénégal", "Gouvernement"] for p in PEOPLE]
    return _write(path, rows)


@pytest.fixture(scope="module")
def planted_db(tmp_path_factory):
    """A database with planted people imported through the command line in every layout; the
    outputs of those imports are kept for the search."""
    folder = tmp_path_factory.mktemp("planted")
    database = folder / "planted.duckdb"
    outputs = []
    capture = _Capture()
    events = {
        "planted-survey": [(generic_survey, "survey", None), (google_forms, "survey", "append")],
        "planted-webinar": [(zoom_webinar, None, None), (webinar_feedback, "survey", None)],
        "planted-registrations": [(registrations, "registrations", None)],
        "planted-meeting": [(zoom_meeting, None, None)],
        "planted-people": [(zoom_people, None, None)],
        "planted-eventbrite": [(eventbrite, None, None)],
        "planted-msforms": [(microsoft_forms, None, None)],
        "planted-kobo": [(kobo, None, None)],
        "planted-limesurvey": [(limesurvey, None, None)],
        "planted-surveymonkey": [(surveymonkey, None, None)],
    }
    for event_id, files in events.items():
        capture.run("event", "add", event_id, "--db", database, "--title", event_id,
                    "--start", "2022-09-06")  # fmt: skip
        for make, kind, mode in files:
            path = make(folder / f"{make.__name__}.csv")
            for as_json in ((), ("--json",)):
                dry = ("--dry-run",) if not as_json else ()
                arguments = ["import", path, "--event", event_id, "--db", database]
                arguments += [f"--kind={kind}"] if kind else []
                arguments += [f"--{mode}"] if mode else []
                code, out = capture.run(*arguments, *dry, *as_json)
                assert code == 0, out
                outputs.append(out)
            assert json.loads(out)["source"] == LAYOUT_SOURCES[make.__name__], out[:500]
    # A French registration list sent as a survey is refused, saying what it is.
    path = french_list(folder / "liste.csv")
    code, out = capture.run("import", path, "--event", "planted-registrations", "--db", database,
                            "--kind", "survey", "--append")  # fmt: skip
    assert code == 1 and "registration list" in out
    outputs.append(out)
    for event_id in events:
        outputs.append(capture.run("summary", event_id, "--db", database, "--json")[1])
        outputs.append(capture.run("summary", event_id, "--db", database)[1])
    outputs.append(capture.run("compare", *events, "--db", database)[1])
    outputs.append(capture.run("compare", *events, "--db", database, "--json")[1])
    for event_id in ("planted-survey", "planted-webinar", "planted-kobo", "planted-msforms"):
        document = folder / f"{event_id}.docx"
        code, out = capture.run("report", event_id, "--db", database, "--out", document)
        assert code == 0, out
        outputs.append(out + _docx_text(document))
    export = folder / "export"
    outputs.append(capture.run("export", "--parquet", export, "--db", database)[1])
    return database, outputs, export


# The reader each planted layout must be read by: the leak test covers every layout it names.
LAYOUT_SOURCES = {
    "generic_survey": "generic", "google_forms": "google-forms", "zoom_webinar": "zoom-webinar",
    "webinar_feedback": "generic", "registrations": "generic", "zoom_meeting": "zoom-meeting",
    "zoom_people": "zoom-people", "eventbrite": "eventbrite", "microsoft_forms": "microsoft-forms",
    "kobo": "kobo", "limesurvey": "limesurvey", "surveymonkey": "surveymonkey",
}  # fmt: skip


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


class _Capture:
    """Runs the CLI in this process, capturing what it prints (module-scoped fixtures cannot
    use capsys)."""

    def run(self, *argv) -> tuple[int, str]:
        import contextlib

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main([str(arg) for arg in argv])
        return code, out.getvalue() + err.getvalue()


def test_planted_people_are_in_contacts_only(planted_db):
    database, _, _ = planted_db
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = base_tables(connection)
        assert "contacts" in tables
        for table in tables:
            text = json.dumps(
                connection.execute(f'select * from "{table}"').fetchall(), default=str
            )
            if table == "contacts":
                assert "zephyrine.quillfeather@example.org" in text
                continue
            assert leaks(text) == [], table
        # What the import did store of the planted files: answers, with the text scrubbed.
        improved = connection.execute(
            "select value_text from answers a join questions q using (event_id, question_id) "
            "where q.text = 'What could be improved?' order by response_id limit 1"
        ).fetchall()[0][0]
        assert improved == (
            f"More breaks. {NAME_REMOVED}: write to {EMAIL_REMOVED} or call {PHONE_REMOVED}"
        )
        questions = {
            text
            for (text,) in connection.execute(
                "select text from questions where event_id = 'planted-survey'"
            ).fetchall()
        }
        assert "Full name" not in questions and "Your e-mail for updates" not in questions
        assert "How would you rate the Forum overall?" in questions


def test_planted_people_appear_in_no_cli_output_and_the_report_says_what_was_held_back(
    planted_db,
):
    _, outputs, _ = planted_db
    for output in outputs:
        assert leaks(output) == [], output[:2000]
    survey_report = outputs[0]
    assert "held back as personal data (names): Full name" in survey_report
    assert "held back as personal data (phone numbers): Phone" in survey_report
    assert "held back as personal data (IP addresses): IP Address" in survey_report
    assert "held back as personal data (e-mail addresses): Your e-mail for updates" in (
        survey_report
    )
    assert "removed from the text before storage: 21 e-mail addresses" in survey_report
    report = json.loads(outputs[1])
    assert report["kinds"][0]["held_back"]["Full name"] == "names"


def test_planted_people_are_not_in_the_parquet_export(planted_db):
    _, _, export = planted_db
    files = list(Path(export).rglob("*.parquet"))
    assert files
    for path in files:
        rows = duckdb.sql(f"select * from read_parquet('{path}')").fetchall()
        assert leaks(json.dumps(rows, default=str)) == [], path


# Every page: the certificates page shows how many qualify (the names are in its download
# only, read from contacts); the admin page, the audit trail and the imports.
PAGES = ("views/overview.py", "views/event_report.py", "views/compare.py",
         "views/upload.py", "views/data_quality.py", "views/certificates.py",
         "views/admin.py")  # fmt: skip
REPORT_SECTIONS = ("Participation", "Sectors", "Ratings", "Open answers")


@pytest.mark.parametrize("page", PAGES)
def test_planted_people_appear_on_no_page(planted_db, monkeypatch, page):
    from tests.test_pages import page_text

    database, _, _ = planted_db
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv(settings.DB_ENV_VAR, str(database))
    for event_id in ("planted-survey", "planted-webinar", "planted-registrations"):
        app = AppTest.from_file(str(settings.REPO_DIR / "dashboard" / "app.py"), default_timeout=60)
        app.query_params["event"] = event_id
        app.run()
        app.switch_page(page)
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        texts = [page_text(app)]
        if page == "views/event_report.py":
            for section in REPORT_SECTIONS:
                app.session_state["section"] = section
                app.run()
                texts.append(page_text(app))
        for text in texts:
            assert leaks(text) == [], (page, event_id)
    st.cache_data.clear()
    st.cache_resource.clear()


def test_upload_page_holds_back_personal_columns_and_lets_the_analyst_keep_one(
    tmp_path, monkeypatch
):
    from tests.test_pages import page_text

    database = tmp_path / "upload.duckdb"
    with Database(database) as db:
        from surveydash.events import EventSpec, add_event

        add_event(db, EventSpec("planted", "Planted", "2022-09-06"))
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv(settings.DB_ENV_VAR, str(database))
    app = AppTest.from_file(str(settings.REPO_DIR / "dashboard" / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("views/upload.py")
    app.run()
    content = generic_survey(tmp_path / "survey.csv").read_bytes()
    app.file_uploader(key="upload_file").set_value(("survey.csv", content, "text/csv"))
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert leaks(page_text(app)) == []
    judged = app.data_editor(key="upload_personal").value
    assert dict(zip(judged["Column"], judged["Holds"], strict=True)) == {
        "Full name": "names",
        "Phone": "phone numbers",
        "IP Address": "IP addresses",
        "Your e-mail for updates": "e-mail addresses",
    }
    message = next(t.value for t in app.text if "would import" in t.value)
    assert "held back as personal data: Full name, Phone, IP Address" in message
    # The analyst says "Full name" was misjudged: it is kept, and the page says so.
    row = list(judged["Column"]).index("Full name")
    app.session_state["upload_personal"] = {
        "edited_rows": {row: {"Keep as answers": True}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("Kept at your request" in w.value for w in app.warning)
    message = next(t.value for t in app.text if "would import" in t.value)
    assert "kept at the analyst's request: Full name" in message

    # A French registration list is not taken for a survey without the analyst's word.
    content = french_list(tmp_path / "liste.csv").read_bytes()
    app.file_uploader(key="upload_file").set_value(("liste.csv", content, "text/csv"))
    app.run()
    assert any("looks like a registration list" in w.value for w in app.warning)
    assert leaks(page_text(app)) == []
    app.checkbox(key="upload_confirm_kind").check().run()
    assert not app.exception, [e.value for e in app.exception]
    message = next(t.value for t in app.text if "would import" in t.value)
    assert message.startswith("liste.csv: survey: would import 40 rows")
    assert "held back as personal data: Nom complet" in message
    assert leaks(page_text(app)) == []
    st.cache_data.clear()
    st.cache_resource.clear()


def test_upload_preview_removes_the_events_registrants_names_and_says_a_readers_failure(
    tmp_path, monkeypatch
):
    from tests.test_pages import page_text

    database = tmp_path / "upload.duckdb"
    capture = _Capture()
    capture.run("event", "add", "planted-webinar", "--db", database, "--title", "Webinar",
                "--start", "2022-09-06")  # fmt: skip
    code, out = capture.run("import", zoom_webinar(tmp_path / "webinar.csv"), "--event",
                            "planted-webinar", "--db", database)  # fmt: skip
    assert code == 0, out
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv(settings.DB_ENV_VAR, str(database))
    app = AppTest.from_file(str(settings.REPO_DIR / "dashboard" / "app.py"), default_timeout=60)
    app.query_params["event"] = "planted-webinar"
    app.run()
    app.switch_page("views/upload.py")
    app.run()
    content = webinar_feedback(tmp_path / "feedback.csv").read_bytes()
    app.file_uploader(key="upload_file").set_value(("feedback.csv", content, "text/csv"))
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    preview = app.get_by_key("upload_preview").dataframe[0].value
    assert list(preview["What was most useful?"])[0] == (
        f"The talk by {NAME_REMOVED}; {NAME_REMOVED} again"
    )
    assert leaks(page_text(app)) == []

    # A reader's own failure: one line naming the file and the row, nothing it quoted.
    from surveydash.readers import generic

    def failing_stage(self, cursor, sample, kind, column_overrides=None):
        raise KeyError(f"{PEOPLE[0]['email']} in /tmp/surveydash-upload-x/feedback.csv")

    monkeypatch.setattr(generic.GenericReader, "stage", failing_stage)
    app.file_uploader(key="upload_file").set_value(("feedback2.csv", content, "text/csv"))
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    (error,) = [e.value.replace("\\", "") for e in app.error]  # as shown: no markdown escapes
    assert error.startswith("feedback2.csv: cannot be read: surveydash failed on it (KeyError at ")
    assert "fault in surveydash" in error and "Nothing was written" in error
    assert leaks(error) == [] and "/tmp/" not in error
    st.cache_data.clear()
    st.cache_resource.clear()


REAL_EXPORTS = sorted(
    path.relative_to(settings.REPO_DIR / "tests" / "fixtures").as_posix()
    for folder in ("forms", "zoom", "eventbrite")
    for path in (settings.REPO_DIR / "tests" / "fixtures" / folder).glob("*.csv")
)


def _people_in_file(path: Path) -> set[str]:
    """The e-mail addresses, IP addresses and full names (two words or more, under a name
    header, in any of the file's header rows) written in a file."""
    from surveydash.readers import FileSample
    from surveydash.readers.rows import read_file_rows

    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    found = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text))
    found |= set(re.findall(r"\b(?:\d{1,3}\.){3}\d{1,3}\b", text))
    name_positions: list[int] = []
    for row in read_file_rows(FileSample.read(path, path.name)):
        filled = [cell for cell in row.cells if cell]
        positions = [i for i, cell in enumerate(row.cells) if header_kind(cell) == "names"]
        if positions and len(filled) >= 3:
            name_positions = positions
            continue
        for i in name_positions:
            value = row.cells[i] if i < len(row.cells) else ""
            if len(value.split()) >= 2:
                found.add(value)
    return found


@pytest.mark.parametrize("fixture", REAL_EXPORTS)
def test_a_real_export_stores_no_name_email_or_ip_outside_contacts(event_db, fixture):
    from surveydash.importer import ImportOptions, import_file

    path = settings.REPO_DIR / "tests" / "fixtures" / fixture
    people = _people_in_file(path)
    # Two exports hold no one: Kobo's anonymous form, LimeSurvey's codes without tokens.
    no_one = fixture in ("forms/kobo_export.csv", "forms/limesurvey_codes.csv")
    assert bool(people) != no_one, people
    result = import_file(event_db, path, "forum-2022", ImportOptions(skip_bad_rows=True))
    assert sum(report.rows_imported for report in result.kinds) > 0
    cursor = event_db.cursor()
    tables = [table for table in base_tables(cursor) if table != "contacts"]
    for table in tables:
        stored = json.dumps(cursor.execute(f'select * from "{table}"').fetchall(), default=str)
        assert [p for p in people if p.lower() in stored.lower()] == [], table
    cursor.close()


def test_a_surveymonkey_contact_information_block_is_held_back(event_db, tmp_path):
    from surveydash.importer import ImportOptions, import_file

    fixture = settings.REPO_DIR / "tests" / "fixtures" / "forms" / "surveymonkey_export.csv"
    rows = list(csv.reader(fixture.open(encoding="utf-8-sig", newline="")))
    titles = ["Contact information", "", "", "", "", "", ""]
    fields = ["Name", "Company", "Address", "City/Town", "ZIP/Postal Code", "Email Address",
              "Phone Number"]  # fmt: skip
    planted = []
    for number, row in enumerate(rows):
        person = PEOPLE[number]
        block = (
            titles if number == 0 else fields if number == 1
            else [f"{person['first']} {person['last']}", "Acme", "1 Main St", "Springfield",
                  "12345", person["email"], person["phone"]]
        )  # fmt: skip
        planted.append(row[:-1] + block + row[-1:])
    path = _write(tmp_path / "surveymonkey.csv", planted)
    result = import_file(event_db, path, "forum-2022", ImportOptions())
    assert result.source == "surveymonkey"
    assert set(result.kinds[0].held_back) == {
        f"Contact information [{field}]"
        for field in ("Name", "Address", "ZIP/Postal Code", "Email Address", "Phone Number")
    }
    cursor = event_db.cursor()
    for table in ("answers", "questions", "responses"):
        text = json.dumps(cursor.execute(f"select * from {table}").fetchall(), default=str)
        assert leaks(text) == [], table
    cursor.close()


def test_a_registration_list_reports_the_personal_columns_it_does_not_read(event_db, tmp_path):
    from surveydash.importer import ImportOptions, import_file

    path = registrations(tmp_path / "registrations.csv")
    result = import_file(event_db, path, "forum-2022", ImportOptions(kind="registrations"))
    report = result.kinds[0]
    assert report.held_back == {"Full name": "names", "Phone": "phone numbers"}
    assert "held back as personal data: Full name, Phone" in result.message
    assert report.rows_imported == 40


def test_data_quality_page_masks_an_address_stored_before_scrubbing(
    planted_db, tmp_path, monkeypatch
):
    """Data imported before this release may hold an address typed in a country or sector cell:
    the page lists the value masked, and mapping it still works on the value as stored."""
    import shutil

    from tests.test_pages import page_text

    database = tmp_path / "old.duckdb"
    shutil.copyfile(planted_db[0], database)
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            "update registrations set country_raw = 'zephyrine.quillfeather@example.org', "
            "country_method = 'unrecognized', country_iso3 = null, "
            "sector_raw = 'call +41 79 555 10 20', sector = 'Other', sector_method = 'unmapped' "
            "where source_row = 2"
        )
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv(settings.DB_ENV_VAR, str(database))
    app = AppTest.from_file(str(settings.REPO_DIR / "dashboard" / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("views/data_quality.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    text = page_text(app)
    assert leaks(text) == []
    assert EMAIL_REMOVED in text and PHONE_REMOVED in text
    st.cache_data.clear()
    st.cache_resource.clear()
