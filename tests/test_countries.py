"""Tests for the country dimension: matching typed countries and dating LDC membership."""

import shutil
from datetime import date, datetime

import pandas as pd
import pytest

from surveydash.countries import (
    ALIASES_FILE,
    COUNTRIES_FILE,
    COUNTRY_COLUMNS,
    FUZZY_MATCH_MIN_SCORE,
    GRADUATIONS_FILE,
    REFERENCE_DIR,
    CountryGroups,
    CountryMatch,
    CountryReference,
    normalize_key,
)


@pytest.fixture(scope="module")
def reference() -> CountryReference:
    return CountryReference.load()


@pytest.fixture
def editable_reference_dir(tmp_path):
    """A copy of the reference folder that a test may edit."""
    for name in (COUNTRIES_FILE, GRADUATIONS_FILE, ALIASES_FILE):
        shutil.copy(REFERENCE_DIR / name, tmp_path / name)
        (tmp_path / name).chmod(0o644)
    return tmp_path


TYPED_COUNTRIES = [
    ("Korea, Republic of", "KOR"),
    ("Republic of Korea", "KOR"),
    ("South Korea", "KOR"),
    ("Korea (Rep.)", "KOR"),
    ("North Korea", "PRK"),
    ("DPRK", "PRK"),
    ("Korea, Democratic People's Republic of", "PRK"),
    ("Turkey", "TUR"),
    ("Türkiye", "TUR"),
    ("Turkiye", "TUR"),
    ("Cote d'Ivoire", "CIV"),
    ("Côte d’Ivoire", "CIV"),
    ("Côte d'Ivoire", "CIV"),
    ("Ivory Coast", "CIV"),
    ("Viet Nam", "VNM"),
    ("Vietnam", "VNM"),
    ("UK", "GBR"),
    ("U.K.", "GBR"),
    ("United Kingdom", "GBR"),
    ("Great Britain", "GBR"),
    ("USA", "USA"),
    ("U.S.A.", "USA"),
    ("United States", "USA"),
    ("United States of America", "USA"),
    ("US", "USA"),
    ("Lao PDR", "LAO"),
    ("Laos", "LAO"),
    ("Tanzania", "TZA"),
    ("Congo, Democratic Republic of the", "COD"),
    ("DR Congo", "COD"),
    ("DRC", "COD"),
    ("Congo", "COG"),
    ("Republic of the Congo", "COG"),
    ("Russia", "RUS"),
    ("Iran", "IRN"),
    ("Syria", "SYR"),
    ("Bolivia", "BOL"),
    ("Venezuela", "VEN"),
    ("Moldova", "MDA"),
    ("Czech Republic", "CZE"),
    ("Swaziland", "SWZ"),
    ("Eswatini", "SWZ"),
    ("Macedonia", "MKD"),
    ("North Macedonia", "MKD"),
    ("Cape Verde", "CPV"),
    ("Cabo Verde", "CPV"),
    ("Micronesia", "FSM"),
    ("St Lucia", "LCA"),
    ("Saint Lucia", "LCA"),
    ("The Gambia", "GMB"),
    ("The Bahamas", "BHS"),
    ("Palestine", "PSE"),
    ("State of Palestine", "PSE"),
    ("Brunei", "BRN"),
    ("East Timor", "TLS"),
    ("Timor-Leste", "TLS"),
    ("Burma", "MMR"),
    ("Myanmar", "MMR"),
    ("Holland", "NLD"),
    ("Netherlands", "NLD"),
    ("  Kenya  ", "KEN"),
    ("KENYA", "KEN"),
]


@pytest.mark.parametrize(("typed", "iso3"), TYPED_COUNTRIES)
def test_typed_country_maps_to_its_iso3(reference, typed, iso3):
    assert reference.match(typed).iso3 == iso3


@pytest.mark.parametrize(
    ("typed", "iso3", "method"),
    [
        ("KEN", "KEN", "iso3"),
        ("ken", "KEN", "iso3"),
        ("ke", "KEN", "iso2"),
        ("KE", "KEN", "iso2"),
        ("NA", "NAM", "iso2"),
        ("Namibia", "NAM", "name"),
    ],
)
def test_whole_value_iso_code_is_recognised_as_code(reference, typed, iso3, method):
    assert reference.match(typed) == CountryMatch(raw=typed, iso3=iso3, method=method)


@pytest.mark.parametrize("typed", [None, "", "   ", "-", "--", "n/a", "N/A", "?", float("nan")])
def test_blank_values_are_blank_not_namibia(reference, typed):
    match = reference.match(typed)
    assert (match.iso3, match.method, match.score) == (None, "blank", None)


