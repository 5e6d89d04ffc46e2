"""The fast route's lookup of a whole row of raw values (tables that look at two or more inputs
other than the amount) gives the full path's answers and errors: decisions, gaps with their
inputs in words, and the first refused value in the caller's order."""

from __future__ import annotations

import functools
import gc
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import routing
from routing._api import shipped_jurisdictions
from routing._model import InputKind
from test_fast_path import _answered, outcome


@functools.cache
def _books() -> dict[str, routing.Jurisdiction]:
    return {place: routing.load(place) for place in shipped_jurisdictions()}


def _lookup(book: routing.Jurisdiction, matter: routing.Matter) -> object:
    """The lookup behind a matter's fast route (its bound ``__call__``); an amount route (a
    function) stands for itself and has none of the lookup's attributes."""
    route = book.router.fast_route_of(matter)
    return getattr(route, "__self__", route)


def _row_matters() -> list[tuple[str, str]]:
    """Every shipped matter whose fast route looks a row of raw values up at once."""
    found = []
    for place, book in _books().items():
        for table in book.tables:
            route = _lookup(book, table.matter)
            if getattr(route, "by_row", False):
                found.append((place, table.matter.id))
    return found


ROW_MATTERS = _row_matters()


def _raw_values(input_: routing.Input) -> st.SearchStrategy[object]:
    """Good, odd and bad raw values of one input, as callers and agendas give them."""
    odd: list[object] = [None, "未知值", True, 1, 0, "", Decimal(1), Decimal("1.0"), Decimal("-0")]
    odd += [Decimal("1E+1"), Decimal("NaN"), Decimal("sNaN")]  # equal or unhashable spellings
    kind = input_.kind
    if kind is InputKind.ENUM:
        good: list[object] = [c.id for c in input_.choices] + [c.label for c in input_.choices]
    elif kind is InputKind.BOOLEAN:
        good = [True, False, "是", "否", "yes", "maybe"]
    elif kind is InputKind.NUMBER:
        good = [3, "2", "2次", "abc", Decimal("2.5"), Decimal("2.50"), Decimal(2)]
    elif kind is InputKind.AMOUNT:
        good = [Decimal(0), "20万", "1000万元", "abc", 5]
    elif kind is InputKind.SET:
        good = [[c.id for c in input_.choices[:2]], ["未知值"], input_.choices[0].id]
    elif kind is InputKind.DATE:
        good = ["2026-10-09", "昨天"]
    else:
        good = ["议题"]
    return st.sampled_from(good + odd)


GOOD = {
    InputKind.BOOLEAN: True,
    InputKind.NUMBER: 1,
    InputKind.AMOUNT: Decimal(1),
    InputKind.DATE: "2026-10-09",
    InputKind.TEXT: "议题",
}


def _good(input_: routing.Input) -> object:
    """A value ``input_`` takes: what a case needs for the inputs it does not vary."""
    if input_.kind is InputKind.ENUM:
        return input_.choices[0].id
    if input_.kind is InputKind.SET:
        return [input_.choices[0].id]
    return GOOD[input_.kind]


def _required(book: routing.Jurisdiction, matter: str) -> dict[str, object]:
    return {i.id: _good(i) for i in book.router.matter(matter).inputs if i.required}


@st.composite
def row_cases(draw: st.DrawFn) -> tuple[routing.Jurisdiction, str, dict[str, object]]:
    """A shipped row matter and a case of it: every required input (almost always given: the
    fast route sends a case without one to the full path) and some optional ones, in a random
    order, each with a good, odd or bad raw value."""
    place, matter = draw(st.sampled_from(ROW_MATTERS))
    book = _books()[place]
    inputs = book.router.matter(matter).inputs
    optional = [i for i in inputs if not i.required]
    chosen = [i for i in inputs if i.required]
    if optional:
        chosen += draw(st.lists(st.sampled_from(optional)))
    chosen = draw(st.permutations(list({i.id: i for i in chosen}.values())))
    case = {input_.id: draw(_raw_values(input_)) for input_ in chosen}
    return book, matter, case


