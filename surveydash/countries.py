"""The country dimension: recognise the country a registrant typed, and say which UN country
groups (LDC, LLDC, SIDS) it belonged to on the date of an event.

Registrants type their country freely ("South Korea", "Côte d’Ivoire", "USA", "Кения", "Kenyaa"),
so a value is tried against a ladder of ever looser matchers (blank markers, the user's own
aliases, ISO codes, the reference's names in six languages, curated aliases, the reference's
name regexes, fuzzy similarity), and every answer records which rung matched it. The loose rungs
only run when the strict ones find nothing, and a guess is reported with its method and score so
the importer can show it for review instead of trusting it silently.

All facts live in ``data/reference`` (see its README for provenance); nothing about a particular
country is written in this module.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

REFERENCE_DIR: Path = Path(__file__).resolve().parent.parent / "data" / "reference"

COUNTRIES_FILE = "countries_m49.csv"
GRADUATIONS_FILE = "ldc_graduations.csv"
ALIASES_FILE = "country_aliases.csv"

# Scores are rapidfuzz's plain ``fuzz.ratio`` (normalized edit similarity, 0-100) between
# normalized keys. WRatio was rejected: its partial matching scores "Asia" 90 against "Malasia"
# and "Caribbean" 90 against "CAR". 90 was chosen by measuring on the reference itself: the
# highest-scoring non-countries are M49 region names ("Southern Africa" 88.9 and "South America"
# 88.0 against "South Africa"), so the bar sits just above them. It still accepts one slip in a
# name of ten letters or more ("Philipines" 95, "Bangaldesh" 90) but rejects most slips in short
# names; those come back 'unrecognized', which the importer asks the user to resolve, rather than
# as a wrong country that nobody would notice.
FUZZY_MATCH_MIN_SCORE: float = 90.0

# A value shorter than this (after normalization) is an abbreviation or a code, never a misspelt
# name: fuzzy matching "EU" or "UNO" would only ever guess, so such values stop at the exact rungs.
FUZZY_MATCH_MIN_LENGTH = 4

# Values registrants type to mean "no answer". Compared with the stripped, casefolded value, not
# the normalized key, so that "N/A" is blank while "NA" (Namibia's ISO code) is not.
BLANK_MARKERS = frozenset({"", "-", "--", "---", "—", "–", "n/a", "n.a.", "nan", "none", "null"})

# Every column of countries_m49.csv that holds a name of the country in some language or style.
NAME_COLUMNS = (
    "name",
    "m49_name",
    "english_short",
    "english_formal",
    "iso_alt_name",
    "dgacm_alt_name",
    "hpc_alt_name",
    "reliefweb_name",
    "french_short",
    "spanish_short",
    "russian_short",
    "chinese_short",
    "arabic_short",
)

# The columns of CountryReference.countries, in order; the M49 code columns among them are
# written with three digits, as M49 codes are.
COUNTRY_COLUMNS = (
    "iso3",
    "iso2",
    "m49",
    "name",
    "region_code",
    "region",
    "subregion_code",
    "subregion",
    "intermediate_region",
    "wb_income_level",
    "ldc",
    "lldc",
    "sids",
)
M49_CODE_COLUMNS = ("m49", "region_code", "subregion_code")
GROUP_FLAG_COLUMNS = ("ldc", "lldc", "sids")

# Apostrophes are dropped rather than turned into spaces, so "Côte d'Ivoire", "Côte d’Ivoire" and
# "Cote dIvoire" all give the same key.
APOSTROPHES = frozenset("'’‘ʼʻ`´")

# The English article that formal names carry or drop at will ("the Gambia", "Bahamas (the)").
ARTICLE = "the"


def normalize_key(text: str) -> str:
    """Return ``text`` reduced to a comparison key: casefolded, without accents or apostrophes,
    with any other punctuation, symbol or underscore turned into a space, and with runs of spaces
    collapsed. "Côte d’Ivoire" and "COTE D'IVOIRE" both give "cote divoire"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept: list[str] = []
    for character in decomposed:
        if unicodedata.combining(character) or character in APOSTROPHES:
            continue
        # Letters and digits (categories L*, N*) carry meaning; punctuation, symbols, separators
        # and control characters only separate words.
        if unicodedata.category(character)[0] in "LN":
            kept.append(character)
        else:
            kept.append(" ")
    return " ".join("".join(kept).split())


def _without_article(key: str) -> str:
    """Return a normalized key with every standalone "the" removed, so that "Congo, Democratic
    Republic of the" and "the Democratic Republic of the Congo" differ only in word order."""
    return " ".join(word for word in key.split() if word != ARTICLE)


