"""A smoke run of the scaling benchmark (`make bench` at scale 0.01, without the browser
sessions): the generator writes what was asked, the runner measures and checks every target.
The full benchmark is not part of `make test`; bench/README.md says how to run it."""

from __future__ import annotations

import json

import pytest

from bench import generate, run


@pytest.fixture
def bench_out(tmp_path, monkeypatch):
    """Generated databases and files go to a folder of this test, not bench/out/."""
    monkeypatch.setattr(generate, "OUT_DIR", tmp_path / "out")
    return tmp_path


def test_generator_writes_the_rows_of_the_scale_asked_for(bench_out):
    counts = generate.ScaleCounts.at(0.01)
    path = generate.cached_database(0.01)
    from surveydash.db import Database

    with Database(path, read_only=True) as db:
        cursor = db.cursor()

        def count(table: str) -> int:
            return cursor.execute(f"select count(*) from {table}").fetchall()[0][0]

        assert (counts.events, counts.registrations) == (20, 20_000)
        assert count("events") == counts.events
        assert count("registrations") == counts.registrations
        assert count("attendance") == counts.attendance
        assert count("responses") == counts.responses
        assert count("questions") == counts.events * generate.QUESTIONS_PER_SURVEY
        # The probe event is the same size at every scale.
        probe = cursor.execute(
            "select count(*) from registrations where event_id = ?", [generate.PROBE_EVENT_ID]
        ).fetchall()[0][0]
        assert probe == generate.PROBE_REGISTRATIONS
        # Messy spellings, normalized by the product's matchers: hundreds of distinct values.
        spellings = cursor.execute(
            "select count(distinct country_raw), count(distinct country_iso3) from registrations"
        ).fetchall()[0]
        assert spellings[0] > 200 and 150 < spellings[1] < spellings[0]
    # The same seed gives the same database: a second call reuses it.
    assert generate.cached_database(0.01) == path


def test_registrations_file_is_in_the_generic_layout(bench_out):
    path = generate.cached_registrations_csv(1_000)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "email,first_name,last_name,country,sector,organization,gender,registered_at"
    assert len(lines) == 1_001
    assert all("@example.org" in line.lower() for line in lines[1:])


def test_quick_benchmark_run_measures_every_part_and_checks_the_targets(bench_out, capsys):
    out = bench_out / "results.json"
    args = run.parse_args(["--quick", "--out", str(out)])
    run.main(["--quick", "--out", str(out)])
    results = json.loads(out.read_text(encoding="utf-8"))

    imported = results["import"]
    assert imported["rows"] == args.import_rows == 20_000
    assert imported["ratio"] > 0
    assert imported["floor_seconds"] > 0 and imported["import_seconds"] > 0
    assert imported["floor_peak_mb"] > 0 and imported["import_peak_mb"] > 0
    assert imported["people"] > 0 and imported["countries"] > 150

    assert [q["scale"] for q in results["queries"]] == [0.01, 0.02]
    assert [q["rows"]["events"] for q in results["queries"]] == [20, 40]
    assert [q["rows"]["registrations"] for q in results["queries"]] == [20_000, 40_000]
    for figures in results["queries"]:
        assert figures["event_report_seconds"] > 0
        assert set(figures["event_report_reads"]) >= {"event_headline", "rating_by_sector"}
        assert figures["overview_event_table_seconds"] > 0
    assert set(results["growth"]) == {
        "event_report",
        "overview_event_table",
        "portfolio_totals",
        "compare_five_events",
    }
    assert results["page"]["demo_seconds"] > 0 and results["page"]["scaled_seconds"] > 0
    assert "sessions" not in results  # the smoke run leaves out the browser

    names = [target["target"] for target in results["targets"]]
    assert "import time / DuckDB's bare read" in names
    assert "Event report page, scaled / demo database" in names
    printed = capsys.readouterr().out
    assert "surveydash import" in printed and "Targets" in printed
