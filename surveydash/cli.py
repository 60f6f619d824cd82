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
    from surveydash.tabular import FileRefused

    path = args.file
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    options = ImportOptions(
        kind=args.kind,
        source=args.source,
        replace=args.replace,
        append=args.append,
        skip_bad_rows=args.skip_bad_rows,
        rejects_path=args.rejects,
        dry_run=args.dry_run,
    )
    with _open(args) as db:
        try:
            result = import_file(db, path, args.event, options)
        except FileRefused as error:
            raise CommandError(
                error.describe() + "\nNothing was imported: the database is unchanged."
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
                "problems": [vars(problem) for problem in result.problems],
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
        for raw, count in report.unrecognized_countries.items():
            print(f"  country not recognized (kept as written): {raw!r} x{count}")
        for raw, guess in report.fuzzy_countries.items():
            print(f"  country matched by a fuzzy guess: {raw!r} -> {guess}")
        for raw, count in report.unmapped_sectors.items():
            print(f"  sector not mapped (counted as Other): {raw!r} x{count}")
        for question in report.questions:
            indicator = question["indicator"] or "-"
            print(
                f"  question {question['position']}: {question['kind']}, indicator "
                f"{indicator}: {question['text']}"
            )
    if result.problems:
        print(f"Left out {len(result.problems)} problems' rows:", file=sys.stderr)
        for problem in result.problems[:10]:
            print(f"  {result.file_name}: {problem.where()}: {problem.message}", file=sys.stderr)
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


def _report(db, event_id: str):
    from surveydash.report.model import EventNotFound, build_report

    try:
        return build_report(db, event_id)
    except EventNotFound as error:
        raise CommandError(str(error)) from None


def command_summary(args) -> None:
    from surveydash.report.model import summary_json
    from surveydash.report.sentences import format_share

    with _open(args) as db:
        report = _report(db, args.event_id)
    if args.json:
        _print_json(summary_json(report))
        return
    print(report.event.title, f"({report.event.start_date})")
    for sentence in (report.introduction, report.respondents_sentence):
        if sentence:
            print(sentence)
    figures = report.headline
    print(
        f"Attendance rate {format_share(figures.attendance_rate)}, response rate "
        f"{format_share(figures.response_rate)}."
    )
    for rating in report.ratings:
        print(
            f"- {rating.text}: n={rating.n}, mean {rating.mean}, "
            f"top-2-box {format_share(rating.top2_pct)}"
        )
    for question in report.yes_no:
        print(
            f"- {question.text}: yes {question.yes} ({format_share(question.yes_pct)}), "
            f"no {question.no} ({format_share(question.no_pct)})"
        )


def command_report(args) -> None:
    from surveydash.report.documents import ReportFormatError, format_of, write_report

    try:
        format_of(args.out)
    except ReportFormatError as error:
        raise CommandError(str(error)) from None
    with _open(args) as db:
        report = _report(db, args.event_id)
    path = write_report(report, args.out)
    print(f"Wrote the outcome report of {report.event.event_id} to {path}.")


def command_certificates(args) -> None:
    from surveydash.certificates import CertificateError, certificate_recipients
    from surveydash.table_files import TABLE_FORMATS, TableFormatError, write_table

    if args.out.suffix.lower() not in TABLE_FORMATS:
        raise CommandError(
            f"{args.out.name}: the list is written as .csv or .xlsx; the file name's "
            "extension chooses which"
        )
    with _open(args) as db:
        try:
            recipients = certificate_recipients(db, args.event_id, purpose=f"the file {args.out}")
            write_table(recipients, args.out, sheet_name="Certificates")
        except (CertificateError, TableFormatError) as error:
            raise CommandError(str(error)) from None
    print(f"Wrote {len(recipients)} people who qualify for a certificate to {args.out}.")


def command_event_set(args) -> None:
    from surveydash.certificates import CertificateError, set_certificate_rule
    from surveydash.events import EventError, set_event_kind

    if args.kind is None and args.certificate_minutes is None and args.certificate_sessions is None:
        raise CommandError(
            "say what to set: --kind, --certificate-minutes or --certificate-sessions"
        )
    with _open(args) as db:
        try:
            if args.kind is not None:
                kind = set_event_kind(db, args.event_id, args.kind)
                print(f"The report calls {args.event_id} “the {kind}”.")
            if args.certificate_minutes is not None or args.certificate_sessions is not None:
                if args.certificate_minutes is not None:
                    rule, minimum = "minutes", args.certificate_minutes
                else:
                    rule, minimum = "sessions", args.certificate_sessions
                set_rule = set_certificate_rule(db, args.event_id, rule, minimum)
                print(
                    f"Certificates of {args.event_id} go to attendees with {set_rule.describe()}."
                )
        except (EventError, CertificateError) as error:
            raise CommandError(str(error)) from None


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
        overall = "-"
        if row["overall_rating_score"] is not None:
            low, high = row["overall_rating_score_ci"] or ("?", "?")
            scale = row["overall_rating_scale"]
            overall = (
                f"score {row['overall_rating_score']} ({low}-{high}), mean "
                f"{row['overall_rating_mean']} on {scale[0]}-{scale[1]}"
            )
        print(
            f"{row['event_id']:<28} registrations {row['registrations']:>6}  attendees "
            f"{row['attendees']:>5}  responses {row['responses']:>4}  overall rating "
            f"{overall} (n={row['overall_rating_n']})"
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
            written = export_parquet(db, args.parquet)
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
            "--db",
            type=settings.user_path,
            help="database file (default: $SURVEYDASH_DB, else data/surveydash.duckdb)",
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
    add.add_argument("--db", type=settings.user_path, help="database file")
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
    change = event_commands.add_parser(
        "set",
        help="set what the report calls an event, or its certificate rule",
        description="set what the report calls an event, or its certificate rule",
    )
    change.add_argument("--db", help="database file")
    change.set_defaults(handler=command_event_set)
    change.add_argument("event_id", metavar="ID")
    change.add_argument(
        "--kind", help="what the report calls the event: Forum, Webinar, ... ('' for the default)"
    )
    rule = change.add_mutually_exclusive_group()
    rule.add_argument(
        "--certificate-minutes", type=int, metavar="N", help="certificates need N minutes in all"
    )
    rule.add_argument(
        "--certificate-sessions", type=int, metavar="N", help="certificates need N sessions"
    )

    importing = command(
        "import", "import a registrations, attendance or survey file", command_import
    )
    importing.add_argument("file", metavar="FILE", type=settings.user_path, help="CSV or XLSX file")
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
        type=settings.user_path,
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

    report = command("report", "write an event's outcome report as DOCX or PDF", command_report)
    report.add_argument("event_id", metavar="ID")
    report.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        type=settings.user_path,
        help="the file: .docx or .pdf (chooses the format)",
    )

    certificates = command(
        "certificates",
        "list the attendees who qualify for a certificate (names and e-mails)",
        command_certificates,
    )
    certificates.add_argument("event_id", metavar="ID")
    certificates.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        type=settings.user_path,
        help="the file: .csv or .xlsx (chooses the format)",
    )

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
    export.add_argument("--parquet", required=True, metavar="DIR", type=settings.user_path)
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
    except BrokenPipeError:
        # The reader of the output stopped early (`surveydash events | head`): not an error.
        # Python would complain once more when it flushes stdout at exit; point it at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        message = _storage_error_message(args, error)
        if message is None:
            raise
        print(f"error: {message}", file=sys.stderr)
        return EXIT_ERROR
    return 0


def _storage_error_message(args, error: Exception) -> str | None:
    """A message for what the machine itself refused (a full disk while a command wrote, the
    database file failing to read or write), or None for a bug, which keeps its traceback. The
    writes run in one transaction, so such a failure has changed nothing."""
    import errno

    import duckdb

    from surveydash.db import disk_full_message, is_disk_full

    database = settings.database_path(getattr(args, "db", None))
    if is_disk_full(error):
        return disk_full_message(database)
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return disk_full_message(error.filename or database)
    if isinstance(error, duckdb.IOException):
        return (
            f"the database {database} could not be read or written ({error}). Nothing was "
            "changed. Check that the disk is there and writable, then run the command again."
        )
    return None


if __name__ == "__main__":
    sys.exit(main())
