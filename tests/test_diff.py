"""The diff command: changed regions of the input space between two workbook versions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
from click.testing import CliRunner
from openpyxl import load_workbook

import routing
from routing._diff import _describe_rule, _rule_key
from routing_cli import cli

if TYPE_CHECKING:
    from pathlib import Path

    from openpyxl.worksheet.worksheet import Worksheet

MENGLA = routing.shipped_tables() / "mengla.xlsx"


def _edit(target: Path, change: str) -> Path:
    """A copy of Mengla's workbook: the fund table's head limit at 50万, or the investment rows swapped."""
    book = load_workbook(MENGLA)
    sheet: Worksheet = book["资金调整"]
    if change == "limit":
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == "20万元及以下":
                    cell.value = "50万元及以下"
                elif cell.value == "20万元(不含)至1000万元(含)":
                    cell.value = "50万元(不含)至1000万元(含)"
    else:
        # The investment table is PRIORITY (the fund table is FIRST: its row order is meaningful).
        sheet = book["新增投资项目"]
        first = [c.value for c in sheet[6]]
        last = [c.value for c in sheet[7]]
        for column, (a, b) in enumerate(zip(first, last, strict=True), 1):
            sheet.cell(6, column).value = b
            sheet.cell(7, column).value = a
    book.save(target)
    return target


class TestDiffLibrary:
    """routing.diff_books on real workbooks."""

    def test_head_limit_raised_is_one_region(self, tmp_path: Path) -> None:
        """Raising the head's limit from 20万 to 50万 changes exactly one region."""
        new = routing.load(_edit(tmp_path / "new.xlsx", "limit"))
        result = routing.diff_books(routing.load("mengla"), new)
        assert len(result.regions) == 1
        region = result.regions[0]
        assert region.span == "20万 < 金额 ≤ 50万"
        assert (region.old, region.new) == ("县人民政府常务会议", "县长")
        assert routing.parse_amount("20万") not in region.interval
        assert routing.parse_amount("50万") in region.interval
        assert result.changed

    def test_reordered_rows_are_identical(self, tmp_path: Path) -> None:
        """Moving rows under PRIORITY changes nothing."""
        new = routing.load(_edit(tmp_path / "new.xlsx", "reorder"))
        result = routing.diff_books(routing.load("mengla"), new)
        assert not result.changed
        assert result.rules == ()

    def test_renamed_body_and_new_citation(self, tmp_path: Path) -> None:
        """A renamed body and a changed quote are listed, with routing unchanged."""
        book = load_workbook(MENGLA)
        for row in book["机构"].iter_rows():
            if row[1].value == "县长":  # rename the head; other tables still say 县长, now an alias
                row[1].value = "县人民政府县长"
                row[4].value = "县长"
        sheet = book["资金调整"]
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == "20万元及以下单笔资金支出由县长审批":
                    cell.value = "20万元及以下单笔资金支出由县长批准"
                elif cell.value == "县长":
                    cell.value = "县人民政府县长"
        book.save(tmp_path / "new.xlsx")
        result = routing.diff_books(routing.load("mengla"), routing.load(tmp_path / "new.xlsx"))
        assert not result.routing_changed
        assert any("县人民政府县长" in line for line in result.bodies)
        assert [r.kind for r in result.rules] == ["citation"]


class TestDiffCommand:
    """routing diff through CliRunner."""

    def test_changed_exit_1(self, tmp_path: Path) -> None:
        """A changed limit prints the region and exits 1."""
        new = _edit(tmp_path / "new.xlsx", "limit")
        result = CliRunner().invoke(cli, ["diff", str(MENGLA), str(new)])
        assert result.exit_code == 1, result.output
        assert "20万 < 金额 ≤ 50万" in result.output
        assert "县人民政府常务会议 → 县长" in result.output

    def test_reordered_exit_0(self, tmp_path: Path) -> None:
        """Reordered rows exit 0."""
        new = _edit(tmp_path / "new.xlsx", "reorder")
        result = CliRunner().invoke(cli, ["diff", "mengla", str(new)])
        assert result.exit_code == 0, result.output
        assert "路由相同" in result.output

    def test_json(self, tmp_path: Path) -> None:
        """--json gives the regions with their interval."""
        new = _edit(tmp_path / "new.xlsx", "limit")
        result = CliRunner().invoke(cli, ["diff", str(MENGLA), str(new), "--json"])
        assert result.exit_code == 1
        assert '"interval": "(20万..50万]"' in result.output

    def test_unreadable_exit_2(self, tmp_path: Path) -> None:
        """A file that is not a workbook exits 2 without a traceback."""
        bad = tmp_path / "bad.xlsx"
        bad.write_text("not a workbook", encoding="utf-8")
        result = CliRunner().invoke(cli, ["diff", str(MENGLA), str(bad)])
        assert result.exit_code == 2
        assert "Traceback" not in result.output


class TestStableComparison:
    """The same rules never show as changed, whatever order sets and columns come in."""

    def test_enum_values_in_another_set_order(self) -> None:
        """Equal value sets whose iteration orders differ (as after a pickle round trip in a
        process with another hash seed) describe and compare as the same rule."""
        values = [f"v{i}" for i in range(40)]
        first = frozenset(values)
        second = next(
            s
            for s in (frozenset(values[k:] + values[:k]) for k in range(1, 40))
            if list(s) != list(first)
        )
        rule = routing.load("mengla").tables[0].rules[0]
        one = attrs.evolve(rule, conditions=(routing.EnumCondition("kind", first),))
        two = attrs.evolve(rule, conditions=(routing.EnumCondition("kind", second),))
        assert _rule_key(one) == _rule_key(two)
        assert _describe_rule(one) == _describe_rule(two)
        assert "EnumCondition" not in _describe_rule(one)

    def test_deadline_change_is_shown(self, tmp_path: Path) -> None:
        """A 时限 period edited from 7 to 5 working days is listed and exits 1."""
        book = load_workbook(MENGLA)
        header = [cell.value for cell in next(book["时限"].iter_rows())]
        for row in book["时限"].iter_rows():
            if row[0].value == "reply":
                row[header.index("期限")].value = 5
        book.save(tmp_path / "new.xlsx")
        result = CliRunner().invoke(cli, ["diff", str(MENGLA), str(tmp_path / "new.xlsx")])
        assert result.exit_code == 1, result.output
        assert "时限" in result.output
        assert "之后 7" in result.output
        assert "之后 5" in result.output

    def test_holiday_entry_is_shown(self, tmp_path: Path) -> None:
        """A date added to the 节假日 sheet is listed."""
        book = load_workbook(MENGLA)
        book["节假日"].append(["2027-01-01", "假日", "元旦"])
        book.save(tmp_path / "new.xlsx")
        diff = routing.diff_books(routing.load(MENGLA), routing.load(tmp_path / "new.xlsx"))
        assert [str(c) for c in diff.deadlines] == ["节假日 calendar 2027-01-01: 未列 → 假日"]
        assert diff.changed