def test_some_shipped_matters_are_looked_up_by_row() -> None:
    """The property below covers a real share of the shipped tables, not none."""
    assert len(ROW_MATTERS) >= 40


@given(row_cases())
def test_a_row_routes_as_the_full_path_first_and_when_seen_again(case) -> None:
    """Every row of raw values, in any caller order, twice (the second time from the kept
    row): the decision, or the error's class, code and messages, of the full path."""
    book, matter, inputs = case
    full = outcome(lambda: _answered(book.router.answer(matter, inputs)))
    for _ in range(2):
        assert outcome(lambda: book.route(matter, **inputs)) == full
    batch = book.route_batch(matter, [inputs, dict(inputs)])
    shown = [outcome(lambda r=r: _answered(r)) for r in batch]
    assert shown == [full, full]
    assert len({id(r) for r in batch}) == 2 or isinstance(batch[0], routing.Decision)


@pytest.mark.parametrize("order", ["as_declared", "reversed"])
def test_two_refused_values_name_the_callers_first(order) -> None:
    """Two looked-up yes/no inputs both refuse their values: the error names the one the caller
    gave first, on the first call and from the kept row, as the full path does."""
    place, matter, flags = next(
        (p, m, flags)
        for p, m in ROW_MATTERS
        for route in [_lookup(_books()[p], _books()[p].router.matter(m))]
        for flags in [[i.id for i, _, _ in route.lookups if i.kind is InputKind.BOOLEAN]]
        if len(flags) >= 2 and not route.unlooked
    )
    book = _books()[place]
    pairs = [(flags[0], "maybe"), (flags[1], "也许")]
    inputs = {**_required(book, matter), **dict(pairs if order == "as_declared" else pairs[::-1])}
    first = pairs[0][1] if order == "as_declared" else pairs[1][1]
    for _ in range(2):
        (error,) = book.route_batch(matter, [inputs])
        assert isinstance(error, routing.InputError)
        assert first in error.message
        assert outcome(lambda e=error: _answered(e)) == outcome(
            lambda: _answered(book.router.answer(matter, inputs))
        )


@pytest.mark.parametrize(("place", "matter"), ROW_MATTERS)
def test_true_and_one_are_kept_apart(place, matter) -> None:
    """``True`` and ``1`` (and ``False`` and ``0``) are equal keys in a dict; rows are kept by
    their values' types as well, so each gives its own answer, as the full path does."""
    book = _books()[place]
    route = _lookup(book, book.router.matter(matter))
    for name in route.names:
        for raw in (True, 1, False, 0, "1", True):
            case = {**_required(book, matter), name: raw}
            full = outcome(lambda c=case: _answered(book.router.answer(matter, c)))
            assert outcome(lambda c=case: book.route(matter, **c)) == full


def _unlooked_matters() -> list[tuple[str, str, str]]:
    """Shipped matters with an input no rule looks at, and that input."""
    found = []
    for place, book in _books().items():
        for table in book.tables:
            route = _lookup(book, table.matter)
            found.extend((place, table.matter.id, i.id) for i in getattr(route, "unlooked", ()))
    return found


@pytest.mark.parametrize(("place", "matter", "unlooked"), _unlooked_matters())
def test_an_input_no_rule_looks_at_still_refuses_a_bad_value(place, matter, unlooked) -> None:
    """A bad value for an input no rule looks at is still the full path's error, not a
    decision, on the first call and after."""
    book = _books()[place]
    case = {**_required(book, matter), unlooked: "未知值"}
    full = outcome(lambda: _answered(book.router.answer(matter, case)))
    for _ in range(2):
        assert outcome(lambda: book.route(matter, **case)) == full


