"""The fast route of a matter whose only required input is its amount (or count), for the call
that gives only it: two bisects and a list index."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from routing._book import Decision
from routing._described import with_inputs
from routing._errors import InputError
from routing._raw_values import REFUSED, UNREAD, amount_cell

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from routing._axes import AmountAxis
    from routing._errors import RoutingError
    from routing._model import Matter
    from routing._router import Router
    from routing._space import DecisionSpace

    Answer = Decision | RoutingError
    Route = Callable[[Mapping[str, Any]], Answer]


def amount_route(
    space: DecisionSpace,
    primary: AmountAxis,
    matter: Matter,
    router: Router,
    full: Route,
) -> Route:
    """The call that gives only the amount: two bisects and a list index (every other input is
    optional, so not given); any other call goes to ``full``."""
    amount = primary.input.id
    cell_of = amount_cell(primary, UNREAD)  # not given: ``full`` says it is missing
    context = tuple(axis.locate(None) for axis in space.others)
    mask = space.context_mask(context)
    outcomes = [space.outcome_of(space.matching(cell, mask)) for cell in range(len(primary.cells))]

    def refused(raw: object) -> Answer:
        """The one input given refuses its value: the full path's error for it."""
        error = router.coerced(primary.input, raw)
        assert type(error) is InputError  # noqa: S101  # what the reader refused
        return error.copy()

    def route(inputs: Mapping[str, Any]) -> Answer:
        if type(inputs) is not dict or len(inputs) != 1:
            return full(inputs)
        value = inputs.get(amount)
        cell = cell_of(value)
        if type(cell) is not int:  # unread: ``full`` says why
            return refused(value) if cell is REFUSED else full(inputs)
        outcome = outcomes[cell]
        if isinstance(outcome, Decision):
            return outcome
        return with_inputs(outcome, matter, inputs, router.checked_values)

    return route
