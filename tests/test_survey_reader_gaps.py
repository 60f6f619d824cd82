"""Survey-reader gaps a fresh-eyes tester found (issue 10; tests/fixtures/REAL_LAYOUTS.md,
"Fresh-eyes gaps"): a choice question whose "Other" answer has a column of its own
(SurveyMonkey, LimeSurvey), checkbox answers under a wording that reads like a free-text
question ("Which topics were most useful?"), and an agreement scale with its codes under such
a wording. Each file is synthetic (example.org people), imported with no source and no kind,
and the figures that come out are asserted: each question's kind, n, mean, option counts, the
typed "Other" answers kept apart as text, and no name or address outside `contacts`."""

from __future__ import annotations

import pytest

from surveydash.analytics import event_summary, query, records
from surveydash.importer import ImportOptions, import_file
from tests.conftest import write_csv

EVENT = "forum-2022"
PEOPLE = [
    "Annika",
    "Lindqvist",
    "Borislav",
    "Petrov",
    "Cyrille",
    "Moreau",
    "Dimitra",
    "Pappas",
    "@example.org",
    "198.51.100",
]


def imported(db, path):
    return import_file(db, path, EVENT, ImportOptions())


def kinds_of(result) -> dict[str, str]:
    return {q["text"]: q["kind"] for report in result.kinds for q in report.questions}


def choice_counts(db, question: str) -> dict[str, int]:
    return {
        row["option"]: row["count"]
        for row in records(query(db, "choice_distribution", event_id=EVENT))
        if row["text"] == question
    }


def answers_of(db, question: str) -> list[str]:
    """The answers stored for a question, as written, in the order of the file."""
    rows = (
        db.cursor()
        .execute(
            "select a.value_text from answers a join questions q using (event_id, question_id)"
            " join responses r using (event_id, response_id)"
            " where q.text = ? and a.value_text is not null order by r.source_row",
            [question],
        )
        .fetchall()
    )
    return [value for (value,) in rows]


def stored_outside_contacts(db, needles: list[str]) -> list[tuple[str, str, str]]:
    """Every (table, column, needle) where a text column of a table other than `contacts` (and
    the reference lists shipped with the app) holds one of `needles`, in lower case."""
    cursor = db.cursor()
    columns = cursor.execute(
        "select c.table_name, c.column_name from duckdb_columns() c "
        "join duckdb_tables() t on t.table_name = c.table_name and t.schema_name = c.schema_name "
        "where c.schema_name = 'main' and c.table_name not in ('contacts', "
        "'countries', 'country_aliases', 'sector_aliases', 'ldc_graduations') "
        "and c.data_type in ('VARCHAR', 'JSON')"
    ).fetchall()
    found = []
    for table, column in columns:
        for needle in needles:
            hits = cursor.execute(
                f'select count(*) from "{table}" where lower("{column}") like ?',
                [f"%{needle.lower()}%"],
            ).fetchone()[0]
            if hits:
                found.append((table, column, needle))
    return found


# --- A choice question whose "Other" has a column of its own -------------------------------------

# SurveyMonkey: row 2 labels the question's columns `Response` and `Other (please specify)`.
# The "Other" option is written in the answer's column (the second respondent) or left blank
# there with only the typed answer beside it (the fourth): one option "Other" either way, the
# typed answers their own text question. Four answers over three options: without the Other
# column, too few to show a list.
SURVEYMONKEY_CHOICE_WITH_OTHER = (
    "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,"
    "Last Name,Custom Data 1,Which of these best describes your organisation?,,"
    "Anything else?\n"
    ",,,,,,,,,Response,Other (please specify),Open-Ended Response\n"
    "114000000001,250000001,09/06/2022 10:00:00 AM,09/06/2022 10:05:00 AM,198.51.100.1,"
    "annika.lindqvist@example.org,Annika,Lindqvist,,Government,,Other sessions were too short.\n"
    "114000000002,250000001,09/06/2022 10:10:00 AM,09/06/2022 10:15:00 AM,198.51.100.2,"
    "borislav.petrov@example.org,Borislav,Petrov,,Other (please specify),Foundation,Other\n"
    "114000000003,250000001,09/06/2022 10:20:00 AM,09/06/2022 10:25:00 AM,198.51.100.3,"
    "cyrille.moreau@example.org,Cyrille,Moreau,,Academia,,More breaks\n"
    "114000000004,250000001,09/06/2022 10:30:00 AM,09/06/2022 10:35:00 AM,198.51.100.4,"
    "dimitra.pappas@example.org,Dimitra,Pappas,,,Cooperative,\n"
)


