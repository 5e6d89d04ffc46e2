"""Agendas as offices write them, and as attackers do: title rows, GBK, bad dates, formulas,
far cells, huge fields — each a row's error or a clear refusal, never a traceback or a hang."""

from __future__ import annotations

import csv
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

import routing
from conftest import write_xlsx
from routing._batch import read_rows, route_rows
from routing._batch_output import csv_original, csv_safe
from routing_cli import cli

if TYPE_CHECKING:
    from decimal import Decimal
    from pathlib import Path

TITLE = ["勐腊县人民政府2026年第10次常务会议议题汇总表"]
HEADER = ["序号", "辖区", "事项", "金额", "会议日期", "备注"]


def realistic_agenda() -> list[list[object]]:
    """Twenty rows as a county office keeps them: a title, ids and Chinese names mixed."""
    rows: list[list[object]] = [TITLE, [], HEADER]
    amounts = ["1500万", "10万", "20万元", "200000.01", "1000万", 5_000_000, "2亿", "500万元"]
    for number in range(1, 21):
        matter = "资金调整" if number % 2 else "fund_adjustment"
        rows.append(
            [
                number,
                "mengla",
                matter,
                amounts[number % len(amounts)],
                "2026-10-09",
                f"议题{number}",
            ]
        )
    rows[3 + 4][4] = "10月9日"  # no year: that row's error
    rows[3 + 9][4] = "2026-13-01"  # no such month
    rows[3 + 14][3] = "abc"  # not an amount
    return rows


def sheet_rows(path: Path, index: int = 0) -> list[tuple[object, ...]]:
    return list(load_workbook(path).worksheets[index].iter_rows(values_only=True))


class TestRealisticAgenda:
    def test_title_row_dates_and_summary(self, tmp_path: Path) -> None:
        source = write_xlsx(tmp_path / "议程.xlsx", {"议程": realistic_agenda()})
        out = tmp_path / "结果.xlsx"
        result = CliRunner().invoke(cli, ["batch", str(source), "-o", str(out)])
        assert result.exit_code == 1, result.output  # three rows have errors
        assert "20 行 rows, 17 已路由 routed (0 拒绝 refused), 3 错误 errors" in result.output
        rows = sheet_rows(out)
        assert rows[0][:6] == tuple(HEADER)  # the title rows are passed over
        assert len(rows) == 21
        by_number = {row[0]: row for row in rows[1:]}
        assert by_number[5][-3] == "date.invalid"
        assert by_number[10][-3] == "date.invalid"
        assert by_number[15][-3] == "amount.invalid"
        assert by_number[5][6] is not None  # the decision is kept beside the date's error
        summary = {r[1]: r[2] for r in sheet_rows(out, 1)[1:]}
        assert summary["行数 rows"] == 20
        assert summary["已路由 routed"] == 17
        assert summary["错误 errors"] == 3
        # fund_adjustment and 资金调整 are one matter: one group with its Chinese name.
        assert summary["资金调整(fund_adjustment)"] == 20
        assert summary["date.invalid"] == 2
        assert summary["amount.invalid"] == 1
        bodies = {k: v for k, v in summary.items() if str(k).endswith(")") and "资金" not in k}
        assert sum(bodies.values()) == 19  # every decided row, the two bad dates included

    def test_csv_output_has_bom_and_same_rows(self, tmp_path: Path) -> None:
        source = write_xlsx(tmp_path / "agenda.xlsx", {"议程": realistic_agenda()})
        out = tmp_path / "routed.csv"
        result = CliRunner().invoke(cli, ["batch", str(source), "-o", str(out)])
        assert result.exit_code == 1, result.output
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")
        with out.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0][:6] == HEADER
        assert len(rows) == 21
        assert rows[5][-3] == "date.invalid"

    def test_other_suffix_is_usage_error(self, tmp_path: Path) -> None:
        source = write_xlsx(tmp_path / "agenda.xlsx", {"议程": realistic_agenda()})
        result = CliRunner().invoke(cli, ["batch", str(source), "-o", str(tmp_path / "o.txt")])
        assert result.exit_code == 2
        assert "batch.output_format" in result.output
        assert sorted(p.name for p in tmp_path.iterdir()) == ["agenda.xlsx"]


