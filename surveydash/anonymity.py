"""Which respondent groups of one question's answers may be shown together.

The Event report, `summary --json` and the outcome report break each rating question's answers
down by sector, M49 region, LDC / LLDC / SIDS and gender. Whatever is shown of one question can
be added and subtracted: its total, every group of every breakdown, "Other (fewer than k)". The
answers of a set of respondents can be worked out exactly when the set's membership vector is a
linear combination of the shown groups' membership vectors (the total included): call such a set
*recoverable*. The rule, decided once over all the breakdowns together, so that any mix of
pages, JSON and documents shows no more than one of them:

    no recoverable set holds between 1 and k-1 respondents.

1. In each breakdown, groups of fewer than k respondents are merged into "Other (fewer than k)"
   (a person in two small groups, say LDC and SIDS, counts once); when the merged group is still
   smaller than k, its groups are withheld.
2. Then, while a recoverable set of 1 to k-1 respondents remains (LDC minus LLDC when all but
   one LDC respondent are also LLDC; the total minus one breakdown's shown groups; one
   breakdown's group minus another's), a shown group it is worked out from is withheld: the
   smallest one whose withholding makes the set unrecoverable, else the smallest one used.

Recoverable sets are found exactly, not by sampling. Respondents who belong to the same shown
groups form an *atom*; every combination of shown groups is constant on atoms, and is fixed by
its values on the pivot atoms of the reduced row echelon form of the group-by-atom matrix. A set
of fewer than k respondents has at most k-1 atoms, each smaller than k, so trying every
combination of at most k-1 small pivot atoms finds every small recoverable set.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from itertools import combinations

import numpy as np

# Beyond this many combinations of pivot atoms (only reached with a large k and many groups)
# the search stops and the smallest shown group is withheld instead: safe, if cautious.
MAX_COMBINATIONS = 250_000
_TOLERANCE = 1e-7


def other_label(threshold: int) -> str:
    return f"Other (fewer than {threshold})"


def too_few_reason(threshold: int) -> str:
    return f"fewer than {threshold} respondents"


def worked_out_reason(threshold: int) -> str:
    return (
        f"withheld so that fewer than {threshold} respondents cannot be worked out from the "
        "figures shown with it"
    )


@dataclass(frozen=True)
class Group:
    dimension: str
    name: str
    members: frozenset


@dataclass(frozen=True)
class Withheld:
    dimension: str
    name: str
    reason: str


@dataclass(frozen=True)
class Decision:
    shown: tuple[Group, ...]
    withheld: tuple[Withheld, ...]

    def shown_in(self, dimension: str) -> list[Group]:
        return [group for group in self.shown if group.dimension == dimension]

    def withheld_in(self, dimension: str) -> list[Withheld]:
        return [group for group in self.withheld if group.dimension == dimension]


def decide(
    everyone: Collection,
    breakdowns: Mapping[str, Mapping[str, Collection]],
    threshold: int,
) -> Decision:
    """Which groups to show, given everyone who answered and each breakdown's groups (dimension
    -> group name -> members; a person may be in several groups of one dimension)."""
    everyone = frozenset(everyone)
    shown: list[Group] = []
    withheld: list[Withheld] = []
    for dimension, groups in breakdowns.items():
        small: list[str] = []
        merged: set = set()
        for name in sorted(groups):
            members = frozenset(groups[name]) & everyone
            if not members:
                continue
            if len(members) >= threshold:
                shown.append(Group(dimension, name, members))
            else:
                small.append(name)
                merged |= members
        if small and len(merged) >= threshold:
            shown.append(Group(dimension, other_label(threshold), frozenset(merged)))
        else:
            withheld.extend(Withheld(dimension, name, too_few_reason(threshold)) for name in small)
    while True:
        leak = small_recoverable_set(everyone, [group.members for group in shown], threshold)
        if leak is None:
            break
        culprit = _group_to_withhold(everyone, shown, leak, threshold)
        shown.remove(culprit)
        withheld.append(Withheld(culprit.dimension, culprit.name, worked_out_reason(threshold)))
    return Decision(tuple(shown), tuple(withheld))


def small_recoverable_set(
    everyone: frozenset, shown: list[frozenset], threshold: int
) -> frozenset | None:
    """A set of 1 to threshold-1 respondents whose answers the total and the shown groups give
    away, or None. An empty frozenset stands for "too many combinations to search"."""
    if threshold <= 1 or not everyone or not shown:
        return None
    rows = [everyone, *shown]
    atoms, matrix, sizes = _atoms(everyone, rows)
    reduced, pivots = _row_echelon(matrix)
    small = [index for index, column in enumerate(pivots) if sizes[column] < threshold]
    budget = MAX_COMBINATIONS
    for count in range(1, min(threshold - 1, len(small)) + 1):
        chosen = np.array(list(combinations(small, count)), dtype=np.int64).reshape(-1, count)
        if len(chosen) > budget:
            return frozenset()
        budget -= len(chosen)
        chosen = chosen[sizes[np.asarray(pivots)[chosen]].sum(axis=1) < threshold]
        if not len(chosen):
            continue
        vectors = reduced[chosen].sum(axis=1)
        ones = np.abs(vectors - 1) < _TOLERANCE
        zero_or_one = ones | (np.abs(vectors) < _TOLERANCE)
        people = (ones * sizes).sum(axis=1)
        # The total alone is the question's own figure, shown whatever the breakdowns do.
        proper = (people >= 1) & (people < min(threshold, len(everyone)))
        found = np.flatnonzero(zero_or_one.all(axis=1) & proper)
        if len(found):
            in_set = np.flatnonzero(ones[found[0]])
            return frozenset().union(*(atoms[index] for index in in_set))
    return None


def _atoms(everyone: frozenset, rows: list[frozenset]):
    """Respondents grouped by the shown groups they belong to: the atoms, the group-by-atom
    0/1 matrix and each atom's size."""
    by_signature: dict[tuple[bool, ...], list] = {}
    for person in everyone:
        by_signature.setdefault(tuple(person in row for row in rows), []).append(person)
    signatures = list(by_signature)
    matrix = np.array(signatures, dtype=float).T.reshape(len(rows), len(signatures))
    sizes = np.array([len(by_signature[s]) for s in signatures], dtype=np.int64)
    return [frozenset(by_signature[s]) for s in signatures], matrix, sizes


