"""The router's fast path (precompiled per matter) gives exactly the full path's answers and errors."""

from __future__ import annotations

import functools
from decimal import Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

import routing
from conftest import book_from_rows
from routing import RoutingError, parse_amount
from routing._coerce import COERCE, exact_amount
from routing.strategies import FEN, amounts, intervals, matter_inputs, table_breakpoints
from test_router import reference_decide

HEADER = ["编号", "金额", "紧急", "来源", "决策机构", "条款", "原文", "说明", "依据"]


def outcome(call):
    """A decision, or the error's class, code and both messages: what a caller can observe."""
    try:
        return call()
    except RoutingError as error:
        return (type(error).__name__, error.code, error.message, error.message_en)


def both_paths(book, matter, inputs):
    """The fast route and the full path (every input checked, then the compiled table)."""
    router = book.router
    return (
        outcome(lambda: book.route(matter, **inputs)),
        outcome(lambda: _answered(router.answer(matter, inputs))),
    )


def _answered(answer):
    """The full path's answer as a call gives it: a decision, or its error raised."""
    if isinstance(answer, RoutingError):
        raise answer
    return answer


def short(result):
    """A rule id, or 'no rule' / 'violation', from an ``outcome``."""
    if isinstance(result, tuple):
        return "violation" if result[0] == "HitPolicyViolation" else "no rule"
    return result.rule.id


@st.composite
def tables_with_other_inputs(draw):
    pool = sorted(draw(st.sets(amounts(max_value=Decimal(10**8)), min_size=1, max_size=4)))
    rows = [
        [
            f"R{n}",
            draw(intervals(bounds=pool)).to_feel(),
            draw(st.sampled_from(["-", "是", "否"])),
            draw(st.sampled_from(["-", "district", "not(central)", "none,district"])),
            draw(st.sampled_from(["县长", "常务会议", "党组会议", "无规则"])),
            f"第{n}条",
            "原文",
            "",
            "",
        ]
        for n in range(1, draw(st.integers(1, 6)) + 1)
    ]
    return rows, draw(st.sampled_from(["唯一", "首条", "优先", "任一", "汇总"]))


amount_forms = st.sampled_from(["decimal", "int", "text", "trailing_zeros"])


def as_form(amount, form):
    if form == "int" and amount == amount.to_integral_value():
        return int(amount)
    if form == "text":
        return str(amount)
    if form == "trailing_zeros":
        return amount.quantize(Decimal("0.0000001"))  # seven places: refused by both paths
    return amount


class TestExactAmount:
    @given(
        st.decimals(allow_nan=True, allow_infinity=True)
        | amounts(places=6)
        | amounts(places=8)
        | st.decimals(min_value=0, max_value=Decimal(10) ** 19, places=3)
    )
    def test_accepts_only_what_parse_amount_returns_unchanged(self, value):
        """Every Decimal the fast check accepts, parse_amount accepts too, with the same digits."""
        if exact_amount(value):
            assert value.as_tuple() == parse_amount(value).as_tuple()

    @given(amounts(places=6, max_value=Decimal(10) ** 18 - 1))
    def test_takes_every_ordinary_amount(self, value):
        """Amounts with up to six places below 10^18 take the fast path (any caller's context)."""
        assert exact_amount(value)
        with localcontext(prec=3):
            assert exact_amount(value)

    @pytest.mark.parametrize("text", ["1.0000000", "0E-7", "1E+18", "NaN", "-1", "Infinity"])
    def test_refuses_what_parse_amount_refuses(self, text):
        """Seven places (even zeros), 10^18, NaN, negatives and infinity go to the full path."""
        assert not exact_amount(Decimal(text))