@pytest.mark.parametrize(
    ("typed", "iso3"),
    [
        ("Afghanistan", "AFG"),  # French short name (also the English one)
        ("Allemagne", "DEU"),  # French
        ("Afganistán", "AFG"),  # Spanish
        ("Afganistan", "AFG"),  # Spanish, accent left out
        ("Кения", "KEN"),  # Russian
        ("Германия", "DEU"),  # Russian
        ("肯尼亚", "KEN"),  # Chinese
        ("德国", "DEU"),  # Chinese
        ("كينيا", "KEN"),  # Arabic
        ("ألمانيا", "DEU"),  # Arabic
    ],
)
def test_names_in_other_un_languages_are_recognised(reference, typed, iso3):
    assert reference.match(typed) == CountryMatch(raw=typed, iso3=iso3, method="name")


def test_match_keeps_the_value_as_written_without_surrounding_spaces(reference):
    assert reference.match("  Viet Nam ").raw == "Viet Nam"


def test_curly_apostrophe_matches_like_a_straight_one(reference):
    assert reference.match("Côte d’Ivoire").method == "name"
    assert reference.match("Cote d'Ivoire").method == "name"


@pytest.mark.parametrize(
    ("typed", "iso3"), [("Philipines", "PHL"), ("Bangaldesh", "BGD"), ("Mozambiqe", "MOZ")]
)
def test_typo_is_a_fuzzy_guess_with_its_score(reference, typed, iso3):
    match = reference.match(typed)
    assert (match.iso3, match.method) == (iso3, "fuzzy")
    assert FUZZY_MATCH_MIN_SCORE <= match.score <= 100


def test_typo_that_contains_the_whole_name_is_caught_by_the_name_regex(reference):
    # "kenya" is found inside "Kenyaa" by the reference regex before fuzzy matching is needed.
    assert reference.match("Kenyaa") == CountryMatch(raw="Kenyaa", iso3="KEN", method="regex")


def test_fuzzy_guess_wins_over_a_regex_that_matched_only_part_of_the_value(reference):
    # Dominica's regex finds "dominica" inside the value; the whole value is a near-spelling of
    # "Dominican Republic".
    match = reference.match("Dominica Republic")
    assert (match.iso3, match.method) == ("DOM", "fuzzy")


def test_value_matching_two_country_regexes_is_not_guessed(reference):
    assert reference.match("Niger and Nigeria").iso3 is None


@pytest.mark.parametrize(
    "typed",
    [
        "Atlantis",
        "Planet Earth",
        "Europe",
        "Africa",
        "Asia",
        "Americas",
        "South America",
        "Caribbean",
        "EU",
        "Kenia",
    ],
)
def test_non_country_is_unrecognized(reference, typed):
    assert reference.match(typed) == CountryMatch(raw=typed, iso3=None, method="unrecognized")


def test_m49_region_names_are_not_taken_for_countries(reference):
    regions = pd.read_csv(REFERENCE_DIR / COUNTRIES_FILE, dtype=str, keep_default_na=False)
    region_names = (
        set(regions["region"]) | set(regions["subregion"]) | set(regions["intermediate_region"])
    )
    # Micronesia is both a subregion and a country's common name; the Channel Islands are an area.
    region_names -= {"", "Micronesia", "Channel Islands"}
    matched = {name: reference.match(name).iso3 for name in sorted(region_names)}
    assert {name: iso3 for name, iso3 in matched.items() if iso3 is not None} == {}


@pytest.mark.parametrize(
    "typed", ["Kosovo", "Canary Islands", "Canary Island", "Netherlands Antilles"]
)
def test_area_without_iso3_code_is_unrecognized_not_a_neighbour(reference, typed):
    assert reference.match(typed).iso3 is None


def test_user_alias_wins_over_automatic_matching(reference):
    user_aliases = {"Congo": "COD", "Ministry HQ": "KEN"}
    assert reference.match("congo", user_aliases) == CountryMatch(
        raw="congo", iso3="COD", method="user_alias"
    )
    assert reference.match("MINISTRY-HQ", user_aliases).iso3 == "KEN"
    assert reference.match("Kenya", user_aliases).method == "name"


def test_user_alias_to_unknown_code_is_rejected(reference):
    with pytest.raises(ValueError, match="XXX"):
        reference.match("Atlantis", {"Atlantis": "XXX"})


def test_every_curated_alias_maps_to_its_own_country(reference):
    aliases = pd.read_csv(REFERENCE_DIR / ALIASES_FILE, dtype=str, keep_default_na=False)
    assert list(aliases.columns) == ["alias", "iso3", "note"]
    wrong = {
        alias: reference.match(alias)
        for alias, iso3 in zip(aliases["alias"], aliases["iso3"], strict=True)
        if reference.match(alias) != CountryMatch(raw=alias, iso3=iso3, method="alias")
    }
    # An alias that an earlier stage already matches is dead weight; one matched to another
    # country is a contradiction.
    assert wrong == {}


