"""Reading workbooks: every problem reported at once, each with workbook › sheet › cell."""

from __future__ import annotations

from decimal import Decimal

import pytest

import routing
from conftest import BODIES, MATTERS, about, table_sheet, write_xlsx
from routing import WorkbookError


class TestReading:
    def test_numeric_cells_are_yuan_exactly(self, make_book):
        """A number cell Excel stores as a double reads as the decimal the user typed."""
        path = make_book(
            [
                ["R1", 200000.01, "县长", "第一条", "原文", "", ""],
                ["R2", ">200000.01", "常务会议", "第二条", "原文", "", ""],
            ]
        )
        book = routing.load(path)
        rule = book.tables[0].rules[0]
        assert Decimal("200000.01") == rule.conditions[0].interval.low
        assert "head" == book.route("fund_adjustment", amount="200000.01").body.id

    def test_blank_rows_inside_a_table_are_skipped(self, make_book):
        """Blank spacing rows are not rules and do not break the table."""
        path = make_book(
            [
                ["R1", "<= 20万", "县长", "第一条", "原文", "", ""],
                [],
                ["R2", "> 20万", "常务会议", "第二条", "原文", "", ""],
            ]
        )
        assert 2 == len(routing.load(path).tables[0].rules)

    def test_rule_location_names_the_row(self, make_book):
        """Each rule knows its workbook, sheet and row."""
        path = make_book([["R1", "-", "县长", "第一条", "原文", "", ""]])
        rule = routing.load(path).tables[0].rules[0]
        assert "book.xlsx › 资金调整 › 第5行" == str(rule.location)

    def test_inferred_rows_are_marked(self, make_book):
        """依据 = 推断 marks a rule (and its decisions) as inferred."""
        path = make_book([["R1", "-", "县长", "第一条", "原文", "", "推断"]])
        assert routing.load(path).route("fund_adjustment", amount=1).inferred


class TestErrors:
    def test_every_broken_cell_is_reported_at_once(self, make_book):
        """Several broken cells give one WorkbookError listing each with its sheet and cell."""
        path = make_book(
            [
                ["R1", "abc", "县长", "第一条", "原文", "", ""],
                ["R2", "> 20万", "秘书长", "第二条", "原文", "", ""],
                ["R3", "> 20万", "县长(盖章)", "第三条", "原文", "", "也许"],
                ["R4", "[20万..30万", "县长", "", "原文", "", ""],
            ]
        )
        with pytest.raises(WorkbookError) as caught:
            routing.load(path)
        found = {(p.code, str(p.location)) for p in caught.value.problems}
        assert {
            ("range.invalid", "book.xlsx › 资金调整 › B5"),
            ("body.unknown", "book.xlsx › 资金调整 › C6"),
            ("chain.unknown_action", "book.xlsx › 资金调整 › C7"),
            ("rule.basis", "book.xlsx › 资金调整 › G7"),
            ("range.invalid", "book.xlsx › 资金调整 › B8"),
            ("rule.citation", "book.xlsx › 资金调整 › D8"),
        } == found
        assert 2 == caught.value.exit_code
        assert "6 处错误" in str(caught.value)

    def test_unknown_column_and_bad_hit_policy(self, tmp_path):
        """A column that is no input and an unknown hit policy are both named by cell."""
        sheet = table_sheet(
            [["R1", "-", "县长", "第一条", "原文", "", ""]],
            policy="随便",
            header=["编号", "金額", "决策机构", "条款", "原文", "说明", "依据"],
        )
        path = write_xlsx(
            tmp_path / "b.xlsx",
            {"说明": about(), "机构": BODIES, "事项": MATTERS, "资金调整": sheet},
        )
        with pytest.raises(WorkbookError) as caught:
            routing.load(path)
        codes = {(p.code, p.location.cell if p.location else None) for p in caught.value.problems}
        assert ("hit_policy.invalid", "B2") in codes

    def test_missing_sheets_and_jurisdiction(self, tmp_path):
        """A workbook without about, bodies and matters sheets says which are missing."""
        path = write_xlsx(tmp_path / "empty.xlsx", {"Sheet": [["hello"]]})
        with pytest.raises(WorkbookError) as caught:
            routing.load(path)
        messages = " ".join(p.message for p in caught.value.problems)
        assert "说明" in messages
        assert "机构" in messages
        assert "事项" in messages

    def test_undeclared_matter(self, tmp_path):
        """A table for a matter the 事项 sheet does not declare is an error at B1."""
        sheet = table_sheet([["R1", "-", "县长", "第一条", "原文", "", ""]], matter="nothing")
        path = write_xlsx(
            tmp_path / "b.xlsx", {"说明": about(), "机构": BODIES, "事项": MATTERS, "表": sheet}
        )
        with pytest.raises(WorkbookError) as caught:
            routing.load(path)
        assert [("table.matter", "b.xlsx › 表 › B1")] == [
            (p.code, str(p.location)) for p in caught.value.problems
        ]

    @pytest.mark.parametrize(
        ("name", "content", "code"),
        [
            ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "workbook.format"),
            ("list.csv", "金额\n20万\n".encode(), "workbook.format"),
            ("secret.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "workbook.format"),
            ("text.xlsx", b"just text", "workbook.format"),
        ],
    )
    def test_files_that_are_not_xlsx(self, tmp_path, name, content, code):
        """.xls, .csv, encrypted (OLE) and non-zip files get a clear message, not a traceback."""
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(WorkbookError) as caught:
            routing.load(path)
        assert code == caught.value.code
        assert ".xlsx" in caught.value.message

    def test_missing_file(self, tmp_path):
        """A missing path is workbook.not_found."""
        with pytest.raises(WorkbookError) as caught:
            routing.load(tmp_path / "nowhere.xlsx")
        assert "workbook.not_found" == caught.value.code


class TestMetaRows:
    def test_unknown_output_order_body_and_invariant_are_named(self, make_book):
        """输出顺序 and 不变式 cells are checked, and errors point at column B of their row."""
        path = make_book(
            [["R1", "-", "县长", "第一条", "原文", "", ""]],
            "优先",
            extra_meta=[["输出顺序", "县长、秘书长"], ["不变式", "越大越好"]],
        )
        with pytest.raises(WorkbookError) as caught:
            routing.load(path)
        assert {("body.unknown", "B3"), ("table.invariant", "B4")} == {
            (p.code, p.location.cell if p.location else None) for p in caught.value.problems
        }

    def test_declared_invariant_and_order_are_kept(self, make_book):
        """Known names are parsed into the table."""
        path = make_book(
            [["R1", "-", "县长", "第一条", "原文", "", ""]],
            "优先",
            extra_meta=[["输出顺序", "党组会议 > 县长"], ["不变式", "级别随金额不降"]],
        )
        table = routing.load(path).tables[0]
        assert (("party_group", "head"), ("rank_monotone",)) == (
            table.output_order,
            table.invariants,
        )
