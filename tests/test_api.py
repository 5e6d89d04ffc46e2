"""The public surface: load(), __all__, and the shipped tables after a real install."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import routing

ROOT = Path(__file__).resolve().parents[1]


def _documented() -> list[str]:
    """The names docs/api.md lists, one per line: ``- `name` — …``."""
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    return re.findall(r"^- `(\w+)` —", text, flags=re.MULTILINE)


def _type_checking_names() -> dict[str, str]:
    """The names the package's TYPE_CHECKING block imports, and from which module."""
    tree = ast.parse((ROOT / "src" / "routing" / "__init__.py").read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If))
    return {
        alias.asname or alias.name: node.module.removeprefix("routing.")
        for node in ast.walk(block)
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }


class TestPublicSurface:
    def test_all_is_what_the_docs_list(self):
        """__all__ is exactly the names docs/api.md documents, each once, sorted."""
        documented = _documented()
        assert len(documented) == len(set(documented))
        assert sorted(documented) == routing.__all__

    def test_type_checkers_see_the_same_names(self):
        """The TYPE_CHECKING imports name each export from the module it is loaded from."""
        assert routing._EXPORTS == _type_checking_names()

    def test_every_export_is_defined_in_routing(self):
        """Each public name resolves, to an object of routing itself (no third-party re-exports)."""
        for name in routing.__all__:
            value = getattr(routing, name)
            module = getattr(value, "__module__", None)
            if (
                not isinstance(module, str) or module == "types" or isinstance(value, str)
            ):  # constants, unions
                module = f"routing.{routing._EXPORTS.get(name, '')}"
            assert module.startswith("routing"), (name, module)

    def test_grammar_internals_are_private(self):
        """Helpers that need the workbook's context are not part of the surface."""
        for name in ("parse_chain", "parse_bool", "template_sheets", "read_rows", "WorkCalendar"):
            assert name not in routing.__all__
            with pytest.raises(AttributeError):
                getattr(routing, name)

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
