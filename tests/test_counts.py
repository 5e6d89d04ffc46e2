"""The 数量 (number) input: counts of words, pages, times, people that rules limit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import routing
from conftest import BODIES, about, write_xlsx
from routing import InputKind, ParseError
from routing._counts import UNIT_WORDS, parse_count, parse_count_range

LENGTH_MATTERS = [
    ["事项编号", "事项名称", "输入编号", "输入名称", "类型", "取值", "必填", "说明"],
    ["document_length", "文稿篇幅", "words", "字数", "数量", "", "是", ""],
]


def length_table(rows):
    head = ["编号", "字数", "决策机构", "条款", "原文", "说明", "依据"]
    return [["事项", "document_length"], ["命中策略", "唯一"], [], head, *rows]


@pytest.fixture
def length_book(tmp_path):
    """A 5000-word limit: within it the office director passes it on, above it the head decides."""
    rows = [
        ["R1", "不超过5000字", "办公室主任", "五十五", "一般不超过5000字", "", ""],
        ["R2", "超过5000字", "县长", "五十五", "一般不超过5000字", "", ""],
    ]
    sheets = {
        "说明": about(),
        "机构": BODIES,
        "事项": LENGTH_MATTERS,
        "文稿篇幅": length_table(rows),
    }
    return routing.load(write_xlsx(tmp_path / "length.xlsx", sheets))


class TestParseCount:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("8", 8),
            ("5000字", 5000),
            ("10页", 10),
            ("两次", 2),
            ("2次", 2),
            ("5人", 5),
            ("15名", 15),
            ("3个", 3),
            ("4件", 4),
            ("1种", 1),
            ("一种", 1),
            ("1篇", 1),
            ("22行", 22),
            ("28个字", 28),
            ("5个人", 5),
            ("50%", 50),
            ("５０％", 50),
            ("五千字", 5000),
            ("１０页", 10),
            ("0", 0),
            (8, 8),
            (Decimal("8.0"), 8),
            (8.0, 8),
        ],
    )
    def test_reads_counts_with_their_unit_words(self, value, expected):
        assert Decimal(expected) == parse_count(value)

    @pytest.mark.parametrize(
        ("value", "code"),
        [
            ("2.5次", "number.not_whole"),
            (Decimal("0.5"), "number.not_whole"),
            (-1, "number.negative"),
            (Decimal(-3), "number.negative"),
            ("-1", "number.invalid"),
            ("五元", "number.invalid"),
            ("5元", "number.invalid"),
            ("字", "number.invalid"),
            ("人5", "number.invalid"),
            ("5个个", "number.invalid"),
            ("种", "number.invalid"),
            ("50.5%", "number.not_whole"),
            ("abc", "number.invalid"),
            (True, "number.invalid"),
            (Decimal("NaN"), "number.invalid"),
            (10**18, "number.invalid"),
        ],
    )
    def test_refuses_what_is_not_a_count(self, value, code):
        with pytest.raises(ParseError) as caught:
            parse_count(value)
        assert code == caught.value.code
        assert caught.value.message  # Chinese
        assert caught.value.message_en

    @given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["", *UNIT_WORDS]))
    def test_round_trip_every_whole_count_with_any_unit(self, number, unit):
        assert Decimal(number) == parse_count(f"{number}{unit}")


class TestCountRanges:
    @pytest.mark.parametrize(
        ("text", "inside", "outside"),
        [
            ("不超过5000字", [0, 4999, 5000], [5001]),
            ("5000字以内", [5000], [5001]),
            ("10页以上", [10, 11], [9]),
            ("至少2次", [2, 3], [1]),
            ("最多1次", [0, 1], [2]),
            ("超过2次", [3], [2]),
            ("不超过两次", [2], [3]),
            ("2至5人", [2, 5], [1, 6]),
        ],
    )
    def test_range_words_read_like_amount_ranges(self, text, inside, outside):
        """Exactly the bound, one below, one above: the legal reading of 以上/以内/不超过/超过."""
        interval = parse_count_range(text)
        assert all(Decimal(n) in interval for n in inside)
        assert not any(Decimal(n) in interval for n in outside)

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("不超过5000元", "number.range_invalid"),
            ("很多字", "number.range_invalid"),
            ("不超过2.5次", "number.not_whole"),
        ],
    )
    def test_bad_count_ranges(self, text, code):
        with pytest.raises(ParseError) as caught:
            parse_count_range(text)
        assert code == caught.value.code

    @pytest.mark.parametrize(
        ("text", "bound", "below_allowed", "above_allowed"),
        [
            ("不超过1种", 1, True, False),  # Tongzhou 七十八 简报种类原则上不超过1种
            ("不超过一种", 1, True, False),  # Dongchuan 第三十五条 只向区人民政府报送一种简报
            ("至少1篇", 1, False, True),  # Tongzhou 七十三 每年至少形成1篇
            ("不满22行", 21, True, False),  # Shuangyang 六十(一) 每页排22行
            ("超过28个字", 29, False, True),  # Shuangyang 六十(一) 每行28个字
            ("不少于50%", 50, False, True),  # Tongzhou 七十三 看问题调研点位不少于50%
        ],
    )
    def test_the_units_the_seeds_write_are_read(self, text, bound, below_allowed, above_allowed):
        """Each limit as its document writes it: exactly the bound inside, one either side as stated."""
        interval = parse_count_range(text)
        assert Decimal(bound) in interval
        assert below_allowed == (Decimal(bound - 1) in interval)
        assert above_allowed == (Decimal(bound + 1) in interval)

    @given(
        st.integers(min_value=0, max_value=10**12),
        st.sampled_from([*UNIT_WORDS, "个字", "个人"]),
    )
    def test_bound_exactly_one_either_side(self, bound, unit):
        interval = parse_count_range(f"不超过{bound}{unit}")
        assert Decimal(bound) in interval
        assert Decimal(bound + 1) not in interval
        assert parse_count_range(f"{bound}{unit}以上") == routing.parse_range(f"{bound}以上")


class TestCountWorkbook:
    def test_kind_is_declared_by_its_chinese_name(self, length_book):
        words = length_book.matters[0].input("字数")
        assert words is not None
        assert InputKind.NUMBER is words.kind
        assert "数量" == words.kind.chinese

    @pytest.mark.parametrize(
        ("words", "body"),
        [
            (5000, "office_director"),
            ("5000字", "office_director"),
            (4999, "office_director"),
            (5001, "head"),
            ("5001字", "head"),
            ("五千零一字", "head"),
        ],
    )
    def test_routes_on_the_count_at_its_boundary(self, length_book, words, body):
        assert body == length_book.route("document_length", words=words).body.id

    def test_a_bad_count_is_an_input_error(self, length_book):
        with pytest.raises(routing.InputError) as caught:
            length_book.route("document_length", words="五千元")
        assert "number.invalid" == caught.value.code

    def test_complementary_count_rules_are_not_an_overlap(self, length_book):
        """The verifier sweeps a count like an amount: R1 and R2 neither overlap nor leave a gap."""
        assert [] == routing.verify(length_book)

    def test_a_bad_count_cell_is_located(self, tmp_path):
        rows = [["R1", "不超过5000元", "县长", "五十五", "原文", "", ""]]
        sheets = {
            "说明": about(),
            "机构": BODIES,
            "事项": LENGTH_MATTERS,
            "文稿篇幅": length_table(rows),
        }
        with pytest.raises(routing.WorkbookError) as caught:
            routing.load(write_xlsx(tmp_path / "bad.xlsx", sheets))
        problem = caught.value.problems[0]
        assert "number.range_invalid" == problem.code
        assert "文稿篇幅" in str(problem.location)
        assert "B5" in str(problem.location)

    def test_a_count_outside_every_rule_is_shown_as_a_count(self, tmp_path):
        rows = [["R1", "不超过5000字", "县长", "五十五", "原文", "", ""]]
        sheets = {
            "说明": about(),
            "机构": BODIES,
            "事项": LENGTH_MATTERS,
            "文稿篇幅": length_table(rows),
        }
        book = routing.load(write_xlsx(tmp_path / "gap.xlsx", sheets))
        with pytest.raises(routing.NoRuleError) as caught:
            book.route("document_length", words=6000)
        assert "字数 = 6,000" in caught.value.message
        assert "元" not in caught.value.message


class TestCountOutcomes:
    """A yes/no rule on a count: within the limit is 允许, above it 拒绝 (Tongzhou 五十五 style)."""

    @pytest.fixture
    def permit_book(self, tmp_path):
        head = ["编号", "字数", "结果类型", "结果", "决策机构", "条款", "原文", "说明", "依据"]
        quote = "一般不超过5000字"
        rows = [
            ["R1", "不超过5000字", "允许", "篇幅在限度内", "", "五十五", quote, "", ""],
            ["R2", "超过5000字", "拒绝", "篇幅超过5000字", "", "五十五", quote, "", ""],
        ]
        sheets = {
            "说明": about(),
            "机构": BODIES,
            "事项": LENGTH_MATTERS,
            "文稿篇幅": [["事项", "document_length"], ["命中策略", "唯一"], [], head, *rows],
        }
        return routing.load(write_xlsx(tmp_path / "permit.xlsx", sheets))

    @pytest.mark.parametrize(
        ("words", "kind"),
        [(4999, "permitted"), (5000, "permitted"), ("5000字", "permitted"), (5001, "refusal")],
    )
    def test_exactly_the_limit_is_permitted_one_above_refused(self, permit_book, words, kind):
        decision = permit_book.route("document_length", words=words)
        assert kind == decision.kind.id

    def test_the_permit_table_has_no_gap_or_overlap(self, permit_book):
        findings = routing.verify(permit_book)
        assert [] == [f for f in findings if f.severity != "info"]
