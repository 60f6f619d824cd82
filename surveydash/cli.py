"""The `surveydash` command: build the demo, add events, import files, print figures, serve.

Every command takes --db (default: $SURVEYDASH_DB, else data/surveydash.duckdb). Errors go to
stderr with exit code 1; nothing is changed by a command that fails.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from surveydash import settings

EXIT_ERROR = 1


class CommandError(Exception):
    """A user error: printed to stderr without a traceback, exit code 1."""


def _open(args, *, must_exist: bool = True):
    from surveydash.db import Database, DatabaseError

    path = settings.database_path(args.db)
    if must_exist and not path.exists():
        raise CommandError(
            f"no database at {path}: build the demo with `surveydash demo --db {path}` "
            "or add an event with `surveydash event add`"
        )
    try:
        return Database(path)
    except DatabaseError as error:
        raise CommandError(str(error)) from None


def _print_json(value) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False, default=str))


# -- commands ----------------------------------------------------------------------------------


def command_demo(args) -> None:
    from surveydash.db import DatabaseError
    from surveydash.demo import DemoError, build_demo

    path = settings.database_path(args.db)
    try:
        build_demo(path, force=args.force)
    except (DemoError, DatabaseError) as error:
        # DatabaseError: the file at the path is no database surveydash can open (it is left
        # as it is).
        raise CommandError(str(error)) from None
    print(f"Built the demo database at {path} (synthetic data).")
    _print_events(args)


def command_event_add(args) -> None:
    from surveydash.events import EventError, EventSpec, add_event

    with _open(args, must_exist=False) as db:
        try:
            spec = add_event(
                db,
                EventSpec(
                    event_id=args.event_id,
                    title=args.title,
                    start_date=args.start,
                    end_date=args.end,
                    format=args.format,
                    location=args.location,
                    series=args.series,
                    organizers=args.organizers,
                    languages=args.languages,
                ),
            )
        except EventError as error:
            raise CommandError(str(error)) from None
    print(f"Added event {spec.event_id}: {spec.title} ({spec.start_date}).")


def command_import(args) -> None:
    from surveydash.importer import ImportOptions, import_file
    from surveydash.personal_data import mask
    from surveydash.tabular import FileRefused

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"{args.file}: no such file")
    options = ImportOptions(
        kind=args.kind,
        source=args.source,
        replace=args.replace,
        append=args.append,
        skip_bad_rows=args.skip_bad_rows,
        rejects_path=Path(args.rejects) if args.rejects else None,
        dry_run=args.dry_run,
    )
    with _open(args) as db:
        try:
            result = import_file(db, path, args.event, options)
        except FileRefused as error:
            raise CommandError(
                error.describe() + "\nNothing was imported: the database is unchanged."
            ) from None
        except Exception as error:  # a reader's own failure: said in a line, not a traceback
            raise CommandError(
                f"{path.name}: cannot be read ({type(error).__name__}: {mask(error)})"
                "\nNothing was imported: the database is unchanged."
            ) from None
    if args.json:
        _print_json(
            {
                "status": result.status,
                "event_id": result.event_id,
                "file": result.file_name,
                "source": result.source,
                "message": result.message,
                "kinds": [vars(report) for report in result.kinds],
                "problems": [
                    {**vars(problem), "message": mask(problem.message)}
                    for problem in result.problems
                ],
            }
        )
        return
    print(result.message)
    if result.status == "unchanged":
        return
    print(f"Source: {result.source}")
    for report in result.kinds:
        print(
            f"{report.kind}: {report.rows_read} rows read, {report.people} people, "
            f"{report.countries} countries"
        )
        for header, what in report.held_back.items():
            print(f"  held back as personal data ({what}): {header}")
        for header, what in report.kept_by_analyst.items():
            print(
                f"  kept at the analyst's request, although judged personal data ({what}): {header}"
            )
        for what, count in sorted(report.scrubbed.items()):
            print(f"  removed from the text before storage: {count} {what}")
        for raw, count in report.unrecognized_countries.items():
            print(f"  country not recognized (kept as written): {mask(raw)!r} x{count}")
        for raw, guess in report.fuzzy_countries.items():
            print(f"  country matched by a fuzzy guess: {mask(raw)!r} -> {guess}")
        for raw, count in report.unmapped_sectors.items():
            print(f"  sector not mapped (counted as Other): {mask(raw)!r} x{count}")
        for question in report.questions:
            indicator = question["indicator"] or "-"
            print(
                f"  question {question['position']}: {question['kind']}, indicator "
                f"{indicator}: {question['text']}"
            )
    if result.problems:
        print(f"Left out {len(result.problems)} problems' rows:", file=sys.stderr)
        for problem in result.problems[:10]:
            print(
                f"  {result.file_name}: {problem.where()}: {mask(problem.message)}", file=sys.stderr
            )
        if args.rejects:
            print(f"The rejected rows are in {args.rejects}.", file=sys.stderr)


def _print_events(args) -> None:
    from surveydash.analytics import query, records

    with _open(args) as db:
        events = records(query(db, "events_list"))
    if getattr(args, "json", False):
        _print_json(events)
        return
    for event in events:
        print(
            f"{event['event_id']:<28} {event['start_date']}  {event['format'] or '-':<9} "
            f"{event['title']}"
        )


def command_events(args) -> None:
    _print_events(args)


def command_summary(args) -> None:
    from surveydash.analytics import EventNotFound, event_summary, headline_sentence

    with _open(args) as db:
        try:
            summary = event_summary(db, args.event_id)
        except EventNotFound as error:
            raise CommandError(str(error)) from None
    if args.json:
        _print_json(summary)
        return
    print(summary["event"]["title"], f"({summary['event']['start_date']})")
    print(headline_sentence(summary["event"], summary))
    print(summary["respondents_sentence"])
    print(
        f"Attendance rate {summary['attendance_rate']}%, response rate {summary['response_rate']}%."
    )
    for rating in summary["ratings"]:
        print(
            f"- {rating['text']}: n={rating['n']}, mean {rating['mean']}, "
            f"top-2-box {rating['top2_pct']}%"
        )
    for question in summary["yes_no"]:
        print(
            f"- {question['text']}: yes {question['yes']} ({question['yes_pct']}%), "
            f"no {question['no']} ({question['no_pct']}%)"
        )


def command_compare(args) -> None:
    from surveydash.analytics import EventNotFound, compare_events

    with _open(args) as db:
        try:
            rows = compare_events(db, args.event_ids)
        except EventNotFound as error:
            raise CommandError(str(error)) from None
    if args.json:
        _print_json(rows)
        return
    for row in rows:
        print(
            f"{row['event_id']:<28} registrations {row['registrations']:>6}  attendees "
            f"{row['attendees']:>5}  responses {row['responses']:>4}  overall "
            f"{row['overall_rating_mean'] or '-'} (n={row['overall_rating_n']})"
        )


def command_map(args) -> None:
    from surveydash import mappings

    with _open(args) as db:
        try:
            if args.what == "country":
                updated = mappings.map_country(db, args.value, args.target)
            elif args.what == "sector":
                updated = mappings.map_sector(db, args.value, args.target)
            else:
                target = None if args.target.lower() == "none" else args.target
                mappings.map_question(db, args.event, args.value, target)
                updated = 1
        except mappings.MappingError as error:
            raise CommandError(str(error)) from None
    print(f"Mapped {args.value!r} to {args.target}: {updated} rows updated.")


def command_serve(args) -> None:
    path = settings.database_path(args.db)
    if not path.exists():
        from surveydash.demo import build_demo

        if args.db is None and os.environ.get(settings.DB_ENV_VAR) is None:
            print(f"No database yet: building the demo database at {path}.")
            build_demo(path)
    app = settings.REPO_DIR / "dashboard" / "app.py"
    environment = dict(os.environ, **{settings.DB_ENV_VAR: str(path)})
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(args.port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    if args.address:
        command += ["--server.address", args.address]
    print(f"Serving {path} on http://localhost:{args.port}")
    # Run from dashboard/, so that Streamlit reads dashboard/.streamlit/config.toml as the
    # project's config (server options such as static serving are read only from there).
    raise SystemExit(subprocess.call(command, env=environment, cwd=app.parent))


def command_export(args) -> None:
    from surveydash.export import NOT_EXPORTED, ExportError, export_parquet

    with _open(args) as db:
        try:
            written = export_parquet(db, Path(args.parquet))
        except ExportError as error:
            raise CommandError(str(error)) from None
    for table, count in written.items():
        print(f"{table}: {count} rows")
    for table, reason in NOT_EXPORTED.items():
        print(f"{table}: not exported ({reason})")


# -- parser ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="surveydash",
        description="Participant-survey analytics for capacity-development events.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, handler) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--db", help="database file (default: $SURVEYDASH_DB, else data/surveydash.duckdb)"
        )
        sub.set_defaults(handler=handler)
        return sub

    demo = command(
        "demo", "build the demo database from the synthetic files in data/demo/", command_demo
    )
    demo.add_argument("--force", action="store_true", help="rebuild an existing demo database")

    event = commands.add_parser("event", help="manage events", description="manage events")
    event_commands = event.add_subparsers(dest="event_command", required=True, metavar="ACTION")
    add = event_commands.add_parser("add", help="add an event", description="add an event")
    add.add_argument("--db", help="database file")
    add.set_defaults(handler=command_event_add)
    add.add_argument("event_id", metavar="ID", help="a slug like krila-2022")
    add.add_argument("--title", required=True)
    add.add_argument("--start", required=True, help="start date, YYYY-MM-DD")
    add.add_argument("--end", help="end date, YYYY-MM-DD")
    add.add_argument("--format", help="virtual, in-person or hybrid")
    add.add_argument("--location")
    add.add_argument("--series")
    add.add_argument("--organizers")
    add.add_argument("--languages", help="e.g. en;fr")

    importing = command(
        "import", "import a registrations, attendance or survey file", command_import
    )
    importing.add_argument("file", metavar="FILE", help="CSV or XLSX file")
    importing.add_argument("--event", required=True, help="the event's id")
    importing.add_argument(
        "--kind",
        choices=["registrations", "attendance", "survey"],
        help="what the file holds (detected when left out)",
    )
    importing.add_argument(
        "--source",
        help="the tool that made the file (detected when left "
        "out): generic, zoom-webinar, google-forms, ...",
    )
    importing.add_argument(
        "--replace", action="store_true", help="replace the event's earlier import of this kind"
    )
    importing.add_argument(
        "--append",
        action="store_true",
        help="add to the event's earlier import of this kind (another session's attendance, say)",
    )
    importing.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the good rows and leave the bad ones out (logged)",
    )
    importing.add_argument(
        "--rejects",
        metavar="FILE",
        help="write the rows left out, with their problems, to this CSV",
    )
    importing.add_argument(
        "--dry-run", action="store_true", help="say what would be imported and write nothing"
    )
    importing.add_argument("--json", action="store_true", help="print the report as JSON")

    events = command("events", "list the events", command_events)
    events.add_argument("--json", action="store_true")

    summary = command("summary", "an event's outcome-report figures", command_summary)
    summary.add_argument("event_id", metavar="ID")
    summary.add_argument("--json", action="store_true")

    compare = command(
        "compare", "compare events on headline figures and indicators", command_compare
    )
    compare.add_argument("event_ids", metavar="ID", nargs="+")
    compare.add_argument("--json", action="store_true")

    mapping = command(
        "map",
        "fix a mapping once for every event: a country or sector value "
        "as written, or a question's canonical indicator",
        command_map,
    )
    mapping.add_argument("what", choices=["country", "sector", "question"])
    mapping.add_argument(
        "value",
        metavar="VALUE",
        help="the value as written (for question: the question id, e.g. q03)",
    )
    mapping.add_argument(
        "target", metavar="TARGET", help="ISO3 code, sector name, or indicator ('none' to clear)"
    )
    mapping.add_argument("--event", help="the event (for question)")

    serve = command("serve", "start the dashboard", command_serve)
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--address", help="address to listen on (default: Streamlit's)")

    export = command(
        "export", "export every table as Parquet, partitioned by event", command_export
    )
    export.add_argument("--parquet", required=True, metavar="DIR")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "map" and args.what == "question" and not args.event:
        parser.error("map question needs --event")
    try:
        args.handler(args)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_ERROR
    return 0


if __name__ == "__main__":
    sys.exit(main())