def _row_echelon(matrix: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """The reduced row echelon form (nonzero rows only) and its pivot columns. Partial pivoting
    keeps it exact enough for 0/1 matrices of a few hundred columns."""
    reduced = matrix.astype(float).copy()
    row_count, column_count = reduced.shape
    pivots: list[int] = []
    row = 0
    for column in range(column_count):
        if row == row_count:
            break
        best = row + int(np.argmax(np.abs(reduced[row:, column])))
        if abs(reduced[best, column]) < _TOLERANCE:
            continue
        reduced[[row, best]] = reduced[[best, row]]
        reduced[row] /= reduced[row, column]
        others = np.arange(row_count) != row
        reduced[others] -= np.outer(reduced[others, column], reduced[row])
        pivots.append(column)
        row += 1
    return reduced[:row], pivots


def _in_span(rows: list[frozenset], target: frozenset, everyone: frozenset) -> bool:
    if not rows:
        return False
    atoms, matrix, _ = _atoms(everyone, [*rows, target])
    groups, wanted = matrix[:-1], matrix[-1]
    coefficients, *_ = np.linalg.lstsq(groups.T, wanted, rcond=None)
    return bool(np.abs(groups.T @ coefficients - wanted).max() < _TOLERANCE)


def _group_to_withhold(
    everyone: frozenset, shown: list[Group], leak: frozenset, threshold: int
) -> Group:
    by_size = sorted(shown, key=lambda group: (len(group.members), group.dimension, group.name))
    if not leak:  # too many combinations to search: be cautious
        return by_size[0]
    for candidate in by_size:
        rest = [everyone, *(group.members for group in shown if group is not candidate)]
        if not _in_span(rest, leak, everyone):
            return candidate
    # Several ways to work the set out: withhold the smallest group one of them uses.
    atoms, matrix, _ = _atoms(everyone, [everyone, *(g.members for g in shown), leak])
    groups, wanted = matrix[:-1], matrix[-1]
    coefficients, *_ = np.linalg.lstsq(groups.T, wanted, rcond=None)
    used = {id(group) for group, c in zip(shown, coefficients[1:], strict=True) if abs(c) > 1e-6}
    return next(group for group in by_size if id(group) in used)
