"""The public surface: load(), __all__, and the shipped tables after a real install."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import routing

ROOT = Path(__file__).resolve().parents[1]


class TestPublicSurface:
    def test_all_is_sorted_and_complete(self):
        """__all__ is sorted and names exactly the public attributes re-exported by the package."""
        assert sorted(routing.__all__) == routing.__all__
        public = {name for name in dir(routing) if not name.startswith("_")}
        modules = {name for name in public if type(getattr(routing, name)).__name__ == "module"}
        assert set(routing.__all__) == public - modules

    def test_load_by_id_and_by_path(self):
        """load() takes a shipped id or a workbook path."""
        by_id = routing.load("mengla")
        by_path = routing.load(ROOT / "tables" / "mengla.xlsx")
        assert by_id.jurisdiction == by_path.jurisdiction == "mengla"
        assert {"mengla", "tongzhou"} <= set(routing.shipped_jurisdictions())

    def test_design_example(self):
        """The example in DESIGN.md works as written."""
        decision = routing.load("mengla").route("fund_adjustment", amount="1500万")
        assert ("party_group", "县人民政府党组会议", "第四十条(七)") == (
            decision.body.id,
            decision.body.name,
            decision.citation.clause,
        )


class TestShippedTablesMatchSources:
    def test_xlsx_agree_with_toml(self):
        """tables/*.xlsx are exactly what tables/src/*.toml describe."""
        result = subprocess.run(
            [sys.executable, "tools/build_tables.py", "--check"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert 0 == result.returncode, result.stderr


@pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="needs the source checkout")
class TestInstalledWheel:
    def test_shipped_tables_work_after_pip_install(self, tmp_path):
        """A built wheel carries the tables; routing.load('mengla') works from it with no checkout."""
        wheels = tmp_path / "wheels"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--quiet",
                "-w",
                str(wheels),
                str(ROOT),
            ],
            check=True,
            capture_output=True,
        )
        wheel = next(wheels.glob("routing-*.whl"))
        names = zipfile.ZipFile(wheel).namelist()
        assert "routing/tables/mengla.xlsx" in names
        assert "routing_cli/__init__.py" in names
        assert not any(name.startswith("cli/") for name in names)
        target = tmp_path / "site"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--no-deps",
                "--quiet",
                "--target",
                str(target),
                str(wheel),
            ],
            check=True,
            capture_output=True,
        )
        code = "import routing; print(routing.load('mengla').route('fund_adjustment', amount='20万').body.id)"
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
            check=True,
        )
        assert "head" == result.stdout.strip()
