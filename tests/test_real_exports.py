"""Real exports, as the tools really write them (issue 10): each pattern a real file showed,
in a small synthetic file (example.org addresses), imported through `import_file` with no
source and no kind, asserting the figures that come out."""

from __future__ import annotations

import pytest

from surveydash.analytics import event_summary, query, records
from surveydash.importer import ImportOptions, import_file
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
    assert result.kinds[0].column_map["Respondent ID"] == "ignored: an identifier"
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
        "assumed the scale Strongly agree ... Strongly disagree (7 points)"
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