class TestCsvStreaming:
    def test_gbk_detected_after_ascii_chunks(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The first non-ASCII bytes come after many ASCII chunks: still read as GBK."""
        monkeypatch.setattr("routing._agenda_csv.CHUNK_BYTES", 16)
        text = "matter,amount,note\n" + "fund_adjustment,1500万,ok\n" * 3 + "资金调整,10万,备注\n"
        source = tmp_path / "agenda.csv"
        source.write_bytes(text.encode("gbk"))
        rows = list(route_rows(*read_rows(source), jurisdiction="mengla", loader=routing.load))
        assert [r.decision.body.id for r in rows if r.decision] == ["party_group"] * 3 + ["head"]
        assert rows[-1].cells[2] == "备注"

    def test_utf8_bom_and_split_characters(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A chunk boundary inside a UTF-8 character is decoded whole; the BOM is dropped."""
        monkeypatch.setattr("routing._agenda_csv.CHUNK_BYTES", 7)
        source = tmp_path / "agenda.csv"
        source.write_bytes("事项,金额\n资金调整,1500万\n".encode("utf-8-sig"))
        header, rows = read_rows(source)
        assert header == ("事项", "金额")
        assert list(rows) == [["资金调整", "1500万"]]

    def test_long_field_control_character_and_long_jurisdiction(self, tmp_path: Path) -> None:
        """Each is that row's error; the rows around it are routed."""
        source = tmp_path / "agenda.csv"
        lines = [
            "辖区,事项,金额,备注",
            "mengla,fund_adjustment,1500万,a",
            "mengla,fund_adjustment,10万," + "x" * 131_073,
            "mengla,fund_adjustment,10万,bell\x07",
            "勐" * 300 + ",fund_adjustment,10万,c",
            "mengla,fund_adjustment,10万,d",
        ]
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = tmp_path / "out.csv"
        result = CliRunner().invoke(cli, ["batch", str(source), "-o", str(out)])
        assert result.exit_code == 1, result.output
        with out.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))[1:]
        codes = [row[-2] for row in rows]
        assert codes == [
            "",
            "cell.too_long",
            "cell.control_character",
            "jurisdiction.invalid",
            "",
        ]
        assert [row[4] for row in rows] == ["party_group", "", "", "", "head"]

    def test_undecodable_after_utf8_names_the_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr("routing._agenda_csv.CHUNK_BYTES", 32)
        source = tmp_path / "mixed.csv"
        source.write_bytes(
            "事项,金额\n资金调整,1500万\n".encode() + b"fund_adjustment,\xff\xfe\n" * 4
        )
        result = CliRunner().invoke(
            cli, ["batch", str(source), "-o", str(tmp_path / "o.xlsx"), "--jurisdiction", "mengla"]
        )
        assert result.exit_code == 2, result.output
        assert "batch.unreadable" in result.output
        assert "mixed.csv" in result.output
        assert sorted(p.name for p in tmp_path.iterdir()) == ["mixed.csv"]


class TestHostileSpreadsheets:
    def test_far_cell_is_refused_at_once(self, tmp_path: Path) -> None:
        """One cell at XFD1048576 would make calamine build 17 billion cells."""
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["辖区", "事项", "金额"])
        sheet.append(["mengla", "fund_adjustment", "1500万"])
        sheet["XFD1048576"] = "x"
        book.save(tmp_path / "far.xlsx")
        result = CliRunner().invoke(
            cli, ["batch", str(tmp_path / "far.xlsx"), "-o", str(tmp_path / "o.xlsx")]
        )
        assert result.exit_code == 2, result.output
        assert "batch.too_large" in result.output
        assert "far.xlsx" in result.output

    def test_far_row_is_refused(self, tmp_path: Path) -> None:
        source = write_xlsx(tmp_path / "a.xlsx", {"议程": [["辖区", "事项", "金额", "备注"]]})
        book = load_workbook(source)
        book.worksheets[0]["Z1048576"] = "far"
        book.save(source)
        result = CliRunner().invoke(cli, ["batch", str(source), "-o", str(tmp_path / "o.xlsx")])
        assert result.exit_code == 2, result.output
        assert "batch.too_large" in result.output


