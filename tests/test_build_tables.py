"""tools/build_tables.py --check sees every difference between a TOML source and its workbook,
including a row or cell deleted from the source (the workbook then has more than the source)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]

SOURCE = """
[[sheet]]
name = "说明"
rows = [
  ["辖区编号", "demo"],
  ["辖区名称", "示例县"],
]

[[sheet]]
name = "测试"
rows = [
  ["事项", "输入", "期望", "说明"],
  ["m", "a=1", "head", "first"],
  ["m", "a=2", "head", "second"],
]
"""


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_tables", ROOT / "tools" / "build_tables.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _built(tmp_path: Path) -> tuple[ModuleType, Path, Path]:
    tool = _tool()
    source = tmp_path / "demo.toml"
    source.write_text(SOURCE, encoding="utf-8")
    target = tmp_path / "demo.xlsx"
    tool.write_workbook(tool.specs_from_toml(source), target)
    return tool, source, target


def test_a_workbook_built_from_its_source_agrees(tmp_path: Path) -> None:
    tool, source, target = _built(tmp_path)
    assert [] == tool.differences(source, target)


def test_a_row_deleted_from_the_source_is_a_difference(tmp_path: Path) -> None:
    tool, source, target = _built(tmp_path)
    source.write_text(SOURCE.replace('  ["m", "a=2", "head", "second"],\n', ""), encoding="utf-8")
    found = tool.differences(source, target)
    assert ["demo.xlsx › 测试 › row 3 col 1: 'm' is not in the source"] == found[:1]
    assert 4 == len(found)


def test_a_cell_deleted_from_the_end_of_a_row_is_a_difference(tmp_path: Path) -> None:
    tool, source, target = _built(tmp_path)
    source.write_text(SOURCE.replace('"head", "first"]', '"head"]'), encoding="utf-8")
    assert ["demo.xlsx › 测试 › row 2 col 4: 'first' is not in the source"] == tool.differences(
        source, target
    )
