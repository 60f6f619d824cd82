"""An analyst maps a layout's columns and questions once; the next export of the same form
imports with no questions asked."""

from __future__ import annotations

from surveydash.analytics import query
from surveydash.events import EventSpec, add_event
from surveydash.importer import ImportOptions, import_file
from tests.conftest import write_csv

SURVEY = (
    "submitted_at,Org type,Pays,How many sessions did you follow?\n"
    "2022-09-07 10:00:00,NGO,Kenya,2\n"
    "2022-09-07 10:05:00,University,Peru,3\n"
    "2022-09-07 10:09:00,Ministry of Finance,Viet Nam,3\n"
)


def test_column_and_question_choices_are_remembered_for_the_same_header(event_db, tmp_path):
    first = write_csv(tmp_path / "forum.csv", SURVEY)
    choices = ImportOptions(
        kind="survey",
        column_overrides={"Org type": "sector", "Pays": "country"},
        question_kinds={"How many sessions did you follow?": "text"},
    )
    result = import_file(event_db, first, "forum-2022", choices)
    assert result.saved_mapping_applied is False
    add_event(event_db, EventSpec("forum-2023", "Test Forum 2023", "2023-09-05"))
    # The next export of the same form: same headers in another order, new answers.
    second = write_csv(
        tmp_path / "forum-2023.csv",
        "Pays,submitted_at,How many sessions did you follow?,Org type\n"
        "Türkiye,2023-09-06 09:00:00,1,Municipality\n"
        "USA,2023-09-06 09:30:00,4,UN agency\n",
    )
    result = import_file(event_db, second, "forum-2023", ImportOptions(kind="survey"))
    assert result.saved_mapping_applied is True
    by_sector = query(event_db, "participants_by_sector", event_id="forum-2023")
    respondents = by_sector[by_sector["stage"] == "respondents"]
    assert dict(zip(respondents["sector"], respondents["count"], strict=True)) == {
        "International Organizations": 1,
        "Local or Regional Government": 1,
    }
    by_country = query(event_db, "participants_by_country", event_id="forum-2023")
    assert sorted(by_country[by_country["stage"] == "respondents"]["iso3"]) == ["TUR", "USA"]
    questions = query(event_db, "event_questions", event_id="forum-2023")
    assert questions["text"].tolist() == ["How many sessions did you follow?"]
    assert questions["kind"].tolist() == ["text"]


def test_a_file_with_other_headers_does_not_get_the_saved_mapping(event_db, tmp_path):
    import_file(
        event_db,
        write_csv(tmp_path / "a.csv", SURVEY),
        "forum-2022",
        ImportOptions(kind="survey", column_overrides={"Org type": "sector"}),
    )
    add_event(event_db, EventSpec("forum-2023", "Test Forum 2023", "2023-09-05"))
    other = write_csv(
        tmp_path / "b.csv",
        "submitted_at,Org type,How useful was the forum? (1-5)\n2023-09-06 09:00:00,NGO,4\n"
        "2023-09-06 09:10:00,NGO,5\n",
    )
    result = import_file(event_db, other, "forum-2023", ImportOptions(kind="survey"))
    assert result.saved_mapping_applied is False
    questions = query(event_db, "event_questions", event_id="forum-2023")
    # Without the saved mapping, "Org type" is a question of its own.
    assert "Org type" in questions["text"].tolist()
