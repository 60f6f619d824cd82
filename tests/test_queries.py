"""Golden tests for the queries in queries/: tiny input rows, the exact output rows.

Every file in queries/ is checked for a complete header whose parameters and columns are the
ones its SQL uses and returns, and every query has at least one golden test below (a test
checks that too). Rows are inserted with plain SQL into a fresh in-memory database, so each
test shows exactly the data its figures come from.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from surveydash import analytics, figures
from surveydash.queries import HEADER_FIELDS, load_queries, run_query
from surveydash.settings import QUERIES_DIR

QUERY_FILES = sorted(QUERIES_DIR.glob("*.sql"))
# Parameter values good enough to run any query on an empty database, for its column names.
SAMPLE_PARAMETERS = {
    "event_id": "forum-2022",
    "event_ids": ["forum-2022"],
    "group_by": "sector",
    "regions": ["Europe"],
}

QUALITY_LABELS = {"5": "Excellent", "4": "Very good", "3": "Good", "2": "Fair", "1": "Poor"}


# -- helpers -----------------------------------------------------------------------------------


def run(db, name: str, **parameters) -> list[tuple]:
    """The query's rows as tuples of plain Python values (None for SQL null)."""
    cursor = db.cursor()
    try:
        frame = run_query(cursor, name, **parameters)
    finally:
        cursor.close()
    return [tuple(_plain(value) for value in row) for row in frame.itertuples(index=False)]


def _plain(value):
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if hasattr(value, "item"):
        return _plain(value.item())
    return value


def insert(db, table: str, *rows: dict) -> None:
    """Insert rows (column -> value) into a table with plain SQL."""
    with db.writing() as cursor:
        for row in rows:
            columns = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            cursor.execute(f"insert into {table} ({columns}) values ({marks})", list(row.values()))


def store_figures(db) -> None:
    """Store every event's figures, as the importer does for its event after writing rows
    (these tests write rows with plain SQL)."""
    with db.writing() as cursor:
        figures.refresh(cursor)


def add_event(db, event_id: str, start_date: str, title: str | None = None, **extra) -> None:
    insert(
        db,
        "events",
        {"event_id": event_id, "title": title or f"Event {event_id}", "start_date": start_date}
        | extra,
    )


def registration(event_id, person, row, country=None, sector=None, gender=None, **extra):
    return {
        "event_id": event_id,
        "import_id": 1,
        "source_row": row,
        "participant_id": person,
        "country_iso3": country,
        "sector": sector,
        "gender": gender,
    } | extra


def join(event_id, person, row, minutes, session=None, join_time=None):
    return {
        "event_id": event_id,
        "import_id": 2,
        "source_row": row,
        "participant_id": person,
        "session": session,
        "join_time": join_time,
        "minutes": minutes,
    }


def response(event_id, response_id, person=None, country=None, sector=None, gender=None):
    return {
        "event_id": event_id,
        "response_id": response_id,
        "import_id": 3,
        "source_row": response_id + 1,
        "participant_id": person,
        "country_iso3": country,
        "sector": sector,
        "gender": gender,
    }


def question(event_id, position, text, kind, indicator=None, scale=None, labels=None, options=()):
    return {
        "event_id": event_id,
        "question_id": f"q{position:02d}",
        "position": position,
        "text": text,
        "kind": kind,
        "scale_min": scale[0] if scale else None,
        "scale_max": scale[1] if scale else None,
        "labels": json.dumps(labels or {}),
        "options": json.dumps(list(options)),
        "indicator": indicator,
        "indicator_source": "auto" if indicator else None,
        "indicator_confidence": 0.9 if indicator else None,
        "import_id": 3,
    }


def answer(event_id, response_id, question_id, number=None, text=None):
    return {
        "event_id": event_id,
        "response_id": response_id,
        "question_id": question_id,
        "value_num": number,
        "value_text": text,
    }


# -- the database the funnel tests share ------------------------------------------------------


@pytest.fixture
def funnel_db(db):
    """forum-2022: four people registered (one of them twice), three attended (one of them
    twice, one without registering), three answered the survey (one anonymously)."""
    add_event(db, "forum-2022", "2022-09-06")
    insert(
        db,
        "registrations",
        registration("forum-2022", "p1", 2, "KEN", "National Government", "Female"),
        registration("forum-2022", "p2", 3, "FRA", "Other", "Male"),
        registration("forum-2022", "p3", 4, "BTN", "Local or Regional Government", "Female"),
        # p4 typed a country nobody recognized and gave no sector or gender.
        registration("forum-2022", "p4", 5, country_raw="Atlantis"),
        # p1 registered again without a sector or gender: still one registrant, from Kenya,
        # National Government, Female.
        registration("forum-2022", "p1", 6, "KEN", gender=" "),
        # p2's later registration row gives another sector: the latest one that gives one wins.
        registration("forum-2022", "p2", 7, "FRA", "Academic Institutions"),
    )
    insert(
        db,
        "attendance",
        # p1 dropped and rejoined: one attendee with 75 minutes.
        join("forum-2022", "p1", 2, 30, "Day 1", "2022-09-06 09:00:00"),
        join("forum-2022", "p1", 3, 45, "Day 1", "2022-09-06 10:00:00"),
        join("forum-2022", "p3", 4, 60, "Day 2", "2022-09-07 09:00:00"),
        # p5 attended without registering: no country, sector or gender.
        join("forum-2022", "p5", 5, 10, None, "2022-09-06 08:00:00"),
    )
    insert(
        db,
        "responses",
        # p1 says they are academic now: their own answer wins over their registration's.
        response("forum-2022", 1, "p1", sector="Academic Institutions"),
        response("forum-2022", 2, "p3"),
        response("forum-2022", 3, None, country="FRA", sector="Other", gender="Male"),
    )
    return db


