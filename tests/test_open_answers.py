"""Open-text answers: the respondent's sector is given beside an answer only where the
anonymity threshold allows, by the same rule as rating breakdowns."""

from __future__ import annotations

from surveydash.analytics import text_answers
from surveydash.importer import ImportOptions, import_file
from tests.conftest import write_csv

QUESTION = "What did you find most useful?"


def import_survey(db, tmp_path, sectors: list[str]) -> None:
    lines = [f"sector,{QUESTION}"]
    lines += [f"{sector},Answer {number}" for number, sector in enumerate(sectors, start=1)]
    path = write_csv(tmp_path / "survey.csv", "\n".join(lines) + "\n")
    import_file(db, path, "forum-2022", ImportOptions(kind="survey"))


def sectors_shown(db) -> dict[str, str | None]:
    [question] = text_answers(db, "forum-2022", threshold=5)
    return {answer.answer: answer.sector for answer in question.answers}


def test_large_sectors_are_named_and_small_ones_merged_when_together_large_enough(
    event_db, tmp_path
):
    import_survey(event_db, tmp_path, ["Academia"] * 5 + ["NGO"] * 3 + ["Research institute"] * 2)
    shown = sectors_shown(event_db)
    assert [shown[f"Answer {n}"] for n in range(1, 6)] == ["Academic Institutions"] * 5
    assert {shown[f"Answer {n}"] for n in range(6, 11)} == {"Other (fewer than 5)"}


def test_small_sectors_too_few_together_are_withheld_with_the_smallest_named_one(
    event_db, tmp_path
):
    import_survey(event_db, tmp_path, ["Academia"] * 7 + ["Ministry of Finance"] * 6 + ["NGO"] * 2)
    [question] = text_answers(event_db, "forum-2022", threshold=5)
    shown = {answer.answer: answer.sector for answer in question.answers}
    assert {shown[f"Answer {n}"] for n in range(1, 8)} == {"Academic Institutions"}
    # National Government (6) is withheld too: otherwise the total minus the named answers
    # would give the two NGO answers away.
    assert {shown[f"Answer {n}"] for n in range(8, 16)} == {None}
    assert question.sectors_withheld == 8


def test_answers_come_in_survey_order_with_the_question_text(event_db, tmp_path):
    import_survey(event_db, tmp_path, ["Academia"] * 3)
    [question] = text_answers(event_db, "forum-2022", threshold=5)
    assert question.text == QUESTION
    assert [answer.answer for answer in question.answers] == ["Answer 1", "Answer 2", "Answer 3"]
    assert question.sectors_withheld == 3
