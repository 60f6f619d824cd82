"""The scaling benchmark: `make bench` runs it, prints a table and writes bench/results.json.

    python -m bench.run [--scale-set 0.1,1,10] [--quick] [--out bench/results.json]

Four measurements, in one run, so that every ratio compares figures taken side by side on the
same (shared, noisy) machine:

1. import: a registration export through the product's import path against DuckDB's own bare
   read of the same file (`create table t as select * from read_csv(file)`), each in a child
   process of its own so that its peak memory (VmHWM) is its own; runs alternate.
2. queries: what the Event report, Overview and Compare pages ask of the engine, on databases of
   each scale: how each grows with the database.
3. pages: a full AppTest run of the Event report page on the demo database and a scaled one.
4. sessions: eight Chromium sessions loading the Event report of eight events from one
   `surveydash serve` while an import runs, against one session alone.

Figures are medians of several runs. bench/README.md says what each figure means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import generate

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
RESULTS_PATH = BENCH_DIR / "results.json"

# The event imported into: a fresh database with this one event, so that the import is timed
# alone (the scaled databases are measured by the query part).
IMPORT_EVENT = "bench-import-2024"

# The targets of issue 5, checked in the output.
TARGET_IMPORT_RATIO = 2.0
# Issue 10's bar for the same figure, after the readers' redesign and the personal-data stage.
TARGET_IMPORT_RATIO_ISSUE_10 = 3.0
TARGET_IMPORT_PEAK_MB = 600  # the 1,000,000-row file
TARGET_BIG_IMPORT_PEAK_MB = 1024  # the 10,000,000-row file
TARGET_EVENT_GROWTH = 1.5  # event report queries, largest scale against smallest
TARGET_PAGE_RATIO = 1.5  # Event report page at scale against the demo database
TARGET_SESSION_RATIO = 3.0  # slowest of eight sessions (with an import) against one alone


# -- child processes: one measured thing each --------------------------------------------------


def _peak_rss_mb() -> float:
    """This process's peak resident memory so far (VmHWM), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _child_floor(csv_path: str, database_path: str) -> dict:
    import duckdb

    connection = duckdb.connect(database_path)
    started, cpu_started = time.perf_counter(), time.process_time()
    connection.execute("create table t as select * from read_csv(?)", [csv_path]).fetchall()
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    rows = connection.execute("select count(*) from t").fetchall()[0][0]
    connection.close()
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "rows": rows, "peak_mb": _peak_rss_mb()}


# Where an import's time goes: each statement the importer sends to DuckDB is put under the
# first step whose words it contains; the rest of the time is Python's (detecting the format,
# hashing the file, matching the distinct countries and sectors).
IMPORT_STEPS = (
    ("read the file", "read_csv("),
    ("find personal data", "contains(value, '@')"),
    ("check e-mails", "regexp_matches"),
    ("check dates", "from staged_registrations as t where trim(registered_at)"),
    ("write contacts", "contacts"),
    ("group the people", "_people as select"),
    ("write registrations", "insert into registrations"),
)


class _TimedCursor:
    """A cursor that adds the time of each statement to its step (IMPORT_STEPS), and the CPU
    time of the process meanwhile (DuckDB's threads included) to the same step of `cpu`."""

    def __init__(self, cursor, steps: dict[str, float], cpu: dict[str, float]):
        self._cursor, self._steps, self._cpu = cursor, steps, cpu

    def execute(self, sql, *args, **kwargs):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = self._cursor.execute(sql, *args, **kwargs)
        step = next((name for name, words in IMPORT_STEPS if words in sql), "other SQL")
        self._steps[step] = self._steps.get(step, 0.0) + time.perf_counter() - started
        self._cpu[step] = self._cpu.get(step, 0.0) + time.process_time() - cpu_started
        return result

    def __getattr__(self, name):
        return getattr(self._cursor, name)


