"""``routing route`` off a terminal: plain lines with the words rich draws on one (issue #16).

The answer is drawn by rich only on a terminal; to a pipe or a file it is written as plain lines
(``routing_cli._render.show_sections``). Both come from the same sections, and these tests hold
the plain lines to what rich draws, for every example of every shipped workbook.
"""

from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner

import routing
from routing import RoutingError
from routing_cli import cli
from routing_cli._render import _TrimmedLines, decision_sections, draw_sections, show_sections
from routing_cli._safe import safe_console

ANSI = re.compile(r"\x1b\[[0-9;]*m")
ROUTE = ["route", "mengla", "fund_adjustment", "amount=1500万"]


def _decisions(book: routing.Jurisdiction) -> list[routing.Decision]:
    """The decisions of the book's 测试 examples (not those of a gap or of a 时限 matter)."""
    decisions = []
    for case in book.book.tests:
        try:
            decisions.append(book.route(case.matter, **dict(case.inputs)))
        except RoutingError:
            continue
    return decisions


def _drawn(sections: list, width: int) -> str:
    """What rich draws on a terminal of ``width`` columns, colour codes removed."""
    buffer = io.StringIO()
    out = safe_console(
        file=_TrimmedLines(buffer),
        soft_wrap=True,
        highlight=False,
        force_terminal=True,
        width=width,
    )
    draw_sections(out, sections)
    out.file.flush()
    return ANSI.sub("", buffer.getvalue())


def _plain(sections: list, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    show_sections(sections)  # pytest's captured stdout is no terminal
    return capsys.readouterr().out


def _words(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("jurisdiction", routing.shipped_jurisdictions())
def test_plain_lines_say_what_rich_draws(jurisdiction, capsys, monkeypatch) -> None:
    """Every example of every shipped workbook: the same text, line for line at any width.

    rich folds a value over several lines at 80 columns; at 10,000 it draws each value line whole,
    and then each plain line is the rich line, but for the padding after the label.
    """
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    book = routing.load(jurisdiction)
    decisions = _decisions(book)
    assert decisions
    for decision in decisions:
        sections = decision_sections(
            book, decision, book.time_limits(decision), book.meetings_of(decision)
        )
        plain = _plain(sections, capsys)
        assert _words(plain) == _words(_drawn(sections, 80)), decision.rule.location
        wide = _drawn(sections, 10_000).splitlines()
        assert [" ".join(line.split()) for line in plain.splitlines()] == [
            " ".join(line.split()) for line in wide
        ], decision.rule.location


class TestWhereItGoes:
    def test_a_pipe_gets_plain_lines(self) -> None:
        result = CliRunner().invoke(cli, ROUTE, env={"FORCE_COLOR": None, "TTY_COMPATIBLE": None})
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output
        assert "决策机构  县人民政府党组会议  party_group · Party group meeting" in result.output

    @pytest.mark.parametrize(
        "env", [{"TTY_COMPATIBLE": "1"}, {"FORCE_COLOR": "1", "TTY_COMPATIBLE": None}]
    )
    def test_what_rich_takes_for_a_terminal_gets_rich(self, env) -> None:
        """rich's own switches (TTY_COMPATIBLE, FORCE_COLOR) choose rich's drawing."""
        result = CliRunner().invoke(cli, ROUTE, env={**env, "COLUMNS": "80"})
        assert result.exit_code == 0, result.output
        assert "\x1b[" in result.output  # styles: rich drew it
        assert max(len(line) for line in ANSI.sub("", result.output).splitlines()) <= 80

    def test_control_characters_are_shown_not_sent(self, capsys) -> None:
        """ESC, BEL and C1 controls from a workbook are drawn as ␛, ␇ and \\x9b in plain lines."""
        from conftest import book_from_rows

        quote = "县长决定\x1b]8;;http://evil.example/\x07点我\x1b[2J\x9b2J"
        book = book_from_rows([["R1", "-", "县长", "第一条", quote, "注\x1b[31m", ""]])
        sections = decision_sections(book, book.route("fund_adjustment", amount="1"))
        output = _plain(sections, capsys)
        assert "\x1b" not in output
        assert "\x07" not in output
        assert "\x9b" not in output
        assert "␛]8;;http://evil.example/␇点我␛[2J\\x9b2J" in output
        assert "注␛[31m" in output