@dataclass(frozen=True)
class CountryMatch:
    """How one typed country value was recognised.

    ``raw`` is the value as written (stripped); ``iso3`` is None when the value is blank or was not
    recognised; ``method`` names the rung that matched ('blank', 'user_alias', 'iso3', 'iso2',
    'name', 'alias', 'regex', 'fuzzy' or 'unrecognized'); ``score`` is the rapidfuzz score when
    ``method`` is 'fuzzy' and None otherwise."""

    raw: str
    iso3: str | None
    method: str
    score: float | None = None


@dataclass(frozen=True)
class CountryGroups:
    """The UN country groups a country belonged to on a given date."""

    ldc: bool
    lldc: bool
    sids: bool


class CountryReference:
    """The reference table of countries and areas, with everything needed to match typed values.

    ``countries`` holds one row per country or area that has an ISO 3166 alpha-3 code (areas
    without one, such as Kosovo or the Canary Islands, cannot be stored as a country and are
    left out; typing their names gives 'unrecognized', never a neighbour's code). ``graduations``
    holds one row per country that left, or is scheduled to leave, the LDC category.

    Build it with :meth:`load`. The object is meant to be loaded once and shared (for example in
    the app's resource cache): treat both DataFrames as read-only."""

    def __init__(
        self,
        countries_m49: pd.DataFrame,
        ldc_graduations: pd.DataFrame,
        country_aliases: pd.DataFrame,
    ) -> None:
        """Build the reference from the three reference tables as read from CSV (every column a
        string, empty strings for missing values). Raises ValueError when the alias or graduation
        table names an ISO3 code that the countries table does not have."""
        coded = countries_m49[countries_m49["iso3"] != ""]
        self.countries: pd.DataFrame = _tidy_countries(coded)
        self.graduations: pd.DataFrame = _tidy_graduations(ldc_graduations)

        known_iso3 = set(self.countries["iso3"])
        _require_known_iso3(self.graduations["iso3"], known_iso3, GRADUATIONS_FILE)
        _require_known_iso3(
            country_aliases["iso3"].str.strip().str.upper(), known_iso3, ALIASES_FILE
        )

        self._iso3_codes: frozenset[str] = frozenset(known_iso3)
        self._iso3_by_iso2: dict[str, str] = dict(zip(coded["iso2"], coded["iso3"], strict=True))

        # Areas without an ISO3 code keep their names and regexes in the lookups, mapped to None,
        # so that "Kosovo" is reported unrecognized instead of being fuzzy-matched to a neighbour.
        names_by_iso3 = _names_by_iso3(countries_m49)
        self._iso3_by_name = _unambiguous_lookup(
            (key, iso3) for iso3, keys in names_by_iso3 for key in keys
        )
        self._iso3_by_name_without_article = _unambiguous_lookup(
            (_without_article(key), iso3) for iso3, keys in names_by_iso3 for key in keys
        )
        self._iso3_by_alias = _unambiguous_lookup(
            (normalize_key(alias), iso3.strip().upper())
            for alias, iso3 in zip(country_aliases["alias"], country_aliases["iso3"], strict=True)
        )
        self._regexes: tuple[tuple[re.Pattern[str], str | None], ...] = tuple(
            (re.compile(pattern, re.IGNORECASE), iso3 or None)
            for pattern, iso3 in zip(
                countries_m49["name_regex"], countries_m49["iso3"], strict=True
            )
            if pattern
        )

        fuzzy_lookup = {**self._iso3_by_name, **self._iso3_by_alias}
        self._fuzzy_choices: tuple[str, ...] = tuple(fuzzy_lookup)
        self._fuzzy_iso3: tuple[str | None, ...] = tuple(fuzzy_lookup.values())

        flags = self.countries.set_index("iso3")[list(GROUP_FLAG_COLUMNS)]
        self._snapshot_groups: dict[str, CountryGroups] = {
            iso3: CountryGroups(ldc=bool(row.ldc), lldc=bool(row.lldc), sids=bool(row.sids))
            for iso3, row in flags.iterrows()
        }
        self._graduation_date_by_iso3: dict[str, date | None] = dict(
            zip(self.graduations["iso3"], self.graduations["graduation_date"], strict=True)
        )

    @classmethod
    def load(cls, reference_dir: Path | None = None) -> CountryReference:
        """Read the reference tables from ``reference_dir`` (default: the repository's
        ``data/reference``) and return a ready-to-match reference. Reads files only: the caller
        decides whether and where to cache the result."""
        directory = REFERENCE_DIR if reference_dir is None else Path(reference_dir)
        return cls(
            countries_m49=_read_text_csv(directory / COUNTRIES_FILE),
            ldc_graduations=_read_text_csv(directory / GRADUATIONS_FILE),
            country_aliases=_read_text_csv(directory / ALIASES_FILE),
        )

    def match(self, raw: str | None, user_aliases: Mapping[str, str] | None = None) -> CountryMatch:
        """Return the country that ``raw`` names, with the method that recognised it.

        ``user_aliases`` maps values as typed (compared after normalization) to ISO3 codes; it
        wins over everything but blanks, so a user can correct any automatic answer. Raises
        ValueError when a user alias that applies maps to an unknown ISO3 code."""
        text = _stripped(raw)
        key = normalize_key(text)
        if text.casefold() in BLANK_MARKERS or not key:
            return CountryMatch(raw=text, iso3=None, method="blank")

        if user_aliases:
            user_iso3 = self._user_alias_iso3(key, user_aliases)
            if user_iso3 is not None:
                return CountryMatch(raw=text, iso3=user_iso3, method="user_alias")

        code = text.upper()
        if len(code) == 3 and code in self._iso3_codes:
            return CountryMatch(raw=text, iso3=code, method="iso3")
        if len(code) == 2 and code in self._iso3_by_iso2:
            return CountryMatch(raw=text, iso3=self._iso3_by_iso2[code], method="iso2")

        for lookup, lookup_key, method in (
            (self._iso3_by_name, key, "name"),
            (self._iso3_by_name_without_article, _without_article(key), "name"),
            (self._iso3_by_alias, key, "alias"),
        ):
            if lookup_key in lookup:
                return _found(text, lookup[lookup_key], method)

        fuzzy = self._fuzzy_match(text, key)
        regex_iso3 = self._regex_iso3(text, key)
        # A regex matches part of the value ("dominica(?!n)" inside "Dominica Republic"), a
        # confident fuzzy guess matches all of it: when the two name different countries the
        # whole-value guess is the better evidence, and its 'fuzzy' method flags it for review.
        if regex_iso3 is not _NOT_FOUND and (fuzzy.iso3 is None or fuzzy.iso3 == regex_iso3):
            return _found(text, regex_iso3, "regex")
        return fuzzy

    def groups_as_of(self, iso3: str, on: date) -> CountryGroups:
        """Return whether the country was an LDC, LLDC and SIDS on the date ``on``.

        A country counts as LDC when the snapshot flags it or the graduation table lists it,
        unless its graduation date is on or before ``on``. LLDC and SIDS come from the snapshot.
        Raises KeyError for a code the reference does not have."""
        snapshot = self._snapshot_groups[iso3]
        on_day = on.date() if isinstance(on, datetime) else on
        listed = iso3 in self._graduation_date_by_iso3
        graduation_date = self._graduation_date_by_iso3.get(iso3)
        graduated = graduation_date is not None and graduation_date <= on_day
        return CountryGroups(
            ldc=(snapshot.ldc or listed) and not graduated,
            lldc=snapshot.lldc,
            sids=snapshot.sids,
        )

    def _user_alias_iso3(self, key: str, user_aliases: Mapping[str, str]) -> str | None:
        """Return the ISO3 code a user alias gives the normalized ``key``, or None."""
        for alias, iso3 in user_aliases.items():
            if normalize_key(alias) == key:
                code = iso3.strip().upper()
                if code not in self._iso3_codes:
                    raise ValueError(f"user alias {alias!r} maps to unknown ISO3 code {iso3!r}")
                return code
        return None

    def _regex_iso3(self, text: str, key: str) -> str | None | object:
        """Return the one ISO3 code (or None for a known area without a code) whose name regex
        matches the value, or _NOT_FOUND when none or several countries match. The regexes were
        written for names as typed, so they run on the raw text first, then on the key."""
        for candidate in (text, key):
            matched = {iso3 for pattern, iso3 in self._regexes if pattern.search(candidate)}
            if len(matched) == 1:
                return matched.pop()
            if len(matched) > 1:
                # Some regexes are broad ("\bchad", "sierra"): two countries matching means the
                # value names neither clearly, and guessing would silently misplace a respondent.
                return _NOT_FOUND
        return _NOT_FOUND

    def _fuzzy_match(self, text: str, key: str) -> CountryMatch:
        """Return the closest name or alias when it scores at least FUZZY_MATCH_MIN_SCORE and no
        other country scores as high; otherwise an 'unrecognized' match."""
        if len(key) < FUZZY_MATCH_MIN_LENGTH:
            return CountryMatch(raw=text, iso3=None, method="unrecognized")
        candidates = process.extract(
            key,
            self._fuzzy_choices,
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_MATCH_MIN_SCORE,
            limit=None,
        )
        if not candidates:
            return CountryMatch(raw=text, iso3=None, method="unrecognized")
        best_score = candidates[0][1]
        best_iso3 = {
            self._fuzzy_iso3[index] for _, score, index in candidates if score == best_score
        }
        if len(best_iso3) != 1:
            # Equally close to two different countries: the value names neither, so no guess.
            return CountryMatch(raw=text, iso3=None, method="unrecognized")
        iso3 = best_iso3.pop()
        if iso3 is None:
            return CountryMatch(raw=text, iso3=None, method="unrecognized")
        return CountryMatch(raw=text, iso3=iso3, method="fuzzy", score=float(best_score))


