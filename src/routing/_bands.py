"""The amount axis of one matter cut into bands, each with what the text says happens in it: the
regions of its decision space for fixed values of the other inputs, merged where the outcome is
the same."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from routing._axes import merged_interval, span_text
from routing._ranges import Interval
from routing._space import outcome_words

if TYPE_CHECKING:
    from collections.abc import Mapping

    from routing._axes import AmountAxis
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
    target = book.matter(matter)
    space = book.router.space(target.id)
    primary = space.primary
    raw = dict(others or {})
    if primary is not None:
        raw[primary.input.id] = "0"
    values = book.coerce(target.id, raw)
    _, context = space.locate(values)
    regions = list(space.regions(context))
    if primary is None:
        return [Band(Interval(), "任意金额", outcome_words(regions[0].outcome)[1])]
    bands: list[Band] = []
    run: tuple[int, int, tuple[object, ...], str] | None = None
    for region in regions:
        if region.first >= primary.given:
            continue  # "not given": not on the axis
        key, text = outcome_words(region.outcome)
        if run is not None and run[2] == key:
            run = (run[0], region.last, key, text)
            continue
        if run is not None:
            bands.append(_band(primary, run))
        run = (region.first, region.last, key, text)
    if run is not None:
        bands.append(_band(primary, run))
    return bands


def _band(axis: AmountAxis, run: tuple[int, int, tuple[object, ...], str]) -> Band:
    first, last, _, text = run
    return Band(merged_interval(axis, first, last), span_text(axis, first, last), text)
