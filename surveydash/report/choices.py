"""The organizer's choice of the open answers the report quotes ("Selected Feedback"), saved per
event and question through the one writer."""

from __future__ import annotations

from collections.abc import Iterable

from surveydash.db import Database


class QuoteChoiceError(ValueError):
    """A choice that cannot be saved as given; the message says why."""


def _text_question_answers(cursor, event_id: str, question_id: str) -> set[int]:
    """The response ids of the question's answers; QuoteChoiceError when it is no open
    question of the event."""
    kind = cursor.execute(
        "select kind from questions where event_id = ? and question_id = ?",
        [event_id, question_id],
    ).fetchall()
    if not kind:
        raise QuoteChoiceError(f"event '{event_id}' has no question '{question_id}'")
    if kind[0][0] != "text":
        raise QuoteChoiceError(
            f"question '{question_id}' of event '{event_id}' is not an open question: only "
            "written answers are quoted"
        )
    rows = cursor.execute(
        "select response_id from answers where event_id = ? and question_id = ?",
        [event_id, question_id],
    ).fetchall()
    return {int(row[0]) for row in rows}


def save_quote_choice(
    db: Database,
    event_id: str,
    question_id: str,
    *,
    quote_all: bool = False,
    response_ids: Iterable[int] = (),
) -> None:
    """Quote every answer of the question (`quote_all`) or exactly the answers of
    `response_ids` (none: quote nothing). Replaces the question's earlier choice."""
    chosen = sorted({int(response_id) for response_id in response_ids})
    with db.writing() as cursor:
        known = _text_question_answers(cursor, event_id, question_id)
        unknown = [response_id for response_id in chosen if response_id not in known]
        if unknown:
            raise QuoteChoiceError(
                f"question '{question_id}' of event '{event_id}' has no answer of response "
                f"{unknown[0]}"
            )
        _delete_choice(cursor, event_id, question_id)
        cursor.execute(
            "insert into quote_choices values (?, ?, ?)", [event_id, question_id, quote_all]
        )
        if chosen and not quote_all:
            # With each answer's SHA-256: the choice is of that answer, not of a response number
            # that a replaced survey import gives to someone else.
            cursor.execute(
                "insert into quoted_answers "
                "select event_id, question_id, response_id, sha256(value_text) from answers "
                "where event_id = ? and question_id = ? "
                "and response_id in (select unnest(?::integer[]))",
                [event_id, question_id, chosen],
            )


def clear_quote_choice(db: Database, event_id: str, question_id: str) -> None:
    """Forget the question's choice: the report goes back to quoting every answer up to the
    stated length."""
    with db.writing() as cursor:
        _delete_choice(cursor, event_id, question_id)


def _delete_choice(cursor, event_id: str, question_id: str) -> None:
    for table in ("quote_choices", "quoted_answers"):
        cursor.execute(
            f"delete from {table} where event_id = ? and question_id = ?", [event_id, question_id]
        )
