"""A check office staff can trust: the half-finished edit is caught, equivalent rewrites stay quiet,
and the report is for people. Each edit is made with openpyxl on a copy of a shipped workbook."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import routing
from routing_cli import cli

TABLES = Path(__file__).resolve().parents[1] / "tables"


def _copy(tmp_path: Path, jurisdiction: str) -> Path:
    target = tmp_path / f"{jurisdiction}.xlsx"
    shutil.copy(TABLES / f"{jurisdiction}.xlsx", target)
    return target


def _find(sheet, rule_id: str) -> int:
    return next(row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 1).value == rule_id)


def _column(sheet, header_row: int, name: str) -> int:
    return next(
        c for c in range(1, sheet.max_column + 1) if sheet.cell(header_row, c).value == name
    )


def edit(path: Path, sheet_name: str, changes: dict[tuple[str, str], object]) -> Path:
    """Set cells by (rule id, column name) — the way a clerk edits: one cell at a time."""
    workbook = load_workbook(path)
    sheet = workbook[sheet_name]
    header = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "编号")
    for (rule_id, column), value in changes.items():
        sheet.cell(_find(sheet, rule_id), _column(sheet, header, column)).value = value
    workbook.save(path)
    return path


def findings(path: Path) -> set[tuple[str, str, str, tuple[str, ...], str]]:
    """Errors and warnings as (severity, code, sheet, rule ids, region)."""
    report = routing.check([path])
    return {
        (
            f.severity,
            f.code,
            (f.location or f.rules[0].location).sheet or "",
            tuple(r.id for r in f.rules),
            f.where,
        )
        for f in report.findings
        if f.severity in {"error", "warning"}
    }


def new_findings(tmp_path: Path, jurisdiction: str, sheet: str, changes) -> set:
    """What an edit adds to the findings of the unedited workbook."""
    before = findings(_copy(tmp_path, jurisdiction))
    edited = tmp_path / "edited"
    edited.mkdir()
    after = findings(edit(_copy(edited, jurisdiction), sheet, changes))
    return after - before


class TestHalfFinishedEdits:
    """Each edit that changes an answer gives at least a warning naming the right rows."""

    def test_raised_limit_without_the_neighbour_priority(self, tmp_path):
        """Mengla 资金调整 R1 raised to 30万, R2 left at 20万: R1 and R2 overlap in 20万–30万."""
        added = new_findings(tmp_path, "mengla", "资金调整", {("R1", "金额"): "30万元及以下"})
        assert any(
            code == "overlap" and set(ids) == {"R1", "R2"} for _, code, _, ids, _ in added
        ), added
        edited = edit(_copy(tmp_path, "mengla"), "资金调整", {("R1", "金额"): "30万元及以下"})
        warning = next(
            f
            for f in routing.check([edited]).findings
            if f.code == "overlap" and {r.id for r in f.rules} == {"R1", "R2"}
        )
        assert "20万 < 金额 ≤ 30万" in warning.where
        assert "县人民政府常务会议" in warning.message  # the body that wins, in the clerk's words

    def test_raised_upper_bound_of_the_standing_meeting(self, tmp_path):
        """Mengla 新增投资项目 R1 raised past 5000万 without R2: the overlap is named."""
        added = new_findings(
            tmp_path, "mengla", "新增投资项目", {("R1", "金额"): "6000万元(含6000万元)以下"}
        )
        assert any(
            code == "overlap" and set(ids) == {"R1", "R2"} for _, code, _, ids, _ in added
        ), added

    def test_unique_table_threshold_moved(self, tmp_path):
        """Mengla 国有资产处置 (唯一): the declared gap raised to 300万 overlaps R1: an error."""
        added = new_findings(tmp_path, "mengla", "国有资产处置", {("R2", "金额"): "300万元及以下"})
        assert any(f[:4] == ("error", "overlap", "国有资产处置", ("R1", "R2")) for f in added), (
            added
        )

    def test_row_deleted_leaves_a_gap(self, tmp_path):
        """Deleting R2's range (a clerk clearing the row) leaves 20万–1000万 uncovered."""
        path = _copy(tmp_path, "mengla")
        workbook = load_workbook(path)
        sheet = workbook["资金调整"]
        sheet.delete_rows(_find(sheet, "R2"))
        workbook.save(path)
        found = routing.check([path]).findings
        gaps = [f.where for f in found if f.code == "gap"]
        dangling = [f for f in found if f.code == "rule.overlap_unknown"]
        # Either the hole is shown, or R3's declaration of the deleted R2 is: never silence.
        assert dangling or any("20万 < 金额" in where for where in gaps), (gaps, found)

    def test_two_bodies_swapped_breaks_the_rank_invariant(self, tmp_path):
        """常务会议 and 党组会议 swapped in 新增投资项目: 级别随金额不降 is broken (an error)."""
        path = edit(
            _copy(tmp_path, "mengla"),
            "新增投资项目",
            {("R1", "决策机构"): "党组会议", ("R2", "决策机构"): "常务会议"},
        )
        broken = [f for f in routing.check([path]).findings if f.code == "invariant.rank_monotone"]
        assert [("R1", "R2")] == [tuple(r.id for r in f.rules) for f in broken]
        assert "error" == broken[0].severity

    def test_bound_made_exclusive_leaves_a_gap_at_the_point(self, tmp_path):
        """R1 written 不满20万元: exactly 20万 is now covered by no rule."""
        path = edit(_copy(tmp_path, "mengla"), "资金调整", {("R1", "金额"): "不满20万元"})
        gaps = [f for f in routing.check([path]).findings if f.code == "gap"]
        assert any(f.where.startswith("金额 = 20万") for f in gaps), [f.where for f in gaps]

    def test_general_row_moved_above_specific_ones_in_a_first_table(self, tmp_path):
        """Dongchuan 公文签发 (首条): D8 (any 区人民政府 document) moved first shadows D2–D7."""
        path = _copy(tmp_path, "dongchuan")
        workbook = load_workbook(path)
        sheet = workbook["公文签发"]
        header = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "编号")
        first, last = header + 1, sheet.max_row
        rows = [
            [sheet.cell(r, c).value for c in range(1, sheet.max_column + 1)]
            for r in range(first, last + 1)
        ]
        general = next(cells for cells in rows if cells[0] == "D8")
        rows.remove(general)
        for r, cells in enumerate([general, *rows], start=first):
            for c, value in enumerate(cells, start=1):
                sheet.cell(r, c).value = value
        workbook.save(path)
        shadowed = {
            r.id for f in routing.check([path]).findings if f.code == "shadowed" for r in f.rules
        }
        assert {"D2", "D3", "D7"} <= shadowed, shadowed


