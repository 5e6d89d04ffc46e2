"""What a cold process imports: a cached load and a route stay clear of the heavy libraries.

Speed itself is measured in bench/bench_cold.py, never asserted here; these tests pin the imports
that make it (openpyxl, cattrs, the holiday calendar are only for cache misses, JSON and deadlines).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("openpyxl", "cattrs", "chinese_calendar", "importlib.metadata")
WARM_LAZY = ("zipfile", "difflib")
"""Standard modules a warm route does not need: the zip-bomb check and "did you mean" suggestions."""

REPORT = (
    "import atexit, json, sys\n"
    "atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))\n"
)
LIBRARY = (
    "import routing\n"
    "book = routing.load('mengla')\n"
    "assert book.route('fund_adjustment', amount='1500万').body.id == 'party_group'\n"
)
CLI = "from routing_cli import main\nmain()\n"


def modules_after(code: str, *args: str, **variables: str) -> set[str]:
    """The modules loaded when ``code`` finishes in a fresh interpreter (cache warm by a first run),
    with the environment ``variables`` set."""
    command = [sys.executable, "-c", REPORT + code, *args]
    env = {**os.environ, **variables}
    env.pop("FORCE_COLOR", None)  # rich's switches: they would make a pipe a terminal
    env.pop("TTY_COMPATIBLE", None)
    subprocess.run(command, env=env, check=True, capture_output=True)  # fills the cache
    result = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)


class TestColdImports:
    def test_import_routing_is_light(self):
        """`import routing` alone loads none of its submodules' dependencies (PEP 562 exports)."""
        modules = modules_after("import routing\n")
        assert [] == heavy(modules)
        assert "attrs" not in modules

    def test_cached_load_and_route_never_import_openpyxl(self):
        """A cached rule book loads and routes without openpyxl, cattrs or the holiday calendar."""
        modules = modules_after(LIBRARY)
        assert [] == heavy(modules)
        assert "routing._verify" not in modules
        assert "routing._batch" not in modules
        assert [] == sorted(m for m in WARM_LAZY if m in modules)

    def test_cli_route_imports_only_what_it_draws_with(self):
        """`routing route … amount=1500万` from a warm cache into a pipe: no openpyxl, cattrs,
        and no rich at all (plain lines off a terminal)."""
        modules = modules_after(CLI, "route", "mengla", "fund_adjustment", "amount=1500万")
        assert [] == heavy(modules)
        assert [] == sorted(m for m in modules if m.split(".")[0] == "rich")
        assert "routing_cli._batch" not in modules
        assert [] == sorted(m for m in WARM_LAZY if m in modules)

    def test_uncached_route_reads_the_shipped_workbook_without_openpyxl(self):
        """With no cache, every sheet of mengla.xlsx (its 说明 with the effective date too) is
        calamine's: openpyxl, ~80 ms of a cold start, is not imported."""
        modules = modules_after(
            CLI, "route", "mengla", "fund_adjustment", "amount=1500万", ROUTING_NO_CACHE="1"
        )
        assert "routing._plain_sheets" in modules
        assert [] == sorted(m for m in modules if m.split(".")[0] == "openpyxl")

    def test_cached_route_compiles_no_cell_grammar(self):
        """The grammars of chains, negations, moments, counts, 角/分 and thousands are compiled on
        first use: a cached route reads no such cell (the cache's own names only on a miss)."""
        report = (
            "import atexit, sys\n"
            "def lazy():\n"
            "    from routing import _amounts, _cells, _counts\n"
            "    getters = [_cells._arrows, _cells._step, _cells._any_separators,\n"
            "               _cells._all_separators, _cells._negation, _cells._moment,\n"
            "               _counts._unit_after_numeral, _amounts._jiao_fen, _amounts._thousands]\n"
            "    used = [g.__name__ for g in getters if g.cache_info().currsize]\n"
            "    print('USED', ' '.join(used), file=sys.stderr)\n"
            "atexit.register(lazy)\n"
        )
        command = [sys.executable, "-c", report + CLI, "route", "mengla", "fund_adjustment"]
        command.append("amount=1500万")
        subprocess.run(command, check=True, capture_output=True)  # fills the cache
        result = subprocess.run(command, check=True, capture_output=True, text=True)
        assert result.stderr.strip().splitlines()[-1] == "USED"
        from routing import _cells

        _cells.parse_moment("2026年9月30日22时")  # a cell is read: its grammar is compiled
        assert _cells._moment.cache_info().currsize == 1

    @pytest.mark.parametrize("name", ["load", "RuleBook", "to_json", "verify", "CheckReport"])
    def test_lazy_exports_resolve(self, name):
        """Every public name still resolves (on first use) and is listed by dir()."""
        import routing

        assert getattr(routing, name) is not None
        assert name in dir(routing)

    def test_unknown_attribute_is_an_attribute_error(self):
        """A misspelt name fails as for any module."""
        import routing

        with pytest.raises(AttributeError, match="no attribute 'lod'"):
            routing.lod  # noqa: B018  # the access is the test