def _child_import(csv_path: str, database_path: str) -> dict:
    from surveydash.db import Database
    from surveydash.events import EventSpec, add_event
    from surveydash.importer import ImportOptions, import_file

    steps: dict[str, float] = {}
    cpu_steps: dict[str, float] = {}
    with Database(database_path) as db:
        add_event(db, EventSpec(IMPORT_EVENT, "Benchmark import", "2024-03-01"))
        plain_cursor = db.cursor
        db.cursor = lambda: _TimedCursor(plain_cursor(), steps, cpu_steps)
        started, cpu_started = time.perf_counter(), time.process_time()
        result = import_file(db, csv_path, IMPORT_EVENT, ImportOptions(kind="registrations"))
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        db.cursor = plain_cursor
    report = result.kinds[0]
    steps["Python"] = seconds - sum(steps.values())
    cpu_steps["Python"] = cpu_seconds - sum(cpu_steps.values())
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "rows": report.rows_imported,
        "people": report.people,
        "countries": report.countries,
        "peak_mb": _peak_rss_mb(),
        "steps": steps,
        "cpu_steps": cpu_steps,
    }


CHILDREN: dict[str, Callable[[str, str], dict]] = {
    "floor": _child_floor,
    "import": _child_import,
}


def run_child(name: str, csv_path: Path) -> dict:
    """Run one measurement in a fresh Python process on a fresh database file."""
    database = generate.OUT_DIR / f"child-{name}.duckdb"
    for leftover in (database, Path(f"{database}.wal"), Path(f"{database}.tmp")):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        else:
            leftover.unlink(missing_ok=True)
    completed = subprocess.run(
        [sys.executable, "-m", "bench.run", "--child", name, str(csv_path), str(database)],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"bench child '{name}' failed:\n{completed.stderr[-4000:]}")
    database.unlink(missing_ok=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


# -- 1. import against DuckDB's bare read ------------------------------------------------------


def measure_import(rows: int, repeats: int) -> dict:
    """Floor and import of the same file, alternating, `repeats` times each."""
    csv_path = generate.cached_registrations_csv(rows)
    floors, imports, ratios, cpu_ratios = [], [], [], []
    for _ in range(repeats):
        floor = run_child("floor", csv_path)
        product = run_child("import", csv_path)
        if floor["rows"] != rows or product["rows"] != rows:
            raise RuntimeError(f"expected {rows} rows, got {floor['rows']} and {product['rows']}")
        floors.append(floor)
        imports.append(product)
        ratios.append(product["seconds"] / floor["seconds"])
        cpu_ratios.append(product["cpu_seconds"] / floor["cpu_seconds"])
    return {
        "rows": rows,
        "file_mb": round(csv_path.stat().st_size / 2**20, 1),
        "runs": repeats,
        "floor_seconds": _median(f["seconds"] for f in floors),
        "import_seconds": _median(i["seconds"] for i in imports),
        "ratio": round(statistics.median(ratios), 2),
        "pair_ratios": [round(ratio, 2) for ratio in ratios],
        "floor_cpu_seconds": _median(f["cpu_seconds"] for f in floors),
        "import_cpu_seconds": _median(i["cpu_seconds"] for i in imports),
        "cpu_ratio": round(statistics.median(cpu_ratios), 2),
        "floor_peak_mb": round(max(f["peak_mb"] for f in floors)),
        "import_peak_mb": round(max(i["peak_mb"] for i in imports)),
        "people": imports[0]["people"],
        "countries": imports[0]["countries"],
        "import_steps_seconds": {
            step: _median(i["steps"].get(step, 0.0) for i in imports)
            for step in imports[0]["steps"]
        },
        "import_steps_cpu_seconds": {
            step: _median(i["cpu_steps"].get(step, 0.0) for i in imports)
            for step in imports[0]["cpu_steps"]
        },
    }


def _median(values) -> float:
    return round(statistics.median(list(values)), 3)


# -- 2. the queries behind the pages -----------------------------------------------------------


def event_report_reads(db, event_id: str) -> dict[str, Callable[[], object]]:
    """What the Event report page asks of the engine for one event (dashboard/data_access.py),
    read by read."""
    from surveydash import analytics

    def participants(by: str):
        return lambda: analytics.query(db, f"participants_by_{by}", event_id=event_id)

    reads = {
        "event_headline": lambda: analytics.query(db, "event_headline", event_id=event_id),
        **{
            f"participants_by_{by}": participants(by)
            for by in ("sector", "country", "region", "country_group", "gender")
        },
        "rating_questions": lambda: analytics.rating_questions(db, event_id),
        "yes_no_summary": lambda: analytics.query(db, "yes_no_summary", event_id=event_id),
        "choice_distribution": lambda: analytics.query(
            db, "choice_distribution", event_id=event_id
        ),
        "text_answers": lambda: analytics.query(db, "text_answers", event_id=event_id),
    }
    for group_by in analytics.GROUPINGS:
        reads[f"rating_by_{group_by}"] = lambda group_by=group_by: analytics.rating_by_group(
            db, event_id, group_by
        )
    return reads


def _time(read: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        read()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def measure_queries(scale: float, repeats: int) -> dict:
    """The reads behind the Event report (for the probe event), the Overview and Compare
    pages, on the database of `scale`."""
    from surveydash import analytics
    from surveydash.db import Database

    path = generate.cached_database(scale)
    with Database(path, read_only=True) as db:
        counts = {
            table: db.cursor().execute(f"select count(*) from {table}").fetchall()[0][0]
            for table in ("events", "registrations", "attendance", "responses", "answers")
        }
        event_ids = analytics.query(db, "events_list")["event_id"].tolist()
        probe = generate.PROBE_EVENT_ID
        position = event_ids.index(probe)
        compared = event_ids[max(0, position - 2) : position + 3]
        event_reads = event_report_reads(db, probe)
        for read in event_reads.values():
            read()  # the first run of each query reads its blocks from disk: not timed
        event_times = {name: _time(read, repeats) for name, read in event_reads.items()}
        event_total = _time(lambda: [read() for read in event_reads.values()], repeats)

        def overview_table():
            ids = analytics.query(db, "events_list")["event_id"].tolist()
            return analytics.query(db, "events_comparison", event_ids=ids)

        page_reads = {
            "event_titles": lambda: analytics.query(db, "event_titles"),
            "overview_event_table": overview_table,
            "portfolio_totals": lambda: analytics.query(db, "portfolio_totals"),
            "compare_five_events": lambda: analytics.compare_events(db, compared),
        }
        for read in page_reads.values():
            read()
        page_times = {name: _time(read, max(1, repeats // 2)) for name, read in page_reads.items()}
    return {
        "scale": scale,
        "rows": counts,
        "event_report_seconds": round(event_total, 4),
        "event_report_reads": {name: round(value, 4) for name, value in event_times.items()},
        **{f"{name}_seconds": round(value, 4) for name, value in page_times.items()},
        "overview_ms_per_event": round(
            1000
            * (page_times["overview_event_table"] + page_times["portfolio_totals"])
            / counts["events"],
            3,
        ),
    }


def growth(results: list[dict], key: str) -> dict:
    """How a figure grows from the smallest scale to the largest: the ratio of its values,
    and the exponent k in time ~ events^k (1 is linear, 0 is flat)."""
    first, last = results[0], results[-1]
    ratio = last[key] / first[key] if first[key] else math.inf
    events_ratio = last["rows"]["events"] / first["rows"]["events"]
    exponent = math.log(ratio) / math.log(events_ratio) if ratio > 0 else 0.0
    return {
        "from_scale": first["scale"],
        "to_scale": last["scale"],
        "ratio": round(ratio, 2),
        "exponent": round(exponent, 2),
    }


# -- 3 and 4: the pages (bench/pages.py) -------------------------------------------------------


def measure_pages(scale: float, repeats: int, smallest_scale: float | None = None) -> dict:
    from bench import pages

    smallest = None
    if smallest_scale is not None and smallest_scale != scale:
        smallest = generate.cached_database(smallest_scale)
    return pages.measure_event_report_page(generate.cached_database(scale), repeats, smallest)


def measure_sessions(scale: float, sessions: int) -> dict:
    from bench import pages

    return pages.measure_concurrent_sessions(
        generate.cached_database(scale),
        sessions=sessions,
        import_file=generate.cached_registrations_csv(IMPORT_ROWS_DURING_SESSIONS),
    )


# While the sessions load, the server imports a registration export of this many rows.
IMPORT_ROWS_DURING_SESSIONS = 1_000_000


# -- the run -----------------------------------------------------------------------------------


def machine() -> dict:
    return {
        "date": dt.date.today().isoformat(),
        "cpus": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
        "python": platform.python_version(),
        "duckdb": _version("duckdb"),
        "streamlit": _version("streamlit"),
        "platform": platform.platform(),
    }


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


def run(args: argparse.Namespace) -> dict:
    scales = [float(value) for value in args.scale_set.split(",")]
    results: dict = {"machine": machine(), "scales": scales, "quick": args.quick}
    started = time.perf_counter()
    _log(f"import: {args.import_rows:,} rows, {args.repeats} runs each")
    results["import"] = measure_import(args.import_rows, args.repeats)
    if args.big_import_rows:
        _log(f"import: {args.big_import_rows:,} rows, 1 run each")
        results["big_import"] = measure_import(args.big_import_rows, 1)
    query_results = []
    for scale in scales:
        _log(f"queries at scale {scale:g}")
        query_results.append(measure_queries(scale, args.repeats))
    results["queries"] = query_results
    results["growth"] = {
        "event_report": growth(query_results, "event_report_seconds"),
        "overview_event_table": growth(query_results, "overview_event_table_seconds"),
        "portfolio_totals": growth(query_results, "portfolio_totals_seconds"),
        "compare_five_events": growth(query_results, "compare_five_events_seconds"),
    }
    if not args.skip_pages:
        _log(f"Event report page under AppTest: demo and scale {scales[-1]:g}")
        results["page"] = measure_pages(scales[-1], args.repeats, scales[0])
    if not args.skip_sessions:
        _log(f"{args.sessions} browser sessions at scale {scales[-1]:g}, with an import")
        results["sessions"] = measure_sessions(scales[-1], args.sessions)
    results["targets"] = check_targets(results)
    results["seconds"] = round(time.perf_counter() - started, 1)
    return results


def check_targets(results: dict) -> list[dict]:
    """Each target of issue 5 with the figure that decides it."""
    targets = []

    def target(name: str, figure: float, limit: float, unit: str = "") -> None:
        targets.append(
            {
                "target": name,
                "figure": figure,
                "limit": limit,
                "unit": unit,
                "holds": bool(figure <= limit),
            }
        )

    imported = results["import"]
    target("import time / DuckDB's bare read", imported["ratio"], TARGET_IMPORT_RATIO, "x")
    target(
        "import time / DuckDB's bare read (issue 10)",
        imported["ratio"],
        TARGET_IMPORT_RATIO_ISSUE_10,
        "x",
    )
    target(
        f"import peak memory, {imported['rows']:,} rows",
        imported["import_peak_mb"],
        TARGET_IMPORT_PEAK_MB,
        "MB",
    )
    if "big_import" in results:
        big = results["big_import"]
        target(
            f"import peak memory, {big['rows']:,} rows",
            big["import_peak_mb"],
            TARGET_BIG_IMPORT_PEAK_MB,
            "MB",
        )
    growth_figures = results["growth"]
    target(
        "Event report queries, largest / smallest scale",
        growth_figures["event_report"]["ratio"],
        TARGET_EVENT_GROWTH,
        "x",
    )
    for name in ("overview_event_table", "portfolio_totals", "compare_five_events"):
        target(f"{name}: growth exponent (1 = linear)", growth_figures[name]["exponent"], 1.0)
    if "page" in results:
        target(
            "Event report page, scaled / demo database", results["page"]["ratio"], TARGET_PAGE_RATIO
        )
    if "sessions" in results:
        sessions = results["sessions"]
        target(
            "slowest of 8 sessions (with an import) / one alone",
            sessions["ratio"],
            TARGET_SESSION_RATIO,
            "x",
        )
        target("sessions that failed to render", sessions["failed"], 0)
    return targets


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- the table ---------------------------------------------------------------------------------


def format_table(results: dict) -> str:
    """The results as the plain-text table `make bench` prints."""
    lines = []
    m = results["machine"]
    lines.append(
        f"surveydash benchmark, {m['date']}: {m['cpus']} cores, {m['memory_gb']} GB, "
        f"DuckDB {m['duckdb']}, Python {m['python']}"
    )
    lines.append("")
    for key in ("import", "big_import"):
        if key not in results:
            continue
        imported = results[key]
        lines.append(
            f"Import of a {imported['rows']:,}-row registrations CSV ({imported['file_mb']} MB), "
            f"median of {imported['runs']}"
        )
        lines.append(f"  {'':28} {'seconds':>9} {'peak MB':>9}")
        lines.append(
            f"  {'DuckDB bare read (floor)':28} {imported['floor_seconds']:>9.2f} "
            f"{imported['floor_peak_mb']:>9}"
        )
        lines.append(
            f"  {'surveydash import':28} {imported['import_seconds']:>9.2f} "
            f"{imported['import_peak_mb']:>9}"
        )
        pairs = ", ".join(f"{ratio:.2f}" for ratio in imported["pair_ratios"])
        lines.append(f"  {'ratio':28} {imported['ratio']:>9.2f}x   (pairs: {pairs})")
        lines.append(
            f"  {'CPU seconds: floor, import':28} {imported['floor_cpu_seconds']:>9.2f} "
            f"{imported['import_cpu_seconds']:>9.2f}   ratio {imported['cpu_ratio']:.2f}x"
        )
        steps = ", ".join(
            f"{step} {seconds:.2f}" for step, seconds in imported["import_steps_seconds"].items()
        )
        lines.append(f"  where the import's time goes (s): {steps}")
        cpu_steps = ", ".join(
            f"{step} {seconds:.2f}"
            for step, seconds in imported["import_steps_cpu_seconds"].items()
        )
        lines.append(f"  and its CPU time (s): {cpu_steps}")
        lines.append("")
    queries = results["queries"]
    header = (
        "  " + f"{'':34}" + "".join(f"{'scale ' + format(q['scale'], 'g'):>13}" for q in queries)
    )
    lines.append("Queries behind the pages (seconds, median)")
    lines.append(header)
    lines.append("  " + f"{'events':34}" + "".join(f"{q['rows']['events']:>13,}" for q in queries))
    lines.append(
        "  "
        + f"{'registrations':34}"
        + "".join(f"{q['rows']['registrations']:>13,}" for q in queries)
    )
    rows = [
        ("Event report, all reads (1 event)", "event_report_seconds"),
        ("Overview: event table", "overview_event_table_seconds"),
        ("Overview: portfolio totals", "portfolio_totals_seconds"),
        ("Compare: five events", "compare_five_events_seconds"),
        ("Event titles (page selectors)", "event_titles_seconds"),
    ]
    for label, key in rows:
        lines.append("  " + f"{label:34}" + "".join(f"{q[key]:>13.4f}" for q in queries))
    lines.append("")
    lines.append("Growth from the smallest to the largest scale")
    for name, figures in results["growth"].items():
        lines.append(
            f"  {name:34} x{figures['ratio']:<8} exponent {figures['exponent']} "
            "(0 flat, 1 linear in events)"
        )
    lines.append("")
    if "page" in results:
        page = results["page"]
        lines.append("Event report page, full AppTest run (seconds, median)")
        lines.append(f"  {'demo database':34} {page['demo_seconds']:>9.2f}")
        lines.append(f"  {'scale ' + format(page['scale'], 'g'):34} {page['scaled_seconds']:>9.2f}")
        if "smallest_seconds" in page:
            lines.append(
                f"  {'scale ' + format(page['smallest_scale'], 'g') + ' (the same event)':34} "
                f"{page['smallest_seconds']:>9.2f}"
            )
        lines.append(f"  {'ratio scaled / demo':34} {page['ratio']:>9.2f}x")
        if "ratio_to_smallest" in page:
            lines.append(
                f"  {'ratio scaled / smallest scale':34} {page['ratio_to_smallest']:>9.2f}x"
            )
        lines.append("")
    if "sessions" in results:
        sessions = results["sessions"]
        lines.append(
            f"Browser sessions on one `surveydash serve` (scale {format(sessions['scale'], 'g')})"
        )
        lines.append(f"  {'one session alone':34} {sessions['alone_seconds']:>9.2f} s")
        lines.append(
            f"  {'8 sessions: slowest':34} {sessions['without_import_slowest_seconds']:>9.2f} s"
        )
        lines.append(
            f"  {'8 sessions + an import: slowest':34} {sessions['slowest_seconds']:>9.2f} s"
        )
        lines.append(
            f"  {'8 sessions + an import: median':34} {sessions['median_seconds']:>9.2f} s"
        )
        lines.append(
            f"  {'sessions rendered / failed':34} {sessions['rendered']:>9} / {sessions['failed']}"
        )
        lines.append(f"  {'import during the sessions':34} {sessions['import_status']}")
        lines.append(f"  {'ratio slowest / alone':34} {sessions['ratio']:>9.2f}x")
        if "cpu_bound_ratio" in sessions:
            lines.append(
                f"  {'ratio the CPU work implies':34} "
                f"{sessions['cpu_bound_ratio']:>9.2f}x  (the CPU seconds of 8 sessions "
                "and the import, over the cores, over one session's time alone)"
            )
        for phase, label in (
            ("alone", "CPU s, one session"),
            ("without_import", "CPU s, 8 sessions"),
            ("with_import", "CPU s, 8 sessions + import"),
        ):
            used = sessions["cpu_seconds"].get(phase, {})
            lines.append(
                f"  {label:34} browser {used.get('browser', 0):>6.1f}   "
                f"server {used.get('server', 0):>6.1f}"
            )
        lines.append("")
    lines.append("Targets")
    for target in results["targets"]:
        mark = "holds" if target["holds"] else "MISSED"
        lines.append(
            f"  [{mark:6}] {target['target']}: {target['figure']}{target['unit']} "
            f"(at most {target['limit']}{target['unit']})"
        )
    lines.append("")
    lines.append(f"Measured in {results['seconds']:.0f} s.")
    return "\n".join(lines)


# -- command line ------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--scale-set", default="0.1,1,10", help="scales of the query part")
    parser.add_argument("--quick", action="store_true", help="a smoke run: small and fast")
    parser.add_argument("--out", type=Path, default=RESULTS_PATH)
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument(
        "--big-import-rows",
        type=int,
        default=10_000_000,
        help="rows of the second, memory-only import (0: skip it)",
    )
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--skip-pages", action="store_true", help="no AppTest run")
    parser.add_argument("--skip-sessions", action="store_true", help="no browser sessions")
    parser.add_argument(
        "--child", nargs=3, metavar=("NAME", "CSV", "DATABASE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.scale_set = "0.01,0.02"
        args.repeats = 3
        args.import_rows = 20_000
        args.big_import_rows = 0
        args.skip_sessions = True
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child:
        name, csv_path, database = args.child
        print(json.dumps(CHILDREN[name](csv_path, database)))
        return
    results = run(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(format_table(results))
    print(f"\nResults written to {args.out}")


if __name__ == "__main__":
    main()