def test_alias_file_with_unknown_code_is_rejected(editable_reference_dir):
    with (editable_reference_dir / ALIASES_FILE).open("a", encoding="utf-8") as aliases:
        aliases.write("Atlantis,ATL,made up\n")
    with pytest.raises(ValueError, match="ATL"):
        CountryReference.load(editable_reference_dir)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Côte d’Ivoire", "cote divoire"),
        ("COTE D'IVOIRE", "cote divoire"),
        ("  Korea,   Republic of ", "korea republic of"),
        ("Guinea-Bissau", "guinea bissau"),
        ("local_government", "local government"),
        ("Bolivia (Plurinational State of)", "bolivia plurinational state of"),
        ("U.S.A.", "u s a"),
        ("Türkiye", "turkiye"),
        ("Кения", "кения"),
    ],
)
def test_normalize_key(text, key):
    assert normalize_key(text) == key


def test_countries_table_has_one_row_per_iso3_with_contract_columns(reference):
    countries = reference.countries
    assert tuple(countries.columns) == COUNTRY_COLUMNS
    assert countries["iso3"].is_unique
    assert countries["iso3"].str.fullmatch(r"[A-Z]{3}").all()


def test_countries_table_keeps_namibia_iso2_and_pads_m49(reference):
    by_iso3 = reference.countries.set_index("iso3")
    assert by_iso3.loc["NAM", "iso2"] == "NA"
    assert by_iso3.loc["AFG", "m49"] == "004"
    assert by_iso3.loc["KEN", "region_code"] == "002"
    assert reference.countries["m49"].str.fullmatch(r"\d{3}").all()


def test_countries_table_group_flags_are_booleans_with_snapshot_counts(reference):
    countries = reference.countries
    assert (countries["ldc"].sum(), countries["lldc"].sum(), countries["sids"].sum()) == (
        45,
        32,
        53,
    )
    assert all(countries[flag].dtype == bool for flag in ("ldc", "lldc", "sids"))


def test_graduation_dates_are_dates(reference):
    graduations = reference.graduations.set_index("iso3")
    assert graduations.loc["BTN", "graduation_date"] == date(2023, 12, 13)
    assert type(graduations.loc["BTN", "graduation_date"]) is date


@pytest.mark.parametrize(
    ("iso3", "on", "is_ldc"),
    [
        ("BTN", date(2022, 6, 1), True),  # graduated 2023-12-13
        ("BTN", date(2024, 6, 1), False),
        ("BTN", date(2023, 12, 13), False),  # graduation day itself: no longer LDC
        ("STP", date(2024, 6, 1), True),  # graduated 2024-12-13, snapshot still flags it
        ("STP", date(2025, 1, 1), False),
        ("VUT", date(2020, 12, 3), True),  # graduated 2020-12-04, not in the snapshot
        ("VUT", date(2020, 12, 4), False),
        ("BGD", date(2026, 11, 23), True),  # scheduled 2026-11-24
        ("BGD", date(2026, 11, 24), False),
        ("MLI", date(2030, 1, 1), True),  # LDC, no graduation listed
        ("KEN", date(2024, 1, 1), False),  # never LDC
    ],
)
def test_ldc_membership_is_judged_on_the_event_date(reference, iso3, on, is_ldc):
    assert reference.groups_as_of(iso3, on).ldc is is_ldc


def test_lldc_and_sids_come_from_the_snapshot(reference):
    assert reference.groups_as_of("BTN", date(2024, 6, 1)) == CountryGroups(
        ldc=False, lldc=True, sids=False
    )
    assert reference.groups_as_of("STP", date(2024, 6, 1)) == CountryGroups(
        ldc=True, lldc=False, sids=True
    )
    assert reference.groups_as_of("FJI", date(2024, 6, 1)) == CountryGroups(
        ldc=False, lldc=False, sids=True
    )


def test_groups_as_of_accepts_a_datetime(reference):
    assert reference.groups_as_of("BGD", datetime(2026, 11, 24, 9, 30)).ldc is False


def test_groups_as_of_unknown_code_raises(reference):
    with pytest.raises(KeyError):
        reference.groups_as_of("XXX", date(2024, 1, 1))


def test_moved_graduation_date_is_read_from_the_data(editable_reference_dir):
    graduations_path = editable_reference_dir / GRADUATIONS_FILE
    graduations = pd.read_csv(graduations_path, dtype=str, keep_default_na=False)
    graduations.loc[graduations["iso3"] == "BGD", "graduation_date"] = "2029-11-24"
    graduations.to_csv(graduations_path, index=False)

    moved = CountryReference.load(editable_reference_dir)

    assert moved.groups_as_of("BGD", date(2027, 6, 1)).ldc is True
