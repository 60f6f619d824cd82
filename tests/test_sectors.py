"""Tests for the sector dimension: filing typed organisation types under the reported sectors."""

import re

import pytest

from surveydash.countries import normalize_key
from surveydash.sectors import SECTOR_RULES, SECTORS, SectorMatch, match_sector

NATIONAL = "National Government"
LOCAL = "Local or Regional Government"
ACADEMIC = "Academic Institutions"
CIVIL_SOCIETY = "Civil Society Organizations"
PRIVATE = "Private Sector or Philanthropic Organizations"
INTERNATIONAL = "International Organizations"
SCIENTIFIC = "Scientific Community"

RULE_EXAMPLES = [
    # National government
    ("Ministry of Finance", NATIONAL),
    ("Ministère de la Santé", NATIONAL),
    ("Ministerio de Salud", NATIONAL),
    ("Prime Minister's Office", NATIONAL),
    ("Министерство финансов", NATIONAL),
    ("Government (national)", NATIONAL),
    ("Central government", NATIONAL),
    ("Federal government", NATIONAL),
    ("Gouvernement national", NATIONAL),
    ("Gobierno central", NATIONAL),
    ("Public administration", NATIONAL),
    ("Administración pública", NATIONAL),
    ("Parliament", NATIONAL),
    ("Assemblée nationale", NATIONAL),
    ("Senado", NATIONAL),
    ("Presidency of the Republic", NATIONAL),
    ("Embassy of Kenya", NATIONAL),
    ("Permanent Mission to the UN", NATIONAL),
    ("State-owned enterprise", NATIONAL),
    ("Government", NATIONAL),
    ("Public sector", NATIONAL),
    ("Sector público", NATIONAL),
    # Local or regional government
    ("Local government", LOCAL),
    ("Regional government", LOCAL),
    ("Local/Regional Government", LOCAL),
    ("Provincial government", LOCAL),
    ("State government", LOCAL),
    ("Government (local)", LOCAL),
    ("Municipality", LOCAL),
    ("Local authority", LOCAL),
    ("County", LOCAL),
    ("Province of Buenos Aires", LOCAL),
    ("District council", LOCAL),
    ("City council", LOCAL),
    ("Mayor's office", LOCAL),
    ("Gouvernement local", LOCAL),
    ("Collectivité territoriale", LOCAL),
    ("Mairie de Dakar", LOCAL),
    ("Gobierno local", LOCAL),
    ("Municipio de Quito", LOCAL),
    ("Alcaldía de Bogotá", LOCAL),
    ("Prefecture", LOCAL),
    # International organizations
    ("UN", INTERNATIONAL),
    ("UN agency", INTERNATIONAL),
    ("UN entity", INTERNATIONAL),
    ("United Nations", INTERNATIONAL),
    ("Nations Unies", INTERNATIONAL),
    ("Организация Объединённых Наций", INTERNATIONAL),
    ("UNDP", INTERNATIONAL),
    ("FAO", INTERNATIONAL),
    ("Intergovernmental organization", INTERNATIONAL),
    ("Organisation intergouvernementale", INTERNATIONAL),
    ("International organization", INTERNATIONAL),
    ("Organisation internationale", INTERNATIONAL),
    ("Organización internacional", INTERNATIONAL),
    ("Development partner/bank", INTERNATIONAL),
    ("World Bank", INTERNATIONAL),
    ("African Union", INTERNATIONAL),
    ("Regional organization", INTERNATIONAL),
    # Scientific community
    ("Academy of Sciences", SCIENTIFIC),
    ("Science", SCIENTIFIC),
    ("Scientist", SCIENTIFIC),
    ("Research institute", SCIENTIFIC),
    ("Researcher", SCIENTIFIC),
    ("Laboratory", SCIENTIFIC),
    ("Institut de recherche", SCIENTIFIC),
    ("Centro de investigación", SCIENTIFIC),
    # Academic institutions
    ("Academia", ACADEMIC),
    ("Academic", ACADEMIC),
    ("University", ACADEMIC),
    ("Université", ACADEMIC),
    ("Universidad", ACADEMIC),
    ("College", ACADEMIC),
    ("Faculty of Law", ACADEMIC),
    ("Student", ACADEMIC),
    ("Milieu universitaire", ACADEMIC),
    ("Think tank", ACADEMIC),
    # Civil society
    ("NGO", CIVIL_SOCIETY),
    ("Non-governmental organization", CIVIL_SOCIETY),
    ("CSO", CIVIL_SOCIETY),
    ("Civil society", CIVIL_SOCIETY),
    ("ONG", CIVIL_SOCIETY),
    ("Sociedad civil", CIVIL_SOCIETY),
    ("Société civile", CIVIL_SOCIETY),
    ("Organisation non gouvernementale", CIVIL_SOCIETY),
    ("Not-for-profit", CIVIL_SOCIETY),
    ("Community-based organization", CIVIL_SOCIETY),
    ("Trade union", CIVIL_SOCIETY),
    ("Association", CIVIL_SOCIETY),
    # Private sector or philanthropic
    ("Private sector", PRIVATE),
    ("Sector privado", PRIVATE),
    ("Secteur privé", PRIVATE),
    ("Company", PRIVATE),
    ("Business", PRIVATE),
    ("Entreprise", PRIVATE),
    ("Consulting firm", PRIVATE),
    ("Ltd", PRIVATE),
    ("Foundation", PRIVATE),
    ("Philanthropy", PRIVATE),
    ("Fundación", PRIVATE),
]


