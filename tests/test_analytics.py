"""The figures of outcome reports: answer breakdowns by respondent group that never show a group
smaller than k. (Shares and sentences as reports write them: tests/test_report_sentences.py.)"""

from __future__ import annotations

import pytest

from surveydash.analytics import GroupRating, WithheldGroup, rating_by_group
from surveydash.anonymity import decide, worked_out_reason
from surveydash.importer import ImportOptions, import_file
from surveydash.settings import ANONYMITY_ENV_VAR, anonymity_threshold
from tests.conftest import write_csv

# -- the anonymity threshold on one breakdown (every breakdown at once: tests/test_anonymity.py) --


def decide_one(sizes: dict[str, int], threshold: int = 5) -> tuple[list[str], list[tuple]]:
    """The shown group names and the withheld (name, reason) of one breakdown whose groups have
    these sizes, each respondent in one group."""
    groups, first = {}, 0
    for name, size in sizes.items():
        groups[name] = set(range(first, first + size))
        first += size
    decision = decide(range(first), {"sector": groups}, threshold)
    return (
        sorted(group.name for group in decision.shown),
        [(group.name, group.reason) for group in decision.withheld],
    )


def test_groups_of_at_least_k_are_all_shown():
    shown, withheld = decide_one({"National Government": 5, "Academic Institutions": 5})
    assert shown == ["Academic Institutions", "National Government"]
    assert withheld == []


def test_small_groups_are_merged_into_other_when_together_they_reach_k():
    shown, withheld = decide_one(
        {"National Government": 6, "Civil Society Organizations": 2, "Scientific Community": 3}
    )
    assert shown == ["National Government", "Other (fewer than 5)"]
    assert withheld == []


def test_a_merged_group_still_below_k_is_withheld_with_the_smallest_shown_group():
    shown, withheld = decide_one(
        {
            "National Government": 7,
            "Academic Institutions": 6,
            "Local or Regional Government": 5,
            "Civil Society Organizations": 1,
            "Scientific Community": 2,
        }
    )
    assert shown == ["Academic Institutions", "National Government"]
    assert withheld == [
        ("Civil Society Organizations", "fewer than 5 respondents"),
        ("Scientific Community", "fewer than 5 respondents"),
        # 5 respondents: the smallest shown group goes too, or total minus the shown groups
        # would tell how the three Civil Society and Scientific Community respondents rated.
        ("Local or Regional Government", worked_out_reason(5)),
    ]


def test_when_every_group_is_small_nothing_is_shown():
    shown, withheld = decide_one({"National Government": 2, "Other": 1})
    assert shown == []
    assert withheld == [
        ("National Government", "fewer than 5 respondents"),
        ("Other", "fewer than 5 respondents"),
    ]


def test_a_threshold_of_one_shows_every_group():
    shown, withheld = decide_one({"National Government": 1, "Other": 1}, threshold=1)
    assert shown == ["National Government", "Other"]
    assert withheld == []


def test_the_threshold_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv(ANONYMITY_ENV_VAR, raising=False)
    assert anonymity_threshold() == 5
    monkeypatch.setenv(ANONYMITY_ENV_VAR, "3")
    assert anonymity_threshold() == 3
    monkeypatch.setenv(ANONYMITY_ENV_VAR, "0")
    with pytest.raises(ValueError, match="at least 1"):
        anonymity_threshold()


# -- breakdowns of a built database ------------------------------------------------------------


@pytest.fixture
def survey_db(event_db, tmp_path):
    """forum-2022's survey: 12 respondents rating the Forum overall, from three sectors (six
    from National Government, five academics, one from civil society) and five countries."""
    answers = (
        [("Ministry of Finance", "Kenya", "Excellent")] * 4
        + [("Ministry of Finance", "Nepal", "Good")] * 2
        + [("University", "France", "Very good")] * 3
        + [("University", "Fiji", "Fair")] * 2
        + [("NGO", "Kenya", "Poor")]
    )
    lines = "".join(
        f"2022-09-06 12:{minute:02d},{sector},{country},{rating}\n"
        for minute, (sector, country, rating) in enumerate(answers)
    )
    path = write_csv(
        tmp_path / "survey.csv",
        "Timestamp,Type of organization,Country,How would you rate the Forum overall?\n" + lines,
    )
    import_file(event_db, path, "forum-2022", ImportOptions(kind="survey"))
    return event_db


def test_rating_by_sector_withholds_the_lone_respondent_and_the_smallest_group(survey_db):
    (breakdown,) = rating_by_group(survey_db, "forum-2022", "sector", threshold=5)
    assert (breakdown.question_id, breakdown.indicator, breakdown.threshold) == (
        "q01",
        "overall_rating",
        5,
    )
    assert breakdown.text == "How would you rate the Forum overall?"
    assert breakdown.shown == [GroupRating("National Government", 6, 4.33, 66.7, {5: 4, 3: 2})]
    assert breakdown.withheld == [
        WithheldGroup("Civil Society Organizations", "fewer than 5 respondents"),
        WithheldGroup("Academic Institutions", worked_out_reason(5)),
    ]


def test_rating_by_sector_with_a_lower_threshold_from_the_environment(survey_db, monkeypatch):
    monkeypatch.setenv(ANONYMITY_ENV_VAR, "1")
    (breakdown,) = rating_by_group(survey_db, "forum-2022", "sector")
    assert breakdown.threshold == 1
    assert breakdown.shown == [
        GroupRating("Academic Institutions", 5, 3.2, 60.0, {4: 3, 2: 2}),
        GroupRating("Civil Society Organizations", 1, 1.0, 0.0, {1: 1}),
        GroupRating("National Government", 6, 4.33, 66.7, {5: 4, 3: 2}),
    ]
    assert breakdown.withheld == []


def test_rating_by_region_merges_small_regions(survey_db):
    (breakdown,) = rating_by_group(survey_db, "forum-2022", "region", threshold=3)
    # Africa: Kenya (5) and Kenya's civil society respondent; Asia: Nepal (2); Europe: France
    # (3); Oceania: Fiji (2).
    assert breakdown.shown == [
        GroupRating("Africa", 5, 4.2, 80.0, {5: 4, 1: 1}),
        GroupRating("Europe", 3, 4.0, 100.0, {4: 3}),
        GroupRating("Other (fewer than 3)", 4, 2.5, 0.0, {3: 2, 2: 2}),
    ]
    assert breakdown.withheld == []


def test_rating_by_country_group_counts_a_country_in_each_of_its_groups(survey_db):
    (breakdown,) = rating_by_group(survey_db, "forum-2022", "country_group", threshold=1)
    assert [(group.group, group.n) for group in breakdown.shown] == [
        ("LDC", 2),  # Nepal
        ("LLDC", 2),  # Nepal
        ("Other countries", 8),  # Kenya and France
        ("SIDS", 2),  # Fiji
    ]


def test_rating_by_group_refuses_an_unknown_grouping(survey_db):
    with pytest.raises(
        ValueError, match="group_by must be one of sector, region, country_group, gender"
    ):
        rating_by_group(survey_db, "forum-2022", "city")


def test_rating_by_group_of_an_event_without_ratings_is_empty(event_db):
    assert rating_by_group(event_db, "forum-2022", "sector", threshold=5) == []