def test_surveymonkey_choice_with_its_own_other_column_is_a_single_choice(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "monkey.csv", SURVEYMONKEY_CHOICE_WITH_OTHER))
    assert result.source == "surveymonkey"
    question = "Which of these best describes your organisation?"
    other = f"{question} [Other (please specify)]"
    kinds = kinds_of(result)
    assert kinds[question] == "single_choice"
    assert kinds[other] == "text"
    # A comment box whose answers hold "Other" among sentences stays text.
    assert kinds["Anything else?"] == "text"
    assert choice_counts(event_db, question) == {"Government": 1, "Academia": 1, "Other": 2}
    # The typed answers are kept apart, never options.
    assert answers_of(event_db, other) == ["Foundation", "Cooperative"]
    assert event_summary(event_db, EVENT)["responses"] == 4
    assert stored_outside_contacts(event_db, PEOPLE) == []


# LimeSurvey: a list question with an Other option is its own column (`Q05`, holding the option
# chosen, "Other" for the Other one) beside `Q05[other]` (the typed answer), in each heading
# style and in a French admin's export. The third typed an answer and the list column says
# `Other`; the fourth's list column is blank beside a typed answer: counted as Other too.
LIME_HEADINGS = {
    "full-text": (
        "Response ID,Date submitted,Last page,Start language,Seed,Email address,"
        "How did you hear about the workshop?,How did you hear about the workshop? [Other],"
        "How did you hear about the workshop? [Comment]"
    ),
    "code-and-text": (
        "id. Response ID,submitdate. Date submitted,lastpage. Last page,"
        "startlanguage. Start language,seed. Seed,email. Email address,"
        "Q05. How did you hear about the workshop?,"
        "Q05[other]. How did you hear about the workshop? [Other],"
        "Q05[comment]. How did you hear about the workshop? [Comment]"
    ),
    "french": (
        "ID de la réponse,Date de soumission,Dernière page,Langue de départ,Tête de série,"
        "Courriel,How did you hear about the workshop?,"
        "How did you hear about the workshop? [Autre],"
        "How did you hear about the workshop? [Comment]"
    ),
}


def _lime_file(style: str) -> str:
    other = "Autre" if style == "french" else "Other"
    return (
        LIME_HEADINGS[style] + "\n"
        "1,2022-09-06 10:05:00,2,en,123,ann.one@example.org,Newsletter,,\n"
        "2,2022-09-06 10:15:00,2,en,123,bo.two@example.org,Colleague,,Via a colleague's team\n"
        f"3,2022-09-06 10:25:00,2,en,123,cy.three@example.org,{other},LinkedIn post,\n"
        "4,2022-09-06 10:35:00,2,en,123,di.four@example.org,,Radio,\n"
        "5,2022-09-06 10:45:00,2,en,123,,Website,,\n"
        "6,,1,en,123,,Newsletter,,\n"
    )


@pytest.mark.parametrize("style", list(LIME_HEADINGS))
def test_limesurvey_list_with_other_is_a_single_choice_named_by_its_text(event_db, tmp_path, style):
    result = imported(event_db, write_csv(tmp_path / f"lime-{style}.csv", _lime_file(style)))
    assert result.source == "limesurvey"
    question = "How did you hear about the workshop?"
    other = f"{question} [{'Autre' if style == 'french' else 'Other'}]"
    kinds = kinds_of(result)
    assert kinds[question] == "single_choice"
    assert kinds[other] == "text"
    assert kinds[f"{question} [Comment]"] == "text"
    assert not any("[None]" in text for text in kinds)
    # The fourth's blank list answer beside a typed one is the Other option, as the survey names it.
    other_option = "Autre" if style == "french" else "Other"
    assert choice_counts(event_db, question) == {
        "Newsletter": 1,
        "Colleague": 1,
        "Website": 1,
        other_option: 2,
    }
    assert answers_of(event_db, other) == ["LinkedIn post", "Radio"]
    # The incomplete sixth response is left out.
    assert event_summary(event_db, EVENT)["responses"] == 5
    assert stored_outside_contacts(event_db, PEOPLE) == []


