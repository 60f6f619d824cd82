"""Whether a survey speaks for the audience: the respondents' mix against the attendees'.

Respondents are the attendees who chose to answer, so a survey answered mostly by one sector
speaks for that sector. For each dimension (sector, M49 region, LDC, LLDC, SIDS, gender) the
respondents' counts are tested against the attendees' shares (a goodness-of-fit test with a
Monte Carlo p-value: surveydash.statistics), and a dimension is flagged at p < 0.05. People whose
group is not known ("Not stated", unrecognized countries) are left out of both sides: they are
no group to be over- or under-represented. LDC, LLDC and SIDS overlap (a country can be LDC and
LLDC), so each is its own two-way split: in the group or not.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from surveydash import statistics
from surveydash.db import Database

# A dimension is flagged when the respondents' mix is this unlikely under the attendees' mix.
FLAG_BELOW_P = 0.05
# A group is named as over- or under-represented when its share among respondents is this many
# points from its share among attendees: smaller gaps are not worth a reader's attention.
NAMED_GAP_POINTS = 5.0
# Group labels that say the group is not known.
UNKNOWN_GROUPS = frozenset({"Not stated", "Not stated or unrecognized", "Unknown"})
COUNTRY_GROUPS = ("LDC", "LLDC", "SIDS")


@dataclass(frozen=True)
class GroupShare:
    group: str
    respondents_pct: float
    attendees_pct: float


@dataclass
class DimensionCheck:
    """One dimension's test: `over` and `under` name the groups whose share among respondents is
    at least NAMED_GAP_POINTS above or below their share among attendees, largest gap first."""

    dimension: str
    p_value: float | None
    flagged: bool
    respondents: int
    attendees: int
    over: list[GroupShare] = field(default_factory=list)
    under: list[GroupShare] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def warning(self) -> str | None:
        """'Respondents over-represent Academic Institutions: 37.5% of respondents, 18.1% of
        attendees.' for a flagged dimension; None otherwise."""
        if not self.flagged or not (self.over or self.under):
            return None
        parts = []
        if self.over:
            parts.append("over-represent " + _listed(self.over))
        if self.under:
            parts.append("under-represent " + _listed(self.under))
        return "Respondents " + " and ".join(parts) + "."


def _listed(shares: list[GroupShare]) -> str:
    return "; ".join(
        f"{share.group}: {_pct(share.respondents_pct)} of respondents, "
        f"{_pct(share.attendees_pct)} of attendees"
        for share in shares
    )


def _pct(value: float) -> str:
    return f"{value:g}%"


def check_dimension(
    dimension: str, respondents: dict[str, int], attendees: dict[str, int]
) -> DimensionCheck:
    """Test one dimension's respondents (count per group) against its attendees."""
    respondents = {g: c for g, c in respondents.items() if g not in UNKNOWN_GROUPS and c > 0}
    attendees = {g: c for g, c in attendees.items() if g not in UNKNOWN_GROUPS and c > 0}
    respondent_total, attendee_total = sum(respondents.values()), sum(attendees.values())
    if respondent_total == 0 or attendee_total == 0:
        return DimensionCheck(dimension, None, False, respondent_total, attendee_total)
    shares = {group: count / attendee_total for group, count in attendees.items()}
    p_value = statistics.goodness_of_fit_p(respondents, shares)
    gaps = []
    for group in sorted(set(respondents) | set(attendees)):
        respondent_pct = round(100 * respondents.get(group, 0) / respondent_total, 1)
        attendee_pct = round(100 * attendees.get(group, 0) / attendee_total, 1)
        gaps.append(GroupShare(group, respondent_pct, attendee_pct))
    over = sorted(
        (g for g in gaps if g.respondents_pct - g.attendees_pct >= NAMED_GAP_POINTS),
        key=lambda g: g.attendees_pct - g.respondents_pct,
    )
    under = sorted(
        (g for g in gaps if g.attendees_pct - g.respondents_pct >= NAMED_GAP_POINTS),
        key=lambda g: g.respondents_pct - g.attendees_pct,
    )
    return DimensionCheck(
        dimension,
        round(p_value, 4),
        p_value < FLAG_BELOW_P,
        respondent_total,
        attendee_total,
        over,
        under,
    )