class TestFastAgreesWithFullPath:
    @given(tables_with_other_inputs(), st.data())
    def test_random_tables(self, table_spec, data):
        """At each threshold, one fen either side and random amounts, in every input form, the fast
        route equals the full path (decision or error text) and the brute-force scan."""
        rows, policy = table_spec
        book = book_from_rows(rows, policy, header=HEADER)
        table = book.tables[0]
        others = data.draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "urgent": st.sampled_from([True, False, "是", "否", None, "maybe"]),
                    "origin": st.sampled_from(["none", "district", "central", "区级", "nowhere"]),
                },
            )
        )
        points = {p + d for p in table_breakpoints(table) for d in (-FEN, Decimal(0), FEN)}
        points.add(data.draw(amounts()))
        for amount in sorted(p for p in points if p >= 0):
            raw = as_form(amount, data.draw(amount_forms))
            inputs = {"amount": raw, **others}
            fast, full = both_paths(book, "fund_adjustment", inputs)
            assert full == fast
            checked = not isinstance(full, tuple) or full[0] != "InputError"
            if checked and policy in {"唯一", "首条", "优先"}:  # the policies the scan knows
                values = book.coerce("fund_adjustment", inputs)
                assert reference_decide(table, values) == short(fast)

    @pytest.mark.parametrize(
        ("jurisdiction", "matter"),
        [
            ("mengla", "fund_adjustment"),
            ("mengla", "new_investment_project"),
            ("mengla", "asset_disposal"),
            ("tongzhou", "supplementary_budget"),
        ],
    )
    @given(data=st.data())
    def test_shipped_tables(self, books, jurisdiction, matter, data):
        """Shipped money tables: random valid inputs, thresholds and ±0.01, as Decimal or text."""
        book = books[jurisdiction]
        values = data.draw(matter_inputs(book, matter))
        amount = values["amount"]
        shift = data.draw(st.sampled_from([-FEN, Decimal(0), FEN]))
        if amount + shift >= 0:
            values["amount"] = amount + shift
        if data.draw(st.booleans()):
            values["amount"] = str(values["amount"])
        fast, full = both_paths(book, matter, values)
        assert full == fast
        assert reference_decide(book.table(matter), book.coerce(matter, values)) == short(fast)

    @pytest.mark.parametrize(
        "inputs",
        [
            {},
            {"amount": None},
            {"amount": "abc"},
            {"amount": Decimal("NaN")},
            {"amount": -1},
            {"amount": 1.5},
            {"amount": True},
            {"金额": "20万"},
            {"amount": "20万", "三重一大": "是"},
            {"amount": "20万", "sanzhong_yida": "maybe"},
            {"amount": "20万", "sanzhong_yida": None},
            {"amount": "20万", "nonsense": 1},
        ],
    )
    def test_unusual_inputs(self, books, inputs):
        """Chinese names, missing, unknown, bad or oddly typed values: the same answer or error."""
        fast, full = both_paths(books["mengla"], "fund_adjustment", inputs)
        assert full == fast

    @given(
        value=st.one_of(
            st.decimals(0, 100, places=1, allow_nan=False),
            st.decimals(0, 100, places=1, allow_nan=False).map(str),
            st.integers(-2, 100),
            st.sampled_from(["3种", "两次", "abc", "1.5", "", True, 2.5]),
        )
    )
    def test_count_tables(self, books, value):
        """A count as the table's first input (briefing_kinds): ``1.5`` is not whole on either
        path, whether the text or the Decimal comes first (the fast route once read counts as
        amounts, so a second ``1.5`` was routed)."""
        book = books["mengla"]
        for _ in range(2):  # the second call takes the route the first one installed
            fast, full = both_paths(book, "briefing_kinds", {"kinds": value})
            assert full == fast

    @given(
        subjects=st.one_of(
            st.lists(st.sampled_from(["fiscal_tax", "other", "财税", "", "nonsense"]), max_size=3),
            st.frozensets(st.sampled_from(["fiscal_tax", "other"])),
            st.lists(st.integers(0, 2), max_size=2),
        ),
        meeting=st.sampled_from(["plenary", "party_group", "standing_meeting", "topic_meeting"]),
    )
    def test_set_inputs_as_lists(self, books, subjects, meeting):
        """A set input given as a list, tuple or frozenset is memoised by its members (text
        only): the same answer or error as the full path, on the first call and after."""
        inputs = {"meeting": meeting, "subjects": subjects}
        for _ in range(2):
            fast, full = both_paths(books["mengla"], "minutes_signing", inputs)
            assert full == fast

    @given(
        st.lists(
            st.tuples(
                st.decimals(0, 40, places=1, allow_nan=False),
                st.decimals(0, 40, places=1, allow_nan=False),
            ),
            min_size=1,
            max_size=8,
        )
    )
    def test_decimal_counts_off_the_primary_axis(self, pairs):
        """Decimals for counts on every axis (shuangyang page_layout), one after another on one
        book: ``2`` and ``2.0`` both read, ``2.5`` refused, on either path, however memoised."""
        book = _SHUANGYANG()
        names = [i.id for i in book.table("page_layout").matter.inputs]
        for width, height in pairs:
            for shown in (height.to_integral_value(), height):
                inputs = dict(zip(names, (width, shown), strict=True))
                fast, full = both_paths(book, "page_layout", inputs)
                assert full == fast

    def test_chinese_matter_name_and_errors_with_values(self, books):
        """A matter named in Chinese takes the fast path; a gap's message still names the amount."""
        book = books["mengla"]
        book.route("资金调整", amount=1)  # the first call compiles the table and its route
        assert book.router.fast["资金调整"] is book.router.fast["fund_adjustment"]
        fast, full = both_paths(book, "asset_disposal", {"amount": Decimal(2_000_000)})
        assert full == fast
        assert "金额 = 200万" in fast[2]


_SHUANGYANG = functools.cache(lambda: routing.load("shuangyang"))


@pytest.fixture(scope="module")
def books():
    return {j: routing.load(j) for j in ("mengla", "tongzhou")}