# -- headers -----------------------------------------------------------------------------------


def header_columns(columns: str) -> list[str]:
    """The column names a header lists: split on commas outside parentheses, each name being
    what comes before any parenthesis."""
    names, depth, current = [], 0, ""
    for character in columns:
        if character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
        if character == "," and depth == 0:
            names.append(current)
            current = ""
        else:
            current += character
    names.append(current)
    return [name.split("(")[0].strip() for name in names]


def test_header_columns_are_parsed_outside_parentheses():
    assert header_columns("stage, count, pct (of everyone, 1 decimal)") == ["stage", "count", "pct"]


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_query_header_is_complete_and_true(path, event_db):
    query = load_queries()[path.stem]
    assert query.name == path.stem, "a query's name is its file's name"
    for field_name in HEADER_FIELDS:
        assert query.header.get(field_name, "").strip(), f"{path.name} has no '{field_name}:'"
    declared = set(re.findall(r"\$([a-z_][a-z0-9_]*)", query.header["parameters"]))
    if not declared:
        assert query.header["parameters"].strip() == "none"
    assert declared == query.parameters
    cursor = event_db.cursor()
    try:
        parameters = {name: SAMPLE_PARAMETERS[name] for name in query.parameters}
        described = cursor.execute(query.sql, parameters).description
    finally:
        cursor.close()
    assert [column[0] for column in described] == header_columns(query.header["columns"])


def test_every_query_has_a_golden_test():
    """Each query in queries/ is run by name by some golden test of this module."""
    source = Path(__file__).read_text(encoding="utf-8")
    tested = set(re.findall(r'run\(\s*\w+,\s*"([a-z_]+)"', source))
    assert set(load_queries()) - tested == set()


# -- the event's funnel ------------------------------------------------------------------------


def test_event_headline_counts_people_once_per_stage(funnel_db):
    assert run(funnel_db, "event_headline", event_id="forum-2022") == [
        # registrations, registration_countries, attendees, attendee_countries, attendance_rate,
        # responses, response_rate, attendee_minutes_median
        (4, 3, 3, 2, 75.0, 3, 100.0, 60.0)
    ]


def test_event_headline_response_rate_leaves_out_respondents_who_did_not_attend(funnel_db):
    # p2 registered, never joined, and answered: 4 responses, 3 of them counted (p1, p3 and the
    # anonymous one) against 3 attendees.
    insert(funnel_db, "responses", response("forum-2022", 4, "p2"))
    assert run(funnel_db, "event_headline", event_id="forum-2022") == [
        (4, 3, 3, 2, 75.0, 4, 100.0, 60.0)
    ]


def test_event_headline_of_an_event_without_data_is_zero(funnel_db):
    add_event(funnel_db, "empty-2023", "2023-01-01")
    assert run(funnel_db, "event_headline", event_id="empty-2023") == [
        (0, 0, 0, 0, None, 0, None, None)
    ]


def test_participants_by_sector_counts_each_person_once_own_answer_first(funnel_db):
    assert run(funnel_db, "participants_by_sector", event_id="forum-2022") == [
        ("registrants", "Academic Institutions", 1, 25.0),
        ("registrants", "Local or Regional Government", 1, 25.0),
        ("registrants", "National Government", 1, 25.0),
        ("registrants", "Not stated", 1, 25.0),
        ("attendees", "Local or Regional Government", 1, 33.3),
        ("attendees", "National Government", 1, 33.3),
        ("attendees", "Not stated", 1, 33.3),
        # p1's own answer (Academic) wins over their registration's (National Government);
        # p3 gave none, so their registration's sector counts.
        ("respondents", "Academic Institutions", 1, 33.3),
        ("respondents", "Local or Regional Government", 1, 33.3),
        ("respondents", "Other", 1, 33.3),
    ]


def test_participants_by_country_takes_attendees_country_from_registration(funnel_db):
    assert run(funnel_db, "participants_by_country", event_id="forum-2022") == [
        ("registrants", "BTN", "Bhutan", "Asia", "Southern Asia", 1, 25.0),
        ("registrants", "FRA", "France", "Europe", "Western Europe", 1, 25.0),
        ("registrants", "KEN", "Kenya", "Africa", "Sub-Saharan Africa", 1, 25.0),
        ("registrants", None, "Not stated or unrecognized", None, None, 1, 25.0),
        ("attendees", "BTN", "Bhutan", "Asia", "Southern Asia", 1, 33.3),
        ("attendees", "KEN", "Kenya", "Africa", "Sub-Saharan Africa", 1, 33.3),
        ("attendees", None, "Not stated or unrecognized", None, None, 1, 33.3),
        ("respondents", "BTN", "Bhutan", "Asia", "Southern Asia", 1, 33.3),
        ("respondents", "FRA", "France", "Europe", "Western Europe", 1, 33.3),
        ("respondents", "KEN", "Kenya", "Africa", "Sub-Saharan Africa", 1, 33.3),
    ]