def _counts(frame: pd.DataFrame, stage: str, column: str) -> dict[str, int]:
    rows = frame[frame["stage"] == stage]
    return {
        str(group): int(count) for group, count in zip(rows[column], rows["count"], strict=True)
    }


def nonresponse_checks(db: Database, event_id: str) -> list[DimensionCheck]:
    """Every dimension's check for one event, in a fixed order: sector, region, LDC, LLDC,
    SIDS, gender. A dimension the event has no respondents or attendees for is not flagged."""
    from surveydash.analytics import query

    checks = []
    for dimension, query_name, column in (
        ("sector", "participants_by_sector", "sector"),
        ("region", "participants_by_region", "region"),
    ):
        frame = query(db, query_name, event_id=event_id)
        checks.append(
            check_dimension(
                dimension,
                _counts(frame, "respondents", column),
                _counts(frame, "attendees", column),
            )
        )
    groups = query(db, "participants_by_country_group", event_id=event_id)
    regions = query(db, "participants_by_region", event_id=event_id)
    # Everyone whose country is known, the base of each two-way split.
    known = {
        stage: sum(
            c for g, c in _counts(regions, stage, "region").items() if g not in UNKNOWN_GROUPS
        )
        for stage in ("respondents", "attendees")
    }
    for group in COUNTRY_GROUPS:
        split = {}
        for stage in ("respondents", "attendees"):
            inside = _counts(groups, stage, "country_group").get(group, 0)
            split[stage] = {group: inside, f"not {group}": max(known[stage] - inside, 0)}
        checks.append(check_dimension(group, split["respondents"], split["attendees"]))
    gender = query(db, "participants_by_gender", event_id=event_id)
    checks.append(
        check_dimension(
            "gender",
            _counts(gender, "respondents", "gender"),
            _counts(gender, "attendees", "gender"),
        )
    )
    return checks


@dataclass(frozen=True)
class WeightedRating:
    """A rating question's figures had the respondents mirrored the attendees' sector mix: each
    sector's mean and top-2-box weighted by that sector's share of the attendees. Beside the raw
    figures, not instead of them. Only the sectors the ratings-by-sector breakdown shows are
    weighted (groups above the anonymity threshold, and not withheld to protect another), so
    the weighted figures can be worked out from what is shown and reveal no one's answer."""

    question_id: str
    mean: float | None
    top2_pct: float | None
    sectors: tuple[str, ...]  # the sectors weighted


def weighted_by_attendee_sector(
    db: Database, event_id: str, breakdowns=None
) -> dict[str, WeightedRating]:
    """Each rating question's mean and top-2-box weighted to the attendees' sector mix, by
    question id (`breakdowns`: the event's ratings by sector, thresholds applied, when the
    caller has them already)."""
    from surveydash.analytics import query, rating_by_group

    by_sector = query(db, "participants_by_sector", event_id=event_id)
    attendees = _counts(by_sector, "attendees", "sector")
    if breakdowns is None:
        breakdowns = rating_by_group(db, event_id, "sector")
    weighted = {}
    for breakdown in breakdowns:
        groups = [
            group
            for group in breakdown.shown
            if group.group in attendees and group.group not in UNKNOWN_GROUPS and group.n
        ]
        total = sum(attendees[group.group] for group in groups)
        if not total:
            weighted[breakdown.question_id] = WeightedRating(breakdown.question_id, None, None, ())
            continue
        mean = sum(attendees[g.group] * g.mean for g in groups) / total
        top2 = sum(attendees[g.group] * g.top2_pct for g in groups) / total
        weighted[breakdown.question_id] = WeightedRating(
            breakdown.question_id,
            round(mean, 2),
            round(top2, 1),
            tuple(g.group for g in groups),
        )
    return weighted
