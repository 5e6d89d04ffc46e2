"""docs/vocabulary.md is generated from the shipped workbooks and kept current."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "vocabulary.py"


def load_tool():
    spec = importlib.util.spec_from_file_location("vocabulary_tool", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_doc_is_current():
    """If this fails, a workbook changed: run `python tools/vocabulary.py` and commit the doc."""
    result = subprocess.run(
        [sys.executable, str(TOOL), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == result.returncode, result.stderr


def test_check_fails_on_a_stale_doc_and_regenerating_fixes_it(tmp_path, capsys):
    tool = load_tool()
    stale = tmp_path / "vocabulary.md"
    stale.write_text(tool.render().replace("`acting_for`", "`acting_for_old`"), encoding="utf-8")
    assert 1 == tool.main(["--check"], target=stale)
    assert "out of date" in capsys.readouterr().err
    assert 0 == tool.main([], target=stale)
    assert 0 == tool.main(["--check"], target=stale)


def test_the_doc_lists_each_jurisdictions_vocabulary():
    text = (ROOT / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    for expected in (
        "## `tongzhou`",
        "| `acting_for` | 代行职责 |",  # the cross-jurisdiction index
        "`standing_meeting` | 区政府常务会议",  # a body
        "半数以上组成人员到会方可召开",  # a meeting's quorum
        "原则上每召开1次",  # a frequency as written, its unit lost
        "决定 (decision)",  # an outcome kind used
        "`head`=",  # a value with its Chinese label
    ):
        assert expected in text, expected