def test_participants_by_region_puts_unknown_countries_last(funnel_db):
    assert run(funnel_db, "participants_by_region", event_id="forum-2022") == [
        ("registrants", "Africa", 1, 25.0),
        ("registrants", "Asia", 1, 25.0),
        ("registrants", "Europe", 1, 25.0),
        ("registrants", "Not stated or unrecognized", 1, 25.0),
        ("attendees", "Africa", 1, 33.3),
        ("attendees", "Asia", 1, 33.3),
        ("attendees", "Not stated or unrecognized", 1, 33.3),
        ("respondents", "Africa", 1, 33.3),
        ("respondents", "Asia", 1, 33.3),
        ("respondents", "Europe", 1, 33.3),
    ]


def test_participants_by_gender_ignores_blank_later_rows(funnel_db):
    assert run(funnel_db, "participants_by_gender", event_id="forum-2022") == [
        ("registrants", "Female", 2, 50.0),
        ("registrants", "Male", 1, 25.0),
        ("registrants", "Not stated", 1, 25.0),
        ("attendees", "Female", 2, 66.7),
        ("attendees", "Not stated", 1, 33.3),
        ("respondents", "Female", 2, 66.7),
        ("respondents", "Male", 1, 33.3),
    ]


def test_attendance_by_session_sums_joins_per_person(funnel_db):
    assert run(funnel_db, "attendance_by_session", event_id="forum-2022") == [
        # session, attendees, joins, minutes_median; in order of first join
        ("All", 1, 1, 10.0),
        ("Day 1", 1, 2, 75.0),
        ("Day 2", 1, 1, 60.0),
    ]


def test_certificate_recipients_are_the_attendees_who_meet_the_rule(funnel_db):
    insert(
        funnel_db,
        "contacts",
        {"participant_id": "p1", "email": "p1@example.org", "first_name": "Ana", "last_name": "B"},
        {"participant_id": "p3", "email": "p3@example.org", "first_name": "Li", "last_name": "A"},
        {"participant_id": "p5", "email": "p5@example.org", "first_name": "Jo", "last_name": "C"},
    )
    # No rule yet: nobody.
    assert run(funnel_db, "certificate_recipients", event_id="forum-2022") == []
    insert(
        funnel_db, "certificate_rules", {"event_id": "forum-2022", "rule": "minutes", "minimum": 60}
    )
    assert run(funnel_db, "certificate_recipients", event_id="forum-2022") == [
        # first_name, last_name, email, minutes, sessions; p5's 10 minutes are too few
        ("Li", "A", "p3@example.org", 60, 1),
        ("Ana", "B", "p1@example.org", 75, 1),
    ]
    with funnel_db.writing() as cursor:
        cursor.execute("update certificate_rules set rule = 'sessions', minimum = 1")
    assert len(run(funnel_db, "certificate_recipients", event_id="forum-2022")) == 3
    with funnel_db.writing() as cursor:
        cursor.execute("update certificate_rules set minimum = 2")
    assert run(funnel_db, "certificate_recipients", event_id="forum-2022") == []


def test_quote_choices_list_each_question_choice_and_whether_it_still_holds(funnel_db):
    assert run(funnel_db, "quote_choices", event_id="forum-2022") == []
    insert(
        funnel_db,
        "answers",
        answer("forum-2022", 1, "q06", text="The case studies"),
        answer("forum-2022", 3, "q06", text="A later, different answer"),
    )
    insert(
        funnel_db,
        "quote_choices",
        {"event_id": "forum-2022", "question_id": "q06", "quote_all": False},
        {"event_id": "forum-2022", "question_id": "q07", "quote_all": True},
        {"event_id": "other-2023", "question_id": "q06", "quote_all": True},
    )
    with funnel_db.writing() as cursor:
        cursor.execute(
            "insert into quoted_answers values "
            "('forum-2022', 'q06', 1, sha256('The case studies')), "
            "('forum-2022', 'q06', 3, sha256('The answer that was chosen'))"
        )
    assert run(funnel_db, "quote_choices", event_id="forum-2022") == [
        # question_id, quote_all, response_id, still_answered
        ("q06", False, 1, True),
        ("q06", False, 3, False),  # response 3 now gives another answer
        ("q07", True, None, False),
    ]


# -- LDC membership as of the event's date -----------------------------------------------------


@pytest.fixture
def graduation_db(db):
    """The same three registrants and attendees (Bhutan, Sao Tome and Principe, Kenya) at events
    before and after Bhutan's (2023-12-13) and Sao Tome and Principe's (2024-12-13) graduation
    from the LDC category."""
    for event_id, start_date in (
        ("forum-2022", "2022-09-06"),
        ("forum-2024", "2024-06-01"),
        ("forum-2025", "2025-03-01"),
    ):
        add_event(db, event_id, start_date)
        for row, (person, country) in enumerate((("a", "BTN"), ("b", "STP"), ("c", "KEN")), 2):
            insert(db, "registrations", registration(event_id, person, row, country))
            insert(db, "attendance", join(event_id, person, row, 60))
    return db


