"""Which differences between events the Compare page calls out."""

from __future__ import annotations

from surveydash.comparison import (
    MAX_CALLOUTS_PER_INDICATOR,
    MIN_ANSWERS_TO_COMPARE,
    is_notable,
    notable_differences,
)


def event(event_id: str, **figures) -> dict:
    return {"event_id": event_id} | figures


def test_a_large_gap_between_large_samples_is_notable():
    assert is_notable(87.5, 120, 60.0, 118)


def test_a_small_gap_is_not_notable_however_many_answered():
    assert not is_notable(80.0, 5000, 72.0, 5000)


def test_a_large_gap_between_small_samples_is_not_notable():
    # 70% of 12 against 45% of 11: 25 points, but well within chance at these sizes.
    assert not is_notable(70.0, 12, 45.0, 11)


def test_events_with_too_few_answers_are_not_compared():
    assert not is_notable(100.0, MIN_ANSWERS_TO_COMPARE - 1, 10.0, 500)


def test_notable_differences_name_the_higher_event_first_with_sample_sizes():
    rows = [
        event("a", overall_rating_top2_pct=60.0, overall_rating_n=118),
        event("b", overall_rating_top2_pct=87.5, overall_rating_n=120),
    ]
    [difference] = notable_differences(rows)
    assert (difference.higher_event, difference.lower_event) == ("b", "a")
    assert difference.points == 27.5
    assert difference.sentence({"a": "Forum A", "b": "Forum B"}) == (
        "Overall rating: 87.5% of 120 respondents at Forum B gave a favourable rating (above "
        "the scale's midpoint), against 60.0% of 118 at Forum A (27.5 points apart)."
    )


def test_difficulties_are_compared_on_the_share_who_said_yes():
    rows = [
        event("a", difficulties_yes_pct=22.0, difficulties_n=118),
        event("b", difficulties_yes_pct=3.0, difficulties_n=100),
    ]
    [difference] = notable_differences(rows)
    assert difference.indicator == "difficulties"
    assert "reported difficulties" in difference.sentence({})


def test_an_indicator_an_event_did_not_ask_is_not_compared():
    rows = [
        event("a", relevance_top2_pct=None, relevance_n=0),
        event("b", relevance_top2_pct=90.0, relevance_n=200),
    ]
    assert notable_differences(rows) == []


def test_only_the_largest_differences_per_indicator_are_listed():
    rows = [
        event(f"e{i}", quality_top2_pct=share, quality_n=300)
        for i, share in enumerate([95.0, 80.0, 65.0, 50.0, 35.0])
    ]
    found = notable_differences(rows)
    assert len(found) == MAX_CALLOUTS_PER_INDICATOR
    assert [d.points for d in found] == [60.0, 45.0, 45.0]