@pytest.mark.parametrize(("typed", "sector"), RULE_EXAMPLES)
def test_rule_files_typed_value_under_its_sector(typed, sector):
    assert match_sector(typed) == SectorMatch(raw=typed, sector=sector, method="rule")


def first_rule_index(typed: str) -> int | None:
    """Return the position in SECTOR_RULES of the rule that files ``typed``, or None."""
    key = normalize_key(typed)
    return next(
        (index for index, (_, pattern) in enumerate(SECTOR_RULES) if re.search(pattern, key)),
        None,
    )


def test_every_rule_is_the_first_match_for_some_example():
    exercised = {first_rule_index(typed) for typed, _ in RULE_EXAMPLES}
    unexercised = [
        pattern for index, (_, pattern) in enumerate(SECTOR_RULES) if index not in exercised
    ]
    assert unexercised == []


def test_every_rule_files_under_a_reported_sector():
    assert {sector for sector, _ in SECTOR_RULES} <= set(SECTORS) - {"Other"}


@pytest.mark.parametrize(
    ("typed", "sector"),
    [
        ("Ministry of Local Government", NATIONAL),  # a ministry, whatever it oversees
        ("Ministry of Higher Education and Universities", NATIONAL),
        ("Ministry of Science and Technology", NATIONAL),
        ("Un ministère", NATIONAL),  # French "un" is not the United Nations
        ("University hospital", ACADEMIC),
        ("Private university", ACADEMIC),
        ("Business school", ACADEMIC),
        ("University research centre", ACADEMIC),
        ("United Nations University", INTERNATIONAL),
        ("International NGO", CIVIL_SOCIETY),
        ("Intergovernmental organization", INTERNATIONAL),  # not "governmental" civil society
        ("Association of Municipalities", LOCAL),
        ("Travaille dans une ONG", CIVIL_SOCIETY),
        ("City University", ACADEMIC),
    ],
)
def test_rule_precedence(typed, sector):
    assert match_sector(typed).sector == sector


@pytest.mark.parametrize("sector", SECTORS)
def test_sector_name_matches_exactly(sector):
    assert match_sector(sector) == SectorMatch(raw=sector, sector=sector, method="exact")


@pytest.mark.parametrize(
    ("typed", "sector"),
    [
        ("national government", NATIONAL),
        ("  LOCAL OR REGIONAL GOVERNMENT ", LOCAL),
        ("civil-society organizations", CIVIL_SOCIETY),
        ("Private sector, or philanthropic organizations", PRIVATE),
        ("other", "Other"),
    ],
)
def test_exact_match_ignores_case_and_punctuation(typed, sector):
    assert match_sector(typed).method == "exact"
    assert match_sector(typed).sector == sector


@pytest.mark.parametrize("typed", [None, "", "  ", "-", "n/a", "N/A", float("nan")])
def test_blank_has_no_sector(typed):
    match = match_sector(typed)
    assert (match.sector, match.method) == (None, "blank")


@pytest.mark.parametrize("typed", ["Astronaut", "Retired", "Self", "Hospital"])
def test_unmapped_value_is_other_and_keeps_what_was_typed(typed):
    assert match_sector(typed) == SectorMatch(raw=typed, sector="Other", method="unmapped")


def test_user_alias_wins_over_rules():
    user_aliases = {"Retired": "Other", "Ministry of Science": SCIENTIFIC}
    assert match_sector("retired", user_aliases) == SectorMatch(
        raw="retired", sector="Other", method="user_alias"
    )
    assert match_sector("MINISTRY OF SCIENCE", user_aliases).sector == SCIENTIFIC
    assert match_sector("University", user_aliases).method == "rule"


def test_user_alias_to_unknown_sector_is_rejected():
    with pytest.raises(ValueError, match="Astronomy"):
        match_sector("Observatory", {"Observatory": "Astronomy"})
