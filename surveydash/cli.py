"""The `surveydash` command: build the demo, add events, import files, print figures, serve.

Every command takes --db (default: $SURVEYDASH_DB, else data/surveydash.duckdb). Errors go to
stderr with exit code 1; nothing is changed by a command that fails.
"""

from __future__ import annotations

import argparse
import contextlib
import contextvars
import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

from surveydash import settings

EXIT_ERROR = 1


class CommandError(Exception):
    """A user error: printed to stderr without a traceback, exit code 1."""


class DatabaseHeld(CommandError):
    """Another process holds the database: main() hands the command to it if it serves."""


# Set while the dashboard runs a command handed to it (surveydash.handover): the database it
# holds, and who asked.
_served: contextvars.ContextVar = contextvars.ContextVar("served", default=None)


def _open(args, *, must_exist: bool = True):
    from surveydash.db import Database, DatabaseError, DatabaseHeldElsewhere

    served = _served.get()
    if served is not None:
        return contextlib.nullcontext(served[0])
    path = settings.database_path(args.db)
    if must_exist and not path.exists():
        raise CommandError(
            f"no database at {path}: build the demo with `surveydash demo --db {path}` "
            "or add an event with `surveydash event add`"
        )
    try:
        return Database(path)
    except DatabaseHeldElsewhere as error:
        raise DatabaseHeld(str(error)) from None
    except DatabaseError as error:
        raise CommandError(str(error)) from None


def _actor():
    """Who runs the command: the OS user (the one who handed it over, inside the dashboard)."""
    from surveydash.access import Actor, local_actor

    served = _served.get()
    return Actor(served[1], signed_in=False) if served is not None else local_actor()