class TestEquivalentRewrites:
    """Rewrites that route the same give no new finding and no routing change."""

    @pytest.mark.parametrize(
        "changes",
        [
            {("R1", "金额"): "20万元以下"},
            {("R1", "金额"): "<= 20万"},
            {("R2", "金额"): "超过20万元至1000万元(含)"},
            {("R1", "说明"): "改写了说明,不改规则"},
        ],
    )
    def test_no_new_finding(self, tmp_path, changes):
        """以下 for 及以下, FEEL, 超过…至…(含), a reworded note: nothing new, nothing changed."""
        assert set() == new_findings(tmp_path, "mengla", "资金调整", changes)
        old = routing.load(TABLES / "mengla.xlsx").book
        new = routing.load(edit(_copy(tmp_path, "mengla"), "资金调整", changes)).book
        assert not routing.diff_books(old, new).routing_changed

    def test_reordering_a_priority_table(self, tmp_path):
        """Swapping two rows of 优先 资金调整 changes nothing."""
        path = _copy(tmp_path, "mengla")
        workbook = load_workbook(path)
        sheet = workbook["资金调整"]
        one, three = _find(sheet, "R1"), _find(sheet, "R3")
        for column in range(1, sheet.max_column + 1):
            a, b = sheet.cell(one, column), sheet.cell(three, column)
            a.value, b.value = b.value, a.value
        workbook.save(path)
        base = tmp_path / "base"
        base.mkdir()
        assert findings(path) == findings(_copy(base, "mengla"))
        assert not routing.diff_books(
            routing.load(_copy(base, "mengla")).book, routing.load(path).book
        ).routing_changed


