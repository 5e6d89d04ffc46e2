"""Random workbooks: loading succeeds or raises a RoutingError, never anything else."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import routing
from conftest import BODIES, MATTERS, about, write_xlsx

CELLS = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.sampled_from(
        ["=1+1", "20万", "1000万元(含)以上", "-", "唯一", "首条", "县长", "事项", " ", "\u00a0"]
    ),
)
ROWS = st.lists(st.lists(CELLS, max_size=8), max_size=12)
SHEET_NAMES = st.sampled_from(["说明", "机构", "事项", "资金调整", "测试", "Sheet", "其他"])


class TestFuzzWorkbooks:
    """Garbage in any sheet never escapes as an unexpected exception."""

    @given(sheets=st.dictionaries(SHEET_NAMES, ROWS, max_size=4), keep_standard=st.booleans())
    def test_load_random(self, sheets: dict[str, list[list[object]]], keep_standard: bool) -> None:
        """load() returns a RuleBook or raises RoutingError."""
        base: dict[str, list[list[object]]] = (
            {"说明": about(), "机构": BODIES, "事项": MATTERS} if keep_standard else {}
        )
        base.update(sheets)
        if not base:
            base = {"空": []}
        with tempfile.TemporaryDirectory() as folder:
            path = write_xlsx(Path(folder) / "fuzz.xlsx", base)  # type: ignore[arg-type]
            problems: tuple[routing.Problem, ...] = ()
            code = "ok"
            try:
                routing.load(path)
            except routing.WorkbookError as error:
                problems, code = error.problems, error.code
            except routing.RoutingError as error:
                problems, code = (), error.code
            assert code
            assert all(p.location is not None for p in problems)
