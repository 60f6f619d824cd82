"""Who may see and change what: the roles, what each may do, and the users who hold them.

Three roles, each with the rights of the one before it:
- viewer: reads the reports (Overview, Event report, Compare);
- analyst: also imports files, adds events, fixes mappings, selects feedback, certificates;
- admin: also manages users, undoes imports, edits and deletes events, erases people, exports
  row-level data and reads the audit trail.

A person who signed in on the dashboard acts with the role the `users` table gives their
e-mail *now*: every check reads it again, so a removed user loses access on their next click,
not when their 30-day sign-in cookie ends. The command line, and a dashboard served without
sign-in on this machine only, act as the operating-system user with every right: whoever can
run them can already write the database file.

This module never imports streamlit: the dashboard and the CLI both call it, and every write
in surveydash.writes checks here again, whatever page or command asked for it.
"""

from __future__ import annotations

import getpass
import re
from dataclasses import dataclass

from surveydash import audit
from surveydash.db import Database

ROLES = ("viewer", "analyst", "admin")

# Each action and the least role that may do it. The dashboard hides what a role may not do;
# the engine refuses it again (require), so a page that forgot to hide a button changes nothing.
ACTION_ROLES = {
    "read": "viewer",
    "event.add": "analyst",
    "import": "analyst",
    "mapping": "analyst",
    "selected-feedback": "analyst",
    "certificates": "analyst",
    "users": "admin",
    "audit.read": "admin",
    "import.undo": "admin",
    "event.edit": "admin",
    "event.delete": "admin",
    "person.erase": "admin",
    "export": "admin",
}

# Each dashboard page (by its url_path; the Overview, the default page, has "") and the least
# role that sees it. A page not named here is shown to admins only: a new page stays private
# until someone decides who it is for.
PAGE_ROLES = {
    "": "viewer",
    "report": "viewer",
    "compare": "viewer",
    "upload": "analyst",
    "data-quality": "analyst",
    "certificates": "analyst",
    "admin": "admin",
}

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AccessDenied(PermissionError):
    """The actor may not do this; the message says what role it needs."""


class UserError(ValueError):
    """A user change that cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in e-mail (role from `users`), or the machine's own user."""

    name: str
    signed_in: bool

    @classmethod
    def signed_in_as(cls, email: str) -> Actor:
        return cls(normalize_email(email), signed_in=True)


def local_actor() -> Actor:
    """The operating-system user running the CLI or an unauthenticated local dashboard."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown local user"
    return Actor(name, signed_in=False)


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def role_rank(role: str | None) -> int:
    """0 for no role, then 1, 2, 3 for viewer, analyst, admin."""
    return ROLES.index(role) + 1 if role in ROLES else 0


def role_of(db: Database, actor: Actor) -> str | None:
    """The actor's role as the database says now; None for a signed-in stranger."""
    if not actor.signed_in:
        return "admin"
    cursor = db.cursor()
    try:
        found = cursor.execute("select role from users where email = ?", [actor.name]).fetchall()
    finally:
        cursor.close()
    return found[0][0] if found else None


def may(role: str | None, action: str) -> bool:
    return role_rank(role) >= role_rank(ACTION_ROLES[action])


def may_see_page(role: str | None, url_path: str) -> bool:
    return role_rank(role) >= role_rank(PAGE_ROLES.get(url_path, "admin"))


def require(db: Database, actor: Actor, action: str) -> str:
    """The actor's current role if it allows the action; else AccessDenied."""
    role = role_of(db, actor)
    if not may(role, action):
        needed = ACTION_ROLES[action]
        held = f"has the role {role}" if role else "has no access"
        raise AccessDenied(f"{actor.name} {held}: {action} needs the role {needed} or higher")
    return role


# -- users ---------------------------------------------------------------------------------------


def list_users(db: Database) -> list[dict]:
    """Every user with their role, who added them and when, by e-mail."""
    cursor = db.cursor()
    try:
        rows = cursor.execute(
            "select email, role, added_by, added_at from users order by email"
        ).fetchall()
    finally:
        cursor.close()
    return [dict(zip(("email", "role", "added_by", "added_at"), row, strict=True)) for row in rows]


def add_user(db: Database, actor: Actor, email: str, role: str) -> str:
    """Give an e-mail a role (a known user's role is changed); returns what was done."""
    require(db, actor, "users")
    email = normalize_email(email)
    if not EMAIL_PATTERN.match(email):
        raise UserError(f"'{email}' is not an e-mail address")
    if role not in ROLES:
        raise UserError(f"role '{role}' must be one of {', '.join(ROLES)}")
    with db.writing() as cursor:
        before = cursor.execute("select role from users where email = ?", [email]).fetchall()
        if before:
            cursor.execute("update users set role = ? where email = ?", [role, email])
            done = f"{email}: role {before[0][0]} -> {role}"
        else:
            cursor.execute(
                "insert into users (email, role, added_by) values (?, ?, ?)",
                [email, role, actor.name],
            )
            done = f"{email}: added as {role}"
        audit.record(
            cursor,
            actor,
            "user.add",
            email,
            {"role": role, "previous_role": before[0][0] if before else None},
        )
    return done


def remove_user(db: Database, actor: Actor, email: str) -> None:
    """Take away an e-mail's access. Refuses to remove the last admin, who alone could add
    people back from the dashboard."""
    require(db, actor, "users")
    email = normalize_email(email)
    with db.writing() as cursor:
        found = cursor.execute("select role from users where email = ?", [email]).fetchall()
        if not found:
            raise UserError(f"{email} is not a user")
        if found[0][0] == "admin":
            admins = cursor.execute("select count(*) from users where role = 'admin'").fetchall()
            if admins[0][0] == 1:
                raise UserError(
                    f"{email} is the last admin: add another admin first "
                    "(surveydash users add EMAIL --role admin)"
                )
        cursor.execute("delete from users where email = ?", [email])
        audit.record(cursor, actor, "user.remove", email, {"role": found[0][0]})
