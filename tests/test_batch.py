"""The batch command: whole agendas routed into a new workbook, bad rows marked, input untouched."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import routing
from conftest import ROOT, write_xlsx
from routing._batch import route_rows
from routing_cli import cli

AGENDA = [
    ["辖区", "事项", "金额", "备注"],
    ["mengla", "fund_adjustment", "1500万", "a"],
    ["mengla", "资金调整", "abc", "b"],
    ["mengla", "fund_adjustment", "10万", "c"],
]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class TestBatchCommand:
    """routing batch through CliRunner on real files."""

    def test_bad_row_marked_others_routed(self, tmp_path: Path) -> None:
        """A row with amount=abc gets its error; the others are routed; exit 1."""
        source = write_xlsx(tmp_path / "agenda.xlsx", {"议程": AGENDA})
        before = digest(source)
        result = CliRunner().invoke(cli, ["batch", str(source), "-o", str(tmp_path / "out.xlsx")])
        assert result.exit_code == 1, result.output
        assert digest(source) == before
        book = load_workbook(tmp_path / "out.xlsx")
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        assert rows[0][:4] == ("辖区", "事项", "金额", "备注")
        assert rows[1][4] == "party_group"
        assert rows[1][3] == "a"
        assert rows[2][4] is None
        assert rows[2][-2] == "amount.invalid"
        assert "abc" in rows[2][-1]
        assert rows[3][4] == "head"
        totals = list(book["汇总"].iter_rows(values_only=True))
        assert totals[0] == ("分类 group", "项目 item", "数量 count")
        summary = {r[1]: r[2] for r in totals[1:]}
        assert summary["行数 rows"] == 3
        assert summary["错误 errors"] == 1

    def test_csv_input_all_routed(self, tmp_path: Path) -> None:
        """CSV input with English headers and --jurisdiction routes every row; exit 0."""
        source = tmp_path / "agenda.csv"
        source.write_text(
            "matter,amount\nfund_adjustment,1500万\nfund_adjustment,20万\n", encoding="utf-8"
        )
        before = digest(source)
        out = tmp_path / "out.xlsx"
        result = CliRunner().invoke(
            cli, ["batch", str(source), "-o", str(out), "--jurisdiction", "mengla"]
        )
        assert result.exit_code == 0, result.output
        assert digest(source) == before
        rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
        assert [r[2] for r in rows[1:]] == ["party_group", "head"]

    def test_rows_are_routed_with_the_cycle_collector_on(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`routing_cli.main` pauses the collector; an agenda of any size runs with it on again."""
        import gc

        seen: list[bool] = []
        run_batch = routing.run_batch

        def watched(*args, **kwargs):  # passes everything on
            seen.append(gc.isenabled())
            return run_batch(*args, **kwargs)

        monkeypatch.setattr(routing, "run_batch", watched)
        source = tmp_path / "agenda.csv"
        source.write_text("matter,amount\nfund_adjustment,1500万\n", encoding="utf-8")
        gc.disable()  # as main() leaves it
        try:
            result = CliRunner().invoke(
                cli,
                ["batch", str(source), "-o", str(tmp_path / "o.csv"), "--jurisdiction", "mengla"],
            )
        finally:
            gc.enable()
        assert result.exit_code == 0, result.output
        assert seen == [True]

    @pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
    def test_refusal_is_a_domain_outcome(self, tmp_path: Path, suffix: str) -> None:
        """A row the text refuses (结果类型 拒绝) is routed with its clause and result, counted
        as refused, and exits 1, as `routing route` does; a deemed row alone exits 0."""
        source = tmp_path / "agenda.csv"
        source.write_text(
            "事项,公文种类,已明确签署意见\ncirculation,request,否\ncirculation,report,\n",
            encoding="utf-8",
        )
        out = tmp_path / f"out{suffix}"
        args = ["batch", str(source), "-o", str(out), "--jurisdiction", "mengla"]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, result.output
        assert "2 行 rows, 2 已路由 routed (1 拒绝 refused), 0 错误 errors" in result.output
        if suffix == ".csv":
            with out.open(encoding="utf-8-sig", newline="") as handle:
                rows = [tuple(r) for r in csv.reader(handle)]
        else:
            rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
        kind, text = rows[0].index("结果类型 outcome_kind"), rows[0].index("结果 result")
        assert (rows[1][kind], rows[1][text]) == ("拒绝", "政府办公室不得流转")
        assert rows[1][rows[0].index("条款 clause")] == "第五十二条"
        assert rows[2][kind] == "视为"
        if suffix == ".xlsx":
            totals = {r[1]: r[2] for r in load_workbook(out)["汇总"].iter_rows(values_only=True)}
            assert totals["拒绝 refused"] == 1
        source.write_text("事项,公文种类\ncirculation,report\n", encoding="utf-8")
        result = CliRunner().invoke(cli, [*args, "--force"])
        assert result.exit_code == 0, result.output

    def test_existing_output_refused_without_force(self, tmp_path: Path) -> None:
        """An existing output is refused with exit 2 and left as it was; --force replaces it."""
        source = write_xlsx(tmp_path / "agenda.xlsx", {"议程": AGENDA[:2]})
        out = tmp_path / "out.xlsx"
        out.write_bytes(b"keep")
        result = CliRunner().invoke(cli, ["batch", str(source), "-o", str(out)])
        assert result.exit_code == 2
        assert "--force" in result.output
        assert out.read_bytes() == b"keep"
        result = CliRunner().invoke(cli, ["batch", str(source), "-o", str(out), "--force"])
        assert result.exit_code == 0, result.output
        assert out.read_bytes() != b"keep"

    def test_json_lines(self, tmp_path: Path) -> None:
        """--json prints one JSON object per row."""
        source = write_xlsx(tmp_path / "agenda.xlsx", {"议程": AGENDA})
        result = CliRunner().invoke(
            cli, ["batch", str(source), "-o", str(tmp_path / "o.xlsx"), "--json"]
        )
        lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
        assert len(lines) == 3
        assert '"party_group"' in lines[0]

    def test_interrupted_run_leaves_no_output(self, tmp_path: Path) -> None:
        """Killing the CLI mid-way over a large input leaves no output file."""
        source = tmp_path / "big.csv"
        source.write_text(
            "辖区,事项,金额\n" + "mengla,fund_adjustment,1500万\n" * 1_000_000, encoding="utf-8"
        )
        out = tmp_path / "out.xlsx"
        process = subprocess.Popen(
            [sys.executable, "-m", "routing_cli", "batch", str(source), "-o", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            # A test run started in the background (nohup … &) ignores SIGINT, and children
            # inherit that: give the CLI the disposition a user's terminal gives it.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509  # no threads here
        )
        # Interrupt once the temporary output exists (the rows are being written), not after a
        # fixed sleep: the batch is fast enough to finish a fixed-size input in a few seconds.
        deadline = time.monotonic() + 60
        while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert process.poll() is None, "the batch finished before it could be interrupted"
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        assert not out.exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv"]


class TestRouteMany:
    """The library entry point for agendas."""

    def test_route_many(self) -> None:
        """book.route_many routes rows and marks the bad one."""
        book = routing.load("mengla")
        rows = list(
            book.route_many(
                ["事项", "金额"], [["fund_adjustment", "1500万"], ["fund_adjustment", "x"]]
            )
        )
        assert rows[0].decision is not None
        assert rows[0].decision.body.id == "party_group"
        assert not rows[1].ok
        assert rows[1].error_code

    def test_repeated_rows_share_outcomes(self) -> None:
        """Repeated inputs get the same decision or error on every row, per jurisdiction."""
        header = ["辖区", "事项", "金额"]
        rows = [["mengla", "fund_adjustment", "1500万"], ["tongzhou", "fund_adjustment", "1500万"]]
        rows += [["mengla", "fund_adjustment", "x"]] * 2 + rows
        results = list(route_rows(header, rows, loader=routing.load))
        assert [r.error_code for r in results[2:4]] == ["amount.invalid"] * 2
        first, again = results[0], results[4]
        assert first.decision is not None
        assert again.decision is first.decision
        assert results[1].jurisdiction == "tongzhou"
        assert results[1].decision is not first.decision


class TestAtomicSave:
    """Outputs are written atomically with ordinary permissions."""

    def test_output_mode_follows_umask(self, tmp_path: Path) -> None:
        """A new output is not left private (0600) by the temporary file."""
        from routing._writer import atomic_save

        old = os.umask(0o022)
        try:
            atomic_save(tmp_path / "out.txt", lambda p: Path(p).write_text("x", encoding="utf-8"))
        finally:
            os.umask(old)
        assert (tmp_path / "out.txt").stat().st_mode & 0o777 == 0o644


class TestNumericCells:
    """Amounts Excel stores as numbers are exact yuan."""

    def test_float_cell_is_exact(self, tmp_path: Path) -> None:
        """200000.01 typed as a number is above the head's 20万 limit."""
        source = write_xlsx(
            tmp_path / "agenda.xlsx",
            {
                "议程": [
                    ["事项", "金额"],
                    ["fund_adjustment", 200000.01],
                    ["fund_adjustment", 200000],
                ]
            },
        )
        out = tmp_path / "out.xlsx"
        result = CliRunner().invoke(
            cli, ["batch", str(source), "-o", str(out), "--jurisdiction", "mengla"]
        )
        assert result.exit_code == 0, result.output
        rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
        assert [r[2] for r in rows[1:]] == ["standing_meeting", "head"]


class TestCarelessAgendas:
    """Agenda files as offices actually save them, and broken ones: never a traceback."""

    def test_gbk_csv_is_read(self, tmp_path: Path) -> None:
        """Excel on Chinese Windows saves CSV as GBK; the Chinese headers and amounts still route."""
        source = tmp_path / "agenda.csv"
        source.write_bytes("辖区,事项,金额\nmengla,资金调整,1500万\n".encode("gbk"))
        out = tmp_path / "out.xlsx"
        result = CliRunner().invoke(cli, ["batch", str(source), "-o", str(out)])
        assert result.exit_code == 0, result.output
        rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
        assert rows[1][3] == "party_group"

    def test_undecodable_csv_is_refused(self, tmp_path: Path) -> None:
        """Bytes that are neither UTF-8 nor GBK: exit 2 with batch.unreadable, no output file."""
        source = tmp_path / "agenda.csv"
        source.write_bytes(b"matter,amount\n\xff\xff\xff,1\n")
        out = tmp_path / "out.xlsx"
        result = CliRunner().invoke(cli, ["batch", str(source), "-o", str(out)])
        assert result.exit_code == 2, result.output
        assert "batch.unreadable" in result.output
        assert not out.exists()

    def test_agenda_that_is_not_a_workbook(self, tmp_path: Path) -> None:
        """An .xlsx that is not a zip (e.g. password-protected) gets the workbook.format message."""
        source = tmp_path / "agenda.xlsx"
        source.write_bytes(b"\xd0\xcf\x11\xe0 not a zip")
        result = CliRunner().invoke(cli, ["batch", str(source), "-o", str(tmp_path / "o.xlsx")])
        assert result.exit_code == 2, result.output
        assert "workbook.format" in result.output
        assert "Traceback" not in result.output

    def test_damaged_agenda_sheet_is_named(self, tmp_path: Path) -> None:
        """Sheet XML openpyxl chokes on while reading rows: batch.unreadable, exit 2."""
        good = write_xlsx(tmp_path / "good.xlsx", {"议程": AGENDA})
        bad = tmp_path / "bad.xlsx"
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    data = re.sub(rb'<row r="3"', b'<row r="abc"', data, count=1)
                target.writestr(item, data)
        result = CliRunner().invoke(cli, ["batch", str(bad), "-o", str(tmp_path / "o.xlsx")])
        assert result.exit_code == 2, result.output
        assert "batch.unreadable" in result.output
        assert not (tmp_path / "o.xlsx").exists()


class TestMeetingDates:
    """An agenda with a 会议日期 column gets the meeting's due dates in a 时限 column."""

    def test_due_dates_for_meeting_matters(self, tmp_path: Path) -> None:
        import datetime as dt

        agenda = [
            ["辖区", "事项", "金额", "会议日期"],
            ["mengla", "fund_adjustment", "1500万", "2026-10-09"],
            ["mengla", "fund_adjustment", "10万", "2026-10-09"],
            ["mengla", "fund_adjustment", "1500万", dt.datetime(2026, 10, 9)],
            ["mengla", "fund_adjustment", "1500万", "下周五"],
            ["wolong", "meeting_matter", "", "2026-10-09"],
        ]
        source = write_xlsx(tmp_path / "agenda.xlsx", {"议程": agenda})
        out = tmp_path / "out.xlsx"
        result = CliRunner().invoke(cli, ["batch", str(source), "-o", str(out)])
        assert result.exit_code == 1, result.output  # the wolong row lacks its kind
        rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
        assert rows[0][-1] == "时限 time limits"
        party_group, head, as_date, bad, _ = (row[-1] for row in rows[1:])
        # One line per time limit, with its condition: the clerk reads it without a manual.
        assert party_group.splitlines() == [
            "会前报送 重大事项(major)=是: 会前 5 日 2026-09-30",
            "会前报送: 会前 3 日 2026-09-30",
        ]
        assert head is None  # the head decides alone: no meeting, no time limits
        assert as_date == party_group
        assert bad is None
        # The bad date is the row's own error (counted in the exit status), the decision kept.
        assert rows[4][4] == "party_group"
        assert rows[4][-3] == "date.invalid"

    def test_the_column_feeds_the_input_the_workbook_names_so(self, tmp_path: Path) -> None:
        """The 会议日期 column feeds the 起算 input whose 输入名称 is 会议日期, whatever its id:
        the batch knows no id of the shipped vocabulary."""
        import shutil

        book = shutil.copy(ROOT / "tables" / "mengla.xlsx", tmp_path)
        workbook = load_workbook(book)
        for row in workbook["时限"].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "meeting_date" in cell.value:
                    cell.value = cell.value.replace("meeting_date", "meeting_day")
        workbook.save(book)
        loaded = routing.load(book)
        header = ["事项", "金额", "会议日期"]
        (row,) = route_rows(
            header, [["fund_adjustment", "1500万", "2026-10-09"]], book=loaded, loader=routing.load
        )
        assert row.error_code == "", row
        assert row.time_limits.splitlines() == [
            "会前报送 重大事项(major)=是: 会前 5 日 2026-09-30",
            "会前报送: 会前 3 日 2026-09-30",
        ]

    def test_no_column_without_meeting_dates(self, tmp_path: Path) -> None:
        source = write_xlsx(tmp_path / "agenda.xlsx", {"议程": AGENDA})
        CliRunner().invoke(cli, ["batch", str(source), "-o", str(tmp_path / "out.xlsx")])
        header = next(
            load_workbook(tmp_path / "out.xlsx").worksheets[0].iter_rows(values_only=True)
        )
        assert "时限 time limits" not in header
