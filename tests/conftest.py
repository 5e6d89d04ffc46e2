"""Shared fixtures and the Hypothesis profiles.

HYPOTHESIS_PROFILE=ci (default) is quick; =long runs thousands of examples for fuzzing on demand.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import routing

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile(
    "long", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]


BODIES = [
    ["编号", "名称", "英文名称", "级别", "别名"],
    ["head", "县长", "County head", 70, ""],
    ["standing_meeting", "县人民政府常务会议", "Standing meeting", 80, "常务会议"],
    ["party_group", "县人民政府党组会议", "Party group", 90, "党组会议"],
    ["office_director", "办公室主任", "Office director", 40, ""],
    ["deputy_in_charge", "分管副县长", "Deputy in charge", 50, ""],
]
MATTERS = [
    ["事项编号", "事项名称", "输入编号", "输入名称", "类型", "取值", "必填", "说明"],
    ["fund_adjustment", "资金调整", "amount", "金额", "金额", "", "是", ""],
    ["fund_adjustment", "资金调整", "urgent", "紧急", "是否", "", "否", ""],
    [
        "fund_adjustment",
        "资金调整",
        "origin",
        "来源",
        "枚举",
        "none=无、district=区级、central=中央",
        "否",
        "",
    ],
]


def about(jurisdiction: str = "testville") -> list[list[Any]]:
    return [["辖区编号", jurisdiction], ["辖区名称", "测试县"], ["文件名称", "测试规则"]]


def table_sheet(
    rows: list[list[Any]],
    policy: str = "唯一",
    matter: str = "fund_adjustment",
    header: list[str] | None = None,
    extra_meta: list[list[Any]] | None = None,
) -> list[list[Any]]:
    head = header or ["编号", "金额", "决策机构", "条款", "原文", "说明", "依据"]
    return [["事项", matter], ["命中策略", policy], *(extra_meta or []), [], head, *rows]


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Write a real .xlsx with openpyxl, sheet by sheet, exactly the given cell values."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def book_from_rows(rows: list[list[Any]], policy: str = "唯一", **kwargs: Any):
    """Parse a rule book straight from cell values (no file): fast enough for property tests."""
    from routing._parser import parse_workbook
    from routing._reader import RawSheet, RawWorkbook

    sheets = {
        "说明": about(),
        "机构": BODIES,
        "事项": MATTERS,
        "资金调整": table_sheet(rows, policy, **kwargs),
    }
    raw = RawWorkbook(
        "book.xlsx",
        tuple(RawSheet(name, tuple(tuple(r) for r in content)) for name, content in sheets.items()),
    )
    return routing.Jurisdiction(parse_workbook(raw))


@pytest.fixture
def make_book(tmp_path: Path):
    """Build a workbook from a decision table's rows (plus standard sheets) and return its path."""

    def make(
        rows: list[list[Any]],
        policy: str = "唯一",
        *,
        name: str = "book.xlsx",
        header: list[str] | None = None,
        extra_meta: list[list[Any]] | None = None,
        extra_sheets: dict[str, list[list[Any]]] | None = None,
    ) -> Path:
        sheets = {
            "说明": about(),
            "机构": BODIES,
            "事项": MATTERS,
            "资金调整": table_sheet(rows, policy, header=header, extra_meta=extra_meta),
        }
        sheets.update(extra_sheets or {})
        return write_xlsx(tmp_path / name, sheets)

    return make


@pytest.fixture(autouse=True)
def _cache_in_tmp(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never touch the user's cache: each test gets its own cache folder."""
    monkeypatch.setenv("ROUTING_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("ROUTING_NO_CACHE", raising=False)
