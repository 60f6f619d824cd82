"""The fields of each kind of data, described once: what the readers stage, what the Upload
page offers in its column editor, what the demo files and the benchmark's generated files hold,
and what README's generic layouts list (tests/test_docs.py checks that list against this one).

A field is a column of the generic layout; readers of the tools' own layouts stage the same
fields under these names, so that everything after reading is the same whatever made the file.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("registrations", "attendance", "survey")


@dataclass(frozen=True)
class Field:
    """One field of a kind: its name, what the Upload page calls it, whether the kind needs
    it, and whether it holds a date and time (read by surveydash.dates' one rule)."""

    name: str
    label: str
    required: bool = False
    is_date: bool = False


# In the order README documents them; a required field first.
FIELDS: dict[str, tuple[Field, ...]] = {
    "registrations": (
        Field("email", "E-mail", required=True),
        Field("first_name", "First name"),
        Field("last_name", "Last name"),
        Field("country", "Country"),
        Field("sector", "Sector (type of organization)"),
        Field("organization", "Organization"),
        Field("gender", "Gender"),
        Field("registered_at", "Registered at", is_date=True),
    ),
    "attendance": (
        Field("email", "E-mail", required=True),
        Field("join_time", "Join time", is_date=True),
        Field("leave_time", "Leave time", is_date=True),
        Field("minutes", "Minutes"),
        Field("session", "Session"),
    ),
    "survey": (
        Field("submitted_at", "Submitted at", is_date=True),
        Field("email", "E-mail"),
        Field("sector", "Sector (type of organization)"),
        Field("country", "Country"),
        Field("gender", "Gender"),
    ),
}

KIND_FIELDS: dict[str, tuple[str, ...]] = {
    kind: tuple(f.name for f in fields) for kind, fields in FIELDS.items()
}
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    kind: tuple(f.name for f in fields if f.required) for kind, fields in FIELDS.items()
}
DATE_FIELDS = frozenset(f.name for fields in FIELDS.values() for f in fields if f.is_date)
FIELD_LABELS: dict[str, str] = {f.name: f.label for fields in FIELDS.values() for f in fields}
