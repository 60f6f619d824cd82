"""Chart builders (dashboard/charts.py) on plain rows: what their axes and titles say.

The pages' tests check the charts as drawn on the demo; these check the rules a chart must keep
whatever the data: a rating axis runs from the scale's lowest point to its highest, and a
number question's mean comes with its interval."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from dashboard import charts
from surveydash import cli
from tests.conftest import write_csv
from tests.test_pages import (  # noqa: F401 - fresh_streamlit_caches is an autouse fixture
    REPORT,
    chart_specs,
    chart_title,
    fresh_streamlit_caches,
    go_to,
    open_app,
    open_section,
)

# Student's t quantile for 95% and two degrees of freedom (three answers), from tables.
T_975_TWO_DEGREES = 4.302652729911275


def group_rows(*rows) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "question": question,
                "text": question,
                "group": group,
                "n": n,
                "mean": mean,
                "top2_pct": 50.0,
                "scale_min": low,
                "scale_max": high,
            }
            for question, group, n, mean, low, high in rows
        ]
    )


def test_a_rating_by_group_axis_runs_from_the_scales_first_point_to_its_last():
    figure = charts.rating_by_group_bars(
        group_rows(
            ("Overall", "National Government", 6, 4.83, 1, 5),
            ("Overall", "Academic Institutions", 12, 4.5, 1, 5),
        ),
        "sector",
    )
    assert list(figure.layout.xaxis.range) == [1, 5]
    assert figure.layout.xaxis.title.text == "Mean rating (1-5)"
    assert [trace.x for trace in figure.data] == [(4.5,), (4.83,)]


def test_ratings_by_group_on_different_scales_share_an_axis_only_as_scores():
    figure = charts.rating_by_group_bars(
        group_rows(
            ("Overall", "Asia", 6, 8.2, 1, 10),
            ("Relevance", "Asia", 6, 4.0, 1, 5),
        ),
        "region",
    )
    assert list(figure.layout.xaxis.range) == [0, 100]
    # (8.2 - 1) / 9 x 100 and (4 - 1) / 4 x 100; the means stay in the labels.
    assert figure.data[0].x == (80.0, 75.0)
    assert figure.data[0].text == ("8.20 (n = 6)", "4.00 (n = 6)")


NUMBER_SURVEY = (
    "Timestamp,How many people work in your unit?,How would you rate the event overall?\n"
    "2022-09-06 12:00,12,5\n2022-09-06 12:01,3,4\n2022-09-06 12:02,40,4\n"
    "2022-09-06 12:03,N/A,5\n"
)


@pytest.fixture
def numbers_db(demo_db_path, tmp_path, capsys):
    path = tmp_path / "numbers.duckdb"
    path.write_bytes(demo_db_path.read_bytes())
    base = ["--db", str(path)]
    assert cli.main(["event", "add", "numbers-2022", "--title", "Numbers 2022",
                     "--start", "2022-09-06", *base]) == 0  # fmt: skip
    survey = write_csv(tmp_path / "survey.csv", NUMBER_SURVEY)
    assert cli.main(["import", str(survey), "--event", "numbers-2022", "--kind", "survey",
                     *base]) == 0  # fmt: skip
    capsys.readouterr()
    return path


def exact_interval(values: list[float]) -> tuple[float, float]:
    mean = sum(values) / len(values)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
    half = T_975_TWO_DEGREES * sd / math.sqrt(len(values))
    return mean - half, mean + half


def test_summary_json_gives_a_number_question_n_mean_interval_median_and_bins(numbers_db, capsys):
    assert cli.main(["summary", "numbers-2022", "--json", "--db", str(numbers_db)]) == 0
    (staff,) = json.loads(capsys.readouterr().out)["numbers"]
    assert (staff["n"], staff["mean"], staff["median"], staff["set_apart"]) == (3, 18.33, 12.0, 1)
    # Student's t: 18.33 ± 4.303 x 19.30 / √3 (the JSON's mean is rounded to two decimals, and
    # the interval is worked from it: within 0.01 of the exact one).
    low, high = exact_interval([12, 3, 40])
    assert staff["mean_ci"] == [pytest.approx(low, abs=0.01), pytest.approx(high, abs=0.01)]
    # Ten equal bins from 3 to 40: 3 and 12 in the first three, 40 in the last.
    assert [(b["bin_low"], b["count"]) for b in staff["bins"]] == [(3.0, 1), (10.4, 1), (36.3, 1)]


def test_event_report_charts_a_number_question_with_its_mean_and_interval(numbers_db, monkeypatch):
    app = go_to(open_app(numbers_db, monkeypatch, event="numbers-2022"), REPORT)
    specs = chart_specs(open_section(app, "Ratings"))
    [number_key] = [key for key in specs if key.startswith("chart_number_")]
    title = chart_title(specs[number_key])
    assert "n = 3 · mean 18.33 (95% interval -29.6 to 66.27) · median 12" in title
    bars = specs[number_key]["data"][0]
    assert bars["x"] == ["3-6.7", "10.4-14.1", "36.3-40"]
    assert [int(text.split()[0]) for text in bars["text"]] == [1, 1, 1]
