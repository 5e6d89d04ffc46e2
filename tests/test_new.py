"""The new command: a fresh workbook that loads clean and opens in a second reader."""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

from click.testing import CliRunner
from defusedxml import ElementTree
from openpyxl import load_workbook

import routing
from routing_cli import cli

if TYPE_CHECKING:
    from pathlib import Path


def _new(tmp_path: Path, *extra: str) -> tuple[Path, int, str]:
    path = tmp_path / "book.xlsx"
    result = CliRunner().invoke(cli, ["new", "wolong", "-o", str(path), "--name", "卧龙区", *extra])
    return path, result.exit_code, result.output


class TestNewCommand:
    """routing new writes a workbook people can edit and the library can load."""

    def test_loads_clean_and_tests_pass(self, tmp_path: Path) -> None:
        """The new workbook loads without problems and its test rows route as expected."""
        path, code, output = _new(tmp_path)
        assert code == 0, output
        book = routing.load(path)
        assert book.jurisdiction == "wolong"
        assert book.about.name == "卧龙区"
        assert book.body("head") is not None
        assert book.body("head").name == "区长"
        assert len(book.tests) >= 3
        results = routing.run_tests(book)
        assert [r.message for r in results if not r.passed] == []
        assert book.deadline("topic_submission", meeting_date="2026-10-09").due.isoformat() == (
            "2026-09-30"
        )

    def test_deadline_and_holiday_sheets(self, tmp_path: Path) -> None:
        """时限 and 节假日 come with frozen headers and dropdowns for 方向, 单位 and 类型."""
        path, _, _ = _new(tmp_path)
        workbook = load_workbook(path)
        deadlines, holidays = workbook["时限"], workbook["节假日"]
        assert deadlines.freeze_panes == "A2"
        assert holidays.freeze_panes == "A2"
        formulas = {v.formula1 for v in deadlines.data_validations.dataValidation}
        assert '"前,后"' in formulas
        assert '"工作日,日,小时"' in formulas
        assert {v.formula1 for v in holidays.data_validations.dataValidation} == {'"假日,调休上班"'}
        instructions = [row[0] for row in workbook["填写说明"].iter_rows(values_only=True)]
        assert {"时限", "节假日"} <= set(instructions)

    def test_excel_niceties(self, tmp_path: Path) -> None:
        """Instructions in Chinese, frozen headers, widths and dropdowns are present."""
        path, _, _ = _new(tmp_path)
        workbook = load_workbook(path)
        assert "填写说明" in workbook.sheetnames
        instructions = [row[0] for row in workbook["填写说明"].iter_rows(values_only=True)]
        assert {"金额", "范围", "决策机构与流程", "命中策略", "测试"} <= set(instructions)
        table = workbook["资金调整"]
        assert table.freeze_panes == "A5"
        assert workbook["机构"].freeze_panes == "A2"
        formulas = {v.formula1 for v in table.data_validations.dataValidation}
        assert any("唯一" in f for f in formulas)
        assert any("机构" in f for f in formulas)
        assert table.column_dimensions["E"].width > 20

    def test_second_reader_parses_every_part(self, tmp_path: Path) -> None:
        """Every XML part of the file parses with defusedxml."""
        path, _, _ = _new(tmp_path)
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            names = archive.namelist()
            assert "[Content_Types].xml" in names
            for name in names:
                if name.endswith((".xml", ".rels")):
                    ElementTree.fromstring(archive.read(name))

    def test_existing_output_refused(self, tmp_path: Path) -> None:
        """An existing file is kept and refused with exit 2; --force replaces it."""
        path = tmp_path / "book.xlsx"
        path.write_bytes(b"mine")
        _, code, output = _new(tmp_path)
        assert code == 2
        assert "--force" in output
        assert path.read_bytes() == b"mine"
        _, code, _ = _new(tmp_path, "--force")
        assert code == 0
        assert routing.load(path).jurisdiction == "wolong"

    def test_bad_id_exit_2(self, tmp_path: Path) -> None:
        """A jurisdiction id that is not snake_case is a usage error."""
        result = CliRunner().invoke(cli, ["new", "Wo Long", "-o", str(tmp_path / "x.xlsx")])
        assert result.exit_code == 2
        assert "snake_case" in result.output
        assert not (tmp_path / "x.xlsx").exists()


def test_instructions_explain_declared_overlaps_and_outcome_kinds(tmp_path):
    """The 填写说明 sheet tells the clerk, in Chinese with an example, how to declare an overlap
    (允许重叠) and how to write a refusal or another outcome that is not a body (结果类型)."""
    from openpyxl import load_workbook

    path = routing.new_workbook("testville", tmp_path / "new.xlsx", name="测试县")
    rows = list(load_workbook(path)["填写说明"].iter_rows(values_only=True))
    topics = {row[0]: row for row in rows if row and row[0]}
    assert "R3(1000万元)" in topics["允许重叠"][2]
    assert "说明" in topics["允许重叠"][1]
    assert "拒绝" in topics["结果类型"][1]