class TestDeclarations:
    """An overlap the text means is declared; a declaration that no longer overlaps is stale."""

    def test_declared_overlap_is_counted_not_warned(self, tmp_path):
        """R1 raised to 30万 and declaring R2 (with a reason): no warning, one declared overlap."""
        path = edit(
            _copy(tmp_path, "mengla"),
            "资金调整",
            {("R1", "金额"): "30万元及以下"},
        )
        workbook = load_workbook(path)
        sheet = workbook["资金调整"]
        header = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "编号")
        column = _column(sheet, header, "允许重叠")
        sheet.cell(_find(sheet, "R1"), column).value = "R2"
        sheet.cell(_find(sheet, "R1"), _column(sheet, header, "说明")).value = "第四十一条(十一)"
        workbook.save(path)
        report = routing.check([path])
        pair = [
            f
            for f in report.findings
            if {r.id for r in f.rules} == {"R1", "R2"} and f.rules[0].location.sheet == "资金调整"
        ]
        assert {"overlap.declared"} == {f.code for f in pair}

    def test_stale_declaration_warns(self, tmp_path):
        """R1 declaring R3, which it never meets: overlap.stale names R1."""
        path = _copy(tmp_path, "mengla")
        workbook = load_workbook(path)
        sheet = workbook["资金调整"]
        header = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "编号")
        column = _column(sheet, header, "允许重叠")
        sheet.cell(_find(sheet, "R1"), column).value = "R3"
        sheet.cell(_find(sheet, "R1"), _column(sheet, header, "说明")).value = "第四十一条(十一)"
        workbook.save(path)
        stale = [f for f in routing.check([path]).findings if f.code == "overlap.stale"]
        assert [("R1", "R3")] == [tuple(r.id for r in f.rules) for f in stale]


class TestReport:
    """`routing check` for people: a summary per workbook, infos only with --verbose."""

    def test_summary_line_per_workbook_and_infos_hidden(self, tmp_path):
        """Each workbook of a folder gets its summary line; 提示 lines only with --verbose."""
        for name in ("mengla", "wolong"):
            _copy(tmp_path, name)
        plain = CliRunner().invoke(cli, ["check", str(tmp_path)], env={"COLUMNS": "100"})
        assert plain.output.count("个错误") == 3  # two workbooks and the total
        assert "提示 [" not in plain.output
        verbose = CliRunner().invoke(
            cli, ["check", str(tmp_path), "--verbose"], env={"COLUMNS": "100"}
        )
        assert "提示 [gap.declared]" in verbose.output
        assert all(len(line) <= 100 for line in plain.output.splitlines())

    def test_an_unreadable_workbook_does_not_stop_the_folder(self, tmp_path):
        """A damaged workbook is reported with its code; the others are still checked; exit 2."""
        _copy(tmp_path, "wolong")
        (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
        result = CliRunner().invoke(cli, ["check", str(tmp_path)], env={"COLUMNS": "100"})
        assert 2 == result.exit_code
        assert "workbook.format" in result.output
        assert "wolong.xlsx: 0 个错误" in result.output


class TestDidYouMean:
    """A misspelt body, matter or input gets the nearest names."""

    def test_misspelt_body(self, make_book):
        """常物会议 → 常务会议, named at its cell."""
        path = make_book([["R1", "-", "常物会议", "一", "原文", "", ""]])
        with pytest.raises(routing.WorkbookError) as caught:
            routing.load(path)
        assert "body.unknown" == caught.value.code
        assert "是否应为 常务会议" in caught.value.message
        assert "常务会议" in caught.value.message

    def test_misspelt_matter_and_input(self):
        """资金调正 and 金颔 suggest 资金调整 and 金额."""
        book = routing.load("mengla")
        with pytest.raises(routing.InputError) as matter:
            book.route("资金调正", amount="1")
        assert "资金调整" in matter.value.message.split("可用")[0]
        with pytest.raises(routing.InputError) as name:
            book.route("fund_adjustment", 金颔="1")
        assert "金额" in name.value.message.split("可用")[0]


def test_shipped_tables_report_fits_a_screen():
    """`routing check tables/` at 100 columns: 0 errors, 0 warnings, at most 40 lines."""
    result = CliRunner().invoke(cli, ["check", str(TABLES)], env={"COLUMNS": "100"})
    assert 0 == result.exit_code, result.output
    lines = result.output.splitlines()
    assert len(lines) <= 40, len(lines)
    assert all(len(line) <= 100 for line in lines)
    assert "检查了 5 个工作簿:0 个错误,0 个警告" in result.output
