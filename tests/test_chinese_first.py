"""Chinese first, English alongside: help texts, ``routing matters`` and terminal layout at 80 columns."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

import routing
from routing_cli import COMMANDS, cli

CHINESE = re.compile(r"[\u4e00-\u9fff]")
NARROW = {"COLUMNS": "80"}


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, env=env)


def _examples(help_text: str) -> list[str]:
    _, _, tail = help_text.partition("示例 Examples:")
    return [line.strip() for line in tail.splitlines() if line.strip().startswith("routing ")]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_help_is_chinese_first_with_the_english_kept(command):
    """Each --help (the group's and every command's) leads with Chinese, keeps English, and shows a
    Chinese example; every option's help is bilingual too."""
    result = run(*([command] if command else []), "--help", env=NARROW)
    assert result.exit_code == 0
    text = result.output
    description = text.split("\n\n", 2)[1]  # after the Usage line: the first paragraph
    assert CHINESE.match(description.strip()), description
    prose = text.partition("示例 Examples:")[0].partition("\n\n")[2]
    assert re.search(r"[A-Za-z]{4,} [a-z]{2,} [a-z]{2,}", prose), prose
    examples = _examples(text)
    assert examples, text
    assert any(CHINESE.search(example) for example in examples), examples
    command_object = cli if command is None else cli.commands[command]
    for param in command_object.params:
        if getattr(param, "help", None) and param.name not in {"help", "version"}:
            assert CHINESE.search(param.help), (command, param.name)
            assert " — " in param.help, (command, param.name)


def test_matters_shows_every_input_and_choice_as_label_with_id():
    """Each input and each choice reads 中文标签(id); none is a bare id, none is cut at 80 columns."""
    result = run("matters", "mengla", env=NARROW)
    assert result.exit_code == 0
    book = routing.load("mengla")
    lines = result.output.splitlines()
    for table in book.tables:
        assert any(f"{table.matter.name}({table.matter.id})" in line for line in lines)
        for input_ in table.matter.inputs:
            whole_input = f"{input_.label}({input_.id})"
            assert any(whole_input in line for line in lines) or any(
                line.strip().startswith(f"({input_.id})") for line in lines
            ), input_.id
            for choice in input_.choices:
                whole = f"{choice.label}({choice.id})"
                apart = f"({choice.id})"
                assert any(whole in line for line in lines) or any(
                    line.strip() == apart for line in lines
                ), choice.id


@pytest.mark.parametrize("jurisdiction", routing.shipped_jurisdictions())
def test_matters_at_80_columns_never_splits_an_id_nor_pads(jurisdiction):
    """Every id shows whole on one line within 80 columns; no line ends in padding."""
    result = run("matters", jurisdiction, env=NARROW)
    assert result.exit_code == 0
    book = routing.load(jurisdiction)
    ids = {t.matter.id for t in book.tables} | {r.matter for r in book.deadlines}
    ids |= {i.id for t in book.tables for i in t.matter.inputs}
    ids |= {c.id for t in book.tables for i in t.matter.inputs for c in i.choices}
    for id_ in ids:
        assert re.search(rf"\({re.escape(id_)}\)", result.output), id_
    for line in result.output.splitlines():
        assert not line.endswith(" "), line
        assert len(line) <= 80  # the terminal width the test sets


def test_deadline_rows_of_matters_carry_their_chinese_names():
    """The 时限 section names each deadline matter as routing deadline accepts it."""
    result = run("matters", "mengla", env=NARROW)
    assert "征求意见(consultation_reply)" in result.output
    assert "县人民政府党组会议(party_group)" in result.output


def test_route_output_has_no_trailing_padding():
    """The rich grid of an answer pads its last column; none of that reaches the output."""
    result = run("route", "mengla", "fund_adjustment", "amount=1000万", env=NARROW)
    assert result.exit_code == 0
    assert result.output.splitlines()
    for line in result.output.splitlines():
        assert line == line.rstrip(), repr(line)


def test_check_by_chinese_name_reports_what_check_by_id_does():
    """勐腊县 names mengla.xlsx: its findings are listed under it, not lost to a 勐腊县.xlsx."""
    by_name, by_id = run("check", "勐腊县", "--verbose"), run("check", "mengla", "--verbose")
    assert by_name.exit_code == by_id.exit_code == 0
    assert by_name.output == by_id.output
    assert "处声明的重叠" in by_name.output
    assert "[overlap]" in by_name.output  # the declared overlaps are listed with --verbose


def test_an_ods_rule_workbook_is_refused_with_libreoffice_steps(tmp_path):
    book = tmp_path / "规则.ods"
    book.write_bytes(b"PK\x03\x04 not read: the suffix is refused first")
    result = run("check", str(book))
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "规则.ods: 1 个错误" in text
    assert "[workbook.format]" in text
    assert "「文件 › 另存为」" in text
    assert "Excel 2007-365 (.xlsx)" in text
