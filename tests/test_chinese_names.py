"""Jurisdictions and deadline matters by their Chinese names, with "did you mean" for near misses."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import routing
from routing import InputError, NoRuleError
from routing._api import resolve_source, shipped_names, shipped_tables
from routing_cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("name", ["勐腊县", "勐腊", "mengla", "Mengla", "MENGLA", " 勐腊县 "])
def test_route_takes_the_jurisdiction_by_id_or_chinese_name(name):
    """routing route answers the same for every way a clerk names the county."""
    expected = run("route", "mengla", "资金调整", "金额=20万元").output
    result = run("route", name, "资金调整", "金额=20万元")
    assert result.exit_code == 0
    assert result.output == expected


@pytest.mark.parametrize(
    ("name", "id_"), [("通州区", "tongzhou"), ("东川", "dongchuan"), ("卧龙区", "wolong")]
)
def test_load_and_check_resolve_chinese_names(name, id_):
    """routing.load and every command that resolves a source take the 辖区名称."""
    assert routing.load(name).jurisdiction == id_
    assert resolve_source(name) == shipped_tables() / f"{id_}.xlsx"
    assert run("test", name).exit_code == 0


def test_the_names_index_holds_each_workbooks_name():
    """names.json (written by build_tables) agrees with each shipped workbook's 辖区名称."""
    for id_, name in shipped_names().items():
        assert routing.load(id_).about.name == name


@pytest.mark.parametrize(
    ("typed", "near"),
    [("勐拉县", "勐腊县(mengla)"), ("mengal", "勐腊县(mengla)"), ("同州区", "通州区(tongzhou)")],
)
def test_an_unknown_jurisdiction_suggests_the_near_ones(typed, near):
    """jurisdiction.unknown (exit 2) lists the shipped ids and names, and the close one."""
    result = run("route", typed, "资金调整", "金额=20万元")
    assert result.exit_code == 2
    assert "jurisdiction.unknown" in result.output
    assert f"是否应为 {near}?" in result.output
    assert f"did you mean {near}?" in result.output
    assert "双阳区(shuangyang)" in result.output


def test_a_missing_workbook_path_is_still_a_missing_file():
    """Text that looks like a path is not taken for a jurisdiction name."""
    with pytest.raises(routing.RoutingError) as caught:
        routing.load("no/such/book.xlsx")
    assert caught.value.code == "workbook.not_found"


def test_deadline_by_its_chinese_name():
    """routing deadline mengla 征求意见 … is consultation_reply, as routing route prints that row."""
    by_name = run("deadline", "勐腊县", "征求意见", "received_date=2026-09-28")
    by_id = run("deadline", "mengla", "consultation_reply", "received_date=2026-09-28")
    assert by_name.exit_code == 0
    assert by_name.output == by_id.output
    assert "2026-10-13" in by_name.output
    assert routing.load("mengla").deadline("会前报送", meeting_date="2026-10-09", major="是").due


def test_an_unknown_deadline_matter_suggests_the_near_ones():
    """deadline.none names each deadline matter as 中文名(id) and the close one."""
    with pytest.raises(NoRuleError) as caught:
        routing.load("mengla").deadline("征求", received_date="2026-09-28")
    assert caught.value.code == "deadline.none"
    assert "是否应为 征求意见(consultation_reply)?" in caught.value.message
    assert "did you mean 征求意见(consultation_reply)?" in caught.value.message_en
    assert "会后印发(document_issue_after_meeting)" in caught.value.message


def test_unknown_jurisdiction_from_python_is_an_input_error():
    """The library raises InputError with the same code."""
    with pytest.raises(InputError) as caught:
        routing.load("勐拉")
    assert caught.value.code == "jurisdiction.unknown"