class TestNoLiveFormula:
    @pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
    def test_formula_text_is_a_string_cell(self, tmp_path: Path, suffix: str) -> None:
        hyperlink = '=HYPERLINK("http://x.example","y")'
        dde = "=cmd|' /C calc'!A0"
        source = tmp_path / "agenda.csv"
        with source.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(
                [
                    ["事项", "金额", "备注"],
                    ["fund_adjustment", "1500万", hyperlink],
                    [dde, "1", "@x"],
                ]
            )
        out = tmp_path / f"out{suffix}"
        result = CliRunner().invoke(
            cli, ["batch", str(source), "-o", str(out), "--jurisdiction", "mengla"]
        )
        assert result.exit_code == 1, result.output
        if suffix == ".xlsx":
            with zipfile.ZipFile(out) as archive:
                xml = archive.read("xl/worksheets/sheet1.xml").decode()
            assert "<f>" not in xml
            assert 't="inlineStr"' in xml
            rows = sheet_rows(out)
            assert rows[1][2] == hyperlink  # the value is kept exactly
            assert rows[2][0] == dde
        else:
            with out.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.reader(handle))
            assert rows[1][2] == "'" + hyperlink
            assert rows[2][0] == "'" + dde
            assert rows[2][2] == "'@x"

    def test_long_agenda_text_is_cut_at_the_excel_cell_limit(self, tmp_path: Path) -> None:
        """A CSV cell longer than Excel holds (32,767) is cut there in the xlsx, not a crash."""
        source = tmp_path / "agenda.csv"
        source.write_text(f"事项,金额,备注\nfund_adjustment,1500万,{'长' * 40_000}\n", "utf-8")
        out = tmp_path / "out.xlsx"
        result = CliRunner().invoke(
            cli, ["batch", str(source), "-o", str(out), "--jurisdiction", "mengla"]
        )
        assert result.exit_code == 0, result.output
        rows = sheet_rows(out)
        assert rows[1][2] == "长" * 32_767
        assert rows[1][3] == "party_group"