class TestBatchesAndTheCollector:
    def test_the_cycle_collector_is_paused_for_a_batch_then_restored(self) -> None:
        """route_batch runs with the cycle collector off (one error per bad case, all kept) and
        leaves it as the caller had it: on after, off if it was off."""
        book = _books()["mengla"]
        seen = []

        def cases():
            for raw in ("abc", "20万"):
                seen.append(gc.isenabled())
                yield {"amount": raw}

        assert gc.isenabled()
        book.route_batch("fund_adjustment", cases())
        assert seen == [False, False]
        assert gc.isenabled()
        gc.disable()
        try:
            book.route_batch("fund_adjustment", cases())
            assert not gc.isenabled()
        finally:
            gc.enable()

    def test_a_copy_keeps_what_each_kind_of_error_carries(self) -> None:
        """``copy`` is a new object of the same class with the same code, place, messages and
        the attributes a subclass adds (a gap's citation, a workbook's problems)."""
        place = routing.Location("a.xlsx", "资金调整", "B3")
        problem = routing.Problem("cell.bad", "坏", "bad", place)
        errors = [
            routing.NoRuleError("no_rule.declared", "无", "none", location=place, citation="§"),
            routing.WorkbookError([problem, problem]),
            routing.InputError("amount.invalid", "金额", "amount"),
        ]
        for error in errors:
            copy = error.copy()
            assert copy is not error
            assert type(copy) is type(error)
            assert (copy.code, copy.location, copy.message, copy.message_en, str(copy)) == (
                error.code,
                error.location,
                error.message,
                error.message_en,
                str(error),
            )
            assert copy.args == error.args
        assert errors[0].copy().citation == "§"
        assert errors[1].copy().problems == (problem, problem)


@pytest.mark.parametrize(
    ("place", "matter", "case"),
    [
        ("mengla", "fund_adjustment", {"amount": "abc"}),  # the amount's own route
        ("tongzhou", "briefing_kinds", {"kinds": Decimal("0.5")}),  # a count held in a row
        ("tongzhou", "public_attendance", {"times_per_year": 1, "representatives": Decimal("2.5")}),
        ("wolong", "leave", {"traveller": "未知值"}),
        ("shuangyang", "agenda_setting", {"meeting": "未知值", "statutory": True}),  # by row
        ("tongzhou", "supplementary_budget", {"amount": 0, "policy_origin": "none"}),  # a gap
    ],
)
def test_every_route_gives_each_case_its_own_error(place, matter, case) -> None:
    """The same bad case three times in a batch (the first computed, the others from what it
    kept), on every kind of fast route: equal errors, the full path's, each its own instance
    (raising one must not touch another's traceback)."""
    book = _books()[place]
    errors = book.route_batch(matter, [case, case, case])
    assert all(isinstance(error, routing.RoutingError) for error in errors)
    assert len({id(error) for error in errors}) == 3
    full = outcome(lambda: _answered(book.router.answer(matter, case)))
    assert all(outcome(lambda e=error: _answered(e)) == full for error in errors)


@pytest.mark.parametrize(
    ("place", "matter", "case", "change"),
    [
        ("mengla", "consultation_no_reply", {"overdue": False}, ("overdue", True)),
        ("mengla", "consultation_no_reply", {"overdue": Decimal(0)}, ("overdue", Decimal(1))),
    ],
)
def test_a_gaps_words_are_the_inputs_as_routed(place, matter, case, change) -> None:
    """A gap's message, written when first read, quotes the inputs as they were routed, even
    when the caller reuses its dict (a table whose every input is looked up, where a row of
    plain values is described once for all its cases)."""
    book = _books()[place]
    expected = outcome(lambda: _answered(book.router.answer(matter, dict(case))))
    (gap,) = book.route_batch(matter, [case])
    name, value = change
    case[name] = value
    assert isinstance(gap, routing.NoRuleError)
    assert outcome(lambda: _answered(gap)) == expected


