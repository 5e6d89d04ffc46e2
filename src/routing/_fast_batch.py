"""The batch's own loop for a table whose row of raw values holds all a case gives but the amount
(``_fast_route``): the line nearly every case of a batch takes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from routing._book import Decision
from routing._described import with_inputs
from routing._errors import InputError, RoutingError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from routing._fast_route import _Kept, _Lookup

    Answer = Decision | RoutingError


def rows_batch(lookup: _Lookup, cases: Iterable[Mapping[str, Any]]) -> list[Answer]:
    """``list(map(lookup, cases))`` for a table whose every case's row of raw values holds all
    it gave but the amount (see ``fast_route``): a case whose row is kept is answered in the
    loop (the line nearly every case of a batch takes), any other by the lookup. A kept
    row, and a kept outcome, passed the lookup's checks: every required input given."""
    answers: list[Answer] = []
    answer, route, known, names = answers.append, lookup.__call__, lookup.known, lookup.row_names
    by_kinds, memo, matter, checked = (
        lookup.rows,
        lookup.memo,
        lookup.matter,
        lookup.router.checked_values,
    )
    amount, cell_of = lookup.primary or (None, None)
    whole, texts = lookup.whole, lookup.texts
    for inputs in cases:
        if type(inputs) is dict and known(inputs):
            raws = tuple(map(inputs.get, names))
            row: _Kept | None
            try:
                row = texts.get(raws) if texts is not None else None
                if row is None:
                    rows = by_kinds.get(tuple(map(type, raws)))
                    row = None if rows is None else rows.get(raws)
            except TypeError:  # Decimal("sNaN"), a list: as in ``_row``
                row = None
            if type(row) is tuple:  # the cells of a table with an amount: its cell first
                assert cell_of is not None  # noqa: S101  # only such a table keeps cells
                cell = cell_of(inputs.get(amount))
                outcome = memo.get((cell, *row)) if type(cell) is int else None
                if isinstance(outcome, Decision):
                    answer(outcome)
                    continue
                if outcome is not None:  # a gap, as ``__call__`` answers it
                    answer(with_inputs(outcome, matter, inputs, checked))
                    continue
            elif isinstance(row, Decision):  # a whole table's row
                answer(row)
                continue
            elif isinstance(row, RoutingError):
                answer(row.copy())
                continue
            elif type(row) is frozenset and whole:  # refused values, one a Decimal
                quoted = lookup.quoted(inputs, row)
                answer(quoted.copy() if type(quoted) is InputError else route(inputs))
                continue
        answer(route(inputs))
    return answers