@pytest.mark.parametrize(
    ("event_id", "ldc"),
    [
        ("forum-2022", (2, 66.7)),  # Bhutan and Sao Tome and Principe
        ("forum-2024", (1, 33.3)),  # Sao Tome and Principe: Bhutan graduated in 2023
        ("forum-2025", (0, 0.0)),  # neither: Sao Tome and Principe graduated in 2024
    ],
)
def test_participants_by_country_group_takes_ldc_status_as_of_the_event(
    graduation_db, event_id, ldc
):
    assert run(graduation_db, "participants_by_country_group", event_id=event_id) == [
        ("registrants", "LDC", *ldc),
        ("registrants", "LLDC", 1, 33.3),  # Bhutan
        ("registrants", "SIDS", 1, 33.3),  # Sao Tome and Principe
        ("attendees", "LDC", *ldc),
        ("attendees", "LLDC", 1, 33.3),
        ("attendees", "SIDS", 1, 33.3),
    ]


def test_portfolio_totals_count_ldc_attendees_as_of_each_event(graduation_db):
    add_event(graduation_db, "no-data-2021", "2021-01-01")
    insert(graduation_db, "responses", response("forum-2022", 1, "a"))
    store_figures(graduation_db)
    assert run(graduation_db, "portfolio_totals") == [
        # events, registrations, attendees, responses, countries_reached, attendee_countries,
        # ldc_pct (3 of 9 attendees: 2 in 2022, 1 in 2024), lldc_pct (Bhutan, 3 of 9),
        # sids_pct (Sao Tome and Principe, 3 of 9)
        (4, 9, 9, 1, 3, 3, 33.3, 33.3, 33.3)
    ]


def test_portfolio_totals_of_an_empty_database(db):
    assert run(db, "portfolio_totals") == [(0, 0, 0, 0, 0, 0, None, None, None)]


# -- the survey --------------------------------------------------------------------------------


@pytest.fixture
def survey_db(funnel_db):
    """forum-2022's survey: four responses to a 1-5 rating with labels, a yes/no question,
    a single and a multiple choice, and an open question."""
    db = funnel_db
    insert(db, "responses", response("forum-2022", 4, None, country="STP"))
    insert(
        db,
        "questions",
        question(
            "forum-2022",
            1,
            "How would you rate the Forum overall?",
            "rating",
            "overall_rating",
            (1, 5),
            QUALITY_LABELS,
        ),
        question(
            "forum-2022",
            2,
            "Did you experience any technical difficulties?",
            "yes_no",
            "difficulties",
        ),
        question(
            "forum-2022",
            3,
            "How did you hear about the Forum?",
            "single_choice",
            options=("E-mail", "Website"),
        ),
        question(
            "forum-2022",
            4,
            "Which days did you attend?",
            "multiple_choice",
            options=("Day 1", "Day 2"),
        ),
        question("forum-2022", 5, "What could be improved?", "text", "improvements"),
    )
    insert(
        db,
        "answers",
        # Overall rating: 5, 4 and 2 (response 4 left it blank: no row).
        answer("forum-2022", 1, "q01", 5, "Excellent"),
        answer("forum-2022", 2, "q01", 4, "Very good"),
        answer("forum-2022", 3, "q01", 2, "Fair"),
        # Difficulties: one yes, three no.
        answer("forum-2022", 1, "q02", 1, "Yes"),
        answer("forum-2022", 2, "q02", 0, "No"),
        answer("forum-2022", 3, "q02", 0, "No"),
        answer("forum-2022", 4, "q02", 0, "No"),
        answer("forum-2022", 1, "q03", text="E-mail"),
        answer("forum-2022", 2, "q03", text="Website"),
        answer("forum-2022", 3, "q03", text="E-mail"),
        # Multiple choice: one row per ticked option.
        answer("forum-2022", 1, "q04", text="Day 1"),
        answer("forum-2022", 1, "q04", text="Day 2"),
        answer("forum-2022", 2, "q04", text="Day 1"),
        answer("forum-2022", 3, "q04", text="Day 2"),
        answer("forum-2022", 4, "q04", text="Day 1"),
        answer("forum-2022", 4, "q05", text="Shorter sessions"),
        answer("forum-2022", 1, "q05", text="More time for questions"),
        answer("forum-2022", 2, "q05", text="   "),
    )
    return db


def test_rating_summary_gives_n_mean_and_top2(survey_db):
    assert run(survey_db, "rating_summary", event_id="forum-2022") == [
        # question_id, position, text, indicator, scale_min, scale_max, n, mean, top2_pct,
        # set_apart
        (
            "q01",
            1,
            "How would you rate the Forum overall?",
            "overall_rating",
            1,
            5,
            3,
            3.67,
            66.7,
            0,
        )
    ]