def test_a_row_of_plain_values_is_described_once_for_all_its_gaps(monkeypatch) -> None:
    """Three cases that give the same row and fall in the same gap: three errors, one
    description (the case's inputs checked and put in words once, when first read)."""
    book = routing.load("mengla")
    router = book.router
    calls = []
    checked = router.checked_values

    def counted(matter, inputs):
        calls.append(dict(inputs))
        return checked(matter, inputs)

    monkeypatch.setattr(router, "checked_values", counted)
    case = {"overdue": False}
    book.route_batch("consultation_no_reply", [case])  # installs the fast route
    calls.clear()
    gaps = book.route_batch("consultation_no_reply", [case, dict(case), dict(case)])
    assert calls == []
    assert len({gap.message for gap in gaps}) == 1
    assert len({id(gap) for gap in gaps}) == 3
    assert calls == [case]


def _batch_loop_cases() -> list[tuple[str, str, dict[str, object]]]:
    """Per shipped matter whose batch has its own loop (a whole table, or one whose row holds
    every input but the amount), one case of good values: decided or in a gap, either kept."""
    found = []
    for place, book in _books().items():
        for table in book.tables:
            matter = table.matter
            book.router.fast_route_of(matter)
            if getattr(book.router.batches[matter.id], "__self__", None) is not None:
                found.append((place, matter.id, {i.id: _good(i) for i in matter.inputs}))
    return found


BATCH_LOOP_CASES = _batch_loop_cases()


def test_many_shipped_matters_have_a_batch_loop() -> None:
    """The test below covers a real share of the shipped tables, whole or with an amount."""
    assert len(BATCH_LOOP_CASES) >= 20
    primaries = [m for p, m, _ in BATCH_LOOP_CASES if _books()[p].router.space(m).primary]
    assert len(primaries) >= 2


@pytest.mark.parametrize(("place", "matter", "case"), BATCH_LOOP_CASES)
def test_a_batch_answers_a_kept_row_only_for_the_case_that_gave_it(place, matter, case) -> None:
    """Once a row is kept, a batch answers it in its own loop; the same values with one more
    key (an input the matter lacks, or an input's Chinese name), without a required input, with
    another amount (good, refused, in a gap), or not in a dict, are still the full path's."""
    book = _books()[place]
    inputs = book.router.matter(matter).inputs
    book.route_batch(matter, [case])  # the row is kept
    variants: list[object] = [case, {**case, "未知输入": "议题"}]
    variants += [{**case, i.label: case[i.id]} for i in inputs if i.label != i.id]
    variants += [{k: v for k, v in case.items() if k != i.id} for i in inputs if i.required]
    primary = book.router.space(matter).primary
    if primary is not None:
        amounts = ["abc", Decimal(-1), None, *primary.breakpoints, Decimal("1.5")]
        variants += [{**case, primary.input.id: amount} for amount in amounts]
        choices = [(i.id, c.id) for i in inputs for c in i.choices]  # some fall in a gap
        variants += [
            {**case, name: value, primary.input.id: amount}
            for name, value in choices
            for amount in amounts
        ]
    variants.append(list(case.items()))
    for _ in range(2):  # the second time, every variant's own row and outcome kept too
        answers = book.route_batch(matter, variants)
        for variant, answer in zip(variants, answers, strict=True):
            full = outcome(lambda v=variant: _answered(book.router.answer(matter, v)))
            assert outcome(lambda a=answer: _answered(a)) == full, variant


def _row_numbers() -> list[tuple[str, str, str]]:
    """Row matters with a number input among the raw values of their rows, and that input."""
    found = []
    for place, matter in ROW_MATTERS:
        book = _books()[place]
        lookup = _lookup(book, book.router.matter(matter))
        found.extend(
            (place, matter, input_.id)
            for input_ in book.router.matter(matter).inputs
            if input_.kind is InputKind.NUMBER and input_.id in lookup.row_names
        )
    return found


