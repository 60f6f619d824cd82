"""The Compare page as a manager uses it: filters by series, year and format; every chosen event
in the URL; events in date order; a trend of any indicator when the events are of one series."""

from __future__ import annotations

import pytest

from surveydash import cli, statistics
from tests.conftest import write_csv
from tests.test_pages import (  # noqa: F401 - fresh_streamlit_caches is an autouse fixture
    COMPARE,
    KRILA,
    chart_specs,
    fresh_streamlit_caches,
    go_to,
    open_app,
    table,
)

TITLES = {
    "kenya-partnership-2019": "Kenya National Partnership Training Workshop",
    "egov-forum-2021": "2021 Forum on Digital Government for Sustainable Development",
    KRILA: "2022 UN DESA-KRILA Forum",
}


def test_events_are_shown_oldest_first_whatever_order_they_were_picked_in(
    demo_db_path, monkeypatch
):
    app = go_to(open_app(demo_db_path, monkeypatch, event=KRILA), COMPARE)
    picker = app.multiselect(key="compare_events")
    picker.select("egov-forum-2021").run()
    app.multiselect(key="compare_events").select("kenya-partnership-2019").run()
    assert not app.exception
    headline = table(app, "compare_headline")
    assert list(headline.columns) == [
        TITLES["kenya-partnership-2019"],
        TITLES["egov-forum-2021"],
        TITLES[KRILA],
    ]


def test_the_chosen_events_are_in_the_url_by_id_and_a_shared_link_opens_them(
    demo_db_path, monkeypatch
):
    app = go_to(open_app(demo_db_path, monkeypatch, event=KRILA), COMPARE)
    app.multiselect(key="compare_events").select("egov-forum-2021").run()
    assert app.query_params["compare"] == [KRILA, "egov-forum-2021"]

    shared = open_app(demo_db_path, monkeypatch)
    shared.switch_page(COMPARE)
    shared.query_params["compare"] = ["kenya-partnership-2019", "egov-forum-2021"]
    shared.run()
    assert not shared.exception
    assert shared.multiselect(key="compare_events").value == [
        "kenya-partnership-2019",
        "egov-forum-2021",
    ]
    assert list(table(shared, "compare_headline").columns) == [
        TITLES["kenya-partnership-2019"],
        TITLES["egov-forum-2021"],
    ]


def test_filters_narrow_the_events_offered_but_keep_the_chosen_ones(demo_db_path, monkeypatch):
    app = go_to(open_app(demo_db_path, monkeypatch, event=KRILA), COMPARE)
    app.multiselect(key="compare_format").select("in-person").run()
    assert not app.exception
    picker = app.multiselect(key="compare_events")
    # KRILA (virtual) stays: it was chosen. The two in-person events are offered.
    assert picker.options == [
        TITLES[KRILA],
        "Workshop on Effective Institutions for Landlocked Developing Countries",
        TITLES["kenya-partnership-2019"],
    ]
    assert picker.label == "Events to compare (2 of 7 match the filters)"


def test_events_of_one_series_get_a_trend_of_scores(demo_db_path, tmp_path, monkeypatch, capsys):
    database = tmp_path / "series.duckdb"
    database.write_bytes(demo_db_path.read_bytes())
    # A second KRILA Forum, rated on a 1-10 scale: mean 8.2, score (8.2 - 1) / 9 = 80.0.
    assert (
        cli.main(
            [
                "event",
                "add",
                "krila-2023",
                "--title",
                "2023 UN DESA-KRILA Forum",
                "--start",
                "2023-09-05",
                "--series",
                "UN DESA-KRILA Forum",
                "--db",
                str(database),
            ]
        )
        == 0
    )
    ratings = [10, 9, 8, 8, 6] * 4
    survey = "submitted_at,email,How would you rate the Forum overall? (1-10)\n" + "".join(
        f"2023-09-06 10:{n:02d},r{n}@example.org,{rating}\n" for n, rating in enumerate(ratings)
    )
    csv = write_csv(tmp_path / "krila-2023.csv", survey)
    assert (
        cli.main(
            ["import", str(csv), "--event", "krila-2023", "--kind", "survey", "--db", str(database)]
        )
        == 0
    )
    capsys.readouterr()

    app = go_to(open_app(database, monkeypatch, event=KRILA), COMPARE)
    app.multiselect(key="compare_events").select("krila-2023").run()
    assert not app.exception
    trend = chart_specs(app)["chart_compare_trend"]
    (points,) = trend["data"]
    assert [x[:10] for x in points["x"]] == ["2022-09-06", "2023-09-05"]
    assert points["y"] == [82.8, 80.0]
    assert trend["layout"]["yaxis"]["range"] == [0, 105]
    assert "Trend: UN DESA-KRILA Forum" in [header.value for header in app.subheader]


def second_krila_forum(demo_db_path, tmp_path, survey: str):
    """A copy of the demo with a 2023 KRILA Forum (same series) whose survey is `survey`."""
    database = tmp_path / "series.duckdb"
    database.write_bytes(demo_db_path.read_bytes())
    assert (
        cli.main(
            [
                "event",
                "add",
                "krila-2023",
                "--title",
                "2023 UN DESA-KRILA Forum",
                "--start",
                "2023-09-05",
                "--series",
                "UN DESA-KRILA Forum",
                "--db",
                str(database),
            ]
        )
        == 0
    )
    csv = write_csv(tmp_path / "krila-2023.csv", survey)
    assert (
        cli.main(
            ["import", str(csv), "--event", "krila-2023", "--kind", "survey", "--db", str(database)]
        )
        == 0
    )
    return database


def test_a_trend_of_events_on_one_scale_draws_the_scales_own_means(
    demo_db_path, tmp_path, monkeypatch, capsys
):
    # Both forums rated 1-5: the 2023 one 5, 4, 4, 3 four times over, mean 4.0.
    survey = "submitted_at,email,How would you rate the Forum overall?,Did you experience any " \
        "technical or logistical difficulties?\n" + "".join(
            f"2023-09-06 10:{n:02d},r{n}@example.org,{label},{'Yes' if n < 4 else 'No'}\n"
            for n, label in enumerate(["Excellent", "Very good", "Very good", "Good"] * 4)
        )  # fmt: skip
    database = second_krila_forum(demo_db_path, tmp_path, survey)
    capsys.readouterr()
    app = go_to(open_app(database, monkeypatch, event=KRILA), COMPARE)
    app.multiselect(key="compare_events").select("krila-2023").run()
    assert not app.exception
    trend = chart_specs(app)["chart_compare_trend"]
    (points,) = trend["data"]
    # KRILA 2022's mean is 4.3125 (shown 4.31); no 0-100 score when the scales agree.
    assert [round(y, 2) for y in points["y"]] == [4.31, 4.0]
    assert trend["layout"]["yaxis"]["range"] == [1, 5]
    assert trend["layout"]["yaxis"]["title"]["text"] == "Mean rating (1-5)"
    # Difficulties: the share who said yes, with its Wilson interval (4 of 16 in 2023).
    app.selectbox(key="compare_trend_indicator").select("difficulties").run()
    (points,) = chart_specs(app)["chart_compare_trend"]["data"]
    assert points["y"] == [3.1, 25.0]
    low, high = statistics.share_interval(4, 16)
    assert points["error_y"]["array"][1] == pytest.approx(high - 25.0)
    assert points["error_y"]["arrayminus"][1] == pytest.approx(25.0 - low)