class TestCsvGuard:
    """CSV cells Excel would run are guarded by one apostrophe; the guard is reversible."""

    @pytest.mark.parametrize(
        ("text", "written"),
        [
            ("=1+2", "'=1+2"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("+86 138", "'+86 138"),
            ("@SUM(1)", "'@SUM(1)"),
            ("\t=1", "'\t=1"),
            ("'=1", "''=1"),  # already quoted by hand: one more, so the reverse is exact
            ("-5", "-5"),
            ("-1.25", "-1.25"),
            ("-", "'-"),
            ("'-5", "'-5"),
            ("1500万", "1500万"),
            ("a=b", "a=b"),
        ],
    )
    def test_cells(self, tmp_path: Path, text: str, written: str) -> None:
        source = tmp_path / "agenda.csv"
        with source.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([["事项", "金额", "备注"], ["fund_adjustment", "1", text]])
        out = tmp_path / "out.csv"
        result = CliRunner().invoke(
            cli, ["batch", str(source), "-o", str(out), "--jurisdiction", "mengla"]
        )
        assert result.exit_code == 0, result.output
        with out.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[1][2] == written
        assert csv_original(rows[1][2]) == text

    @given(
        st.lists(
            st.lists(
                st.text(alphabet=",\"\r\n\t\x00=-+'@ 05.a议\u3000", max_size=4),
                min_size=2,
                max_size=2,
            ),
            max_size=6,
        )
    )
    def test_fast_lines_are_what_csv_writer_writes(self, rows: list[list[str]]) -> None:
        """Rows with nothing to quote or guard are joined in C: byte for byte csv.writer's."""
        import contextlib
        import io
        from pathlib import Path

        from routing._batch_output import CsvWriter

        results = ("party_group", "县委常委会", "a,b", "", "=x")
        expected = io.StringIO()
        writer = csv.writer(expected)
        writer.writerow(["事项", "金额", "c1", "c2", "c3", "c4", "c5"])
        for cells in rows:
            writer.writerow([csv_safe(v) for v in [*cells, *results]])
        with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
            target = Path(folder) / "out.csv"
            out = CsvWriter(target, ["事项", "金额", "c1", "c2", "c3", "c4", "c5"], stack)
            out.write_rows(((cells, results) for cells in rows), lambda: None)  # type: ignore[arg-type,return-value]
            stack.close()
            assert target.read_bytes().decode("utf-8-sig") == expected.getvalue()

    @given(st.text(alphabet="='+-@\t\r0123456789.a ", max_size=8) | st.text(max_size=8))
    def test_reversible_and_never_a_formula(self, text: str) -> None:
        cell = csv_safe(text)
        assert csv_original(cell) == text
        assert cell[:1] not in {"=", "+", "@", "\t", "\r"}
        if cell.startswith("-"):
            assert re.fullmatch(r"-[0-9]+(\.[0-9]+)?", cell)


class TestOracle:
    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["fund_adjustment", "资金调整", "no_such"]),
                st.one_of(
                    st.sampled_from(["1500万", "20万", "abc", "", "0", "007", "1.005", "-1"]),
                    st.decimals(0, 10**9, places=2).map(str),
                    st.integers(0, 10**9).map(str),
                ),
            ),
            max_size=30,
        )
    )
    def test_streamed_rows_equal_route(self, cases: list[tuple[str, str]]) -> None:
        """Every streamed row gets what book.route gives the same inputs (decision or code)."""
        book = routing.load("mengla")
        rows = route_rows(
            ["事项", "金额"], [list(c) for c in cases], loader=routing.load, book=book
        )
        for (matter, amount), row in zip(cases, rows, strict=True):
            try:
                expected = book.route(matter, **({"amount": amount} if amount else {}))
            except routing.RoutingError as error:
                assert row.error_code == error.code
            else:
                assert row.decision is not None
                assert row.decision.rule.id == expected.rule.id

    @given(st.decimals(0, 10**14, places=2))
    def test_plain_amount_fast_path(self, amount: Decimal) -> None:
        from routing._batch_rows import _value
        from routing._model import InputKind

        text = str(amount)
        assert _value(text, InputKind.AMOUNT) == routing.parse_amount(text)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_killed_batch_leaves_no_temporary_file(tmp_path: Path, signum: int) -> None:
    """Killed mid-run: no output, no partial file beside it, no temporary file in TMPDIR."""
    work = tmp_path / "work"
    temp = tmp_path / "tmp"
    work.mkdir()
    temp.mkdir()
    source = work / "big.csv"
    source.write_text(
        "辖区,事项,金额,备注\n"
        + "".join(f"mengla,fund_adjustment,{n}万,议题{n}\n" for n in range(400_000)),
        encoding="utf-8",
    )
    out = work / "out.xlsx"
    process = subprocess.Popen(
        [sys.executable, "-m", "routing_cli", "batch", str(source), "-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "TMPDIR": str(temp)},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509  # no threads here
    )
    deadline = time.monotonic() + 60
    while len(list(work.iterdir())) < 2 and time.monotonic() < deadline:  # the writer has started
        time.sleep(0.1)
    assert process.poll() is None, "the batch finished before it could be interrupted"
    process.send_signal(signum)
    process.wait(timeout=30)
    assert process.returncode != 0
    assert sorted(p.name for p in work.iterdir()) == ["big.csv"]
    assert list(temp.iterdir()) == []


class TestParquet:
    def test_parquet_out_and_back_in(self, tmp_path: Path) -> None:
        pq = pytest.importorskip("pyarrow.parquet")
        source = write_xlsx(tmp_path / "agenda.xlsx", {"议程": realistic_agenda()})
        out = tmp_path / "routed.parquet"
        result = CliRunner().invoke(cli, ["batch", str(source), "-o", str(out)])
        assert result.exit_code == 1, result.output
        table = pq.read_table(out)
        assert table.num_rows == 20
        assert table.column_names[:6] == HEADER
        assert table.column("错误代码 error_code").to_pylist()[4] == "date.invalid"
        again = tmp_path / "again.csv"
        result = CliRunner().invoke(cli, ["batch", str(out), "-o", str(again), "--force"])
        assert result.exit_code == 1, result.output
        with again.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert len(rows) == 21
        assert rows[1][6] == table.column("决策机构编号 body_id").to_pylist()[0]


class TestPublish:
    def test_file_appearing_during_the_run_is_kept(self, tmp_path: Path) -> None:
        """A file written at OUT while the batch runs (another batch, a user) is not replaced."""
        from routing._publish import publish

        target = tmp_path / "out.csv"

        def write(temporary: Path) -> None:
            temporary.write_text("ours", encoding="utf-8")
            target.write_text("theirs", encoding="utf-8")

        with pytest.raises(routing.InputError) as caught:
            publish(target, write)
        assert caught.value.code == "output.exists"
        assert target.read_text(encoding="utf-8") == "theirs"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]

    def test_force_never_replaces_the_agenda(self, tmp_path: Path) -> None:
        source = tmp_path / "agenda.csv"
        source.write_text("事项,金额\nfund_adjustment,1500万\n", encoding="utf-8")
        result = CliRunner().invoke(
            cli,
            ["batch", str(source), "-o", str(source), "--force", "--jurisdiction", "mengla"],
        )
        assert result.exit_code == 2, result.output
        assert "output.is_input" in result.output
        assert source.read_text(encoding="utf-8") == "事项,金额\nfund_adjustment,1500万\n"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_progress_knows_the_total(tmp_path: Path, suffix: str) -> None:
    """The progress callback gets rows done and rows total (counted cheaply before routing)."""
    rows = [["辖区", "事项", "金额"]] + [["mengla", "fund_adjustment", "1500万"]] * 3000
    if suffix == ".csv":
        source = tmp_path / "agenda.csv"
        source.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    else:
        source = write_xlsx(tmp_path / "agenda.xlsx", {"议程": rows})
    seen: list[tuple[int, int | None]] = []
    routing.run_batch(
        source,
        tmp_path / "out.csv",
        on_progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[0] == (1024, 3000)
    assert seen[-1] == (3000, 3000)