class TestRouteBatch:
    def test_each_case_gets_what_route_gives(self, books):
        """A batch returns, in order, each case's decision or its error (never raised)."""
        book = routing.load("mengla")  # fresh: the first case installs the fast route
        cases = [
            {"amount": Decimal(200_000)},
            {"amount": "abc"},
            {"amount": "1000万"},
            {"amount": 5, "sanzhong_yida": True},
            {},
        ]
        results = book.route_batch("资金调整", cases)
        expected = [
            outcome(lambda c=c: books["mengla"].route("fund_adjustment", **c)) for c in cases
        ]
        shown = [
            r if isinstance(r, routing.Decision) else outcome(lambda r=r: _raise(r))
            for r in results
        ]
        assert expected == shown

    def test_unknown_matter_raises(self, books):
        """A matter the book does not have concerns every case: it raises."""
        with pytest.raises(routing.InputError):
            books["mengla"].router.route_batch("nothing", [{"amount": 1}])


def _raise(error):
    raise error


class TestErrorsInBatches:
    """Errors in a batch are cheap (each raw value coerced once, messages written when read) and
    still each case's own."""

    def test_each_error_is_its_own_object(self, books):
        """The same bad case twice gives two equal errors, not one shared instance (raising one
        must not touch the other's traceback)."""
        results = books["tongzhou"].route_batch(
            "supplementary_budget", [{"amount": "abc", "policy_origin": "none"}] * 2
        )
        first, second = results
        assert first is not second
        assert (first.code, first.message) == (second.code, second.message)

    def test_a_reused_input_dict_does_not_change_an_earlier_message(self, books):
        """A gap's message is written when first read, from the inputs as they were routed: a
        caller that reuses one dict for every case still reads each case's own values."""
        book = books["tongzhou"]
        case = {"amount": Decimal(0), "policy_origin": "none"}
        book.route_batch("supplementary_budget", [case])  # installs the fast route
        (gap,) = book.route_batch("supplementary_budget", [case])
        case["amount"] = Decimal(123)
        assert isinstance(gap, routing.NoRuleError)
        assert gap.message.startswith("金额 = 0,")

    def test_the_context_is_described_once_when_first_read(self):
        """An error's context (the case's inputs in words) is not written until a message is
        read, then kept: a batch pays for no message nobody reads."""
        calls = []

        def context():
            calls.append(1)
            return "金额 = 5"

        error = routing.NoRuleError("no_rule.gap", "无规则", "no rule", context=context)
        assert calls == []
        assert (error.message, error.message_en) == ("金额 = 5:无规则", "金额 = 5: no rule")
        assert str(error).startswith("金额 = 5:无规则 [no_rule.gap]")
        assert calls == [1]

    def test_an_error_in_context_is_a_copy_of_its_class(self):
        """``in_context`` keeps the class, code, place and citation, leaves the original as it
        was, and puts a context the error already had after the new one."""
        place = routing.Location("a.xlsx", "资金调整", "B3")
        error = routing.NoRuleError(
            "no_rule.declared",
            "无规则",
            "no rule",
            location=place,
            citation="§",
            context=lambda: "甲",
        )
        copy = error.in_context(lambda: "乙")
        assert type(copy) is routing.NoRuleError
        assert (copy.code, copy.location, copy.citation) == ("no_rule.declared", place, "§")
        assert (copy.message, copy.message_en) == ("乙:甲:无规则", "乙: 甲: no rule")
        assert error.message == "甲:无规则"

    @pytest.mark.parametrize("order", ["amount_first", "origin_first"])
    def test_the_first_bad_input_in_the_callers_order_is_named(self, books, order):
        """Two bad values: the fast route gives the full path's error, the first in the order the
        caller gave them, on the first call and after."""
        book = books["tongzhou"]
        pairs = [("amount", "abc"), ("policy_origin", "nowhere")]
        inputs = dict(pairs if order == "amount_first" else pairs[::-1])
        for _ in range(2):
            fast, full = both_paths(book, "supplementary_budget", inputs)
            assert full == fast
            assert fast[1] == (
                "amount.invalid" if order == "amount_first" else "enum.unknown_value"
            )

    @given(
        raws=st.lists(
            st.sampled_from(
                [True, False, 1, 0, "1", "是", "否", "maybe", Decimal(1), Decimal("1.0"), 1.0, ""]
            ),
            min_size=1,
            max_size=8,
        )
    )
    def test_a_value_seen_before_coerces_as_it_did(self, raws):
        """Each raw value's coercion is kept, by type and exact text: ``True`` and ``1``,
        ``Decimal("1")`` and ``Decimal("1.0")`` stay apart, good or bad, in any order."""
        book = _SHUANGYANG()
        router = book.router
        for table in book.tables:
            for input_ in table.matter.inputs:
                for raw in raws:
                    assert _coerced_now(input_, raw) == _as_seen(router.coerced(input_, raw))


def _coerced_now(input_, raw):
    """The full grammar, uncached by the router: the oracle for its memo."""
    try:
        return _as_seen(COERCE[input_.kind](raw, input_))
    except routing.ParseError as error:
        return _as_seen(routing.InputError.from_parse(error, input_.shown))


def _as_seen(value):
    if isinstance(value, routing.InputError):
        return ("error", value.code, value.message, value.message_en)
    return (type(value), value, str(value))
