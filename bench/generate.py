"""Seeded generator of the benchmark's data: a scaled surveydash database, and registration
exports in the generic layout that the product imports.

Everything is generated inside DuckDB from `range()` and `hash()`, never row by row in Python,
so that the scale-10 database (20,000 events, 20 million registrations) takes a minute, not an
hour. The same seed and scale give the same rows. The database is created through
`surveydash.db.Database`, so its schema and migrations are the product's own; the rows are the
ones the importer would have written for files like these: messy country and sector spellings
normalized by the product's own matchers, one import per event and kind, in the order a
department would have imported them (event after event, by date).

    python -m bench.generate --scale 1            # bench/out/scale-1.duckdb
    python -m bench.generate --csv 1000000        # bench/out/registrations-1000000.csv
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from surveydash import figures
from surveydash.countries import CountryReference
from surveydash.db import REFERENCE_DIR, SCHEMA_VERSION, Database
from surveydash.fields import KIND_FIELDS
from surveydash.sectors import match_sector

OUT_DIR = Path(__file__).resolve().parent / "out"
SEED = 20220906
# Bumped whenever the generated rows change, so that cached databases are rebuilt.
GENERATOR_VERSION = "4"

# The default ("scale 1") database: a department's events over ten years.
EVENTS = 2_000
REGISTRATIONS = 2_000_000
ATTENDANCE = 1_000_000
RESPONSES = 300_000
QUESTIONS_PER_SURVEY = 12
# A share of the people register for several events: the pool of distinct people is this
# fraction of the registrations.
PEOPLE_PER_REGISTRATION = 0.6
# Rows are generated this many events at a time, so that the scale-10 database is built in a
# few GB of memory rather than all of it.
EVENTS_PER_BATCH = 1000
# DuckDB's memory while generating: it spills what does not fit to a temporary directory.
GENERATOR_MEMORY_LIMIT = "4GB"

# The event whose report the benchmark times: exactly the average size of an event at scale 1
# (1,000 registrations, 500 joins, 150 responses), the same at every scale, placed in the middle
# of the import history so that its rows sit among everyone else's.
PROBE_EVENT_ID = "midsize-forum-2020"
PROBE_REGISTRATIONS = REGISTRATIONS // EVENTS
PROBE_ATTENDANCE = ATTENDANCE // EVENTS
PROBE_RESPONSES = RESPONSES // EVENTS

SERIES = (
    ("digital-gov-forum", "Forum on Digital Government", "hybrid"),
    ("sdg-webinar", "Webinar on the SDGs", "virtual"),
    ("local-gov-workshop", "Workshop on Local Governance", "in-person"),
    ("public-service-course", "Online Course on Public Service Transformation", "virtual"),
    ("ldc-workshop", "Workshop for Least Developed Countries", "in-person"),
    ("sids-webinar", "Webinar for Small Island Developing States", "virtual"),
    ("partnership-training", "Partnership Accelerator Training", "in-person"),
    ("krila-forum", "UN DESA-KRILA Forum", "virtual"),
    ("egov-survey-briefing", "E-Government Survey Briefing", "virtual"),
    ("institutions-forum", "Forum on Effective Institutions", "hybrid"),
    ("lldc-workshop", "Workshop for Landlocked Developing Countries", "in-person"),
    ("youth-innovation-webinar", "Webinar on Youth and Public Innovation", "virtual"),
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Aigerim Amina Ana Blessing Carlos Chen Daniel Dilnoza Eun-ji Fatima Grace Hye-jin Ibrahim "
    "Ivan Jean Joseph Kofi Lea Li Luis Maria Mariam Mateo Mohammed Nadia Ngozi Nguyen Olga "
    "Oumar Pedro Priya Rahul Sione Sofia Tesfaye Tevita Thandiwe Wei Yusuf Zainab"
)
LAST_NAMES = _words(
    "Abebe Adeyemi Alvarez Banda Chen Choi Diallo Dubois Fernandes Garcia Haile Hossain Ibrahim "
    "Ivanova Jang Kalsakau Kim Kovalenko Lee Martin Mensah Moreau Nakamura Nguyen Okafor Perez "
    "Petrov Rahman Ratuva Rossi Santos Silva Singh Tamapua Tran Wang Yilmaz Zhang"
)
ORGANIZATIONS = (
    "Ministry of Finance",
    "Ministry of Health",
    "Ministry of Environment, Climate Change and Forestry",
    "Ministère de l'Intérieur",
    "Ministerio de Planificación",
    "Prime Minister's Office",
    "City Council",
    "Municipality of the Capital District",
    "Provincial Government",
    "National School of Public Administration",
    "University of the South Pacific",
    "Universidad Nacional",
    "Institute for Policy Research",
    "UNDP Country Office",
    "UN-Habitat",
    "World Bank",
    "Civil Society Network for the SDGs",
    "Women's Rights Association",
    "Digital Solutions Ltd",
    "Chamber of Commerce",
    "Independent consultant",
    "Statistics Office",
    "Parliament",
    "Embassy",
    "Academy of Sciences",
)
GENDERS = ("Female", "Female", "Male", "Male", "Prefer not to say", "")
SECTOR_SPELLINGS = (
    # (value as typed, weight): the report's own names dominate, then what people write.
    ("National Government", 40),
    ("Local or Regional Government", 14),
    ("Academic Institutions", 12),
    ("Civil Society Organizations", 10),
    ("Private Sector or Philanthropic Organizations", 6),
    ("International Organizations", 8),
    ("Scientific Community", 3),
    ("Other", 2),
    ("national government", 3),
    ("NATIONAL GOVERNMENT", 1),
    ("Government", 3),
    ("Ministry", 2),
    ("Ministry of Finance", 2),
    ("Public administration", 2),
    ("Parliament", 1),
    ("Embassy", 1),
    ("Local government", 3),
    ("Municipality", 2),
    ("City council", 1),
    ("Provincial government", 1),
    ("Gouvernement national", 1),
    ("Gobierno local", 1),
    ("University", 3),
    ("Academia", 2),
    ("Student", 1),
    ("Universidad", 1),
    ("Think tank", 1),
    ("NGO", 3),
    ("Civil society", 2),
    ("ONG", 1),
    ("Sociedad civil", 1),
    ("Non-profit", 1),
    ("UN agency", 2),
    ("UNDP", 1),
    ("United Nations", 1),
    ("Development bank", 1),
    ("Private sector", 2),
    ("Consultant", 1),
    ("Business", 1),
    ("Foundation", 1),
    ("Research institute", 1),
    ("Researcher", 1),
    ("Independent", 1),
    ("Retired", 1),
    ("Self-employed", 1),
    ("Media", 1),
    ("N/A", 1),
    ("-", 1),
)
# Values that name no country: what people type in a free-text country box besides countries.
NON_COUNTRIES = ("Europe", "Global", "Africa", "Remote", "Kosovo", "Online", "N/A", "-", "none")

QUESTIONS = (
    # position, kind, text, indicator, labels (rating scale) or options
    (1, "rating", "How would you rate the event overall?", "overall_rating", "quality5"),
    (2, "rating", "How relevant was the event to your work?", "relevance", "quality5"),
    (3, "rating", "How would you rate the quality of the presentations?", "quality", "quality5"),
    (4, "rating", "How likely are you to apply what you learned?", "likely_to_apply", "likely5"),
    (5, "rating", "How would you rate the organization of the event?", None, "quality5"),
    (
        6,
        "yes_no",
        "Did you experience any technical or logistical difficulties?",
        "difficulties",
        None,
    ),
    (7, "single_choice", "How did you hear about the event?", None, "heard"),
    (8, "text", "What did you find most useful?", "most_useful", None),
    (9, "text", "What could be improved?", "improvements", None),
    (10, "text", "What themes would you suggest for future events?", "future_themes", None),
    (
        11,
        "text",
        "Would your institution be interested in capacity development support?",
        "support_interest",
        None,
    ),
    (12, "text", "Any other comments?", "other_comments", None),
)
SCALE_LABELS = {
    "quality5": ["Poor", "Fair", "Good", "Very good", "Excellent"],
    "likely5": ["Very unlikely", "Unlikely", "Neutral", "Likely", "Very likely"],
}
HEARD_OPTIONS = ["E-mail invitation", "Website", "Social media", "A colleague", "Other"]
TEXT_ANSWERS = [
    "The case studies from other countries",
    "More time for questions and discussion",
    "Digital transformation of local government",
    "Yes, training for our ministry staff",
    "Thank you for a well organized event",
    "The shared slides and recordings",
    "Interpretation into French and Spanish",
    "Financing for the SDGs",
]


@dataclass(frozen=True)
class ScaleCounts:
    """How many rows a generated database holds at one scale."""

    scale: float
    events: int
    registrations: int
    attendance: int
    responses: int

    @classmethod
    def at(cls, scale: float) -> ScaleCounts:
        events = max(2, round(EVENTS * scale))
        return cls(
            scale,
            events,
            max(PROBE_REGISTRATIONS + events, round(REGISTRATIONS * scale)),
            max(PROBE_ATTENDANCE + events, round(ATTENDANCE * scale)),
            max(PROBE_RESPONSES + events, round(RESPONSES * scale)),
        )


# -- messy spellings, normalized by the product's own matchers ---------------------------------


def country_spellings(seed: int = SEED) -> list[tuple[str, int]]:
    """A few hundred ways registrants write countries, each with a weight: every country's
    reference name, for some of them a second form (ISO code, French or Spanish name, capitals,
    stray spaces, a slip of the keyboard), and some values that name no country."""
    reference = pd.read_csv(REFERENCE_DIR / "countries_m49.csv", dtype=str, keep_default_na=False)
    countries = reference[(reference["independent"] == "Y") & (reference["iso3"] != "")]
    rng = random.Random(seed)
    weights: dict[str, int] = {}
    for row in countries.itertuples():
        popularity = rng.choice((1, 1, 1, 2, 2, 3, 5, 8))
        weights[row.name] = weights.get(row.name, 0) + 6 * popularity
        variant = rng.choice(("iso3", "french", "spanish", "upper", "spaces", "slip", None, None))
        spelling = {
            "iso3": row.iso3,
            "french": row.french_short,
            "spanish": row.spanish_short,
            "upper": row.name.upper(),
            "spaces": f" {row.name}  ",
            "slip": _slip(row.name) if len(row.name) >= 9 else None,
            None: None,
        }[variant]
        if spelling:
            weights[spelling] = weights.get(spelling, 0) + popularity
    for value in NON_COUNTRIES:
        weights[value] = weights.get(value, 0) + 1
    return sorted(weights.items())


def _slip(name: str) -> str:
    middle = len(name) // 2
    return name[:middle] + name[middle + 1 :]


def _spelling_table(cursor, table: str, spellings, mapped_columns) -> None:
    """A table of spellings with their normalization and a cumulative weight, for weighted
    draws by `asof join`."""
    total = sum(weight for _, weight, *_ in spellings)
    rows, cumulative = [], 0
    for value, weight, *mapped in spellings:
        rows.append((cumulative / total, value, *mapped))
        cumulative += weight
    frame = pd.DataFrame(rows, columns=["draw_from", "value", *mapped_columns])
    frame = frame.astype({c: "object" for c in ["value", *mapped_columns]})
    cursor.register(f"{table}_frame", frame)
    cursor.execute(f"create or replace temp table {table} as select * from {table}_frame")
    cursor.unregister(f"{table}_frame")


def _country_table(cursor, seed: int) -> None:
    reference = CountryReference.load()
    spellings = []
    for value, weight in country_spellings(seed):
        match = reference.match(value)
        spellings.append((value, weight, match.iso3, match.method, match.score))
    _spelling_table(cursor, "bench_countries", spellings, ["iso3", "method", "score"])
    cursor.execute(
        "create or replace temp table bench_countries as "
        "select draw_from, value, iso3, method, cast(score as double) as score "
        "from bench_countries"
    )


def _sector_table(cursor) -> None:
    spellings = []
    for value, weight in SECTOR_SPELLINGS:
        match = match_sector(value)
        spellings.append((value, weight, match.sector, match.method))
    _spelling_table(cursor, "bench_sectors", spellings, ["sector", "method"])


def _uniform(*parts: str) -> str:
    """SQL for a uniform draw in [0, 1) from a hash of the seed and the parts."""
    return f"((hash({', '.join(parts)}) % 1000003) / 1000003.0)"


# -- the registrations file --------------------------------------------------------------------


def write_registrations_csv(path: Path, rows: int, seed: int = SEED) -> Path:
    """A registration export of `rows` rows in the generic layout (the header README
    documents), with the spellings real exports have: a few hundred distinct country values
    and some fifty sector values, names and organizations with accents and commas, some
    e-mails in capitals or with spaces, and people who registered twice."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.csv")
    with Database(":memory:") as db:
        cursor = db.cursor()
        # Writing the file in order sorts ten million rows: more than the product's limit.
        cursor.execute(f"set memory_limit = '{GENERATOR_MEMORY_LIMIT}'")
        _country_table(cursor, seed)
        _sector_table(cursor)
        people = max(1, int(rows * 0.95))
        cursor.execute(
            f"""
            copy (
                with numbered as (
                    select
                        i,
                        hash({seed}, 'person', i) % {people} as person,
                        {_uniform(str(seed), "'country'", "i")} as country_draw,
                        {_uniform(str(seed), "'sector'", "i")} as sector_draw
                    from range({rows}) as t(i)
                ),
                named as (
                    select
                        n.*,
                        {_pick(FIRST_NAMES, "hash(person, 'first')")} as first_name,
                        {_pick(LAST_NAMES, "hash(person, 'last')")} as last_name
                    from numbered as n
                ),
                drawn as (
                    select n.*, c.value as country, s.value as sector
                    from named as n
                    asof join bench_countries as c on n.country_draw >= c.draw_from
                    asof join bench_sectors as s on n.sector_draw >= s.draw_from
                )
                -- the generic registrations layout, in surveydash.fields' order
                select {", ".join(KIND_FIELDS["registrations"])} from (select
                    i,
                    case when hash(i, 'caps') % 100 = 0
                        then ' ' || upper(replace(strip_accents(first_name), '-', ''))
                            || '.' || upper(last_name) || person || '@EXAMPLE.ORG'
                        else lower(replace(strip_accents(first_name), '-', ''))
                            || '.' || lower(last_name) || person || '@example.org'
                    end as email,
                    first_name,
                    last_name,
                    country,
                    sector,
                    {_pick(ORGANIZATIONS, "hash(person, 'org')")}
                        as organization,
                    {_pick(GENDERS, "hash(person, 'gender')")} as gender,
                    strftime(
                        timestamp '2024-01-08 08:00:00'
                            + to_seconds(((i * 86400 * 60) // {rows})::bigint),
                        '%Y-%m-%d %H:%M:%S'
                    ) as registered_at
                from drawn) as generated
                order by i
            ) to '{_sql_path(partial)}' (header, delimiter ',')
            """
        )
        cursor.close()
    os.replace(partial, path)
    return path