# --- Checkboxes under a free-text wording --------------------------------------------------------


# "Which topics were most useful?" reads like the free-text question "What was most useful?",
# but its answers are a checkbox question's: options repeated across answers, short labels.
# The form's own download joins them with ';' (or ', '), its Sheet with ', '. The comment box
# beside it, worded the same way, holds sentences with ';' and ', ': text.
def _google_forms_file(timestamps: list[str], join: str) -> str:
    topics = [
        join.join(["Budgeting", "Open data"]),
        "Open data",
        join.join(["Budgeting", "Procurement reform"]),
        join.join(["Procurement reform", "Open data", "Budgeting"]),
        "Gender budgeting tools",
    ]
    comments = [
        "The budgeting clinic; it was practical, thanks.",
        "Meeting peers, and the case studies.",
        "",
        "The open data session; the slides were clear.",
        "Networking",
    ]
    people = ["ann.one", "bo.two", "cy.three", "di.four", "ed.five"]
    lines = [
        "Timestamp,Email Address,Which topics were most useful?,What did you find most useful?"
    ]
    for stamp, person, topic, comment in zip(timestamps, people, topics, comments, strict=True):
        lines.append(f'{stamp},{person}@example.org,"{topic}","{comment}"')
    return "\n".join(lines) + "\n"


FORMS_DOWNLOAD_STAMPS = [f"2022/09/06 {hour}:14:03 PM GMT+2" for hour in range(1, 6)]
SHEET_STAMPS = [f"9/6/2022 1{hour}:14:03" for hour in range(3, 8)]


@pytest.mark.parametrize(
    ("stamps", "join"),
    [
        pytest.param(FORMS_DOWNLOAD_STAMPS, ";", id="download-semicolons"),
        pytest.param(FORMS_DOWNLOAD_STAMPS, ", ", id="download-commas"),
        pytest.param(SHEET_STAMPS, ", ", id="sheet-commas"),
    ],
)
def test_google_forms_checkboxes_under_a_free_text_wording(event_db, tmp_path, stamps, join):
    result = imported(event_db, write_csv(tmp_path / "forms.csv", _google_forms_file(stamps, join)))
    assert result.source == "google-forms"
    kinds = kinds_of(result)
    assert kinds["Which topics were most useful?"] == "multiple_choice"
    assert kinds["What did you find most useful?"] == "text"
    assert choice_counts(event_db, "Which topics were most useful?") == {
        "Budgeting": 3,
        "Open data": 3,
        "Procurement reform": 2,
        "Gender budgeting tools": 1,
    }
    assert answers_of(event_db, "What did you find most useful?")[0] == (
        "The budgeting clinic; it was practical, thanks."
    )
    assert stored_outside_contacts(event_db, PEOPLE) == []


# --- A coded agreement scale under a free-text wording -------------------------------------------

# "The workshop improved my skills" holds the word of the free-text question "What should be
# improved?", but its answers are an agreement scale's labels with their codes; the
# non-answers are set apart. A comment box answered with one scale word is still text.
GOOGLE_FORMS_CODED_AGREEMENT = (
    "Timestamp,The workshop improved my skills,What should we improve?\n"
    "2022/09/06 1:14:03 PM GMT+2,Strongly agree (7),Good\n"
    "2022/09/06 1:20:47 PM GMT+2,Agree (6),Good\n"
    "2022/09/06 1:31:10 PM GMT+2,I don't know (8),\n"
    "2022/09/06 2:02:55 PM GMT+2,Somewhat agree (5),Good\n"
    "2022/09/06 3:10:00 PM GMT+2,Prefer not to say (9),\n"
    "2022/09/06 3:12:00 PM GMT+2,Neither agree nor disagree (4),\n"
)


def test_a_coded_agreement_scale_under_a_free_text_wording_is_a_rating(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "coded.csv", GOOGLE_FORMS_CODED_AGREEMENT))
    kinds = kinds_of(result)
    assert kinds["The workshop improved my skills"] == "rating"
    assert kinds["What should we improve?"] == "text"
    ratings = {r["text"]: (r["n"], r["mean"]) for r in event_summary(event_db, EVENT)["ratings"]}
    assert ratings["The workshop improved my skills"] == (4, 5.5)