# Marks "no single answer" where None is itself an answer (a known area without an ISO3 code).
_NOT_FOUND = object()


def _found(text: str, iso3: str | None, method: str) -> CountryMatch:
    """Return the match for a value found in a lookup; a known area without a code is
    'unrecognized' because it has no code to store."""
    if iso3 is None:
        return CountryMatch(raw=text, iso3=None, method="unrecognized")
    return CountryMatch(raw=text, iso3=iso3, method=method)


def _stripped(raw: str | None) -> str:
    """Return the value as text without surrounding spaces; None and NaN (as pandas gives for
    empty cells) become the empty string."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return ""
    return str(raw).strip()


def _read_text_csv(path: Path) -> pd.DataFrame:
    """Read a reference CSV with every column as text. keep_default_na=False keeps Namibia's
    ISO2 code "NA" (and any other literal "NA", "N/A") as text instead of a missing value."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _tidy_countries(coded: pd.DataFrame) -> pd.DataFrame:
    """Return the public countries table: contract columns, three-digit M49 codes, boolean
    group flags and None where the snapshot has no value."""
    tidy = coded.loc[:, list(COUNTRY_COLUMNS)].copy()
    for column in M49_CODE_COLUMNS:
        tidy[column] = tidy[column].map(lambda code: code.zfill(3) if code else None)
    for column in GROUP_FLAG_COLUMNS:
        tidy[column] = tidy[column].str.strip().str.casefold().eq("true")
    for column in ("intermediate_region", "wb_income_level"):
        tidy[column] = tidy[column].map(lambda value: value or None)
    return tidy.reset_index(drop=True)


