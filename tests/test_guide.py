"""docs/使用说明.md shows each command with its real output: the test runs them all and compares."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _guide_tool():
    spec = importlib.util.spec_from_file_location("guide", ROOT / "tools" / "guide.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_output_in_the_guide_is_what_the_command_prints(tmp_path, monkeypatch):
    """Rendering the guide again changes nothing; if it does, run python tools/guide.py."""
    monkeypatch.setenv("ROUTING_CACHE_DIR", str(tmp_path / "cache"))
    tool = _guide_tool()
    current = tool.GUIDE.read_text(encoding="utf-8")
    assert tool.render(current) == current


def test_the_guide_covers_the_office_tasks_with_real_commands():
    """Each task a clerk needs has a section with at least one command block."""
    text = (ROOT / "docs" / "使用说明.md").read_text(encoding="utf-8")
    commands = re.findall(r"^\$ (routing \S+)", text, flags=re.MULTILINE)
    for command in ("route", "matters", "deadline", "diff", "new", "check", "test", "batch"):
        assert f"routing {command}" in commands
    for topic in (
        "查询",
        "修改一个金额门槛",
        "从模板新增",
        "检查",
        "测试",
        "读懂一条检查结果",
        "议程",
    ):
        assert topic in text


def test_a_changed_output_is_caught(tmp_path, monkeypatch):
    """The comparison notices an output that no longer matches its command."""
    monkeypatch.setenv("ROUTING_CACHE_DIR", str(tmp_path / "cache"))
    tool = _guide_tool()
    stale = (
        "```console\n$ routing route 勐腊县 资金调整 金额=20万元  # 只显示前 2 行\n勐腊县\n```\n"
    )
    assert tool.render(stale) != stale
    assert "决策机构  县长" in tool.render(stale)