def _require_yes(args, what: str) -> None:
    """The confirmation step: without --yes, say what would be done and change nothing."""
    if not args.yes:
        raise CommandError(f"{what}\nNothing was changed: add --yes to do it.")


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
    from surveydash.access import AccessDenied
    from surveydash.events import EventError, EventSpec
    from surveydash.writes import create_event

    with _open(args, must_exist=False) as db:
        try:
            spec = create_event(
                db,
                _actor(),
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
        except (EventError, AccessDenied) as error:
            raise CommandError(str(error)) from None
    print(f"Added event {spec.event_id}: {spec.title} ({spec.start_date}).")


def _question_scales(choices: list[str] | None) -> dict[str, str]:
    """`--scale 'QUESTION=SCALE'` choices as question text -> scale name."""
    scales = {}
    for choice in choices or []:
        question, separator, scale = choice.rpartition("=")
        if not separator or not question.strip() or not scale.strip():
            raise CommandError(f"--scale {choice!r}: write it as 'QUESTION TEXT=SCALE'")
        scales[question.strip()] = scale.strip()
    return scales


def command_import(args) -> None:
    from surveydash.access import AccessDenied
    from surveydash.importer import ImportOptions
    from surveydash.personal_data import mask
    from surveydash.tabular import FileRefused, reader_failure
    from surveydash.writes import import_data

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
        question_scales=_question_scales(args.scale),
        keep_personal=list(args.keep_column or []),
    )
    with _open(args) as db:
        try:
            result = import_data(db, _actor(), path, args.event, options)
        except FileRefused as error:
            raise CommandError(
                error.describe() + "\nNothing was imported: the database is unchanged."
            ) from None
        except AccessDenied as error:
            raise CommandError(str(error)) from None
        except Exception as error:
            # A reader's own failure on a file: said in a line naming the file (and the row it
            # was at), the exception's type logged as a fault of ours; never a traceback or
            # the exception's text, which could quote a cell. What the machine refused (a full
            # disk) keeps its own message (see main).
            if _storage_error_message(args, error) is not None:
                raise
            raise CommandError(
                reader_failure(path.name, error).describe()
                + "\nNothing was imported: the database is unchanged."
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
        if report.recognised_from_values:
            print(
                "  recognised from their values (headers not known): "
                + ", ".join(report.recognised_from_values)
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
            if question.get("set_apart"):
                print(f"    {question['set_apart']} answers counted apart (N/A, Don't know)")
            if question.get("scale_note"):
                print(f"    {question['scale_note']} (choose another with --scale)")
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
            + (f", {rating.set_apart} counted apart (N/A)" if rating.set_apart else "")
        )
    for number in report.numbers:
        print(f"- {number.text}: n={number.n}, mean {number.mean}, median {number.median}")
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
    from surveydash.access import AccessDenied
    from surveydash.certificates import CertificateError
    from surveydash.table_files import TABLE_FORMATS, TableFormatError, write_table
    from surveydash.writes import certificate_recipients

    if args.out.suffix.lower() not in TABLE_FORMATS:
        raise CommandError(
            f"{args.out.name}: the list is written as .csv or .xlsx; the file name's "
            "extension chooses which"
        )
    with _open(args) as db:
        try:
            recipients = certificate_recipients(
                db, _actor(), args.event_id, purpose=f"the file {args.out}"
            )
            write_table(recipients, args.out, sheet_name="Certificates")
        except (CertificateError, TableFormatError, AccessDenied) as error:
            raise CommandError(str(error)) from None
    print(f"Wrote {len(recipients)} people who qualify for a certificate to {args.out}.")


def command_event_set(args) -> None:
    from surveydash.access import AccessDenied
    from surveydash.certificates import CertificateError
    from surveydash.events import EventError
    from surveydash.writes import set_certificate_rule, set_event_kind

    if args.kind is None and args.certificate_minutes is None and args.certificate_sessions is None:
        raise CommandError(
            "say what to set: --kind, --certificate-minutes or --certificate-sessions"
        )
    with _open(args) as db:
        try:
            if args.kind is not None:
                kind = set_event_kind(db, _actor(), args.event_id, args.kind)
                print(f"The report calls {args.event_id} “the {kind}”.")
            if args.certificate_minutes is not None or args.certificate_sessions is not None:
                if args.certificate_minutes is not None:
                    rule, minimum = "minutes", args.certificate_minutes
                else:
                    rule, minimum = "sessions", args.certificate_sessions
                set_rule = set_certificate_rule(db, _actor(), args.event_id, rule, minimum)
                print(
                    f"Certificates of {args.event_id} go to attendees with {set_rule.describe()}."
                )
        except (EventError, CertificateError, AccessDenied) as error:
            raise CommandError(str(error)) from None


def command_compare(args) -> None:
    from surveydash import comparison
    from surveydash.analytics import EventNotFound, compare_events, query, rating_by_group

    try:
        filters = comparison.EventFilters(
            series=tuple(args.series or ()),
            years=tuple(args.year or ()),
            formats=tuple(args.format or ()),
            regions=tuple(args.region or ()),
        )
    except comparison.UnknownFilterValue as error:
        raise CommandError(str(error)) from None
    if not args.event_ids and not filters:
        raise CommandError("name the events to compare, or filter them (--series, --year, ...)")
    with _open(args) as db:
        try:
            events = query(db, "events_list")
            if args.event_ids:
                known = set(events["event_id"])
                unknown = [event_id for event_id in args.event_ids if event_id not in known]
                if unknown:
                    raise EventNotFound(f"unknown event id '{unknown[0]}'")
                order = {event_id: position for position, event_id in enumerate(args.event_ids)}
                events = events[events["event_id"].isin(order)].sort_values(
                    "event_id", key=lambda ids: ids.map(order)
                )
            else:
                # Filtered, not named: oldest first, as a comparison reads as a time line.
                events = events.sort_values(["start_date", "event_id"])
            from_regions = (
                query(db, "events_by_region", regions=list(filters.regions))
                if filters.regions
                else None
            )
            matching = filters.matching(events, from_regions)
            if matching.empty:
                raise CommandError(f"no event matches the filters ({filters.describe()})")
            event_ids = matching["event_id"].tolist()
            rows = compare_events(db, event_ids)
            questions = query(db, "indicator_questions", event_ids=event_ids)
            by_region = (
                {event_id: rating_by_group(db, event_id, "region") for event_id in event_ids}
                if filters.regions
                else {}
            )
        except EventNotFound as error:
            raise CommandError(str(error)) from None
    if filters.regions:
        region_figures = matching.set_index("event_id")
        for row in rows:
            for figure in comparison.REGION_FIGURES:
                row[f"region_{figure}"] = int(
                    region_figures.at[row["event_id"], f"region_{figure}"]
                )
    sources = comparison.indicator_sources(questions)
    for row in rows:
        row.update(sources.question_ids(row["event_id"]))
        row["warnings"] = sources.warnings(event_ids=[row["event_id"]])
        if filters.regions:
            # As the event's ratings by region show them (the anonymity threshold applied).
            row["region_ratings"] = [
                dataclasses.asdict(rating)
                for rating in comparison.region_ratings(
                    by_region[row["event_id"]], row, filters.regions
                )
            ]
    if args.json:
        _print_json(rows)
        return
    for warning in sources.warnings():
        print(f"warning: {warning}", file=sys.stderr)
    for row in rows:
        overall = "-"
        if row["overall_rating_score"] is not None:
            low, high = row["overall_rating_score_ci"] or ("?", "?")
            scale = row["overall_rating_scale"]
            overall = (
                f"score {row['overall_rating_score']} ({low}-{high}), mean "
                f"{row['overall_rating_mean']} on {scale[0]}-{scale[1]}"
            )
        from_regions = (
            f"  attendees from {' or '.join(filters.regions)} {row['region_attendees']:>5}"
            if filters.regions
            else ""
        )
        print(
            f"{row['event_id']:<28} registrations {row['registrations']:>6}  attendees "
            f"{row['attendees']:>5}{from_regions}  responses {row['responses']:>4}  overall "
            f"rating {overall} (n={row['overall_rating_n']})"
        )


def command_map(args) -> None:
    from surveydash import mappings, writes
    from surveydash.access import AccessDenied

    with _open(args) as db:
        try:
            if args.what == "country":
                updated = writes.map_country(db, _actor(), args.value, args.target)
            elif args.what == "sector":
                updated = writes.map_sector(db, _actor(), args.value, args.target)
            else:
                target = None if args.target.lower() == "none" else args.target
                writes.map_question(db, _actor(), args.event, args.value, target)
                updated = 1
        except (mappings.MappingError, AccessDenied) as error:
            raise CommandError(str(error)) from None
    print(f"Mapped {args.value!r} to {args.target}: {updated} rows updated.")


# Addresses that only this machine can reach: serving on them needs no sign-in.
LOCAL_ADDRESSES = ("127.0.0.1", "localhost", "::1")
# The keys Streamlit's st.login() needs in the [auth] table of the file given to --auth.
AUTH_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")


def _check_auth_file(path: Path) -> None:
    import tomllib

    if not path.is_file():
        raise CommandError(f"--auth {path}: no such file")
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("auth")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CommandError(f"--auth {path}: not a TOML file: {error}") from None
    if not isinstance(table, dict):
        raise CommandError(f"--auth {path}: has no [auth] table (see README, Deployment)")
    missing = [key for key in AUTH_KEYS if not table.get(key)]
    if missing:
        raise CommandError(f"--auth {path}: the [auth] table lacks {', '.join(missing)}")


def _warn_when_nobody_may_sign_in(path: Path) -> None:
    from surveydash.access import list_users
    from surveydash.db import Database, DatabaseError

    try:
        with Database(path) as db:
            admins = [user for user in list_users(db) if user["role"] == "admin"]
    except DatabaseError:
        return  # held by another process: the dashboard will say so itself
    if not admins:
        print(
            f"warning: {path} has no admin yet, so nobody can manage access from the dashboard: "
            "add one with `surveydash users add EMAIL --role admin`.",
            file=sys.stderr,
        )


def command_serve(args) -> None:
    address = args.address or LOCAL_ADDRESSES[0]
    auth_file = Path(args.auth).resolve() if args.auth else None
    if auth_file is None and address not in LOCAL_ADDRESSES:
        raise CommandError(
            f"refusing to serve on {address} without sign-in: anyone who reaches it would read "
            "every report. Give --auth FILE (an [auth] table for your OpenID Connect provider, "
            "see README, Deployment), or leave out --address to serve on this machine only."
        )
    if auth_file is not None:
        _check_auth_file(auth_file)
    # Absolute: Streamlit runs from dashboard/, and commands find the dashboard's job folder
    # beside this very path.
    path = settings.database_path(args.db).resolve()
    if not path.exists():
        from surveydash.demo import build_demo

        if args.db is None and os.environ.get(settings.DB_ENV_VAR) is None:
            print(f"No database yet: building the demo database at {path}.")
            build_demo(path)
    app = settings.REPO_DIR / "dashboard" / "app.py"
    environment = dict(os.environ, **{settings.DB_ENV_VAR: str(path)})
    environment.pop(settings.SIGN_IN_ENV_VAR, None)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(args.port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    if auth_file is not None:
        _warn_when_nobody_may_sign_in(path)
        # Streamlit reads the [auth] table where it lies: the secrets never enter the checkout.
        command += ["--secrets.files", str(auth_file)]
        environment[settings.SIGN_IN_ENV_VAR] = "1"
    shown = f"[{address}]" if ":" in address else address
    print(
        f"Serving {path} on http://{shown}:{args.port}"
        + (" with sign-in" if auth_file else " (this machine only, no sign-in)")
    )
    # Run from dashboard/, so that Streamlit reads dashboard/.streamlit/config.toml as the
    # project's config (server options such as static serving are read only from there).
    raise SystemExit(subprocess.call(command, env=environment, cwd=app.parent))


def command_export(args) -> None:
    from surveydash.access import AccessDenied
    from surveydash.export import NOT_EXPORTED, ExportError
    from surveydash.writes import export_parquet

    with _open(args) as db:
        try:
            written = export_parquet(db, _actor(), args.parquet)
        except (ExportError, AccessDenied) as error:
            raise CommandError(str(error)) from None
    for table, count in written.items():
        print(f"{table}: {count} rows")
    for table, reason in NOT_EXPORTED.items():
        print(f"{table}: not exported ({reason})")


def command_users_add(args) -> None:
    from surveydash.access import AccessDenied, UserError, add_user

    with _open(args) as db:
        try:
            print(add_user(db, _actor(), args.email, args.role))
        except (AccessDenied, UserError) as error:
            raise CommandError(str(error)) from None


def command_users_list(args) -> None:
    from surveydash.access import list_users

    with _open(args) as db:
        users = list_users(db)
    if args.json:
        _print_json(users)
        return
    if not users:
        print("No users: add the first admin with `surveydash users add EMAIL --role admin`.")
    for user in users:
        print(f"{user['email']:<40} {user['role']:<8} added {user['added_at']:%Y-%m-%d %H:%M}")


def command_users_remove(args) -> None:
    from surveydash.access import AccessDenied, UserError, remove_user

    with _open(args) as db:
        try:
            remove_user(db, _actor(), args.email)
        except (AccessDenied, UserError) as error:
            raise CommandError(str(error)) from None
    print(f"{args.email}: removed; they see no data from their next click on.")


def command_audit(args) -> None:
    from surveydash.audit import entries

    with _open(args) as db:
        trail = entries(db, args.limit)
    if args.json:
        _print_json(trail)
        return
    for entry in trail:
        details = json.dumps(entry["details"], ensure_ascii=False, default=str)
        print(
            f"{entry['changed_at']:%Y-%m-%d %H:%M:%S}  {entry['actor']:<24} {entry['action']:<16} "
            f"{entry['target'] or '-'}  {details}"
        )


IMPORT_COLUMNS = ("import_id", "event_id", "kind", "source", "file_name", "rows_imported")


def command_imports_list(args) -> None:
    from surveydash.analytics import query, records

    with _open(args) as db:
        imports = records(query(db, "import_history"))
    if args.event:
        imports = [row for row in imports if row["event_id"] == args.event]
    if args.json:
        _print_json(imports)
        return
    for row in imports:
        state = f"  replaced by #{row['replaced_by']}" if row["replaced_by"] else ""
        print(
            f"#{row['import_id']:<5} {row['event_id']:<28} {row['kind']:<13} {row['source']:<14} "
            f"{row['rows_imported']:>7} rows  {row['imported_by'] or '-'}  "
            f"{str(row['imported_at'])[:16]}  {row['file_name']}{state}"
        )


def command_imports_undo(args) -> None:
    from surveydash.access import AccessDenied
    from surveydash.corrections import CorrectionError, undo_import

    with _open(args) as db:
        try:
            if not args.yes:
                found = [
                    row
                    for row in _import_rows(db)
                    if row["import_id"] == args.import_id and row["replaced_by"] is None
                ]
                if not found:
                    raise CommandError(
                        f"there is no current import #{args.import_id} "
                        "(see surveydash imports list)"
                    )
                row = found[0]
                _require_yes(
                    args,
                    f"Would undo import #{row['import_id']}: {row['kind']} of {row['event_id']} "
                    f"from {row['file_name']}, {row['rows_imported']} rows.",
                )
            undone = undo_import(db, _actor(), args.import_id)
        except (AccessDenied, CorrectionError) as error:
            raise CommandError(str(error)) from None
    print(
        f"Undid import #{undone['import_id']}: {undone['kind']} of {undone['event_id']} from "
        f"{undone['file_name']}, {undone['rows_imported']} rows removed."
    )


def _import_rows(db) -> list[dict]:
    from surveydash.analytics import query, records

    return records(query(db, "import_history"))


def command_event_edit(args) -> None:
    from surveydash.access import AccessDenied
    from surveydash.corrections import CorrectionError, edit_event

    changes = {
        "title": args.title,
        "start_date": args.start,
        "end_date": args.end,
        "format": args.format,
        "location": args.location,
        "series": args.series,
        "organizers": args.organizers,
        "languages": args.languages,
    }
    with _open(args) as db:
        try:
            changed = edit_event(db, _actor(), args.event_id, **changes)
        except (AccessDenied, CorrectionError) as error:
            raise CommandError(str(error)) from None
    if not changed:
        print(f"{args.event_id}: nothing to change.")
    for name, (before, after) in changed.items():
        print(f"{args.event_id}: {name} {before!s} -> {after!s}")


def command_event_delete(args) -> None:
    from surveydash.access import AccessDenied
    from surveydash.corrections import CorrectionError, delete_event

    with _open(args) as db:
        try:
            if not args.yes:
                titles = dict(_event_titles(db))
                if args.event_id not in titles:
                    raise CommandError(f"there is no event '{args.event_id}'")
                _require_yes(
                    args,
                    f"Would delete event {args.event_id} ({titles[args.event_id]}) with all "
                    "its registrations, attendance, survey answers and imports.",
                )
            deleted = delete_event(db, _actor(), args.event_id)
        except (AccessDenied, CorrectionError) as error:
            raise CommandError(str(error)) from None
    rows = ", ".join(f"{table} {count}" for table, count in deleted.items() if count)
    print(f"Deleted event {args.event_id}: {rows}.")


def _event_titles(db) -> list[tuple[str, str]]:
    from surveydash.analytics import query

    frame = query(db, "event_titles")
    return list(zip(frame["event_id"].tolist(), frame["title"].tolist(), strict=True))


def command_person_erase(args) -> None:
    from surveydash.access import AccessDenied
    from surveydash.corrections import CorrectionError, erase_person

    _require_yes(
        args,
        "Would erase this person's registrations, attendance, survey responses and contact "
        "details in every event.",
    )
    with _open(args) as db:
        try:
            report = erase_person(db, _actor(), args.email)
        except (AccessDenied, CorrectionError) as error:
            raise CommandError(str(error)) from None
    if not report.total:
        print("No rows of this address: nothing to erase.")
        return
    print(
        f"Erased {report.registrations} registrations, {report.attendance} attendance rows, "
        f"{report.responses} responses ({report.answers} answers) and {report.contacts} "
        f"contact rows, in {len(report.events)} events: {', '.join(report.events) or '-'}."
    )


# -- parser ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="surveydash",
        description="Participant-survey analytics for capacity-development events.",
    )
    db_help = "database file (default: $SURVEYDASH_DB, else data/surveydash.duckdb)"
    # --db is taken before the command or after it: `surveydash --db FILE event add ...` too.
    parser.add_argument("--db", type=settings.user_path, help=db_help)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def db_option(sub: argparse.ArgumentParser) -> None:
        # SUPPRESS: a command without --db leaves the one given before the command in place.
        sub.add_argument("--db", type=settings.user_path, default=argparse.SUPPRESS, help=db_help)

    def command(name: str, help_text: str, handler) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        db_option(sub)
        sub.set_defaults(handler=handler)
        return sub

    demo = command(
        "demo", "build the demo database from the synthetic files in data/demo/", command_demo
    )
    demo.add_argument("--force", action="store_true", help="rebuild an existing demo database")

    event = commands.add_parser("event", help="manage events", description="manage events")
    event_commands = event.add_subparsers(dest="event_command", required=True, metavar="ACTION")
    add = event_commands.add_parser("add", help="add an event", description="add an event")
    db_option(add)
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
    db_option(change)
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

    def action(group, name: str, help_text: str, handler) -> argparse.ArgumentParser:
        sub = group.add_parser(name, help=help_text, description=help_text)
        db_option(sub)
        sub.set_defaults(handler=handler)
        return sub

    def confirmation(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--yes", action="store_true", help="do it (without: say what it would do)")

    edit = action(
        event_commands,
        "edit",
        "correct an event's title, dates or details (admin)",
        command_event_edit,
    )
    edit.add_argument("event_id", metavar="ID")
    edit.add_argument("--title")
    edit.add_argument("--start", help="start date, YYYY-MM-DD")
    edit.add_argument("--end", help="end date, YYYY-MM-DD")
    edit.add_argument("--format", help="virtual, in-person or hybrid")
    edit.add_argument("--location")
    edit.add_argument("--series")
    edit.add_argument("--organizers")
    edit.add_argument("--languages")
    delete = action(
        event_commands, "delete", "delete an event and all its rows (admin)", command_event_delete
    )
    delete.add_argument("event_id", metavar="ID")
    confirmation(delete)

    def group(name: str, help_text: str, dest: str):
        parent = commands.add_parser(name, help=help_text, description=help_text)
        return parent.add_subparsers(dest=dest, required=True, metavar="ACTION")

    users = group("users", "who may sign in to the dashboard, with which role", "users_command")
    users_add = action(users, "add", "give an e-mail a role (or change it)", command_users_add)
    users_add.add_argument("email", metavar="EMAIL")
    users_add.add_argument("--role", required=True, choices=["viewer", "analyst", "admin"])
    users_list = action(users, "list", "list the users and their roles", command_users_list)
    users_list.add_argument("--json", action="store_true")
    users_remove = action(users, "remove", "take away an e-mail's access", command_users_remove)
    users_remove.add_argument("email", metavar="EMAIL")

    imports = group("imports", "the imports of files, and undoing one", "imports_command")
    imports_list = action(
        imports, "list", "list the imports, latest first (admin)", command_imports_list
    )
    imports_list.add_argument("--event", help="only this event's imports")
    imports_list.add_argument("--json", action="store_true")
    undo = action(
        imports, "undo", "take back an import: its rows and log line (admin)", command_imports_undo
    )
    undo.add_argument("import_id", metavar="IMPORT_ID", type=int)
    confirmation(undo)

    person = group("person", "a participant's data", "person_command")
    erase = action(
        person,
        "erase",
        "erase a person's rows and contact details in every event (admin)",
        command_person_erase,
    )
    erase.add_argument("email", metavar="EMAIL")
    confirmation(erase)

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
        "--scale",
        action="append",
        metavar="QUESTION=SCALE",
        help="the labelled scale of a rating whose labels fit several (quality, goodness, "
        "agreement, agreement-7, likelihood, satisfaction, usefulness)",
    )
    importing.add_argument(
        "--keep-column",
        action="append",
        metavar="HEADER",
        help="keep a column judged personal data (by its header or values) as answers, when "
        "the rule misjudged it; repeat for several (the import report and the audit say so)",
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
    compare.add_argument(
        "event_ids",
        metavar="ID",
        nargs="*",
        help="the events (with filters: those of them that pass; none: every event that does)",
    )
    compare.add_argument("--series", action="append", metavar="SERIES", help="repeatable")
    compare.add_argument("--year", action="append", type=int, metavar="YYYY", help="repeatable")
    compare.add_argument(
        "--format", action="append", choices=("virtual", "in-person", "hybrid"), help="repeatable"
    )
    compare.add_argument(
        "--region",
        action="append",
        metavar="REGION",
        help="events with participants from this M49 region (Africa, Americas, Asia, Europe, "
        "Oceania); repeatable",
    )
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
    serve.add_argument(
        "--address",
        help="address to listen on (default 127.0.0.1: this machine only); any other needs --auth",
    )
    serve.add_argument(
        "--auth",
        metavar="FILE",
        help="a TOML file with Streamlit's [auth] table: visitors sign in with OpenID Connect",
    )

    export = command(
        "export", "export every table as Parquet, partitioned by event", command_export
    )
    export.add_argument("--parquet", required=True, metavar="DIR", type=settings.user_path)

    trail = command("audit", "who changed what, when: the audit trail, latest first", command_audit)
    trail.add_argument("--limit", type=int, help="only the latest N entries")
    trail.add_argument("--json", action="store_true")
    return parser


# The arguments that name files: a handed-over command gets them as the command line meant them,
# against the directory it was typed in.
PATH_ARGUMENTS = ("file", "rejects", "parquet", "out")


def _run(parser: argparse.ArgumentParser, args) -> int:
    if args.command == "map" and args.what == "question" and not args.event:
        parser.error("map question needs --event")
    try:
        args.handler(args)
    except DatabaseHeld:
        raise
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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(parser, args)
    except DatabaseHeld as held:
        return _hand_over(args, argv, held)


def _hand_over(args, argv: list[str], held: DatabaseHeld) -> int:
    """Run the command in the dashboard that holds the database (surveydash.handover), with
    the same output and exit code; the original error when no dashboard takes it."""
    from surveydash import handover

    # The files it names, as absolute paths: the dashboard runs in another directory.
    paths = {
        name: str(Path.cwd() / getattr(args, name))
        for name in PATH_ARGUMENTS
        if getattr(args, name, None)
    }
    job = {"argv": argv, "paths": paths, "actor": _actor().name}
    try:
        outcome = handover.submit(settings.database_path(args.db).resolve(), job)
    except handover.NoServer:
        print(f"error: {held}", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(outcome.stdout)
    sys.stderr.write(outcome.stderr)
    return outcome.exit_code


def run_handed_over(db, job: dict) -> int:
    """Run a command handed over by `_hand_over` on the database this process holds, as the
    user who typed it; returns its exit code (what it prints goes to this thread's output)."""
    parser = build_parser()
    try:
        args = parser.parse_args(job["argv"])
    except SystemExit as exit:  # argparse has printed why
        return int(exit.code or 0)
    if args.command in ("serve", "demo"):
        print(f"error: {args.command} cannot run inside the dashboard", file=sys.stderr)
        return EXIT_ERROR
    # The files it names, as the directory it was typed in meant them (parsing here would read
    # a relative path against the dashboard's directory).
    for name, value in job.get("paths", {}).items():
        setattr(args, name, Path(value))
    token = _served.set((db, job["actor"]))
    try:
        return _run(parser, args)
    except SystemExit as exit:
        return int(exit.code or 0)
    finally:
        _served.reset(token)


if __name__ == "__main__":
    sys.exit(main())