def _tidy_graduations(graduations: pd.DataFrame) -> pd.DataFrame:
    """Return the graduation table with upper-case ISO3 codes and ``datetime.date`` dates (None
    where a row has no date yet)."""
    tidy = graduations.loc[:, ["iso3", "graduation_date", "status", "note"]].copy()
    tidy["iso3"] = tidy["iso3"].str.strip().str.upper()
    tidy["graduation_date"] = pd.Series(
        [
            date.fromisoformat(text.strip()) if text.strip() else None
            for text in tidy["graduation_date"]
        ],
        index=tidy.index,
        dtype=object,
    )
    return tidy.reset_index(drop=True)


def _require_known_iso3(codes: Iterable[str], known_iso3: set[str], source: str) -> None:
    """Raise ValueError naming the codes in ``codes`` that are not in the countries table."""
    unknown = sorted(set(codes) - known_iso3)
    if unknown:
        raise ValueError(f"{source} names ISO3 codes not in {COUNTRIES_FILE}: {unknown}")


def _names_by_iso3(countries_m49: pd.DataFrame) -> list[tuple[str | None, set[str]]]:
    """Return, for each row, its ISO3 code (None when it has none) and the normalized keys of all
    its names, each also without a leading "the"."""
    result: list[tuple[str | None, set[str]]] = []
    for row in countries_m49.itertuples(index=False):
        keys: set[str] = set()
        for column in NAME_COLUMNS:
            key = normalize_key(getattr(row, column))
            if key:
                keys.add(key)
                if key.startswith(ARTICLE + " "):
                    keys.add(key.removeprefix(ARTICLE + " "))
        result.append((row.iso3 or None, keys))
    return result


def _unambiguous_lookup(pairs: Iterable[tuple[str, str | None]]) -> dict[str, str | None]:
    """Return a key -> ISO3 dict built from ``pairs``, leaving out keys that two different
    countries share, since such a key cannot tell them apart."""
    lookup: dict[str, str | None] = {}
    ambiguous: set[str] = set()
    for key, iso3 in pairs:
        if not key:
            continue
        if key in lookup and lookup[key] != iso3:
            ambiguous.add(key)
        lookup.setdefault(key, iso3)
    for key in ambiguous:
        del lookup[key]
    return lookup