def test_rating_summary_counts_not_applicable_apart_from_n_and_mean(survey_db):
    insert(survey_db, "answers", answer("forum-2022", 4, "q01", text="Not applicable"))
    row = run(survey_db, "rating_summary", event_id="forum-2022")[0]
    assert row[6:] == (3, 3.67, 66.7, 1)


@pytest.fixture
def numbers_db(db):
    """forum-2022's survey: one number question ("How many staff ...") answered 2, 4, 4, 30
    and once "N/A"."""
    add_event(db, "forum-2022", "2022-09-06")
    insert(db, "questions", question("forum-2022", 1, "How many staff work with you?", "number"))
    insert(db, "responses", *(response("forum-2022", r) for r in range(1, 6)))
    insert(
        db,
        "answers",
        answer("forum-2022", 1, "q01", 2),
        answer("forum-2022", 2, "q01", 4),
        answer("forum-2022", 3, "q01", 4),
        answer("forum-2022", 4, "q01", 30),
        answer("forum-2022", 5, "q01", text="N/A"),
    )
    return db


def test_number_summary_gives_n_mean_median_and_range(numbers_db):
    (row,) = run(numbers_db, "number_summary", event_id="forum-2022")
    assert row[:10] == ("q01", 1, "How many staff work with you?", None, 4, 10.0, 4.0, 2.0, 30.0, 1)
    # Sample standard deviation of 2, 4, 4, 30: sqrt(536 / 3).
    assert round(row[10], 3) == 13.367
    assert row[11] == 10.0


def test_number_distribution_puts_the_numbers_in_ten_equal_bins(numbers_db):
    rows = run(numbers_db, "number_distribution", event_id="forum-2022")
    # 2 to 30 in ten bins of 2.8: 2 in the first, the two 4s in the first too, 30 in the last.
    assert [(row[2], row[5]) for row in rows] == [(1, 3), (10, 1)]
    assert rows[0][3:5] == (2.0, 4.8)
    assert rows[-1][6] == 25.0


def test_number_distribution_of_a_few_whole_numbers_has_a_bin_per_value(db):
    add_event(db, "forum-2022", "2022-09-06")
    insert(db, "questions", question("forum-2022", 1, "Children", "number"))
    insert(db, "responses", *(response("forum-2022", r) for r in range(1, 4)))
    insert(
        db,
        "answers",
        answer("forum-2022", 1, "q01", 0),
        answer("forum-2022", 2, "q01", 2),
        answer("forum-2022", 3, "q01", 2),
    )
    rows = run(db, "number_distribution", event_id="forum-2022")
    assert [(row[2], row[3], row[4], row[5]) for row in rows] == [
        (1, 0.0, 1.0, 1),
        (3, 2.0, 3.0, 2),
    ]


def test_rating_summary_of_a_question_nobody_answered(survey_db):
    insert(survey_db, "questions", question("forum-2022", 6, "Relevance?", "rating", None, (1, 5)))
    assert run(survey_db, "rating_summary", event_id="forum-2022")[1] == (
        "q06",
        6,
        "Relevance?",
        None,
        1,
        5,
        0,
        None,
        None,
        0,
    )


def test_rating_distribution_lists_every_scale_point_with_its_label(survey_db):
    assert run(survey_db, "rating_distribution", event_id="forum-2022") == [
        ("q01", 1, 5, "Excellent", 1, 33.3),
        ("q01", 1, 4, "Very good", 1, 33.3),
        ("q01", 1, 3, "Good", 0, 0.0),
        ("q01", 1, 2, "Fair", 1, 33.3),
        ("q01", 1, 1, "Poor", 0, 0.0),
    ]


def test_rating_distribution_of_an_unlabelled_scale(db):
    add_event(db, "forum-2022", "2022-09-06")
    insert(db, "questions", question("forum-2022", 1, "Usefulness (0-3)", "rating", None, (0, 3)))
    insert(db, "responses", response("forum-2022", 1), response("forum-2022", 2))
    insert(db, "answers", answer("forum-2022", 1, "q01", 0), answer("forum-2022", 2, "q01", 3))
    assert run(db, "rating_distribution", event_id="forum-2022") == [
        ("q01", 1, 3, None, 1, 50.0),
        ("q01", 1, 2, None, 0, 0.0),
        ("q01", 1, 1, None, 0, 0.0),
        ("q01", 1, 0, None, 1, 50.0),
    ]


def test_yes_no_summary_gives_shares(survey_db):
    assert run(survey_db, "yes_no_summary", event_id="forum-2022") == [
        (
            "q02",
            2,
            "Did you experience any technical difficulties?",
            "difficulties",
            4,
            1,
            3,
            25.0,
            75.0,
        )
    ]


def test_choice_distribution_counts_respondents_per_option(survey_db):
    single = ("q03", 3, "How did you hear about the Forum?", "single_choice")
    multiple = ("q04", 4, "Which days did you attend?", "multiple_choice")
    assert run(survey_db, "choice_distribution", event_id="forum-2022") == [
        (*single, "E-mail", 2, 66.7),
        (*single, "Website", 1, 33.3),
        # Four respondents ticked days: shares of them add up to more than 100.
        (*multiple, "Day 1", 3, 75.0),
        (*multiple, "Day 2", 2, 50.0),
    ]


