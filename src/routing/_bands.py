"""The amount axis of one matter cut into bands, each with the body that decides in it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from routing._diff import _outcome, _region_interval, _span
from routing._ranges import Interval
from routing._router import CompiledTable, region_representatives

if TYPE_CHECKING:
    from collections.abc import Mapping

    from routing._jurisdiction import Jurisdiction


@attrs.frozen
class Band:
    """A stretch of amounts with one outcome: the chain's text (or why nothing decides)."""

    interval: Interval
    span: str
    outcome: str


def amount_bands(
    book: Jurisdiction, matter: str, others: Mapping[str, object] | None = None
) -> list[Band]:
    """The bands of ``matter``'s amount input, the other inputs fixed to ``others`` (raw text)."""
    target = book.router.matter(matter)
    compiled = CompiledTable(next(t for t in book.tables if t.matter.id == target.id))
    amount = compiled.index_input
    raw = dict(others or {})
    if amount is not None:
        raw[amount] = "0"
    values = book.coerce(target.id, raw)
    values.pop(amount or "", None)
    if amount is None:
        return [Band(Interval(), "任意金额", _outcome(compiled, values)[1])]
    label = next((i.label for i in target.inputs if i.id == amount), amount)
    bands: list[Band] = []
    start = 0
    outcomes = [
        _outcome(compiled, {**values, amount: p})[1]
        for p in region_representatives(compiled.breakpoints)
    ]
    for index, outcome in enumerate(outcomes):
        if index + 1 < len(outcomes) and outcomes[index + 1] == outcome:
            continue
        first = _region_interval(compiled.breakpoints, start)
        last = _region_interval(compiled.breakpoints, index)
        interval = Interval(
            first.low, last.high, low_closed=first.low_closed, high_closed=last.high_closed
        )
        if (
            interval.high is None
            or interval.high > 0
            or (interval.high == 0 and interval.high_closed)
        ):
            bands.append(Band(interval, _span(label, interval), outcome))
        start = index + 1
    return bands
