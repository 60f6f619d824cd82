"""Non-response: a survey answered mostly by one part of the audience is flagged, with the groups
it over- and under-represents; a survey that mirrors its audience is not."""

from __future__ import annotations

import pytest

from surveydash import cli
from surveydash.db import Database
from surveydash.nonresponse import check_dimension, nonresponse_checks
from tests.conftest import write_csv

GOVERNMENT, ACADEMIA = "National Government", "Academic Institutions"


def event_with_respondents(
    tmp_path, government: int, academia: int, ratings: dict[str, int] | None = None
) -> Database:
    """An event attended by 20 people from national government and 20 from academia, whose
    survey was answered by `government` and `academia` of them."""
    path = tmp_path / f"event-{government}-{academia}.duckdb"
    people = [(f"gov{i}@example.org", GOVERNMENT) for i in range(20)]
    people += [(f"uni{i}@example.org", ACADEMIA) for i in range(20)]
    registrations = "email,country,sector\n" + "".join(
        f"{email},Kenya,{sector}\n" for email, sector in people
    )
    attendance = "email,minutes\n" + "".join(f"{email},60\n" for email, _ in people)
    answering = people[:government] + people[20 : 20 + academia]
    survey = "email,sector,How would you rate the workshop overall? (1-5)\n" + "".join(
        f"{email},{sector},{(ratings or {}).get(sector, 4)}\n" for email, sector in answering
    )
    database = str(path)
    assert (
        cli.main(
            [
                "event",
                "add",
                "w-2024",
                "--title",
                "Workshop",
                "--start",
                "2024-03-01",
                "--db",
                database,
            ]
        )
        == 0
    )
    for kind, text in (
        ("registrations", registrations),
        ("attendance", attendance),
        ("survey", survey),
    ):
        csv = write_csv(tmp_path / f"{kind}-{government}-{academia}.csv", text)
        assert (
            cli.main(["import", str(csv), "--event", "w-2024", "--kind", kind, "--db", database])
            == 0
        )
    return Database(path)


def by_dimension(db) -> dict:
    return {check.dimension: check for check in nonresponse_checks(db, "w-2024")}


def test_respondents_skewed_to_academia_are_flagged_on_sector(tmp_path, capsys):
    with event_with_respondents(tmp_path, government=2, academia=18) as db:
        sector = by_dimension(db)["sector"]
    capsys.readouterr()
    assert sector.flagged and sector.p_value < 0.001
    assert (sector.respondents, sector.attendees) == (20, 40)
    assert [(g.group, g.respondents_pct, g.attendees_pct) for g in sector.over] == [
        (ACADEMIA, 90.0, 50.0)
    ]
    assert [g.group for g in sector.under] == [GOVERNMENT]
    assert sector.warning() == (
        "Respondents over-represent Academic Institutions: 90% of respondents, 50% of "
        "attendees and under-represent National Government: 10% of respondents, 50% of "
        "attendees."
    )


def test_respondents_who_mirror_the_audience_are_not_flagged(tmp_path, capsys):
    with event_with_respondents(tmp_path, government=10, academia=10) as db:
        checks = by_dimension(db)
    capsys.readouterr()
    assert not checks["sector"].flagged and checks["sector"].p_value > 0.9
    assert checks["sector"].warning() is None
    assert not any(check.flagged for check in checks.values())


def test_unknown_groups_are_left_out_of_both_sides():
    check = check_dimension(
        "sector",
        {"Academic Institutions": 5, "Not stated": 30},
        {"Academic Institutions": 50, "Not stated": 5},
    )
    assert (check.respondents, check.attendees, check.flagged) == (5, 50, False)


@pytest.mark.parametrize("dimension", ["sector", "region", "LDC", "LLDC", "SIDS", "gender"])
def test_every_dimension_of_the_demo_is_checked(demo_db, dimension):
    checks = {check.dimension: check for check in nonresponse_checks(demo_db, "krila-2022")}
    check = checks[dimension]
    assert check.respondents > 0 and check.attendees > 0
    assert 0 <= check.p_value <= 1
    assert check.flagged == (check.p_value < 0.05)


def test_weighted_figures_give_each_shown_sector_its_attendees_weight(tmp_path, capsys):
    from surveydash.report.model import build_report

    # 6 from government rate 2, 14 from academia rate 5; attendees are half and half.
    with event_with_respondents(
        tmp_path, government=6, academia=14, ratings={GOVERNMENT: 2, ACADEMIA: 5}
    ) as db:
        (rating,) = build_report(db, "w-2024").ratings
    capsys.readouterr()
    assert rating.mean == 4.1  # (6 x 2 + 14 x 5) / 20
    assert rating.weighted_mean == 3.5  # (2 + 5) / 2
    assert rating.top2_pct == 70.0 and rating.weighted_top2_pct == 50.0


def test_a_sector_the_breakdown_withholds_is_not_weighted(tmp_path, capsys):
    from surveydash.report.model import build_report

    # Government's 2 respondents are fewer than k = 5, and academia's 18 are withheld too (the
    # total less academia would give government's): no sector is shown, so no weighted figure
    # is made from them either.
    with event_with_respondents(
        tmp_path, government=2, academia=18, ratings={GOVERNMENT: 1, ACADEMIA: 5}
    ) as db:
        (rating,) = build_report(db, "w-2024").ratings
    capsys.readouterr()
    assert rating.weighted_mean is None and rating.weighted_top2_pct is None
    assert rating.mean == 4.6  # the raw figure stays