def test_text_answers_skip_blanks_and_carry_the_respondents_sector(survey_db):
    question_columns = ("q05", 5, "What could be improved?", "improvements")
    assert run(survey_db, "text_answers", event_id="forum-2022") == [
        (*question_columns, 1, "More time for questions", "Academic Institutions"),
        (*question_columns, 4, "Shorter sessions", None),
    ]


def test_event_questions_lists_the_survey_in_order(survey_db):
    found = run(survey_db, "event_questions", event_id="forum-2022")
    assert [row[:5] for row in found] == [
        ("q01", 1, "How would you rate the Forum overall?", "rating", 1),
        ("q02", 2, "Did you experience any technical difficulties?", "yes_no", None),
        ("q03", 3, "How did you hear about the Forum?", "single_choice", None),
        ("q04", 4, "Which days did you attend?", "multiple_choice", None),
        ("q05", 5, "What could be improved?", "text", None),
    ]
    assert found[0][5:] == (5, json.dumps(QUALITY_LABELS), "[]", "overall_rating", "auto", 0.9)
    assert found[3][7] == '["Day 1", "Day 2"]'


def test_rating_answers_with_groups_gives_each_answer_with_its_respondents_groups(survey_db):
    # Response 1 (p1: Academic, from Kenya), 2 (p3: Local, from Bhutan, which was an LDC and is
    # an LLDC), 3 (anonymous: Other, from France) rated 5, 4 and 2.
    question_columns = ("q01", 1, "How would you rate the Forum overall?", "overall_rating", 1, 5)
    found = run(survey_db, "rating_answers_with_groups", event_id="forum-2022")
    groups = [row[len(question_columns) :] for row in found]
    assert all(row[: len(question_columns)] == question_columns for row in found)
    assert groups == [
        (1, 5.0, "Academic Institutions", "Africa", False, False, False, True, "Female"),
        (2, 4.0, "Local or Regional Government", "Asia", True, True, False, True, "Female"),
        (3, 2.0, "Other", "Europe", False, False, False, True, "Male"),
    ]


# -- across events -----------------------------------------------------------------------------


def test_events_comparison_across_two_events(survey_db):
    db = survey_db
    add_event(db, "forum-2023", "2023-10-17", "Forum 2023", series="Forum", format="hybrid")
    insert(
        db,
        "registrations",
        registration("forum-2023", "p1", 2, "KEN"),
        registration("forum-2023", "p1", 3, "KEN"),
        registration("forum-2023", "p9", 4, "MEX"),
    )
    insert(db, "attendance", join("forum-2023", "p1", 2, 50))
    insert(db, "responses", response("forum-2023", 1, "p1"))
    insert(
        db,
        "questions",
        question("forum-2023", 1, "Overall rating (1-10)", "rating", "overall_rating", (1, 10)),
        question("forum-2023", 2, "Relevance", "rating", "relevance", (1, 5)),
    )
    insert(
        db,
        "answers",
        answer("forum-2023", 1, "q01", 9),  # top two of a 1-10 scale: 9 and 10
        answer("forum-2023", 1, "q02", 3),
    )
    store_figures(db)
    found = run(db, "events_comparison", event_ids=["forum-2022", "forum-2023"])
    assert found == [
        (
            "forum-2023", "Forum 2023", "Forum", "2023-10-17", "hybrid", None,
            2, 2, 1, 1, 50.0, 1, 0, 100.0,
            1, 9.0, 100.0,  # overall rating
            1, 3.0, 0.0,  # relevance
            0, None, None,  # quality
            0, None, None,  # likely to apply
            0, None,  # difficulties
        ),
        (
            "forum-2022", "Event forum-2022", None, "2022-09-06", None, None,
            # The two anonymous responses cannot be checked against the attendance: counted.
            4, 3, 3, 2, 75.0, 4, 0, 133.3,
            3, 3.67, 66.7,
            0, None, None,
            0, None, None,
            0, None, None,
            4, 25.0,
        ),
    ]  # fmt: skip
    only_one = run(db, "events_comparison", event_ids=["forum-2022"])
    assert [row[0] for row in only_one] == ["forum-2022"]


def test_events_comparison_reads_an_indicator_asked_twice_from_the_first_question(survey_db):
    db = survey_db
    add_event(db, "forum-2023", "2023-10-17", "Forum 2023")
    insert(db, "responses", response("forum-2023", 1), response("forum-2023", 2))
    insert(
        db,
        "questions",
        question("forum-2023", 1, "Quality of the speakers", "rating", "quality", (1, 5)),
        question("forum-2023", 2, "Quality of the platform", "rating", "quality", (1, 5)),
    )
    insert(
        db,
        "answers",
        answer("forum-2023", 1, "q01", 5),
        answer("forum-2023", 2, "q01", 3),
        answer("forum-2023", 1, "q02", 1),
        answer("forum-2023", 2, "q02", 1),
    )
    store_figures(db)
    (found,) = run(db, "events_comparison", event_ids=["forum-2023"])
    quality = found[20:23]
    # Two respondents, not four answers; the speakers' question (asked first) is read.
    assert quality == (2, 4.0, 50.0)


