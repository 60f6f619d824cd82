"""Events rated on different scales compare on one footing: a 0-100 score and a favourable share
(above the scale's midpoint), each with its 95% interval, in `compare --json`."""

from __future__ import annotations

import json

import pytest

from surveydash import cli, statistics
from tests.conftest import write_csv


def survey(ratings: list[int], question: str) -> str:
    lines = [f"submitted_at,email,{question}"]
    lines += [
        f"2022-09-07 10:{minute:02d},r{minute}@example.org,{rating}"
        for minute, rating in enumerate(ratings)
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def two_scales_db(tmp_path, capsys):
    path = tmp_path / "scales.duckdb"
    # A 1-10 forum whose overall rating averages 7.5, and a 1-5 webinar averaging 4.25.
    ten_point = [10, 9, 8, 8, 7, 7, 6, 5] * 2  # mean 7.5
    five_point = [5, 5, 4, 3] * 4  # mean 4.25
    for event_id, title, ratings, question in (
        ("ten-2022", "Forum 2022", ten_point, "Overall rating of the Forum (1-10)"),
        ("five-2023", "Webinar 2023", five_point, "Overall rating of the Webinar (1-5)"),
    ):
        assert (
            cli.main(
                [
                    "event",
                    "add",
                    event_id,
                    "--title",
                    title,
                    "--start",
                    "2022-09-06",
                    "--db",
                    str(path),
                ]
            )
            == 0
        )
        csv = write_csv(tmp_path / f"{event_id}.csv", survey(ratings, question))
        assert (
            cli.main(
                ["import", str(csv), "--event", event_id, "--kind", "survey", "--db", str(path)]
            )
            == 0
        )
    capsys.readouterr()
    return path


def compare_json(capsys, path, *event_ids) -> dict[str, dict]:
    assert cli.main(["compare", *event_ids, "--json", "--db", str(path)]) == 0
    return {row["event_id"]: row for row in json.loads(capsys.readouterr().out)}


def test_a_one_to_ten_rating_gets_its_score_beside_a_one_to_five_ratings(two_scales_db, capsys):
    rows = compare_json(capsys, two_scales_db, "ten-2022", "five-2023")
    ten, five = rows["ten-2022"], rows["five-2023"]
    assert (ten["overall_rating_scale"], five["overall_rating_scale"]) == ([1, 10], [1, 5])
    assert ten["overall_rating_mean"] == 7.5 and ten["overall_rating_score"] == 72.2
    assert five["overall_rating_mean"] == 4.25 and five["overall_rating_score"] == 81.2
    # Favourable: above the midpoint (6-10 of 10: 14 of 16; 4-5 of 5: 12 of 16).
    assert ten["overall_rating_favourable_pct"] == 87.5
    assert five["overall_rating_favourable_pct"] == 75.0


def test_compare_gives_each_share_and_mean_its_95_percent_interval(two_scales_db, capsys):
    ten = compare_json(capsys, two_scales_db, "ten-2022")["ten-2022"]
    assert ten["overall_rating_top2_ci"] == list(statistics.share_interval(4, 16))  # 9 or 10
    assert ten["overall_rating_favourable_ci"] == list(statistics.share_interval(14, 16))
    low, high = ten["overall_rating_mean_ci"]
    assert low < 7.5 < high
    score_low, score_high = ten["overall_rating_score_ci"]
    assert abs(score_low - statistics.score(low, 1, 10)) <= 0.1
    assert abs(score_high - statistics.score(high, 1, 10)) <= 0.1
    # An indicator the survey did not ask has no figures, and no intervals.
    assert ten["relevance_score"] is None and ten["relevance_top2_ci"] is None
    assert ten["difficulties_yes_ci"] is None
