"""The dump command: stable text of a workbook, and git's textconv."""

from __future__ import annotations

import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import routing
from routing_cli import cli

if TYPE_CHECKING:
    from pathlib import Path

MENGLA = routing.shipped_tables() / "mengla.xlsx"


class TestDump:
    """routing dump through CliRunner and the library."""

    def test_sheets_and_rules(self) -> None:
        """Every sheet and every rule appear, with rows and bodies."""
        result = CliRunner().invoke(cli, ["dump", str(MENGLA)])
        assert result.exit_code == 0, result.output
        assert "== 资金调整 ==" in result.output
        assert "   6: R1 | 20万元及以下" in result.output
        assert "R1 [资金调整!6] amount ∈ <= 20万 ⇒ head" in result.output

    def test_stable_across_formatting(self, tmp_path: Path) -> None:
        """Column widths and re-saving change nothing in the dump."""
        book = load_workbook(MENGLA)
        book["资金调整"].column_dimensions["B"].width = 77
        book.save(tmp_path / "copy.xlsx")
        assert (
            routing.dump_workbook(tmp_path / "copy.xlsx").splitlines()[1:]
            == (routing.dump_workbook(MENGLA).splitlines()[1:])
        )

    def test_invalid_workbook_lists_problems(self, make_book) -> None:
        """A workbook that does not parse is dumped with its problems, exit 0."""
        path = make_book([["R1", "20万", "无此机构", "第一条", "原文", "", "明文"]])
        result = CliRunner().invoke(cli, ["dump", str(path)])
        assert result.exit_code == 0, result.output
        assert "== 问题 problems ==" in result.output
        assert "body.unknown" in result.output

    def test_unreadable_exit_2(self, tmp_path: Path) -> None:
        """A missing file exits 2 with a message."""
        result = CliRunner().invoke(cli, ["dump", str(tmp_path / "none.xlsx")])
        assert result.exit_code == 2
        assert "none.xlsx" in result.output

    @pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
    def test_git_textconv(self, tmp_path: Path) -> None:
        """With diff.routing.textconv set, git diff shows the changed cell as text."""

        def git(*args: str) -> str:
            done = subprocess.run(
                ["git", "-C", str(tmp_path), *args],
                check=True,
                capture_output=True,
                text=True,
            )
            return done.stdout

        git("init", "-q")
        git("config", "user.email", "t@example.com")
        git("config", "user.name", "t")
        git("config", "diff.routing.textconv", f"{sys.executable} -m routing_cli dump")
        (tmp_path / "tables").mkdir()
        (tmp_path / ".gitattributes").write_text("tables/*.xlsx diff=routing\n", encoding="utf-8")
        shutil.copy(MENGLA, tmp_path / "tables" / "mengla.xlsx")
        git("add", ".")
        git("commit", "-qm", "v1")
        book = load_workbook(tmp_path / "tables" / "mengla.xlsx")
        book["资金调整"]["B6"] = "50万元及以下"
        book.save(tmp_path / "tables" / "mengla.xlsx")
        out = git("diff")
        assert "-   6: R1 | 20万元及以下" in out
        assert "+   6: R1 | 50万元及以下" in out