def test_events_comparison_response_rate_leaves_out_respondents_who_did_not_attend(funnel_db):
    # p2 and p4 registered and never joined, yet answered: 5 responses, 3 attendees.
    insert(
        funnel_db,
        "responses",
        response("forum-2022", 4, "p2"),
        response("forum-2022", 5, "p4"),
    )
    store_figures(funnel_db)
    (found,) = analytics.records(
        analytics.query(funnel_db, "events_comparison", event_ids=["forum-2022"])
    )
    assert (found["attendees"], found["responses"], found["responses_from_absentees"]) == (3, 5, 2)
    # (5 - 2) / 3: p1, p3 and the anonymous response.
    assert found["response_rate"] == 100.0


def test_event_response_figures_count_responses_of_people_who_never_joined(funnel_db):
    insert(funnel_db, "responses", response("forum-2022", 4, "p2"), response("forum-2022", 5, "p9"))
    add_event(funnel_db, "survey-only-2023", "2023-01-10")
    insert(funnel_db, "responses", response("survey-only-2023", 6, "p1"))
    assert run(
        funnel_db, "event_response_figures", event_ids=["forum-2022", "survey-only-2023"]
    ) == [
        # event_id, responses, responses_from_absentees: p2 registered and never joined; p9 did
        # neither; p1, p3 joined; the anonymous one cannot be told.
        ("forum-2022", 5, 2),
        # No attendance records: nobody is known to have stayed away.
        ("survey-only-2023", 1, 0),
    ]
    assert run(funnel_db, "event_response_figures", event_ids=[]) == []


def test_event_country_figures_count_people_once_per_event_and_country(funnel_db):
    assert run(funnel_db, "event_country_figures", event_ids=["forum-2022"]) == [
        # event_id, country_iso3, registrants, attendees, respondents
        ("forum-2022", "BTN", 1, 1, 1),  # p3
        ("forum-2022", "FRA", 1, 0, 1),  # p2; the anonymous response from France
        ("forum-2022", "KEN", 1, 1, 1),  # p1, registered twice, joined twice
        # p4's Atlantis, unrecognized; p5 joined without registering
        ("forum-2022", None, 1, 1, 0),
    ]


def test_event_country_figures_of_the_chosen_events_only(funnel_db):
    add_event(funnel_db, "forum-2023", "2023-10-17")
    insert(funnel_db, "registrations", registration("forum-2023", "p1", 2, "MEX"))
    assert run(funnel_db, "event_country_figures", event_ids=["forum-2023"]) == [
        ("forum-2023", "MEX", 1, 0, 0)
    ]
    assert run(funnel_db, "event_country_figures", event_ids=[]) == []


def test_event_indicator_figures_read_the_first_question_of_each_indicator(survey_db):
    found = run(survey_db, "event_indicator_figures", event_ids=["forum-2022"])
    assert [(*row[:3], round(row[3], 3), *row[4:8], round(row[8], 3), row[9]) for row in found] == [
        # event_id, indicator, answers, mean, top2 (4 or 5 of 5), yes (answers of 1),
        # scale_min, scale_max, sd (sample), favourable (above the scale's midpoint, 3)
        ("forum-2022", "difficulties", 4, 0.25, 0, 1, None, None, 0.5, 0),
        ("forum-2022", "overall_rating", 3, 3.667, 2, 0, 1.0, 5.0, 1.528, 2),
    ]


def test_stored_indicator_figures_read_what_figures_stored(survey_db):
    store_figures(survey_db)
    found = run(survey_db, "stored_indicator_figures", event_ids=["forum-2022"])
    assert [(*row[:3], round(row[3], 3), round(row[4], 3), *row[5:]) for row in found] == [
        # event_id, indicator, answers, mean, sd, scale_min, scale_max, top2, favourable, yes
        ("forum-2022", "difficulties", 4, 0.25, 0.5, None, None, 0, 0, 1),
        ("forum-2022", "overall_rating", 3, 3.667, 1.528, 1.0, 5.0, 2, 2, 0),
    ]
    assert run(survey_db, "stored_indicator_figures", event_ids=["another-event"]) == []


def test_events_list_is_latest_first(db):
    add_event(db, "b-2021", "2021-05-04", "B", format="virtual", languages="en;fr")
    add_event(db, "a-2023", "2023-05-23", "A", end_date="2023-05-25", location="Geneva")
    assert run(db, "events_list") == [
        ("a-2023", "A", None, "2023-05-23", "2023-05-25", None, "Geneva", None, None),
        ("b-2021", "B", None, "2021-05-04", None, "virtual", None, None, "en;fr"),
    ]
    assert run(db, "event_titles") == [("a-2023", "A"), ("b-2021", "B")]
    assert run(db, "event_details", event_id="a-2023") == [
        ("a-2023", "A", None, "2023-05-23", "2023-05-25", None, "Geneva", None, None, None)
    ]
    assert run(db, "event_details", event_id="c-2024") == []