@pytest.mark.parametrize(("place", "matter", "number"), _row_numbers())
def test_a_refused_decimal_is_quoted_as_given_in_a_row(place, matter, number) -> None:
    """Equal Decimals share a row (the same cells, decision and words), but a refused one is
    quoted as the caller wrote it: ``2.5`` and then ``2.50`` each get their own message, in a
    batch and call by call."""
    book = _books()[place]
    for spelling in ("2.5", "2.50", "2.5"):
        case = {**_required(book, matter), number: Decimal(spelling)}
        full = outcome(lambda c=case: _answered(book.router.answer(matter, c)))
        assert full[0] == "InputError"
        (answer,) = book.route_batch(matter, [case])
        assert outcome(lambda a=answer: _answered(a)) == full
        assert outcome(lambda c=case: book.route(matter, **c)) == full


def _spelling_book(*, amounts: bool) -> routing.Jurisdiction:
    """A table whose rows look at an enum with the labels ``1`` and ``2`` and a yes/no, beside a
    text that no rule looks at; with ``amounts``, at two amounts too (the second on an axis of
    its own): inputs that read equal Decimals (``1`` and ``1.0``) apart."""
    from conftest import BODIES, about, table_sheet
    from routing._parser import parse_workbook
    from routing._reader import RawSheet, RawWorkbook

    def declared(input_id: str, label: str, kind: str, choices: str = "") -> list[str]:
        return ["fund_adjustment", "资金调整", input_id, label, kind, choices, "否", ""]

    matters = [
        ["事项编号", "事项名称", "输入编号", "输入名称", "类型", "取值", "必填", "说明"],
        declared("grade", "等级", "枚举", "first=1、second=2"),
        declared("urgent", "紧急", "是否"),
        declared("note", "备注", "文本"),
    ]
    head = ["编号", "等级", "紧急", "决策机构", "条款", "原文", "说明", "依据"]
    rows = [
        ["R1", "1", "是", "县长", "第一条", "甲", "", ""],
        ["R2", "2", "是", "县人民政府常务会议", "第二条", "乙", "", ""],
    ]
    if amounts:
        matters += [declared("amount", "金额", "金额"), declared("cap", "上限", "金额")]
        head[3:3] = ["金额", "上限"]
        rows = [[*row[:3], "", "", *row[3:]] for row in rows]
        rows.append(["R3", "1", "否", "20万元(含)以上", "1000万元(含)以上", "县人民政府党组会议"])
        rows[-1] += ["第三条", "丙", "", ""]
    sheets = {
        "说明": about(),
        "机构": BODIES,
        "事项": matters,
        "资金调整": table_sheet(rows, header=head),
    }
    raw = RawWorkbook(
        "book.xlsx",
        tuple(RawSheet(name, tuple(tuple(r) for r in content)) for name, content in sheets.items()),
    )
    return routing.Jurisdiction(parse_workbook(raw))


GRADE_1 = {"grade": "1", "urgent": False, "amount": Decimal(10**6)}
SPELLINGS = [
    (False, {"grade": Decimal(1), "urgent": True}, {"grade": Decimal("1.0")}),
    (False, {"grade": Decimal("1.0"), "urgent": True}, {"grade": Decimal(1)}),
    (False, {"grade": "2", "urgent": False, "note": Decimal(1)}, {"note": Decimal("1.0")}),
    (False, {"grade": "1", "urgent": True, "note": Decimal(1)}, {"note": Decimal("1.00")}),
    (True, {"grade": Decimal(1), "urgent": True}, {"grade": Decimal("1.0")}),
    (True, {**GRADE_1, "cap": Decimal(10**7)}, {"cap": Decimal("1E+7")}),
    (True, {**GRADE_1, "cap": Decimal(10**7)}, {"cap": Decimal("10000000.0000000")}),
    (True, {**GRADE_1, "cap": Decimal(10**7)}, {"amount": Decimal("1000000.0000000")}),
    (True, {"grade": "2", "urgent": False, "note": Decimal(1)}, {"note": Decimal("1.0")}),
]


