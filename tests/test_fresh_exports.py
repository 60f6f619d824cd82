"""Exports of the seven tools as an analyst brings them (issue 10, fresh eyes): each file of
tests/fixtures/fresh/ (written from the tools' documented layouts, see its MANIFEST.md) is
imported through the command line as a new user does, with no source and no kind, and the
figures counted by hand are asserted: registrants, attendees, responses, countries, each
question's kind, n and mean."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from surveydash import cli

FRESH = Path(__file__).parent / "fixtures" / "fresh"
EVENT = "fresh-2026"


@dataclass
class Expected:
    """What an analyst counting by hand expects from one file."""

    source: str
    registrations: int = 0
    registration_countries: int = 0
    attendees: int = 0
    attendee_countries: int = 0
    responses: int = 0
    # question text -> kind, for every question the file asks
    kinds: dict[str, str] = field(default_factory=dict)
    # question text -> (n, mean) of a rating
    ratings: dict[str, tuple[int, float]] = field(default_factory=dict)
    # question text -> (n, mean, median) of a number question
    numbers: dict[str, tuple[int, float, float]] = field(default_factory=dict)
    # question text -> (yes, no)
    yes_no: dict[str, tuple[int, int]] = field(default_factory=dict)
    # question text -> {option: count} of a multiple-choice question
    options: dict[str, dict[str, int]] = field(default_factory=dict)
    # words the import report must say (what was left out and why)
    says: tuple[str, ...] = ()


def run_cli(capsys, *argv) -> str:
    capsys.readouterr()
    code = cli.main([str(arg) for arg in argv])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def import_as_a_new_user(tmp_path, capsys, name: str) -> tuple[dict, dict]:
    """Adds an event, imports the file naming neither source nor kind, and returns the import
    report and the event's summary, both as the command line prints them in JSON."""
    db = tmp_path / "fresh.duckdb"
    run_cli(capsys, "event", "add", "--db", db, EVENT, "--title", "Fresh", "--start", "2026-05-12")
    report = json.loads(
        run_cli(capsys, "import", "--db", db, FRESH / name, "--event", EVENT, "--json")
    )
    summary = json.loads(run_cli(capsys, "summary", "--db", db, EVENT, "--json"))
    return report, summary[0] if isinstance(summary, list) else summary


