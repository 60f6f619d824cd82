"""Anonymity holds across everything shown together: no set of fewer than k respondents can be
worked out by adding or subtracting what is shown of one question (its total, every group of
every breakdown, "Other (fewer than k)"). Checked here by brute force, independently of the
module's own search: every set of 1 to k-1 respondents is tried against the span of what is
shown."""

from itertools import combinations

import numpy as np
import pytest

from surveydash import analytics
from surveydash.anonymity import decide, other_label, too_few_reason, worked_out_reason


def recoverable_small_sets(everyone, shown_groups, threshold) -> list[set]:
    """Every set of 1 to threshold-1 respondents whose membership vector is a linear
    combination of the total's and the shown groups' (all of them, by brute force)."""
    people = sorted(everyone)
    rows = np.array([[person in group for person in people] for group in [everyone, *shown_groups]])
    projector = np.linalg.pinv(rows.astype(float)) @ rows.astype(float)  # onto the row space
    found = []
    for size in range(1, min(threshold, len(people))):
        chosen = list(combinations(range(len(people)), size))
        vectors = np.zeros((len(chosen), len(people)))
        for row, indices in enumerate(chosen):
            vectors[row, list(indices)] = 1
        residual = np.abs(vectors - vectors @ projector).max(axis=1)
        found += [{people[i] for i in chosen[row]} for row in np.flatnonzero(residual < 1e-7)]
    return found


def shown_members(decision):
    return [group.members for group in decision.shown]


def test_ldc_minus_lldc_would_give_one_respondent_away_so_a_group_is_withheld():
    # Five respondents from a country that is both LDC and LLDC, one from an LDC only (the
    # issue's Bangladeshi respondent), ten from other countries: every group has 5 or more.
    everyone = set(range(16))
    country_groups = {
        "LDC": set(range(6)),
        "LLDC": set(range(5)),
        "Other countries": set(range(6, 16)),
    }
    all_shown = [set(group) for group in country_groups.values()]
    assert recoverable_small_sets(everyone, all_shown, 5) == [{5}]  # total - LLDC - Other

    decision = decide(everyone, {"country_group": country_groups}, threshold=5)

    assert recoverable_small_sets(everyone, shown_members(decision), 5) == []
    assert [(w.name, w.reason) for w in decision.withheld] == [("LLDC", worked_out_reason(5))]
    assert [g.name for g in decision.shown] == ["LDC", "Other countries"]


def test_a_person_in_two_small_groups_counts_once_in_other():
    everyone = set(range(15))
    country_groups = {"LDC": {0, 1, 2}, "SIDS": {2, 3, 4}, "Other countries": set(range(5, 15))}

    decision = decide(everyone, {"country_group": country_groups}, threshold=5)

    other = next(g for g in decision.shown if g.name == other_label(5))
    assert len(other.members) == 5  # not 6: respondent 2 is in both LDC and SIDS
    assert [(w.name, w.reason) for w in decision.withheld] == []
    assert recoverable_small_sets(everyone, shown_members(decision), 5) == []


def test_one_breakdowns_group_minus_anothers_is_caught():
    everyone = set(range(11))
    breakdowns = {
        "sector": {"Academia": set(range(5)), "Government": set(range(5, 11))},
        "region": {"Africa": set(range(6)), "Asia": set(range(6, 11))},
    }
    # Africa minus Academia is respondent 5 alone.
    assert {5} in recoverable_small_sets(
        everyone, [g for groups in breakdowns.values() for g in groups.values()], 5
    )

    decision = decide(everyone, breakdowns, threshold=5)

    assert recoverable_small_sets(everyone, shown_members(decision), 5) == []
    assert decision.withheld and all(w.reason == worked_out_reason(5) for w in decision.withheld)


def test_a_small_group_and_the_group_that_would_give_it_away_are_withheld():
    everyone = set(range(11))
    sectors = {"Academia": set(range(7)), "Government": {7, 8, 9}, "Civil society": {10}}

    decision = decide(everyone, {"sector": sectors}, threshold=5)

    assert [g.name for g in decision.shown] == []
    assert [(w.name, w.reason) for w in decision.withheld] == [
        ("Civil society", too_few_reason(5)),
        ("Government", too_few_reason(5)),
        ("Academia", worked_out_reason(5)),
    ]


def test_breakdowns_that_give_nobody_away_are_shown_whole():
    everyone = set(range(40))
    breakdowns = {
        "sector": {"Academia": set(range(20)), "Government": set(range(20, 40))},
        "region": {"Africa": set(range(0, 40, 2)), "Asia": set(range(1, 40, 2))},
        "gender": {"Female": set(range(10, 30)), "Male": set(range(10)) | set(range(30, 40))},
    }

    decision = decide(everyone, breakdowns, threshold=5)

    assert decision.withheld == ()
    assert len(decision.shown) == 6


@pytest.mark.parametrize("seed", range(120))
def test_random_events_leave_no_small_set_recoverable(seed):
    rng = np.random.default_rng(seed)
    threshold = int(rng.choice([3, 5]))
    size = int(rng.integers(4, 15))
    everyone = set(range(size))
    breakdowns: dict[str, dict[str, set]] = {
        "sector": {},
        "region": {},
        "country_group": {},
        "gender": {},
    }
    for person in everyone:
        breakdowns["sector"].setdefault(f"S{rng.integers(4)}", set()).add(person)
        breakdowns["region"].setdefault(f"R{rng.integers(3)}", set()).add(person)
        breakdowns["gender"].setdefault(f"G{rng.integers(2)}", set()).add(person)
        flags = [name for name in ("LDC", "LLDC", "SIDS") if rng.random() < 0.35]
        for name in flags or ["Other countries"]:
            breakdowns["country_group"].setdefault(name, set()).add(person)

    decision = decide(everyone, breakdowns, threshold)

    assert recoverable_small_sets(everyone, shown_members(decision), threshold) == []
    assert all(len(group.members) >= threshold for group in decision.shown)


def test_nothing_the_demo_shows_of_krila_gives_a_small_group_away(demo_db):
    threshold = 5
    shown = analytics.rating_breakdowns(demo_db, "krila-2022", threshold)
    answers = analytics.query(demo_db, "rating_answers_with_groups", event_id="krila-2022")
    questions = list(dict.fromkeys(answers["question_id"]))
    assert len(questions) == 4
    for position, question_id in enumerate(questions):
        rows = answers[answers["question_id"] == question_id]
        everyone = set(rows["response_id"])
        members = analytics._respondent_groups(rows)
        shown_groups = []
        for group_by, breakdowns in shown.items():
            breakdown = breakdowns[position]
            assert breakdown.question_id == question_id
            for group in breakdown.shown:
                if group.group == other_label(threshold):
                    withheld = {w.group for w in breakdown.withheld}
                    small = [
                        m
                        for name, m in members[group_by].items()
                        if len(m) < threshold and name not in withheld
                    ]
                    people = set().union(*small)
                else:
                    people = members[group_by][group.group]
                assert group.n == len(people)
                shown_groups.append(people)
        assert len(shown_groups) >= 4  # something is shown, not everything withheld
        assert recoverable_small_sets(everyone, shown_groups, threshold) == []
