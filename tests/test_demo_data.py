"""The demo data is reproducible and carries the figures it claims.

The figures are counted straight from the CSV files, with small normalizers
written here on purpose (not imported from the generator), so a mistake in the
generator cannot hide itself.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from surveydash.demo_data import write_demo_files

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = REPO_ROOT / "data" / "demo"
COUNTRIES_CSV = REPO_ROOT / "data" / "reference" / "countries_m49.csv"

# The demo is loaded by the test suite and the app; keep it quick to import.
MAX_DEMO_BYTES = 3_000_000

# Country spellings used in the demo that are not an M49 name, short name or
# ISO3 code, with the country they stand for.
COUNTRY_VARIANTS = {
    "korea, republic of": "KOR",
    "south korea": "KOR",
    "turkey": "TUR",
    "cote d'ivoire": "CIV",
    "vietnam": "VNM",
    "uk": "GBR",
    "lao pdr": "LAO",
    "tanzania": "TZA",
    "congo, democratic republic of the": "COD",
}

SECTOR_VARIANTS = {
    "Academia": "Academic Institutions",
    "University": "Academic Institutions",
    "NGO": "Civil Society Organizations",
    "Ministry of Finance": "National Government",
    "Municipality": "Local or Regional Government",
    "Local/Regional Government": "Local or Regional Government",
    "UN agency": "International Organizations",
}

# Unrecognizable values planted for the data-quality page, and nothing else.
PLANTED_UNRECOGNIZED_COUNTRIES = {
    ("sids-webinar-2020", "registrations.csv"): Counter({"Atlantis": 1, "": 2}),
    ("sids-webinar-2020", "survey.csv"): Counter({"": 1}),
    ("lldc-workshop-2023", "registrations.csv"): Counter({"Planet Earth": 1}),
    ("lldc-workshop-2023", "survey.csv"): Counter({"Planet Earth": 1}),
}

# Sectors outside the canonical list and its variants, planted the same way.
PLANTED_OTHER_SECTORS = {
    ("sids-webinar-2020", "registrations.csv"): Counter({"Media": 2}),
    ("lldc-workshop-2023", "registrations.csv"): Counter({"Self-employed": 1}),
}

CANONICAL_SECTORS = {
    "National Government",
    "Local or Regional Government",
    "Academic Institutions",
    "Civil Society Organizations",
    "Private Sector or Philanthropic Organizations",
    "International Organizations",
    "Scientific Community",
    "Other",
}

KRILA_QUESTIONS = [
    "How would you rate the Forum overall?",
    "How would you rate the relevance of the theme and the clarity of the objectives?",
    "How would you rate the quality of the presentations and discussion?",
    "How likely are you to apply what you learned at the Forum?",
    "Did you experience any technical or logistical difficulties?",
    "What did you find most useful?",
    "What could be improved?",
    "What themes would you suggest for future events?",
    "Would your institution be interested in capacity development support from "
    "UN DESA? Please describe.",
    "Any other comments?",
]


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def normalized_email(email: str) -> str:
    return email.strip().lower()


def load_country_lookup() -> dict[str, str]:
    """Lower-case name, short name or ISO3 code -> ISO3 code."""
    lookup = dict(COUNTRY_VARIANTS)
    for row in read_rows(COUNTRIES_CSV):
        if not row["iso3"]:
            continue
        for key in ("name", "english_short", "iso3"):
            if row[key]:
                lookup[row[key].lower()] = row["iso3"]
    return lookup


COUNTRY_LOOKUP = load_country_lookup()


def iso3(country: str) -> str | None:
    return COUNTRY_LOOKUP.get(country.lower())


def canonical_sector(sector: str) -> str:
    return SECTOR_VARIANTS.get(sector, sector)


def event_ids() -> list[str]:
    return [row["id"] for row in read_rows(DEMO_DIR / "events.csv")]


def event_file(event_id: str, name: str) -> list[dict[str, str]]:
    return read_rows(DEMO_DIR / event_id / name)


def registrant_countries(event_id: str) -> dict[str, str | None]:
    """Normalized e-mail -> ISO3 of the country the registrant gave."""
    return {
        normalized_email(row["email"]): iso3(row["country"])
        for row in event_file(event_id, "registrations.csv")
    }


def relative_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out_dir = tmp_path_factory.mktemp("demo")
    write_demo_files(out_dir)
    return out_dir


def test_demo_files_regenerate_byte_identical(regenerated: Path) -> None:
    committed = relative_files(DEMO_DIR)
    fresh = relative_files(regenerated)
    assert sorted(fresh) == sorted(committed)
    changed = [name for name in fresh if fresh[name] != committed[name]]
    assert not changed, f"{changed} differ from a fresh run: run `python -m surveydash.demo_data`"


def test_demo_files_do_not_depend_on_the_hash_seed(tmp_path: Path, regenerated: Path) -> None:
    # A set iterated in string-hash order would make the output differ between
    # processes; a second process with another hash seed catches that.
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(REPO_ROOT)}
    subprocess.run(
        [sys.executable, "-m", "surveydash.demo_data", "--out", str(tmp_path)],
        check=True,
        env=env,
        capture_output=True,
    )
    assert relative_files(tmp_path) == relative_files(regenerated)


def test_demo_files_use_unix_line_endings_and_no_bom() -> None:
    for name, content in relative_files(DEMO_DIR).items():
        assert not content.startswith(b"\xef\xbb\xbf"), name
        assert b"\r\n" not in content, name


def test_demo_data_stays_small() -> None:
    total = sum(len(content) for content in relative_files(DEMO_DIR).values())
    assert total < MAX_DEMO_BYTES


def test_events_csv_lists_every_event_folder() -> None:
    events = read_rows(DEMO_DIR / "events.csv")
    folders = sorted(path.name for path in DEMO_DIR.iterdir() if path.is_dir())
    assert sorted(row["id"] for row in events) == folders
    assert len(events) >= 6
    assert {row["format"] for row in events} == {"virtual", "in-person", "hybrid"}
    for row in events:
        assert "2019-01-01" <= row["start_date"] <= row["end_date"] <= "2023-12-31"


def test_readme_says_synthetic_and_lists_every_event() -> None:
    readme = (DEMO_DIR / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme
    assert "example.org" in readme
    for event_id in event_ids():
        assert f"| {event_id} |" in readme


def test_krila_2022_has_693_registrants_from_91_countries() -> None:
    countries = registrant_countries("krila-2022")
    assert len(countries) == 693
    assert None not in countries.values()
    assert len(set(countries.values())) == 91


def test_krila_2022_spells_some_countries_two_ways() -> None:
    # "Turkey" and "Türkiye" are one country in the figure above.
    written = {row["country"] for row in event_file("krila-2022", "registrations.csv")}
    assert {"Turkey", "Türkiye"} <= written
    assert {"Republic of Korea", "South Korea"} <= written


def test_krila_2022_has_343_attendees_from_50_countries() -> None:
    countries = registrant_countries("krila-2022")
    attendees = {
        normalized_email(row["email"]) for row in event_file("krila-2022", "attendance.csv")
    }
    assert len(attendees) == 343
    assert attendees <= countries.keys()
    assert len({countries[email] for email in attendees}) == 50


def test_krila_2022_survey_respondents_by_sector() -> None:
    responses = event_file("krila-2022", "survey.csv")
    by_sector = Counter(row["sector"] for row in responses)
    assert by_sector == {
        "Academic Institutions": 12,
        "Local or Regional Government": 8,
        "National Government": 8,
        "Civil Society Organizations": 1,
        "International Organizations": 1,
        "Private Sector or Philanthropic Organizations": 1,
        "Scientific Community": 1,
    }
    shares = sorted((round(100 * n / len(responses), 1) for n in by_sector.values()), reverse=True)
    assert shares == [37.5, 25.0, 25.0, 3.1, 3.1, 3.1, 3.1]


def test_krila_2022_survey_asks_the_forum_questions_in_order() -> None:
    with (DEMO_DIR / "krila-2022" / "survey.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == ["submitted_at", "email", "sector", "country", "gender", *KRILA_QUESTIONS]


def test_kenya_partnership_2019_everyone_registered_attended() -> None:
    countries = registrant_countries("kenya-partnership-2019")
    attendees = {
        normalized_email(row["email"])
        for row in event_file("kenya-partnership-2019", "attendance.csv")
    }
    assert len(countries) == 40
    assert attendees == countries.keys()
    assert set(countries.values()) == {"KEN"}


def test_kenya_partnership_2019_registrants_by_sector() -> None:
    sectors = {
        normalized_email(row["email"]): canonical_sector(row["sector"])
        for row in event_file("kenya-partnership-2019", "registrations.csv")
    }
    assert Counter(sectors.values()) == {
        "National Government": 22,
        "Local or Regional Government": 12,
        "International Organizations": 3,
        "Civil Society Organizations": 3,
    }


def test_kenya_partnership_2019_signs_in_once_a_day() -> None:
    rows = event_file("kenya-partnership-2019", "attendance.csv")
    per_day = Counter((normalized_email(row["email"]), row["session"]) for row in rows)
    assert set(per_day.values()) == {1}
    assert {row["session"] for row in rows} == {"Day 1", "Day 2", "Day 3"}
    days_attended = Counter(email for email, _ in per_day)
    assert sum(1 for days in days_attended.values() if days == 3) > 20
    assert all(300 <= int(row["minutes"]) <= 420 for row in rows)


def test_kenya_partnership_2019_survey_uses_numbers() -> None:
    responses = event_file("kenya-partnership-2019", "survey.csv")
    assert len(responses) == 25
    assert Counter(row["sector"] for row in responses) == {
        "National Government": 14,
        "Local or Regional Government": 8,
        "International Organizations": 2,
        "Civil Society Organizations": 1,
    }
    ratings = [value for row in responses for question, value in row.items() if "(1 = " in question]
    assert ratings and set(ratings) <= {"1", "2", "3", "4", "5"}


@pytest.mark.parametrize("event_id", event_ids())
def test_every_email_is_on_example_org(event_id: str) -> None:
    emails = [
        row["email"]
        for name in ("registrations.csv", "attendance.csv")
        for row in event_file(event_id, name)
    ]
    emails += [row["email"] for row in event_file(event_id, "survey.csv") if row["email"]]
    # Attendance e-mails may carry stray spaces; the domain itself never varies.
    assert all(email.strip().endswith("@example.org") for email in emails)


@pytest.mark.parametrize("event_id", event_ids())
def test_every_country_is_recognized_except_planted(event_id: str) -> None:
    for name in ("registrations.csv", "survey.csv"):
        unrecognized = Counter(
            row["country"] for row in event_file(event_id, name) if iso3(row["country"]) is None
        )
        expected = PLANTED_UNRECOGNIZED_COUNTRIES.get((event_id, name), Counter())
        assert unrecognized == expected, (event_id, name)


@pytest.mark.parametrize("event_id", event_ids())
def test_every_sector_is_canonical_or_a_variant_except_planted(event_id: str) -> None:
    for name in ("registrations.csv", "survey.csv"):
        others = Counter(
            row["sector"]
            for row in event_file(event_id, name)
            if canonical_sector(row["sector"]) not in CANONICAL_SECTORS
        )
        assert others == PLANTED_OTHER_SECTORS.get((event_id, name), Counter()), (event_id, name)


@pytest.mark.parametrize("event_id", event_ids())
def test_attendees_and_identified_respondents_registered(event_id: str) -> None:
    registrants = registrant_countries(event_id).keys()
    attendees = {normalized_email(row["email"]) for row in event_file(event_id, "attendance.csv")}
    respondents = {
        normalized_email(row["email"]) for row in event_file(event_id, "survey.csv") if row["email"]
    }
    assert attendees <= registrants
    assert respondents <= attendees


@pytest.mark.parametrize("event_id", event_ids())
def test_duplicate_registrations_are_extra_rows(event_id: str) -> None:
    rows = event_file(event_id, "registrations.csv")
    distinct = {normalized_email(row["email"]) for row in rows}
    assert 0 < len(rows) - len(distinct) <= max(1, round(0.03 * len(distinct)))


def test_some_attendance_emails_are_typed_differently() -> None:
    rows = [row for event_id in event_ids() for row in event_file(event_id, "attendance.csv")]
    messy = [row for row in rows if row["email"] != normalized_email(row["email"])]
    assert 0.03 < len(messy) / len(rows) < 0.08


def test_online_attendees_often_rejoin() -> None:
    joins = Counter(
        normalized_email(row["email"]) for row in event_file("krila-2022", "attendance.csv")
    )
    rejoined = sum(1 for count in joins.values() if count >= 2)
    assert 0.25 < rejoined / len(joins) < 0.7
    assert max(joins.values()) <= 4


def test_about_60_percent_of_responses_are_anonymous() -> None:
    responses = [row for event_id in event_ids() for row in event_file(event_id, "survey.csv")]
    anonymous = sum(1 for row in responses if not row["email"])
    assert 0.5 < anonymous / len(responses) < 0.7


def test_open_answers_contain_commas_quotes_and_line_breaks() -> None:
    answers = [value for row in event_file("krila-2022", "survey.csv") for value in row.values()]
    assert any("," in answer for answer in answers)
    assert any('"' in answer for answer in answers)
    assert any("\n" in answer for answer in answers)
