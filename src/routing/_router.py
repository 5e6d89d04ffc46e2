"""Route matters by lookup in their compiled decision spaces (``_space``).

A matter's space is compiled on its first call, together with a *fast route* (``_fast_route``) for
the calls after it. Anything the fast route does not take — a Chinese input name, a missing,
unknown or bad input — comes to the full path here, which checks and coerces every input and gives
the same answers and the errors. Errors are returned, not raised, until the caller's edge, so a
batch keeps no tracebacks; each raw value is coerced once (``Router.coerced``), good or bad.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from routing._book import Decision
from routing._coerce import COERCE
from routing._collector import collector_paused
from routing._described import with_values
from routing._errors import InputError, ParseError, RoutingError
from routing._fast_route import fast_route
from routing._names import close_matches, did_you_mean
from routing._raw_values import PLAIN, raw_token
from routing._space import DecisionSpace

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from routing._book import RuleBook
    from routing._model import Input, Matter

Answer = Decision | RoutingError
_MEMO_SIZE = 65_536  # coerced raw values kept per book; past it they are coerced each time
_UNSEEN = object()


class Router:
    """All tables of a rule book, each compiled on first use; ``route`` answers one matter."""

    def __init__(self, book: RuleBook) -> None:
        self.book = book
        self.tables = {table.matter.id: table for table in book.tables}
        self.by_name = {table.matter.name: table.matter.id for table in book.tables}
        self.spaces: dict[str, DecisionSpace] = {}
        # The fast route of each matter answered so far, under its id and its Chinese name.
        self.fast: dict[str, Callable[[Mapping[str, Any]], Answer]] = {}
        # By matter id, its fast route over many cases (what ``route_batch`` runs).
        self.batches: dict[str, Callable[[Iterable[Mapping[str, Any]]], list[Answer]]] = {}
        self.values: dict[tuple[object, ...], object] = {}  # see coerced

    def space(self, matter_id: str) -> DecisionSpace:
        """The compiled decision space of a matter (by id)."""
        found = self.spaces.get(matter_id)
        if found is None:
            found = self.spaces[matter_id] = DecisionSpace(self.tables[matter_id])
        return found

    def matter(self, name: str) -> Matter:
        matter_id = name if name in self.tables else self.by_name.get(name)
        if matter_id is None:
            known = "、".join(t.matter.shown for t in self.book.tables)
            near = close_matches(name, {t.matter.id: t.matter.name for t in self.book.tables})
            hint, hint_en = did_you_mean(near)
            raise InputError(
                "matter.unknown",
                f"{self.book.jurisdiction} 没有事项「{name}」{hint};可用:{known}",
                f"{self.book.jurisdiction} has no matter {name!r}{hint_en}; known matters: "
                + ", ".join(t.matter.shown for t in self.book.tables),
            )
        return self.tables[matter_id].matter

    def coerce(self, name: str, inputs: Mapping[Any, Any] | object) -> dict[str, object]:
        """Check every input and convert it to its typed value; ``InputError`` names what is wrong."""
        values = self.checked_values(self.matter(name), inputs)
        if isinstance(values, InputError):
            raise values
        return values

    def checked_values(
        self, matter: Matter, inputs: Mapping[Any, Any] | object
    ) -> dict[str, object] | InputError:
        """``coerce``, with the error returned: a batch of bad cases raises and catches nothing."""
        # route_batch(m, [None]), route(["x"]) from Python; a dict is checked first: it is cheaper
        if type(inputs) is not dict and not isinstance(inputs, Mapping):
            return InputError(
                "input.invalid",
                "输入应为 名称=值 的映射",
                f"the inputs must be a mapping of names to values, not {type(inputs).__name__}",
            )
        values: dict[str, object] = {}
        for key, raw in inputs.items():
            input_ = matter.input(key) if isinstance(key, str) else None
            if input_ is None:
                return self._unknown_input(matter, key)
            if raw is None:
                continue
            value = self.coerced(input_, raw)
            if type(value) is InputError:
                return value.copy()
            values[input_.id] = value
        missing = [i for i in matter.inputs if i.required and i.id not in values]
        if missing:
            return InputError(
                "input.missing",
                f"事项 {matter.shown} 缺少必填输入:" + "、".join(i.shown for i in missing),
                f"{matter.shown} needs the inputs: " + ", ".join(i.shown for i in missing),
            )
        return values

    @staticmethod
    def _unknown_input(matter: Matter, key: object) -> InputError:
        near = close_matches(str(key), {i.id: i.label for i in matter.inputs})
        hint, hint_en = did_you_mean(near)
        known = "、".join(i.shown for i in matter.inputs)
        return InputError(
            "input.unknown",
            f"事项 {matter.shown} 没有输入「{key}」{hint};可用:{known}",
            f"{matter.shown} has no input {key!r}{hint_en}; its inputs are: "
            + ", ".join(i.shown for i in matter.inputs),
        )

    def coerced(self, input_: Input, raw: object) -> object:
        """``raw`` as ``input_`` takes it, or the ``InputError`` saying why not (shared: ``copy``
        it before handing it out); kept per plain raw value, so a value seen again (a batch's bad
        amount, an unknown choice) is not parsed, matched against the choices and put in words
        again."""
        token = (type(raw), raw) if type(raw) in PLAIN else raw_token(raw)
        key = None if token is None else (id(input_), *token)  # inputs live as long as the book
        found = self.values.get(key, _UNSEEN) if key is not None else _UNSEEN
        if found is _UNSEEN:
            try:
                found = COERCE[input_.kind](raw, input_)
            except ParseError as error:
                found = InputError.from_parse(error, input_.shown)
            if key is not None and len(self.values) < _MEMO_SIZE:
                self.values[key] = found
        return found

    def route(self, name: str, inputs: Mapping[str, Any]) -> Decision:
        """The decision for ``inputs``; the outcome's error (``NoRuleError``, …) is raised."""
        fast = self.fast.get(name)
        answer = fast(inputs) if fast is not None else self.answer(name, inputs)
        if isinstance(answer, Decision):
            return answer
        raise answer

    def answer(self, name: str, inputs: Mapping[str, Any]) -> Answer:
        """The full path: every input checked and coerced, then the space decides. The first call
        for a matter also installs its fast route."""
        try:
            matter = self.matter(name)
        except InputError as error:
            error.__traceback__ = None
            return error
        self.fast_route_of(matter)
        values = self.checked_values(matter, inputs)
        if isinstance(values, InputError):
            return values
        outcome = self.space(matter.id).decide(values)
        return outcome if isinstance(outcome, Decision) else with_values(outcome, matter, values)

    def fast_route_of(self, matter: Matter) -> Callable[[Mapping[str, Any]], Answer]:
        """The matter's fast route, compiled with its space on first use, under its id and its
        Chinese name."""
        route = self.fast.get(matter.id)
        if route is None:
            route, batch = fast_route(self.space(matter.id), matter, self)
            self.fast[matter.id], self.batches[matter.id] = route, batch
            if matter.name not in self.tables:
                self.fast[matter.name] = route
        return route

    def route_batch(
        self, name: str, inputs: Iterable[Mapping[str, Any]]
    ) -> list[Decision | RoutingError]:
        """Route many cases of one matter: each gets its decision or its error, in order, and one
        bad case never stops the rest. An unknown matter raises, as it concerns every case."""
        matter = self.matter(name)
        self.fast_route_of(matter)
        with collector_paused():  # one error per bad case, all kept: see _collector
            return self.batches[matter.id](inputs)