def test_import_history_is_latest_first(db):
    add_event(db, "forum-2022", "2022-09-06")
    log = {
        "event_id": "forum-2022",
        "source": "generic",
        "file_sha256": "ab",
        "imported_by": "analyst",
        "imported_at": "2024-01-02 03:04:05",
    }
    insert(
        db,
        "import_log",
        log
        | {
            "import_id": 1,
            "kind": "registrations",
            "file_name": "old.csv",
            "rows_read": 10,
            "rows_imported": 10,
            "rows_rejected": 0,
            "replaced_by": 2,
        },
        log
        | {
            "import_id": 2,
            "kind": "registrations",
            "file_name": "new.csv",
            "rows_read": 12,
            "rows_imported": 9,
            "rows_rejected": 2,
            "rows_excluded": 1,
            "note": '{"test rows": 1}',
        },
    )
    common = ("forum-2022", "registrations", "generic")
    assert run(db, "import_history") == [
        (2, *common, "new.csv", "ab", 12, 9, 2, 1, "analyst", "2024-01-02T03:04:05", None,
         '{"test rows": 1}'),
        (1, *common, "old.csv", "ab", 10, 10, 0, 0, "analyst", "2024-01-02T03:04:05", 2, None),
    ]  # fmt: skip


# -- values to review --------------------------------------------------------------------------


def test_unrecognized_countries_lists_values_to_review(db):
    add_event(db, "forum-2022", "2022-09-06")
    add_event(db, "forum-2023", "2023-09-06")
    unrecognized = {"country_raw": "Atlantis", "country_method": "unrecognized"}
    insert(
        db,
        "registrations",
        registration("forum-2022", "p1", 2, **unrecognized),
        registration("forum-2023", "p1", 2, **unrecognized),
        registration("forum-2023", "p2", 3, **unrecognized),
        registration(
            "forum-2022", "p3", 3, "PHL",
            country_raw="Philipines", country_method="fuzzy", country_score=95.0,
        ),
        registration("forum-2022", "p4", 4, "KEN", country_raw="Kenya", country_method="name"),
    )  # fmt: skip
    insert(
        db,
        "responses",
        response("forum-2022", 1)
        | {"country_raw": "Philipines", "country_method": "fuzzy", "country_iso3": "PHL",
           "country_score": 95.0},
    )  # fmt: skip
    assert run(db, "unrecognized_countries") == [
        # country_raw, method, iso3, score, rows, events: unrecognized first
        ("Atlantis", "unrecognized", None, None, 3, 2),
        ("Philipines", "fuzzy", "PHL", 95.0, 2, 1),
    ]


def test_unmapped_sectors_lists_values_counted_as_other(db):
    add_event(db, "forum-2022", "2022-09-06")
    add_event(db, "forum-2023", "2023-09-06")
    unmapped = {"sector": "Other", "sector_method": "unmapped"}
    insert(
        db,
        "registrations",
        registration("forum-2022", "p1", 2, sector_raw="Freelance", **unmapped),
        registration("forum-2023", "p1", 2, sector_raw="Freelance", **unmapped),
        registration("forum-2022", "p2", 3, sector_raw="Retired", **unmapped),
        registration(
            "forum-2022", "p3", 4, sector="National Government", sector_raw="Ministry",
            sector_method="rule",
        ),
    )  # fmt: skip
    insert(db, "responses", response("forum-2022", 1) | {"sector_raw": "Retired", **unmapped})
    assert run(db, "unmapped_sectors") == [("Freelance", 2, 2), ("Retired", 2, 1)]


def test_events_by_region_counts_each_events_people_from_the_regions(funnel_db):
    add_event(funnel_db, "registrations-only-2023", "2023-01-10")
    insert(funnel_db, "registrations", registration("registrations-only-2023", "p7", 2, "MEX"))
    store_figures(funnel_db)
    # event_id, registrants, attendees, respondents, participants
    assert run(funnel_db, "events_by_region", regions=["Africa", "Asia"]) == [
        ("forum-2022", 2, 2, 2, 2),  # p1 from Kenya, p3 from Bhutan
    ]
    assert run(funnel_db, "events_by_region", regions=["Europe", "Americas"]) == [
        # p2 from France registered and never joined: no participant from Europe; the
        # anonymous French response still counts as a respondent from it.
        ("forum-2022", 1, 0, 1, 0),
        # No attendance records: its registrants are its participants.
        ("registrations-only-2023", 1, 0, 0, 1),
    ]
    assert run(funnel_db, "events_by_region", regions=["Oceania"]) == []


def test_indicator_questions_name_the_question_read_and_those_left_out(survey_db):
    add_event(survey_db, "forum-2023", "2023-10-17")
    insert(
        survey_db,
        "questions",
        question("forum-2023", 1, "Quality of the speakers", "rating", "quality", (1, 5)),
        question("forum-2023", 2, "Overall rating", "rating", "overall_rating", (1, 5)),
        question("forum-2023", 3, "Quality of the platform", "rating", "quality", (1, 5)),
    )
    assert run(survey_db, "indicator_questions", event_ids=["forum-2023"]) == [
        # event_id, indicator, question_id, position, text, used
        ("forum-2023", "overall_rating", "q02", 2, "Overall rating", True),
        ("forum-2023", "quality", "q01", 1, "Quality of the speakers", True),
        ("forum-2023", "quality", "q03", 3, "Quality of the platform", False),
    ]
