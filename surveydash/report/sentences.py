"""The sentences of an outcome report, written as organizers write them.

"The Forum received 693 registrations from 91 countries and was attended by 343 participants
from 50 countries." "The participants survey received 32 responses." "The respondents were from
Academic Institutions (37.5%), Local or Regional Government (25%), ... and Other (3.1%)."

One rule for shares everywhere in a report: one decimal, a trailing ".0" dropped (37.5%, 25%,
3.1%). A figure the event does not have (no attendance imported, no country given) is left out
of the sentence rather than written as 0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

# The kinds of event a title names, as the report calls them ("The Forum"), with the words
# that name them in the titles of the demo's and UN DESA's events (English, French, Spanish).
# The first kind whose word appears in the title wins; "event" when none does.
EVENT_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "Forum": ("forum", "foro"),
    "Webinar": ("webinar", "webinaire", "seminario web"),
    "Workshop": ("workshop", "atelier", "taller"),
    "Course": ("course", "cours", "curso"),
    "Training": ("training", "formation", "capacitación"),
    "Conference": ("conference", "conférence", "conferencia"),
    "Seminar": ("seminar", "séminaire", "seminario"),
    "Symposium": ("symposium", "simposio"),
    "Summit": ("summit", "sommet", "cumbre"),
    "Meeting": ("meeting", "réunion", "reunión"),
    "Dialogue": ("dialogue", "diálogo"),
    "Roundtable": ("roundtable", "round table", "table ronde", "mesa redonda"),
}
DEFAULT_EVENT_KIND = "event"
# Sectors a composition sentence puts last whatever their share: they say least about who came.
LAST_SECTORS = ("Other",)
# Respondents whose sector is unknown are counted in the shares but not named in the sentence.
UNSTATED_SECTOR = "Not stated"


def format_share(value: float | None) -> str:
    """37.5 -> '37.5%', 25.0 -> '25%', 3.125 -> '3.1%': the one rule for shares in a report."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{float(value):.1f}".removesuffix(".0") + "%"


def default_event_kind(title: str) -> str:
    """What the report calls an event whose kind nobody set: the kind its title names
    ('2022 UN DESA-KRILA Forum' -> 'Forum'), else 'event'."""
    words = (title or "").casefold()
    for kind, names in EVENT_KIND_WORDS.items():
        if any(re.search(rf"\b{re.escape(name)}\b", words) for name in names):
            return kind
    return DEFAULT_EVENT_KIND


def _counted(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count:,} {singular if count == 1 else (plural or singular + 's')}"


def _from_countries(countries: int | None) -> str:
    return f" from {_counted(countries, 'country', 'countries')}" if countries else ""


def _listed(parts: Sequence[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + ", and " + parts[-1]


def headline_sentence(
    kind: str,
    registrations: int,
    registration_countries: int,
    attendees: int,
    attendee_countries: int,
) -> str:
    """The introduction's sentence: what the event received and who attended, saying only
    what the event has ('' when it has neither registrations nor attendance)."""
    subject = f"The {kind}"
    received = (
        f"received {_counted(registrations, 'registration')}"
        f"{_from_countries(registration_countries)}"
        if registrations
        else ""
    )
    attended = (
        f"was attended by {_counted(attendees, 'participant')}{_from_countries(attendee_countries)}"
        if attendees
        else ""
    )
    said = " and ".join(part for part in (received, attended) if part)
    return f"{subject} {said}." if said else ""


def responses_sentence(responses: int) -> str:
    """'The participants survey received 32 responses.' ('' when there is no survey)."""
    if not responses:
        return ""
    return f"The participants survey received {_counted(responses, 'response')}."


def composition_sentence(shares: Sequence[tuple[str, float]], stage: str = "respondents") -> str:
    """'The respondents were from Academic Institutions (37.5%), ..., and Other (3.1%).':
    sectors from the largest share to the smallest (ties by name), "Other" last, respondents
    whose sector is unknown not named ('' when nobody gave one)."""
    named = [(sector, pct) for sector, pct in shares if sector != UNSTATED_SECTOR]
    ordered = sorted(named, key=lambda item: (item[0] in LAST_SECTORS, -(item[1] or 0), item[0]))
    if not ordered:
        return ""
    parts = [f"{sector} ({format_share(pct)})" for sector, pct in ordered]
    return f"The {stage} were from {_listed(parts)}."
