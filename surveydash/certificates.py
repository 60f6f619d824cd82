"""Certificates of attendance: the rule an event sets, and the list of those who meet it.

This is the one output that carries names and e-mail addresses: it reads `contacts` (through
queries/certificate_recipients.sql, the only query that does). Every list made is logged, with
the event, the rule and how many people it names, never the names themselves. The dashboard
offers it on a page of its own (dashboard/views/certificates.py), so that access to it can be
limited to analysts and admins.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pandas as pd

from surveydash.analytics import query, records
from surveydash.db import Database
from surveydash.events import EventError

RULES = {
    "minutes": "minutes attended in all",
    "sessions": "sessions (days) attended",
}
# The list's columns, as the file shows them.
COLUMNS = {
    "first_name": "First name",
    "last_name": "Last name",
    "email": "E-mail",
    "minutes": "Minutes attended",
    "sessions": "Sessions attended",
}

log = logging.getLogger(__name__)


class CertificateError(ValueError):
    """A rule that cannot be set, or a list that cannot be made; the message says why."""


@dataclass(frozen=True)
class CertificateRule:
    rule: str  # "minutes" or "sessions"
    minimum: int

    def describe(self) -> str:
        """'at least 60 minutes attended in all'."""
        return f"at least {self.minimum:,} {RULES[self.rule]}"


def _known_event(cursor, event_id: str) -> None:
    found = cursor.execute("select 1 from events where event_id = ?", [event_id]).fetchall()
    if not found:
        raise EventError(f"unknown event id '{event_id}'")


def set_certificate_rule(db: Database, event_id: str, rule: str, minimum: int) -> CertificateRule:
    """Set who qualifies for a certificate of the event: at least `minimum` minutes attended
    in all (rule 'minutes') or sessions attended (rule 'sessions'). Replaces an earlier rule."""
    if rule not in RULES:
        raise CertificateError(f"the rule must be one of {', '.join(RULES)}, not '{rule}'")
    if not isinstance(minimum, int) or minimum < 1:
        raise CertificateError(f"the minimum must be a whole number of at least 1, not {minimum}")
    with db.writing() as cursor:
        _known_event(cursor, event_id)
        cursor.execute("delete from certificate_rules where event_id = ?", [event_id])
        cursor.execute(
            "insert into certificate_rules values (?, ?, ?)", [event_id, rule, int(minimum)]
        )
    return CertificateRule(rule, int(minimum))


def certificate_rule(db: Database, event_id: str) -> CertificateRule | None:
    """The event's rule, or None when nobody set one."""
    cursor = db.cursor()
    try:
        found = cursor.execute(
            "select rule, minimum from certificate_rules where event_id = ?", [event_id]
        ).fetchall()
    finally:
        cursor.close()
    return CertificateRule(found[0][0], int(found[0][1])) if found else None


def certificate_recipients(db: Database, event_id: str, *, purpose: str = "list") -> pd.DataFrame:
    """Who qualifies under the event's rule: first and last name, e-mail, minutes and sessions
    attended, one row a person (columns titled as COLUMNS). CertificateError when the event
    has no rule. The making of the list is logged (event, rule, count, purpose)."""
    rule = certificate_rule(db, event_id)
    if rule is None:
        raise CertificateError(
            f"event '{event_id}' has no certificate rule yet: set one with `surveydash event set "
            f"{event_id} --certificate-minutes N` (or --certificate-sessions N)"
        )
    rows = records(query(db, "certificate_recipients", event_id=event_id))
    frame = pd.DataFrame(rows, columns=list(COLUMNS)).rename(columns=COLUMNS)
    log.info(
        "certificate list of event %s made for %s: %d people (%s)",
        event_id,
        purpose,
        len(frame),
        rule.describe(),
    )
    return frame