def cached_registrations_csv(rows: int, out_dir: Path | None = None, seed: int = SEED) -> Path:
    """The registrations file of `rows` rows, written once and reused by later runs."""
    path = Path(out_dir or OUT_DIR) / f"registrations-{rows}-v{GENERATOR_VERSION}-{seed}.csv"
    if not path.exists():
        write_registrations_csv(path, rows, seed)
    return path


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


# -- the scaled database -----------------------------------------------------------------------


def _event_sizes(counts: ScaleCounts, rng: random.Random) -> pd.DataFrame:
    """One row per event, in import (date) order: id, dates, series, and how many
    registrations, joins and responses it has. Sizes are log-normal (most events are
    webinars of a few hundred people, a few forums have thousands) and add up exactly to the
    scale's totals; the probe event has the same size at every scale."""
    n = counts.events
    probe_position = n // 2
    first_day = dt.date(2015, 1, 12)
    span_days = 10 * 365
    weights = [rng.lognormvariate(0.0, 0.9) for _ in range(n)]
    weights[probe_position] = 0.0
    rows, used_ids = [], set()
    for position in range(n):
        slug, title, event_format = SERIES[rng.randrange(len(SERIES))]
        start = first_day + dt.timedelta(days=(position * span_days) // n)
        event_id = f"{slug}-{start.year}-{start.month:02d}"
        suffix = 2
        while event_id in used_ids:
            event_id = f"{slug}-{start.year}-{start.month:02d}-{suffix}"
            suffix += 1
        if position == probe_position:
            event_id, slug, title, event_format = (
                PROBE_EVENT_ID,
                "midsize-forum",
                "Mid-sized Forum",
                "virtual",
            )
        used_ids.add(event_id)
        days = 1 if event_format == "virtual" else rng.choice((1, 2, 3))
        rows.append(
            {
                "position": position,
                "event_id": event_id,
                "title": f"{title} {start.year}",
                "series": title,
                "start_date": start,
                "end_date": start + dt.timedelta(days=days - 1),
                "format": event_format,
                "days": days,
            }
        )
    events = pd.DataFrame(rows)
    probe = {
        "registrations": PROBE_REGISTRATIONS,
        "attendance": PROBE_ATTENDANCE,
        "responses": PROBE_RESPONSES,
    }
    totals = {
        "registrations": counts.registrations,
        "attendance": counts.attendance,
        "responses": counts.responses,
    }
    # Attendance and responses follow registrations, with some noise per event.
    noise = {
        "registrations": [1.0] * n,
        "attendance": [rng.uniform(0.6, 1.4) for _ in range(n)],
        "responses": [rng.uniform(0.5, 1.5) for _ in range(n)],
    }
    for column, total in totals.items():
        shares = [w * k for w, k in zip(weights, noise[column], strict=True)]
        events[column] = _apportion(total - probe[column], shares, minimum=1)
        events.loc[probe_position, column] = probe[column]
    # Nobody answers a survey without having attended, nor attends without registering.
    events["attendance"] = events[["attendance", "registrations"]].min(axis=1)
    events["responses"] = events[["responses", "attendance"]].min(axis=1)
    # Import ids: one import per kind and event, in event order.
    events["registrations_import"] = 3 * events["position"] + 1
    events["attendance_import"] = 3 * events["position"] + 2
    events["survey_import"] = 3 * events["position"] + 3
    # Response ids run across the database in import order, as the importer numbers them.
    events["first_response"] = events["responses"].cumsum() - events["responses"]
    return events


def _apportion(total: int, shares: list[float], minimum: int) -> list[int]:
    """Whole numbers proportional to `shares` (zero shares get zero) that add up to `total`."""
    active = [i for i, share in enumerate(shares) if share > 0]
    spare = total - minimum * len(active)
    weight_sum = sum(shares[i] for i in active)
    exact = {i: spare * shares[i] / weight_sum for i in active}
    result = [0] * len(shares)
    for i in active:
        result[i] = minimum + math.floor(exact[i])
    remainder = total - sum(result)
    by_fraction = sorted(active, key=lambda i: exact[i] - math.floor(exact[i]), reverse=True)
    for i in by_fraction[:remainder]:
        result[i] += 1
    return result


def build_database(path: Path, scale: float, seed: int = SEED) -> ScaleCounts:
    """Write a database of `scale` times the default size at `path` (replacing any file
    there). Returns the row counts it holds."""
    path = Path(path)
    counts = ScaleCounts.at(scale)
    building = path.with_suffix(".building.duckdb")
    for leftover in (building, Path(str(building) + ".wal")):
        leftover.unlink(missing_ok=True)
    rng = random.Random(seed)
    events = _event_sizes(counts, rng)
    with Database(building) as db:
        cursor = db.cursor()
        cursor.execute(f"set memory_limit = '{GENERATOR_MEMORY_LIMIT}'")
        salt = db.salt
        _country_table(cursor, seed)
        _sector_table(cursor)
        cursor.register("bench_events_frame", events)
        cursor.execute(
            "create temp table bench_events as select * from bench_events_frame order by position"
        )
        cursor.unregister("bench_events_frame")
        people = max(50_000, round(counts.registrations * PEOPLE_PER_REGISTRATION))
        _insert_events(cursor)
        # Who registered: a person drawn from the pool for each registration row. The same
        # draw gives attendees and respondents, who are registrants of the same event.
        cursor.execute(
            f"""
            create temp macro bench_person(position, j) as
                hash({seed}, 'person', position, j) % {people};
            create temp macro bench_email(person) as
                lower(replace(
                    strip_accents({_pick(FIRST_NAMES, "hash(person, 'first')")}), '-', ''
                ))
                || '.' || lower({_pick(LAST_NAMES, "hash(person, 'last')")})
                || person || '@example.org';
            """
        )
        _insert_questions(cursor)
        for first in range(0, counts.events, EVENTS_PER_BATCH):
            batch = f"e.position >= {first} and e.position < {first + EVENTS_PER_BATCH}"
            _insert_registrations(cursor, seed, salt, batch)
            _insert_attendance(cursor, seed, salt, batch)
            _insert_survey(cursor, seed, salt, batch)
        _insert_contacts(cursor, salt)
        _insert_import_log(cursor, counts)
        # The rows were written here rather than by imports: store the events' figures as
        # the importer would have, and as migration 5 does for an older database.
        figures.refresh(cursor)
        cursor.execute(
            "insert or replace into meta values ('bench_generator', ?)",
            [json.dumps(_generator_stamp(seed, scale))],
        )
        cursor.execute(
            "update meta set value = cast(cast(value as bigint) + 1 as varchar) "
            "where key = 'data_version'"
        )
        cursor.execute("checkpoint")
        cursor.close()
    os.replace(building, path)
    return counts


def _pick(values, key_sql: str) -> str:
    """SQL for one of `values`, chosen by the (unsigned) number `key_sql`."""
    return f"{_sql_list(values)}[1 + ({key_sql} % {len(values)})::bigint]"


def _sql_list(values) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _insert_events(cursor) -> None:
    cursor.execute(
        """
        insert into events (event_id, title, series, start_date, end_date, format, location,
                            organizers, languages)
        select event_id, title, series, start_date, end_date, format,
               case format when 'virtual' then 'Online (Zoom)' else 'New York, United States' end,
               'UN DESA', 'en'
        from bench_events
        order by position
        """
    )


def _generator_stamp(seed: int, scale: float) -> dict:
    """What a cached database was built from: rebuilt when any of it changes."""
    return {
        "version": GENERATOR_VERSION,
        "schema": SCHEMA_VERSION,
        "seed": seed,
        "scale": scale,
    }


def _insert_registrations(cursor, seed: int, salt: str, batch: str) -> None:
    cursor.execute(
        f"""
        insert into registrations
        with numbered as (
            select e.position, e.event_id, e.registrations_import as import_id, e.start_date,
                   unnest(range(e.registrations)) as j
            from bench_events as e
            where {batch}
        ),
        drawn as (
            select n.*,
                   bench_person(n.position, n.j) as person,
                   {_uniform(str(seed), "'country'", "n.position", "n.j")} as country_draw,
                   {_uniform(str(seed), "'sector'", "n.position", "n.j")} as sector_draw
            from numbered as n
        )
        select
            d.event_id,
            d.import_id,
            (d.j + 2)::integer as source_row,
            md5('{salt}' || bench_email(d.person)) as participant_id,
            d.start_date::timestamp
                - to_seconds((1 + hash(d.person, d.position) % (60 * 86400))::bigint),
            c.value, c.iso3, c.method, c.score,
            s.value, s.sector, s.method,
            {_pick(ORGANIZATIONS, "hash(d.person, 'org')")},
            {_pick(GENDERS, "hash(d.person, 'gender')")}
        from drawn as d
        asof join bench_countries as c on d.country_draw >= c.draw_from
        asof join bench_sectors as s on d.sector_draw >= s.draw_from
        order by d.position, d.j
        """
    )


def _insert_attendance(cursor, seed: int, salt: str, batch: str) -> None:
    # Attendance row k of an event is a join by the event's registrant number (9k // 10): one
    # attendee in ten dropped and rejoined. Multi-day events name the day as the session.
    cursor.execute(
        f"""
        insert into attendance
        with numbered as (
            select e.position, e.event_id, e.attendance_import as import_id, e.start_date,
                   e.days, unnest(range(e.attendance)) as k
            from bench_events as e
            where {batch}
        ),
        joins as (
            select n.*,
                   bench_person(n.position, (9 * n.k) // 10) as person,
                   5 + hash({seed}, 'minutes', n.position, n.k) % 175 as minutes,
                   n.start_date::timestamp + interval 8 hour
                       + to_seconds((hash({seed}, 'join', n.position, n.k) % 3600)::bigint)
                       + to_days((n.k % n.days)::integer) as join_time
            from numbered as n
        )
        select
            event_id,
            import_id,
            (k + 2)::integer,
            md5('{salt}' || bench_email(person)),
            case when days > 1 then 'Day ' || (k % days + 1) end,
            join_time,
            join_time + to_minutes(minutes::bigint),
            minutes::double
        from joins
        order by position, k
        """
    )


def _insert_survey(cursor, seed: int, salt: str, batch: str) -> None:
    cursor.execute(
        f"""
        create or replace temp table bench_responses as
        with numbered as (
            select e.position, e.event_id, e.survey_import as import_id, e.start_date,
                   e.first_response, unnest(range(e.responses)) as k
            from bench_events as e
            where {batch}
        )
        select n.*,
               bench_person(n.position, (9 * n.k) // 10) as person,
               {_uniform(str(seed), "'response country'", "n.position", "n.k")} as country_draw,
               {_uniform(str(seed), "'response sector'", "n.position", "n.k")} as sector_draw,
               hash({seed}, 'answers', n.position, n.k) % 100 < 60 as answered_profile
        from numbered as n
        """
    )
    # Four in ten respondents skip the profile questions: their registration's country and
    # sector count for them.
    cursor.execute(
        f"""
        insert into responses
        select
            r.event_id,
            (r.first_response + r.k + 1)::integer,
            r.import_id,
            (r.k + 2)::integer,
            md5('{salt}' || bench_email(r.person)),
            r.start_date::timestamp + interval 18 hour + to_seconds(r.k * 7),
            case when answered_profile then c.value end,
            case when answered_profile then c.iso3 end,
            case when answered_profile then c.method end,
            case when answered_profile then c.score end,
            case when answered_profile then s.value end,
            case when answered_profile then s.sector end,
            case when answered_profile then s.method end,
            case when answered_profile then
                {_pick(GENDERS, "hash(r.person, 'gender')")} end
        from bench_responses as r
        asof join bench_countries as c on r.country_draw >= c.draw_from
        asof join bench_sectors as s on r.sector_draw >= s.draw_from
        order by r.position, r.k
        """
    )
    # Ratings lean to the top of the scale, as they do; a few skip a question; one in four
    # writes something in each open question.
    cursor.execute(
        f"""
        insert into answers
        with pairs as (
            select r.position, r.event_id, r.k, r.first_response, q.question_id,
                   q.position as question_position,
                   q.kind, q.label_list,
                   hash({seed}, 'answer', r.position, r.k, q.position) % 1000 as draw
            from bench_responses as r cross join bench_questions as q
        ),
        valued as (
            select *,
                case
                    when kind = 'rating' and draw < 30 then null
                    when kind = 'rating' then
                        case when draw < 400 then 5 when draw < 750 then 4 when draw < 900 then 3
                             when draw < 970 then 2 else 1 end
                    when kind = 'yes_no' then case when draw < 150 then 1 else 0 end
                end as value_num
            from pairs
            where kind <> 'text' or draw < 250
        )
        select
            event_id,
            (first_response + k + 1)::integer,
            question_id,
            value_num::double,
            case kind
                when 'rating' then label_list[value_num::integer]
                when 'yes_no' then case when value_num = 1 then 'Yes' else 'No' end
                when 'single_choice' then {_sql_list(HEARD_OPTIONS)}[1 + (draw % 5)::bigint]
                else {_sql_list(TEXT_ANSWERS)}[1 + (draw % {len(TEXT_ANSWERS)})::bigint]
            end
        from valued
        where kind <> 'rating' or value_num is not null
        order by position, k, question_position
        """
    )


def _insert_questions(cursor) -> None:
    """The same twelve questions for every event's survey."""
    question_rows = []
    for position, kind, text, indicator, scale in QUESTIONS:
        labels = {}
        options: list[str] = []
        if kind == "rating":
            labels = {str(v): label for v, label in enumerate(SCALE_LABELS[scale], start=1)}
        elif kind == "single_choice":
            options = HEARD_OPTIONS
        question_rows.append(
            {
                "question_id": f"q{position:02d}",
                "position": position,
                "text": text,
                "kind": kind,
                "scale_min": 1 if kind == "rating" else None,
                "scale_max": 5 if kind == "rating" else None,
                "labels": json.dumps(dict(reversed(labels.items()))),
                "options": json.dumps(options),
                "indicator": indicator,
                "label_list": SCALE_LABELS.get(scale, []),
            }
        )
    frame = pd.DataFrame(question_rows)
    cursor.register("bench_questions_frame", frame)
    cursor.execute("create temp table bench_questions as select * from bench_questions_frame")
    cursor.unregister("bench_questions_frame")
    cursor.execute(
        """
        insert into questions
        select e.event_id, q.question_id, q.position, q.text, q.kind, q.scale_min, q.scale_max,
               q.labels, q.options, q.indicator, case when q.indicator is not null then 'auto' end,
               case when q.indicator is not null then 1.0 end, e.survey_import
        from bench_events as e cross join bench_questions as q
        order by e.position, q.position
        """
    )


def _insert_contacts(cursor, salt: str) -> None:
    cursor.execute(
        f"""
        insert into contacts
        with people as (
            select distinct bench_person(e.position, unnest(range(e.registrations))) as person
            from bench_events as e
        )
        select md5('{salt}' || bench_email(person)),
               bench_email(person),
               {_pick(FIRST_NAMES, "hash(person, 'first')")},
               {_pick(LAST_NAMES, "hash(person, 'last')")}
        from people
        """
    )


def _insert_import_log(cursor, counts: ScaleCounts) -> None:
    cursor.execute(
        """
        insert into import_log (import_id, event_id, kind, source, file_name, file_sha256,
                                rows_read, rows_imported, rows_rejected, imported_by,
                                imported_at)
        select import_id, event_id, kind, 'generic', kind || '.csv',
               sha256(event_id || kind), rows, rows, 0, 'bench',
               start_date::timestamp + interval 30 day
        from bench_events
        cross join lateral (values
            (registrations_import, 'registrations', registrations),
            (attendance_import, 'attendance', attendance),
            (survey_import, 'survey', responses)
        ) as imports(import_id, kind, rows)
        order by import_id
        """
    )
    # Later imports must not reuse these ids.
    cursor.execute(f"select max(nextval('import_id_seq')) from range({3 * counts.events})")


def cached_database(scale: float, out_dir: Path | None = None, seed: int = SEED) -> Path:
    """The database of `scale`, built once and reused while the generator is unchanged."""
    path = Path(out_dir or OUT_DIR) / f"scale-{scale:g}.duckdb"
    expected = _generator_stamp(seed, scale)
    if path.exists():
        try:
            with Database(path, read_only=True) as db:
                found = json.loads(db.meta("bench_generator") or "{}")
        except Exception:
            found = {}
        if found == expected:
            return path
        path.unlink()
    build_database(path, scale, seed)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--scale", type=float, action="append", default=[])
    parser.add_argument("--csv", type=int, action="append", default=[], metavar="ROWS")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    for scale in args.scale:
        started = time.perf_counter()
        path = cached_database(scale, args.out, args.seed)
        print(f"{path}: scale {scale:g} in {time.perf_counter() - started:.1f} s")
    for rows in args.csv:
        started = time.perf_counter()
        path = cached_registrations_csv(rows, args.out, args.seed)
        print(f"{path}: {rows} rows in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