@pytest.mark.parametrize(("amounts", "case", "changed"), SPELLINGS)
def test_equal_decimals_spelled_apart_share_no_row(amounts, case, changed) -> None:
    """A Decimal is kept in a row only in a count's place: elsewhere equal Decimals differ (an
    enum's label ``1`` is not ``1.0``, an amount with seven places is refused, a text is its
    spelling), so after one spelling routes, the other still routes as the full path does,
    call by call and in a batch."""
    book = _spelling_book(amounts=amounts)
    other = {**case, **changed}
    for inputs in (case, case, other, other, case):
        full = outcome(lambda c=inputs: _answered(book.router.answer("fund_adjustment", c)))
        assert outcome(lambda c=inputs: book.route("fund_adjustment", **c)) == full, inputs
        (answer,) = book.route_batch("fund_adjustment", [inputs])
        assert outcome(lambda a=answer: _answered(a)) == full, inputs


def test_the_spelling_book_has_the_shapes_it_is_for() -> None:
    """The whole table keeps its text in its rows; the other looks two amounts up, the second
    on an axis of its own beside two others (so looked up in a row)."""
    whole = _spelling_book(amounts=False)
    lookup = _lookup(whole, whole.router.matter("fund_adjustment"))
    assert lookup.whole
    assert "note" in lookup.row_names
    space = _spelling_book(amounts=True).router.space("fund_adjustment")
    assert space.primary.input.id == "amount"
    assert {axis.input.id for axis in space.others} == {"grade", "urgent", "cap"}


def test_a_row_is_made_when_seen_again_and_kept_while_there_is_room(monkeypatch) -> None:
    """A batch of distinct counts (every document's word count) makes no rows: each case is read
    value by value; a row seen again is made and kept, but only while there is room."""
    book = routing.load("tongzhou")
    matter = book.router.matter("document_length")
    lookup = _lookup(book, matter)
    assert lookup.whole
    assert lookup.row_names[0] == "word_count"  # a count held in the row, first
    cases = [{"kind": "comprehensive", "word_count": Decimal(n)} for n in range(1000, 1300)]
    full = [outcome(lambda c=c: _answered(book.router.answer(matter.id, c))) for c in cases]
    for time, kept in enumerate((0, len(cases), len(cases))):
        answers = book.route_batch(matter.id, cases)
        assert [outcome(lambda a=a: _answered(a)) for a in answers] == full, time
        assert lookup.kept == kept  # the first time, every row seen once: none made
        assert len(lookup.seen) == len(cases)
    monkeypatch.setattr("routing._fast_route._MEMO_SIZE", len(cases))
    more = [{"kind": "comprehensive", "word_count": Decimal(n)} for n in range(2000, 2010)]
    for _ in range(3):
        book.route_batch(matter.id, more)
    assert lookup.kept == len(cases)  # no room: read value by value


def test_rows_of_text_are_looked_up_without_their_types() -> None:
    """A table that takes no yes/no and no count keeps its rows of text also in one dict, where
    a case of text is looked up with no tuple of types; a table with a yes/no keeps none there
    (True == 1 == Decimal(1): its rows stay under their types)."""
    book = routing.load("wolong")
    leave = _lookup(book, book.router.matter("leave"))
    assert leave.texts is not None
    case = {i.id: _good(i) for i in book.router.matter("leave").inputs}
    full = outcome(lambda: _answered(book.router.answer("leave", case)))
    for _ in range(3):
        assert outcome(lambda: _answered(book.route_batch("leave", [case])[0])) == full
        assert outcome(lambda: book.route("leave", **case)) == full
    assert tuple(map(case.get, leave.row_names)) in leave.texts
    yes_no = _books()["dongchuan"]
    signing = _lookup(yes_no, yes_no.router.matter("agreement_signing"))
    assert signing.texts is None
