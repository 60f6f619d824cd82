"""The sector dimension: file the organisation type a respondent typed under one of the sectors
the dashboard reports on.

Registration forms differ between events: some offer exactly the eight sectors below, others a
longer or translated list, others a free-text box. A typed value is tried against the sector
names themselves, then against an ordered table of keyword rules, and anything left over is kept
under 'Other' with its raw text, so nothing is dropped and a user can add an alias for it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

# Countries and sectors are compared with the same normalization, so that a user alias or a
# French value behaves the same way in both dimensions.
from surveydash.countries import BLANK_MARKERS, normalize_key

SECTORS: tuple[str, ...] = (
    "National Government",
    "Local or Regional Government",
    "Academic Institutions",
    "Civil Society Organizations",
    "Private Sector or Philanthropic Organizations",
    "International Organizations",
    "Scientific Community",
    "Other",
)

NATIONAL = "National Government"
LOCAL = "Local or Regional Government"
ACADEMIC = "Academic Institutions"
CIVIL_SOCIETY = "Civil Society Organizations"
PRIVATE = "Private Sector or Philanthropic Organizations"
INTERNATIONAL = "International Organizations"
SCIENTIFIC = "Scientific Community"
OTHER = "Other"

# Keyword rules, tried in this order on the normalized value (lower case, no accents, no
# apostrophes, punctuation as spaces: "Ministère de l'Intérieur" is seen as
# "ministere de linterieur"); the first rule whose regex is found anywhere in the value wins.
# The order is the precedence, and it matters:
#   * national comes first because an organisation's own kind beats the topic it works on:
#     "Ministry of Local Government", "Ministry of Higher Education and Universities" and
#     "Ministry of Science" are all ministries;
#   * local comes before international, academic and the rest for the same reason
#     ("Municipality of X, UNDP-funded project" is a municipality), and before the rule that
#     files a "government" of unnamed level as national;
#   * international comes before academic so that the United Nations University is a UN entity;
#   * academic comes before scientific: a university's research centre is academic, while a
#     research institute standing on its own is scientific;
#   * academic and scientific come before civil society and private, so that "private
#     university" and "business school" are academic.
# Research institutes, laboratories and academies of sciences are filed under Scientific
# Community, as the UN "Scientific and Technological Community" major group files them; think
# tanks are filed under Academic Institutions, because registration forms commonly group them
# with academia ("Academia / think tank") and their staff take part as researchers, not as
# advocates.
SECTOR_RULES: tuple[tuple[str, str], ...] = (
    # Ministries, their ministers, and the national executive and legislature, in the UN languages
    # registrants most often use. Patterns are written in normalized form, so Russian
    # "министерство" and "наций" appear as normalization leaves them (й becomes и).
    (NATIONAL, r"\bminist(ry|ries|er|ers|ere|eres|erio|erios|erial)\b|министерств"),
    (NATIONAL, r"\b(national|central|federal) government\b"),
    (NATIONAL, r"\bgovernment (national|central|federal)\b"),
    (NATIONAL, r"\bgouvernement (national|central|federal)\b"),
    (NATIONAL, r"\bgobierno (nacional|central|federal)\b"),
    (NATIONAL, r"\bpublic administration\b|\badministration publique\b"),
    (NATIONAL, r"\badministracion publica\b"),
    (NATIONAL, r"\bparliament|\bparlement|\bparlamento\b|\bsenate\b|\bsenado\b"),
    (NATIONAL, r"\bnational assembly\b|\bassemblee nationale\b|\basamblea nacional\b"),
    (NATIONAL, r"\bpresidency\b|\bpresidencia\b"),
    # Diplomats posted abroad work for their national government.
    (NATIONAL, r"\bembassy\b|\bambassade\b|\bembajada\b|\bpermanent mission\b|\bconsulate\b"),
    # State-owned enterprises are public bodies, not the private sector.
    (NATIONAL, r"\bstate owned\b|\bparastatal\b"),
    # Sub-national governments. "State government" is sub-national in federal countries; a
    # bare "city" or "local" is not a rule, since "City University" or "local NGO" are not
    # local governments.
    (
        LOCAL,
        r"\b(local|regional|provincial|state|municipal|county|district|subnational|sub national)"
        r" government\b",
    ),
    (
        LOCAL,
        r"\bgovernment (local|regional|provincial|state|municipal|county|district|subnational)\b",
    ),
    (LOCAL, r"\blocal (authority|authorities|administration|council)\b"),
    (LOCAL, r"\bmunicipal|\bcounty\b|\bprovinces?\b|\bprovincial\b"),
    (LOCAL, r"\bdistrict (council|office|administration|assembly)\b"),
    (LOCAL, r"\bcity (council|hall|government|administration)\b|\btown council\b"),
    (LOCAL, r"\bmayor|\bgovernorate\b"),
    (LOCAL, r"\bgouvernement (local|regional|provincial)\b"),
    (LOCAL, r"\bcollectivites? (locales?|territoriales?)\b"),
    (LOCAL, r"\bmairie\b|\bcommune\b|\bconseil (municipal|regional|departemental)\b"),
    (LOCAL, r"\bgobierno (local|regional|provincial|municipal|subnacional)\b|\bmunicipio\b"),
    (LOCAL, r"\balcaldia\b|\bayuntamiento\b|\bgobernacion\b|\bprefectur"),
    # A government that does not name its level is national: sub-national bodies say which
    # level they are, and the public officials at these events mostly serve national
    # governments. This rule must follow the local ones ("government (local)") and only
    # matches the whole word, so "non-governmental" and "intergovernmental" are not government.
    (NATIONAL, r"\bgovernment\b|\bgouvernement\b|\bgobierno\b"),
    (NATIONAL, r"\bpublic sector\b|\bsecteur public\b|\bsector publico\b"),
    # The United Nations system, other intergovernmental bodies and development banks. A bare
    # "un" is only a rule on its own, because in French and Spanish it is the word "a".
    (INTERNATIONAL, r"^un$"),
    (
        INTERNATIONAL,
        r"\bun (agency|agencies|entity|entities|system|organi[sz]ation|body|fund|programme"
        r"|program|secretariat|women|habitat)\b",
    ),
    (INTERNATIONAL, r"\bunited nations\b|\bnations unies\b|\bnaciones unidas\b"),
    (INTERNATIONAL, r"\bорганизация объединенных нации\b"),
    (
        INTERNATIONAL,
        r"\b(undp|unep|unicef|unesco|unfpa|unhcr|unops|unctad|unido|undesa|un desa|unitar|unu"
        r"|unodc|unaids|unwomen|escap|eclac|cepal|uneca|escwa|unece)\b",
    ),
    (
        INTERNATIONAL,
        r"\b(fao|ilo|oit|imf|oecd|ocde|wfp|iom|oim|itu|ifad|wto|omc|wmo|unwto|wipo|iaea)\b",
    ),
    (INTERNATIONAL, r"\bintergovernmental\b|\binter governmental\b"),
    (INTERNATIONAL, r"\bintergouvernementale?\b|\bintergubernamental\b"),
    (INTERNATIONAL, r"\binternational organi[sz]ations?\b"),
    (INTERNATIONAL, r"\borgani[sz]ations? internationales?\b"),
    (INTERNATIONAL, r"\borganizaci(on|ones) internacional(es)?\b|\bmultilateral\b"),
    (INTERNATIONAL, r"\bdevelopment (bank|partner|partners|agency)\b"),
    (INTERNATIONAL, r"\bworld bank\b|\bbanque mondiale\b|\bbanco mundial\b"),
    (INTERNATIONAL, r"\beuropean union\b|\beuropean commission\b|\bafrican union\b"),
    (INTERNATIONAL, r"\bregional (organi[sz]ation|commission|economic community)\b"),
    # Academies of sciences are learned societies of scientists, not teaching institutions;
    # listed here so the broader academic rule below does not take them.
    (SCIENTIFIC, r"\bacadem(y|ies|ie|ia) (of|des|de) (the )?(sciences?|ciencias)\b"),
    # Teaching institutions and their staff and students; think tanks (see above).
    (ACADEMIC, r"\bacademi(a|c|cs|que|co|ca)\b"),
    (ACADEMIC, r"\buniversit|\buniversidad|\bcollege\b|\bschool\b|\bpolytechnic"),
    (ACADEMIC, r"\bfaculty\b|\bfaculte\b|\bfacultad\b"),
    (ACADEMIC, r"\bstudent|\betudiant|\bestudiante"),
    (ACADEMIC, r"\bmilieu universitaire\b|\bthink ?tanks?\b"),
    # Research outside universities, and science as a field.
    (SCIENTIFIC, r"\bscien(ce|ces|tific|tist|tists|tifique|tifiques|cia|cias|tifico|tifica)\b"),
    (SCIENTIFIC, r"\bresearch (institute|institution|centre|center|organi[sz]ation|council)\b"),
    (SCIENTIFIC, r"\bresearcher"),
    (SCIENTIFIC, r"\blaborator"),
    (SCIENTIFIC, r"\binstitut de recherche\b|\binstituto de investigacion\b"),
    (SCIENTIFIC, r"\bcentre de recherche\b|\bcentro de investigacion\b"),
    # Non-governmental and non-profit organisations; "union" only with "trade" or "labour",
    # since the African Union is intergovernmental.
    (CIVIL_SOCIETY, r"\bn ?gos?\b|\bingos?\b|\bnon ?governmental\b|\bnongovernmental\b"),
    (CIVIL_SOCIETY, r"\bcsos?\b|\bcivil society\b"),
    (CIVIL_SOCIETY, r"\bsociete civile\b|\bsociedad civil\b|\bongs?\b|\bosc\b"),
    (CIVIL_SOCIETY, r"\bnon gouvernementale?\b|\bno gubernamental\b"),
    (CIVIL_SOCIETY, r"\bnon ?profit\b|\bnot for profit\b"),
    (CIVIL_SOCIETY, r"\bcommunity based\b|\bcbos?\b|\bfaith based\b|\bcharit(y|ies|able)\b"),
    (CIVIL_SOCIETY, r"\b(trade|labou?r) unions?\b"),
    (CIVIL_SOCIETY, r"\bassociation\b|\basociacion\b"),
    # Companies and philanthropy.
    (PRIVATE, r"\bprivate\b|\bsecteur prive\b|\bsector privado\b|\bprivado\b"),
    (PRIVATE, r"\bcompany\b|\bcompanies\b|\bbusiness|\bcorporat"),
    (PRIVATE, r"\benterprises?\b|\bentreprises?\b|\bempresas?\b"),
    (PRIVATE, r"\bfirm\b|\bconsult(ing|ancy|ant|ants)\b|\bindustry\b"),
    (PRIVATE, r"\b(ltd|inc|llc|plc|sme|smes)\b"),
    (PRIVATE, r"\bfoundations?\b|\bfondations?\b|\bfundaci(on|ones)\b"),
    (PRIVATE, r"\bphilanthrop|\bfilantrop"),
)

_COMPILED_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), sector) for sector, pattern in SECTOR_RULES
)
_SECTOR_BY_KEY: dict[str, str] = {normalize_key(sector): sector for sector in SECTORS}


@dataclass(frozen=True)
class SectorMatch:
    """How one typed sector value was filed.

    ``raw`` is the value as written (stripped); ``sector`` is one of SECTORS, or None when the
    value is blank; ``method`` says how: 'blank', 'user_alias', 'exact', 'rule' or 'unmapped'
    (nothing matched: the sector is 'Other' and ``raw`` keeps what was typed)."""

    raw: str
    sector: str | None
    method: str


def match_sector(raw: str | None, user_aliases: Mapping[str, str] | None = None) -> SectorMatch:
    """Return the sector that ``raw`` names, with how it was recognised.

    ``user_aliases`` maps values as typed (compared after normalization) to one of SECTORS; it
    wins over everything but blanks, so a user can correct any rule. Raises ValueError when an
    alias that applies maps to something that is not one of SECTORS."""
    text = _stripped(raw)
    key = normalize_key(text)
    if text.casefold() in BLANK_MARKERS or not key:
        return SectorMatch(raw=text, sector=None, method="blank")

    if user_aliases:
        for alias, sector in user_aliases.items():
            if normalize_key(alias) == key:
                if sector not in SECTORS:
                    raise ValueError(
                        f"sector alias {alias!r} maps to {sector!r}, not one of {SECTORS}"
                    )
                return SectorMatch(raw=text, sector=sector, method="user_alias")

    if key in _SECTOR_BY_KEY:
        return SectorMatch(raw=text, sector=_SECTOR_BY_KEY[key], method="exact")

    for pattern, sector in _COMPILED_RULES:
        if pattern.search(key):
            return SectorMatch(raw=text, sector=sector, method="rule")

    return SectorMatch(raw=text, sector=OTHER, method="unmapped")


def _stripped(raw: str | None) -> str:
    """Return the value as text without surrounding spaces; None and NaN (as pandas gives for
    empty cells) become the empty string."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return ""
    return str(raw).strip()