def option_counts(db: Path, text: str) -> dict[str, int]:
    """How many respondents chose each option of the question whose text is `text`."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as connection:
        rows = connection.execute(
            "select a.value_text, count(*) from answers a join questions q"
            " using (event_id, question_id) where q.text = ? group by all",
            [text],
        ).fetchall()
    return dict(rows)


def lime_expected(texts: list[str]) -> Expected:
    """The same five submitted responses (a sixth is incomplete) in each LimeSurvey heading
    style: Q01 satisfaction (A5 A4 A2 A4 A5: mean 4.0), Q02 an array of 5-point choices
    (keynote 5 4 2 5 4: mean 4.0; panel 4 4 3 - 5: n 4, mean 4.0), Q03 yes/no (4 yes, 1 no),
    Q04 a count (3 0 12 1 2: mean 3.6, median 2), Q05 a list with Other, Q06 text."""
    overall, keynote, panel, apply, count, heard, _other, improve = texts
    return Expected(
        source="limesurvey",
        responses=5,
        kinds={
            overall: "rating",
            keynote: "rating",
            panel: "rating",
            apply: "yes_no",
            count: "number",
            heard: "single_choice",
            improve: "text",
        },
        ratings={overall: (5, 4.0), keynote: (5, 4.0), panel: (4, 4.0)},
        numbers={count: (5, 3.6, 2.0)},
        yes_no={apply: (4, 1)},
        says=("incomplete",),
    )


LIME_FULL_TEXTS = [
    "Overall, how satisfied are you with the workshop?",
    "Please rate the sessions: [Keynote]",
    "Please rate the sessions: [Panel]",
    "Will you apply what you learned in your work?",
    "How many colleagues from your organisation attended?",
    "How did you hear about the workshop?",
    "How did you hear about the workshop? [Other]",
    "What should we improve?",
]
LIME_FRENCH_TEXTS = [
    "Dans l'ensemble, êtes-vous satisfait(e) de l'atelier ?",
    "Veuillez noter les sessions : [Conférence]",
    "Veuillez noter les sessions : [Table ronde]",
    "Appliquerez-vous ce que vous avez appris dans votre travail ?",
    "Combien de collègues de votre organisation ont participé ?",
    "Comment avez-vous entendu parler de l'atelier ?",
    "Comment avez-vous entendu parler de l'atelier ? [Autre]",
    "Que devrions-nous améliorer ?",
]

SURVEYMONKEY = Expected(
    source="surveymonkey",
    responses=5,
    kinds={
        "How would you rate the course overall?": "rating",
        "How would you rate the following? [Content]": "rating",
        "How would you rate the following? [Trainers]": "rating",
        "How would you rate the following? [Online platform]": "rating",
        "The course met my expectations.": "rating",
        "What would you change?": "text",
        "Which materials did you use?": "multiple_choice",
    },
    ratings={
        # Excellent Good Fair Good Excellent on Excellent ... Poor
        "How would you rate the course overall?": (5, 3.6),
        # Very good Good Bad Very good "Neither good nor bad" on Very good ... Very bad
        "How would you rate the following? [Content]": (5, 3.8),
        # one N/A set apart
        "How would you rate the following? [Trainers]": (4, 4.5),
        "How would you rate the following? [Online platform]": (4, 3.25),
        # (7) (6) (3) "Not applicable" (7) on a 7-point agreement scale
        "The course met my expectations.": (4, 5.75),
    },
    options={
        "Which materials did you use?": {
            "Slides": 3,
            "Videos": 3,
            "Reading list": 2,
            "Other (please specify)": 1,
        }
    },
)

EXPECTED: dict[str, Expected] = {
    "zoom_meeting_participants.csv": Expected(
        source="zoom-meeting",
        attendees=4,  # Alice, Bruno, Chen, Dara; the host, Eve (waiting room only) left out
        says=("host", "waiting room", "without an e-mail"),
    ),
    "zoom_meeting_unique_users.csv": Expected(
        source="zoom-meeting",
        attendees=3,  # Priya, Quentin, Rania; the host named in the summary's Email left out
        says=("host", "without an e-mail"),
    ),
    "zoom_meeting_portuguese.csv": Expected(
        source="zoom-meeting",
        attendees=2,  # João, Maria (two joins); the host named in the summary's E-mail left out
        says=("host", "without an e-mail"),
    ),
    "zoom_meeting_spanish.csv": Expected(
        source="zoom-meeting",
        attendees=2,  # Juan (after the waiting room), Carmen; the host left out
        says=("host", "waiting room"),
    ),
    "zoom_usage_participants.csv": Expected(
        source="zoom-meeting",
        attendees=3,  # Hiro, Ines (two joins), Jomo; the host and a call-in user left out
        says=("host", "without an e-mail"),
    ),
    "zoom_webinar_attendee.csv": Expected(
        source="zoom-webinar",
        registrations=5,  # Maria, Nabil, Olga, Pedro, Quynh
        registration_countries=5,  # Peru, Lebanon, Kazakhstan, Mozambique, Viet Nam
        attendees=3,  # Maria, Nabil, Olga
        attendee_countries=3,
        says=("upgraded to panelist", "denied or cancelled", "Other Attended"),
    ),
    "zoom_webinar_na.csv": Expected(
        source="zoom-webinar",
        registrations=4,
        # Senegal, Canada, Chile, and Bulgaria from Zoom's own country for the N/A answer
        registration_countries=4,
        attendees=3,
        attendee_countries=3,
    ),
    "zoom_webinar_people.csv": Expected(
        source="zoom-people",
        registrations=6,
        registration_countries=6,
        attendees=3,  # Live: Uma, Victor, Wanjiru; Lobby only and Absent did not attend
        attendee_countries=3,
        says=("lobby only",),
    ),
    "zoom_registration.csv": Expected(
        source="zoom-registration",
        registrations=4,  # one cancelled and one denied left out
        registration_countries=4,
        says=("denied or cancelled",),
    ),
    "eventbrite_attendees.csv": Expected(
        source="eventbrite",
        registrations=5,  # Info Requested and refunded tickets left out
        registration_countries=5,
        attendees=3,  # checked in
        attendee_countries=3,
        says=("Info Requested", "refunded"),
    ),
    "eventbrite_uk.csv": Expected(
        source="eventbrite",
        registrations=3,
        registration_countries=3,
        attendees=2,
        attendee_countries=2,
        says=("Info Requested",),
    ),
    "google_forms.csv": Expected(
        source="google-forms",
        responses=5,  # the empty row under the header is not a response
        kinds={
            "How would you rate the workshop overall?": "rating",
            "Which topics were most useful?": "multiple_choice",
            "Please rate each session [Opening plenary]": "rating",
            "Please rate each session [Case studies]": "rating",
            "How many people in your unit will use what you learned?": "number",
            "Would you recommend this workshop to a colleague?": "yes_no",
            "Any other comments?": "text",
        },
        ratings={
            "How would you rate the workshop overall?": (5, 4.2),
            "Please rate each session [Opening plenary]": (5, 4.2),
            "Please rate each session [Case studies]": (5, 4.2),
        },
        numbers={"How many people in your unit will use what you learned?": (5, 12.2, 5.0)},
        yes_no={"Would you recommend this workshop to a colleague?": (4, 1)},
        options={
            "Which topics were most useful?": {
                "Budgeting": 3,
                "Open data": 3,
                "Procurement reform": 2,
                "Gender budgeting tools": 1,
            }
        },
    ),
    "google_forms_coded_scale.csv": Expected(
        source="google-forms",
        responses=6,
        kinds={
            "How satisfied were you with the logistics?": "rating",
            "The workshop improved my skills": "rating",
            "Comments": "text",
        },
        ratings={
            # Very satisfied, Satisfied, Dissatisfied, Very satisfied; 2 set apart
            "How satisfied were you with the logistics?": (4, 4.0),
            # (7) (6) (5) (4); "I don't know (8)" and "Prefer not to say (9)" set apart
            "The workshop improved my skills": (4, 5.5),
        },
    ),
    "google_sheet.xlsx": Expected(
        source="google-forms",
        responses=5,  # the formatted empty rows under the data are not responses
        kinds={
            "How useful was the session?": "rating",
            "How would you rate the speakers?": "rating",
            "Did the session meet your expectations?": "yes_no",
            "Which tools do you use?": "multiple_choice",
            "Suggestions": "text",
        },
        ratings={
            # Very good Good Very good Bad "Neither good nor bad" on Very good ... Very bad
            "How useful was the session?": (5, 3.8),
            # Excellent Good Good Fair "Very good" on Excellent ... Poor
            "How would you rate the speakers?": (5, 3.4),
        },
        yes_no={"Did the session meet your expectations?": (3, 2)},
        # the Sheet joins the options ticked with ", "
        options={"Which tools do you use?": {"Excel": 4, "Power BI": 2, "Stata": 2}},
    ),
    "microsoft_forms.xlsx": Expected(
        source="microsoft-forms",
        responses=4,
        kinds={
            "How would you rate this training?": "rating",
            "Which modules did you complete?": "multiple_choice",
            "The content was relevant to my job": "rating",
            "The pace was right": "rating",
            "Any other feedback?": "text",
        },
        ratings={
            "How would you rate this training?": (4, 3.75),
            "The content was relevant to my job": (4, 3.75),
            "The pace was right": (4, 3.0),
        },
        options={"Which modules did you complete?": {"Module 1": 3, "Module 2": 3, "Module 3": 2}},
    ),
    "kobo.csv": Expected(
        source="kobo",
        responses=4,  # the submission marked Not Approved left out
        kinds={
            "How many children under five live in your household?": "number",
            "How satisfied are you with the training?": "rating",
            "Which services do you use?": "multiple_choice",
            "Was the training useful for your work?": "yes_no",
            "Comments": "text",
        },
        ratings={"How satisfied are you with the training?": (4, 4.0)},
        numbers={"How many children under five live in your household?": (4, 2.0, 1.5)},
        yes_no={"Was the training useful for your work?": (3, 1)},
        options={"Which services do you use?": {"Water/sanitation": 3, "Health": 2, "Schools": 3}},
        says=("not approved",),
    ),
    "kobo.xlsx": Expected(
        source="kobo",
        responses=4,
        kinds={
            "Rate the training (1 = very poor, 5 = excellent)": "rating",
            "Number of staff you supervise": "number",
            "What was missing?": "text",
        },
        ratings={"Rate the training (1 = very poor, 5 = excellent)": (4, 4.0)},
        numbers={"Number of staff you supervise": (4, 10.25, 8.0)},
    ),
    "limesurvey_full.csv": lime_expected(LIME_FULL_TEXTS),
    "limesurvey_code_and_text.csv": lime_expected(LIME_FULL_TEXTS),
    "limesurvey_french.csv": lime_expected(LIME_FRENCH_TEXTS),
    "surveymonkey.csv": SURVEYMONKEY,
    "surveymonkey.xlsx": SURVEYMONKEY,
    "surveymonkey_choice_other.csv": Expected(
        source="surveymonkey",
        responses=4,
        kinds={
            "How likely is it that you would recommend this course to a friend or colleague?": (
                "rating"
            ),
            "How many sessions did you attend?": "number",
            "Which of these best describes your organisation?": "single_choice",
        },
        ratings={
            "How likely is it that you would recommend this course to a friend or colleague?": (
                4,
                7.25,
            )
        },
        numbers={"How many sessions did you attend?": (4, 2.75, 2.5)},
    ),
}

# Discrepancies in the survey-tool readers (being changed by another engineer): what happens
# today, and what should.
LIMESURVEY_LIST_WITH_OTHER = (
    "limesurvey: a list question with an Other box (Q05 beside Q05[other]) is grouped as if "
    "Q05 were a subquestion: its own column is named '... [None]' (limesurvey.py, the label of "
    "a heading without subquestion code) and, 5 answers over 4 options, read as text; the "
    "[other] sibling shows a list: it should be a single_choice named by the question's text"
)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_an_export_imports_with_the_figures_counted_by_hand(tmp_path, capsys, name):
    expected = EXPECTED[name]
    report, summary = import_as_a_new_user(tmp_path, capsys, name)

    assert report["status"] == "imported"
    assert report["source"] == expected.source
    for words in expected.says:
        assert words.casefold() in report["message"].casefold(), report["message"]
    headline = {
        key: summary[key]
        for key in (
            "registrations",
            "registration_countries",
            "attendees",
            "attendee_countries",
            "responses",
        )
    }
    assert headline == {
        "registrations": expected.registrations,
        "registration_countries": expected.registration_countries,
        "attendees": expected.attendees,
        "attendee_countries": expected.attendee_countries,
        "responses": expected.responses,
    }

    questions = {q["text"]: q for part in report["kinds"] for q in part["questions"]}
    kinds = {text: questions.get(text, {}).get("kind") for text in expected.kinds}
    assert kinds == expected.kinds
    ratings = {r["text"]: (r["n"], r["mean"]) for r in summary["ratings"]}
    assert {text: ratings.get(text) for text in expected.ratings} == expected.ratings
    numbers = {r["text"]: (r["n"], r["mean"], r["median"]) for r in summary["numbers"]}
    assert {text: numbers.get(text) for text in expected.numbers} == expected.numbers
    yes_no = {r["text"]: (r["yes"], r["no"]) for r in summary["yes_no"]}
    assert {text: yes_no.get(text) for text in expected.yes_no} == expected.yes_no
    for text, counts in expected.options.items():
        assert option_counts(tmp_path / "fresh.duckdb", text) == counts


def test_a_limesurvey_export_with_answer_codes_keeps_the_counts(tmp_path, capsys):
    """Question codes as headings and answer codes as answers: the codes alone state no scale,
    so Q01 (A1..A5) is a single choice and the 5-point array a number (documented); the yes/no,
    the count and the incomplete response are read as in the other heading styles."""
    report, summary = import_as_a_new_user(tmp_path, capsys, "limesurvey_codes.csv")
    assert report["source"] == "limesurvey"
    assert summary["responses"] == 5
    kinds = {q["text"]: q["kind"] for part in report["kinds"] for q in part["questions"]}
    assert kinds["Q01"] == "single_choice"
    assert kinds["Q03"] == "yes_no"
    numbers = {r["text"]: (r["n"], r["mean"], r["median"]) for r in summary["numbers"]}
    assert numbers["Q04"] == (5, 3.6, 2.0)
    assert option_counts(tmp_path / "fresh.duckdb", "Q01") == {"A5": 2, "A4": 2, "A2": 1}


def test_a_zoom_registration_report_reads_its_dates_under_one_convention(tmp_path, capsys):
    """A registration report saved by a European spreadsheet: 13/02/2026 shows the column is
    day-first, so 03/02/2026 is 3 February, not 2 March."""
    import duckdb

    import_as_a_new_user(tmp_path, capsys, "zoom_registration.csv")
    with duckdb.connect(str(tmp_path / "fresh.duckdb"), read_only=True) as connection:
        dates = connection.execute(
            "select strftime(registered_at, '%Y-%m-%d') from registrations order by source_row"
        ).fetchall()
    assert [d for (d,) in dates] == ["2026-02-03", "2026-02-13", "2026-02-20", "2026-03-01"]


def test_a_microsoft_forms_ranking_is_not_counted_as_choices(tmp_path, capsys):
    report, summary = import_as_a_new_user(tmp_path, capsys, "microsoft_forms.xlsx")
    kinds = {q["text"]: q["kind"] for part in report["kinds"] for q in part["questions"]}
    assert "Rank the topics by importance to you" not in kinds
    # Each option's rank is a number question: its mean is the option's mean rank.
    ranked = {
        f"Rank the topics by importance to you [{option}]": ranks
        for option, ranks in {
            "Data quality": (4, 1.75, 1.5),
            "Open data": (4, 2.25, 2.5),
            "Privacy": (4, 2.0, 2.0),
        }.items()
    }
    assert {text: kinds.get(text) for text in ranked} == dict.fromkeys(ranked, "number")
    numbers = {r["text"]: (r["n"], r["mean"], r["median"]) for r in summary["numbers"]}
    assert {text: numbers.get(text) for text in ranked} == ranked
