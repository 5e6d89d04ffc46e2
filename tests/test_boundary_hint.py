"""A bare 以下/以上/以内 beside a neighbour's stated bound: check and route suggest the form that
leaves the bound out (``100万元以下`` beside ``100万元(含)以上`` → 不满100万元)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from routing import format_amount, parse_range
from routing._ranges import bare_bounds, without_bound
from routing._template import new_workbook
from routing.strategies import FEN, amounts, intervals
from routing_cli import cli

if TYPE_CHECKING:
    from pathlib import Path


@given(amounts(max_value=Decimal(10) ** 9), st.sampled_from(["以下", "以内"]))
def test_a_bare_upper_word_suggests_below_the_bound_one_fen_either_side(bound, word):
    text = f"{format_amount(bound)}元{word}"
    assert bare_bounds(text) == {"high"}
    suggested = without_bound(parse_range(text), "high").to_chinese()
    assert parse_range(suggested) == parse_range(f"不满{format_amount(bound)}元")
    assert bound not in parse_range(suggested)  # exactly the bound: left out
    assert bound + FEN not in parse_range(suggested)
    if bound >= FEN:
        assert bound - FEN in parse_range(suggested)
    assert bound in parse_range(text)  # as the law reads the bare word


@given(amounts(max_value=Decimal(10) ** 9))
def test_a_bare_lower_word_suggests_above_the_bound_one_fen_either_side(bound):
    text = f"{format_amount(bound)}元以上"
    assert bare_bounds(text) == {"low"}
    suggested = parse_range(without_bound(parse_range(text), "low").to_chinese())
    assert suggested == parse_range(f"超过{format_amount(bound)}元")
    assert bound not in suggested
    assert bound + FEN in suggested
    assert bound - FEN not in suggested


@given(intervals())
def test_the_canonical_phrasing_is_never_bare(interval):
    """What we suggest (and write) says outright whether each bound is included."""
    assert bare_bounds(interval.to_chinese()) == frozenset()
    assert bare_bounds(interval.to_feel()) == frozenset()


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        ("100万元以下", {"high"}),
        ("贰拾万元以下", {"high"}),
        ("100万元以上", {"low"}),
        ("20万元至100万元", {"low", "high"}),
        ("20万元以上100万元以下", {"low", "high"}),
        ("20万元(不含)至100万元", {"high"}),
        ("100万元及以下", set()),
        ("100万元(含)以上", set()),
        ("100万元以下(含)", set()),
        ("1000万元以上(含1000万元)", set()),
        ("1000万元以上（含本数）", set()),
        ("不满100万元", set()),
        ("超过20万元不满100万元", set()),
        ("[20万..100万]", set()),
        ("100万", set()),
    ],
)
def test_which_ends_are_bare(text, sides):
    assert bare_bounds(text) == sides


def _table(tmp_path: Path, low_row: str, high_row: str, policy: str = "唯一") -> Path:
    """The template's 资金调整 cut to two rows that meet at 100万."""
    path = new_workbook("demo", tmp_path / "new.xlsx", name="勐腊县")
    book = openpyxl.load_workbook(path)
    sheet = book["资金调整"]
    sheet["B2"] = policy
    sheet["B5"], sheet["B6"] = low_row, high_row
    sheet.delete_rows(7)
    book.save(tmp_path / "edited.xlsx")
    return tmp_path / "edited.xlsx"


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_check_suggests_leaving_out_the_bound_the_neighbour_states(tmp_path):
    path = _table(tmp_path, "100万元以下", "100万元(含)以上")
    result = _run("check", str(path))
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "[overlap]" in text
    assert "是否应为 R1「不满100万元」" in text
    route = _run("route", str(path), "资金调整", "金额=100万")
    assert route.exit_code == 1
    message = " ".join(route.output.split())
    assert "[hit_policy.unique]" in message
    assert "是否应为 R1「不满100万元」" in message
    assert "did you mean 不满100万元 for R1?" in message


def test_a_first_table_warns_with_the_suggestion_for_the_bare_lower_end(tmp_path):
    path = _table(tmp_path, "100万元及以下", "100万元以上", policy="首条")
    result = _run("check", str(path))
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "警告 [overlap]" in text
    assert "是否应为 R2「超过100万元」" in text


def test_both_bare_offers_either_end(tmp_path):
    result = _run("check", str(_table(tmp_path, "100万元以下", "100万元以上")))
    assert "是否应为 R1「不满100万元」或R2「超过100万元」" in " ".join(result.output.split())


def test_bounds_stated_outright_get_no_suggestion(tmp_path):
    """Both rows say they include 100万: that is what was written, the overlap stands alone."""
    result = _run("check", str(_table(tmp_path, "100万元及以下", "100万元(含)以上")))
    assert result.exit_code == 1
    assert "[overlap]" in result.output
    assert "是否应为" not in result.output
    assert "did you mean" not in result.output
