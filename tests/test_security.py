"""Safe by default (issue 11): each attack on the old code, built for real, and what holds now."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import routing
from routing._publish import publish
from routing_cli import cli

MENGLA = Path(__file__).resolve().parents[1] / "tables" / "mengla.xlsx"


def _write_text(text: str) -> object:
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return write


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


class TestPublish:
    """Outputs are new files, published exclusively; nothing the user has is overwritten."""

    def test_new_file_with_plain_mode(self, tmp_path: Path) -> None:
        """A new output is written, with the mode of a plain new file, and no temporary is left."""
        old = os.umask(0o022)
        try:
            target = publish(tmp_path / "out.txt", _write_text("x"))
        finally:
            os.umask(old)
        assert target.read_text(encoding="utf-8") == "x"
        assert target.stat().st_mode & 0o777 == 0o644
        assert _leftovers(tmp_path) == []

    def test_existing_target_refused(self, tmp_path: Path) -> None:
        """An existing file is not replaced without force."""
        target = tmp_path / "out.txt"
        target.write_text("mine", encoding="utf-8")
        with pytest.raises(routing.InputError) as caught:
            publish(target, _write_text("theirs"))
        assert caught.value.code == "output.exists"
        assert target.read_text(encoding="utf-8") == "mine"
        assert _leftovers(tmp_path) == []

    def test_target_appearing_during_the_write_is_kept(self, tmp_path: Path) -> None:
        """The check that counts is at publish time: a file created while we write survives."""
        target = tmp_path / "out.txt"

        def slow_write(path: Path) -> None:
            path.write_text("ours", encoding="utf-8")
            target.write_text("someone else's", encoding="utf-8")  # another run got there first

        with pytest.raises(routing.InputError) as caught:
            publish(target, slow_write)
        assert caught.value.code == "output.exists"
        assert target.read_text(encoding="utf-8") == "someone else's"
        assert _leftovers(tmp_path) == []

    def test_force_replaces(self, tmp_path: Path) -> None:
        target = tmp_path / "out.txt"
        target.write_text("old", encoding="utf-8")
        publish(target, _write_text("new"), force=True)
        assert target.read_text(encoding="utf-8") == "new"

    def test_force_never_replaces_an_input(self, tmp_path: Path) -> None:
        """A protected input is refused by path, through a symlink, and through a hard link."""
        source = tmp_path / "book.xlsx"
        shutil.copy(MENGLA, source)
        before = source.read_bytes()
        (tmp_path / "alias.xlsx").symlink_to(source)
        os.link(source, tmp_path / "hard.xlsx")
        for name in ("book.xlsx", "alias.xlsx", "hard.xlsx"):
            with pytest.raises(routing.InputError) as caught:
                publish(tmp_path / name, _write_text("x"), force=True, protected=[source])
            assert caught.value.code == "output.is_input"
        assert source.read_bytes() == before

    def test_directory_refused_even_with_force(self, tmp_path: Path) -> None:
        with pytest.raises(routing.InputError) as caught:
            publish(tmp_path, _write_text("x"), force=True)
        assert caught.value.code == "output.is_directory"

    @pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit, ValueError])
    def test_temporary_removed_on_any_exception(self, tmp_path: Path, interrupt: type) -> None:
        def write(path: Path) -> None:
            path.write_text("partial", encoding="utf-8")
            raise interrupt

        with pytest.raises(interrupt):
            publish(tmp_path / "out.txt", write)
        assert list(tmp_path.iterdir()) == []

    def test_full_disk_is_unwritable(self, tmp_path: Path) -> None:
        """ENOSPC while writing is a message with a code, and nothing is left."""

        def write(path: Path) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

        with pytest.raises(routing.InputError) as caught:
            publish(tmp_path / "out.txt", write)
        assert caught.value.code == "output.unwritable"
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
    def test_read_only_folder_is_unwritable(self, tmp_path: Path) -> None:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o500)
        try:
            with pytest.raises(routing.InputError) as caught:
                publish(folder / "out.txt", _write_text("x"))
        finally:
            folder.chmod(0o700)
        assert caught.value.code == "output.unwritable"

    def test_permission_denied_is_unwritable(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """What a read-only folder gives a user who is not root (this suite may run as root)."""
        import tempfile

        def denied(*_: object, **__: object) -> None:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

        monkeypatch.setattr(tempfile, "mkstemp", denied)
        with pytest.raises(routing.InputError) as caught:
            publish(tmp_path / "out.txt", _write_text("x"))
        assert caught.value.code == "output.unwritable"
        assert "Permission denied" in caught.value.message_en

    def test_name_too_long_is_unwritable(self, tmp_path: Path) -> None:
        with pytest.raises(routing.InputError) as caught:
            publish(tmp_path / ("长" * 100 + ".xlsx"), _write_text("x"))
        assert caught.value.code == "output.unwritable"

    def test_hard_links_unsupported_falls_back_to_exclusive_create(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def no_link(*_: object) -> None:
            raise OSError(errno.EPERM, "no hard links here")

        monkeypatch.setattr(os, "link", no_link)
        target = publish(tmp_path / "out.txt", _write_text("x"))
        assert target.read_text(encoding="utf-8") == "x"
        with pytest.raises(routing.InputError) as caught:
            publish(target, _write_text("y"))
        assert caught.value.code == "output.exists"
        assert target.read_text(encoding="utf-8") == "x"
        assert _leftovers(tmp_path) == []


class TestShowSvg:
    """show --svg publishes a new file; never the workbook shown."""

    def test_existing_svg_refused_without_force(self, tmp_path: Path) -> None:
        svg = tmp_path / "bands.svg"
        svg.write_text("mine", encoding="utf-8")
        result = CliRunner().invoke(cli, ["show", "mengla", "资金调整", "--svg", str(svg)])
        assert result.exit_code == 2, result.output
        assert "output.exists" in result.output
        assert svg.read_text(encoding="utf-8") == "mine"
        forced = CliRunner().invoke(
            cli, ["show", "mengla", "资金调整", "--svg", str(svg), "--force"]
        )
        assert forced.exit_code == 0, forced.output
        assert svg.read_text(encoding="utf-8").lstrip().startswith("<svg")

    def test_the_workbook_shown_is_never_replaced(self, tmp_path: Path) -> None:
        book = tmp_path / "book.xlsx"
        shutil.copy(MENGLA, book)
        before = book.read_bytes()
        result = CliRunner().invoke(
            cli, ["show", str(book), "资金调整", "--svg", str(book), "--force"]
        )
        assert result.exit_code == 2, result.output
        assert "output.is_input" in result.output
        assert book.read_bytes() == before


class TestNewOutput:
    """routing new publishes exclusively too."""

    def test_existing_output_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "book.xlsx"
        path.write_bytes(b"mine")
        result = CliRunner().invoke(cli, ["new", "wolong", "-o", str(path)])
        assert result.exit_code == 2
        assert "output.exists" in result.output
        assert path.read_bytes() == b"mine"

    def test_directory_output_with_force(self, tmp_path: Path) -> None:
        folder = tmp_path / "dir.xlsx"
        folder.mkdir()
        result = CliRunner().invoke(cli, ["new", "wolong", "-o", str(folder), "--force"])
        assert result.exit_code == 2, result.output
        assert "output.is_directory" in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def _copy_shipped(tmp_path: Path, jurisdiction: str, name: str | None = None) -> Path:
    target = tmp_path / (name or f"{jurisdiction}.xlsx")
    shutil.copy(MENGLA.with_name(f"{jurisdiction}.xlsx"), target)
    return target


def _entry(path: Path) -> Path:
    from routing._cache import entry_for

    entry = entry_for(path)
    assert entry is not None
    return entry.file


class TestCacheCannotRunCode:
    """Nothing in the cache folder is unpickled or otherwise run; entries cannot lie."""

    def test_planted_pickle_is_never_executed(self, tmp_path: Path) -> None:
        """A pickle that would create a file, planted as the entry, is a miss: the book is rebuilt."""
        book = _copy_shipped(tmp_path, "mengla")
        marker = tmp_path / "pwned"
        payload = f"cos\nsystem\n(S'touch {marker}'\ntR.".encode()
        entry = _entry(book)
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_bytes(payload)
        entry.with_suffix(".pickle").write_bytes(payload)  # the old cache's name for it
        loaded = routing.load(book)
        assert not marker.exists()
        assert loaded.jurisdiction == "mengla"
        assert entry.read_bytes() != payload  # rebuilt, so the next load is a real hit

    def test_swapped_entries_never_answer_for_another_workbook(self, tmp_path: Path) -> None:
        """Two entries renamed onto each other are rejected by the key they record."""
        tongzhou, mengla = _copy_shipped(tmp_path, "tongzhou"), _copy_shipped(tmp_path, "mengla")
        routing.load(tongzhou)
        routing.load(mengla)
        first, second = _entry(tongzhou), _entry(mengla)
        swap = first.with_name("swap")
        first.rename(swap)
        second.rename(first)
        swap.rename(second)
        assert routing.load(tongzhou).jurisdiction == "tongzhou"
        assert routing.load(mengla).jurisdiction == "mengla"

    def test_entry_recording_another_workbook_hash_is_rejected(self, tmp_path: Path) -> None:
        """An entry whose recorded workbook sha256 differs is not served, even under its key."""
        book = _copy_shipped(tmp_path, "mengla")
        routing.load(book)
        entry = _entry(book)
        head, _, body = entry.read_bytes().partition(b"\n")
        cache_format, key, _, body_sha256 = json.loads(head)
        header = json.dumps([cache_format, key, "0" * 64, body_sha256]).encode()
        entry.write_bytes(header + b"\n" + body)
        from routing._cache import entry_for, read

        looked_up = entry_for(book)
        assert looked_up is not None
        assert read(looked_up) is None

    def test_damaged_body_is_rejected(self, tmp_path: Path) -> None:
        """One changed character in the book (still valid JSON, still a valid book) is a miss."""
        book = _copy_shipped(tmp_path, "mengla")
        original = routing.load(book).book
        entry = _entry(book)
        data = entry.read_bytes()
        damaged = data.replace("县长".encode(), "县委".encode(), 1)
        assert damaged != data
        entry.write_bytes(damaged)
        from routing._cache import entry_for, read

        looked_up = entry_for(book)
        assert looked_up is not None
        assert read(looked_up) is None
        assert routing.load(book).book == original  # rebuilt from the workbook

    @pytest.mark.parametrize("planted", [b"[" * 100_000, b'{"a":' * 100_000, b"\xff\xfe\n[]"])
    def test_planted_json_is_a_miss(self, tmp_path: Path, planted: bytes) -> None:
        """Nesting without end (RecursionError in json) or bytes that are not UTF-8: rebuilt."""
        book = _copy_shipped(tmp_path, "wolong")
        entry = _entry(book)
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_bytes(planted)
        assert routing.load(book).jurisdiction == "wolong"
        assert entry.read_bytes() != planted

    def test_entries_of_older_caches_are_pruned(self, tmp_path: Path) -> None:
        """The pickle and MessagePack entries of earlier versions are deleted on the next miss."""
        from routing._cache import cache_dir

        cache_dir().mkdir(parents=True, exist_ok=True)
        old = [cache_dir() / f"{'a' * 64}.pickle", cache_dir() / f"{'b' * 64}.msgpack"]
        for path in old:
            path.write_bytes(b"old")
        routing.load(_copy_shipped(tmp_path, "wolong"))
        assert [path for path in old if path.exists()] == []

    def test_folder_and_entries_are_private(self, tmp_path: Path) -> None:
        from routing._cache import cache_dir

        old = os.umask(0o022)
        try:
            routing.load(_copy_shipped(tmp_path, "wolong"))
        finally:
            os.umask(old)
        assert cache_dir().stat().st_mode & 0o777 == 0o700
        (entry,) = cache_dir().glob("*.json")
        assert entry.stat().st_mode & 0o777 == 0o600

    def test_folder_writable_by_others_is_not_used(self, tmp_path: Path, capfd) -> None:
        """A world-writable cache folder: one warning line, and the run goes on uncached."""
        from routing._cache import cache_dir

        cache_dir().mkdir(parents=True, exist_ok=True)
        cache_dir().chmod(0o777)
        book = routing.load(_copy_shipped(tmp_path, "wolong"))
        assert book.jurisdiction == "wolong"
        assert list(cache_dir().iterdir()) == []
        err = capfd.readouterr().err
        assert len(err.strip().splitlines()) == 1
        assert "running uncached" in err

    def test_folder_owned_by_someone_else_is_not_used(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd
    ) -> None:
        from routing._cache import cache_dir

        cache_dir().mkdir(parents=True, exist_ok=True)
        monkeypatch.setattr(os, "geteuid", lambda: cache_dir().stat().st_uid + 1)
        routing.load(_copy_shipped(tmp_path, "wolong"))
        assert list(cache_dir().iterdir()) == []
        assert "owned by another user" in capfd.readouterr().err

    def test_pruning_keeps_files_that_are_not_entries(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A user's notes.tmp (however old) survives; only the cache's own names are pruned."""
        from routing._cache import cache_dir

        monkeypatch.setattr("routing._cache.CACHE_MAX_FILES", 1)
        cache_dir().mkdir(parents=True, exist_ok=True)
        notes, report = cache_dir() / "notes.tmp", cache_dir() / "report.json"
        for path in (notes, report):
            path.write_text("mine", encoding="utf-8")
            os.utime(path, (1, 1))
        routing.load(_copy_shipped(tmp_path, "wolong"))
        routing.load(_copy_shipped(tmp_path, "tongzhou"))
        assert notes.read_text(encoding="utf-8") == "mine"
        assert report.read_text(encoding="utf-8") == "mine"
        assert len(list(cache_dir().glob("*.json"))) == 2  # one entry and the user's file

    def test_key_covers_modules_in_subpackages(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A module in a subpackage is part of the code digest (rglob, not glob)."""
        from routing import _cache

        package = tmp_path / "pkg"
        (package / "sub").mkdir(parents=True)
        (package / "top.py").write_text("x = 1\n", encoding="utf-8")
        (package / "sub" / "deep.py").write_text("y = 1\n", encoding="utf-8")
        monkeypatch.setattr(_cache, "__file__", str(package / "_cache.py"))
        _cache.code_digest.cache_clear()
        try:
            before = _cache.code_digest()
            (package / "sub" / "deep.py").write_text("y = 2\n", encoding="utf-8")
            _cache.code_digest.cache_clear()
            assert _cache.code_digest() != before
        finally:
            _cache.code_digest.cache_clear()


FORMULAS = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "@SUM(1)", "#N/A", "+1+1"]


def _sheet_xml(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return "".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("xl/worksheets/sheet")
        )


class TestNoLiveFormulas:
    """Text we write is a string cell, kept exactly: never a formula."""

    @pytest.mark.parametrize("name", FORMULAS)
    def test_new_name_is_a_string_cell(self, tmp_path: Path, name: str) -> None:
        from openpyxl import load_workbook

        path = tmp_path / "book.xlsx"
        result = CliRunner().invoke(cli, ["new", "wolong", "-o", str(path), "--name", name])
        assert result.exit_code == 0, result.output
        assert "<f>" not in _sheet_xml(path)
        assert "<f " not in _sheet_xml(path)
        workbook = load_workbook(path)
        values = [
            cell
            for sheet in workbook
            for row in sheet.iter_rows()
            for cell in row
            if cell.value == name
        ]
        workbook.close()
        assert values
        assert all(cell.data_type == "s" for cell in values)

    def test_write_workbook_keeps_every_text_as_text(self, tmp_path: Path) -> None:
        from routing._writer import SheetSpec, write_workbook

        rows = tuple((text, 1, None) for text in FORMULAS)
        path = write_workbook([SheetSpec("说明", rows)], tmp_path / "out.xlsx")
        assert "<f>" not in _sheet_xml(path)
        from routing._reader import read_workbook

        sheet = read_workbook(path).sheets[0]
        assert [sheet.value(row, 1) for row in range(1, len(FORMULAS) + 1)] == FORMULAS

    def test_control_character_in_new_name_is_a_message(self, tmp_path: Path) -> None:
        """ESC cannot be stored in a workbook: exit 2 naming the cell, no traceback, no file."""
        path = tmp_path / "book.xlsx"
        result = CliRunner().invoke(cli, ["new", "wolong", "-o", str(path), "--name", "a\x1bb"])
        assert result.exit_code == 2
        assert "output.control_character" in result.output
        assert "说明 › B2" in result.output
        assert not path.exists()


def _far_cell_book(path: Path, ref: str, sheets: int = 1) -> Path:
    """A tiny workbook whose sheets each hold one cell at ``ref`` (the declared dimension says A1:ref)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for number in range(sheets):
        workbook.create_sheet(f"S{number}")[ref] = "x"
    workbook.save(path)
    return path


def shared_string_book(path: Path, sheets: int, size: int = 1024 * 1024) -> Path:
    """``sheets`` sheets whose A1 shows one shared string of ``size`` UTF-8 bytes of varied text.

    openpyxl cuts strings at 32,767 characters when it writes, so the shared string table is
    written here by hand, as another program (or an attacker) would.
    """
    import random
    import zipfile

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for number in range(sheets):
        workbook.create_sheet(f"S{number}")["A1"] = "PLACEHOLDER"
    plain = path.with_suffix(".plain.xlsx")
    workbook.save(plain)
    choice = random.Random(0).choice  # noqa: S311  # varied text, not a secret
    alphabet = [chr(code) for code in range(0x4E00, 0x4E00 + 3000)]
    text = "".join(choice(alphabet) for _ in range(size // 3))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    table = f'<sst xmlns="{main}" count="{sheets}" uniqueCount="1"><si><t>{text}</t></si></sst>'
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            data = data.replace(
                b'<c r="A1" t="inlineStr"><is><t>PLACEHOLDER</t></is></c>',
                b'<c r="A1" t="s"><v>0</v></c>',
            )
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    f'<Relationship Type="{relations}/sharedStrings" Target="sharedStrings.xml" '
                    'Id="rIdStrings"/></Relationships>'.encode(),
                )
            out.writestr(item.filename, data)
        out.writestr("xl/sharedStrings.xml", table.encode())
    plain.unlink()
    return path


class TestBoundedCost:
    """Limits count real cells and text, not what a sheet declares; only regular files are read."""

    def test_far_cell_is_not_padded(self, tmp_path: Path) -> None:
        """One cell at SF100000 per sheet: rows stay as long as their real cells."""
        from routing._reader import read_workbook

        path = _far_cell_book(tmp_path / "far.xlsx", "SF100000", sheets=4)
        assert path.stat().st_size < 20_000
        raw = read_workbook(path)
        for sheet in raw.sheets:
            assert len(sheet.rows) == 100_000
            assert sum(len(row) for row in sheet.rows) == 500  # the last row only
            assert sheet.value(100_000, 500) == "x"

    def test_cell_at_the_last_excel_cell_is_refused(self, tmp_path: Path) -> None:
        path = _far_cell_book(tmp_path / "xfd.xlsx", "XFD1048576")
        with pytest.raises(routing.WorkbookError) as caught:
            routing.load(path)
        assert caught.value.code == "workbook.too_large"

    def test_megabyte_strings_are_refused(self, tmp_path: Path) -> None:
        """One shared 1 MiB string shown in many sheets: refused at its first cell (Excel's limit)."""
        path = shared_string_book(tmp_path / "strings.xlsx", sheets=5)
        with pytest.raises(routing.WorkbookError) as caught:
            routing.load(path)
        assert caught.value.code == "workbook.too_large"
        assert caught.value.location is not None
        assert caught.value.location.sheet == "S0"

    @pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
    def test_only_regular_files_are_opened(self, tmp_path: Path, kind: str) -> None:
        """A FIFO (which would block), /dev/zero (endless), a folder named *.xlsx: exit 2 at once."""
        if kind == "fifo":
            path = tmp_path / "pipe.xlsx"
            os.mkfifo(path)
        elif kind == "device":
            path = Path("/dev/zero")
        else:
            path = tmp_path / "folder.xlsx"
            path.mkdir()
        result = CliRunner().invoke(cli, ["route", str(path), "leave"])
        assert result.exit_code == 2, result.output
        code = "workbook.unreadable" if kind == "folder" else "workbook.not_regular"
        assert code in result.output

    def test_size_is_checked_before_reading(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file over MAX_FILE_BYTES is refused from its size: neither hashed nor opened."""
        from routing import _cache, _file_guards

        book = _copy_shipped(tmp_path, "wolong")
        monkeypatch.setattr(_file_guards, "MAX_FILE_BYTES", 1000)
        monkeypatch.setattr(_cache, "MAX_HASHED_BYTES", 1000)

        def no_reading(*_: object, **__: object) -> None:
            raise AssertionError("the file was read")

        monkeypatch.setattr(Path, "read_bytes", no_reading)
        monkeypatch.setattr(Path, "open", no_reading)
        with pytest.raises(routing.WorkbookError) as caught:
            routing.load(book)
        assert caught.value.code == "workbook.too_large"


class TestOurBugsAreBugs:
    """A bug in routing is not reported as a damaged workbook."""

    @pytest.mark.parametrize("error", [TypeError, AttributeError])
    def test_bug_in_a_helper_surfaces(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: type
    ) -> None:
        from routing import _reader

        def broken(_: object) -> None:
            raise error("a bug of ours")

        monkeypatch.setattr(_reader, "_number", broken)
        with pytest.raises(error, match="a bug of ours"):
            routing.load(_copy_shipped(tmp_path, "wolong"))

    def test_dropdowns_are_not_formulas(self, tmp_path: Path) -> None:
        """``<formula1>`` of a dropdown is not an ``<f>`` element: no second, formula-reading pass."""
        from routing._plain_sheets import has_formulas

        with_dropdowns = _copy_shipped(tmp_path, "wolong")
        assert not has_formulas(with_dropdowns)
        from openpyxl import Workbook

        workbook = Workbook()
        workbook.active["A1"] = "=1+1"
        workbook.save(tmp_path / "formula.xlsx")
        assert has_formulas(tmp_path / "formula.xlsx")


class TestTerminal:
    """Workbook text reaches the terminal as written: no markup, no control sequence."""

    def test_markup_in_a_quote_is_printed_literally(self, make_book) -> None:
        """``[/]`` does not crash; ``[link=…]``, ``[b]``, ``[sic]`` are shown, not obeyed.

        XML cannot hold ESC, but it can hold the C1 controls (CSI U+009B, OSC U+009D), which
        terminals with 8-bit controls obey like ESC [ and ESC ].
        """
        quote = "县长决定[/]。见[link=http://evil.example/]此处[/link][b]粗[sic]\x9d0;pwned\x9b2J末"
        path = make_book([["R1", "-", "县长", "第一条", quote, "注[i]释", ""]])
        result = CliRunner().invoke(cli, ["route", str(path), "fund_adjustment", "amount=1"])
        assert result.exit_code == 0, result.output
        for literal in ("[/]", "[link=http://evil.example/]", "[/link]", "[b]粗[sic]", "注[i]释"):
            assert literal in result.output
        assert "\x9b" not in result.output
        assert "\x9d" not in result.output
        assert "\\x9d" in result.output  # shown, as four characters
        assert "\\x9b" in result.output

    def test_escape_in_a_quote_never_reaches_stdout(self, capsys) -> None:
        """ESC and BEL (from an agenda, a CSV, a future reader) are drawn as ␛ and ␇."""
        from conftest import book_from_rows
        from routing_cli._render import console, render_decision

        quote = "县长决定\x1b]8;;http://evil.example/\x07点我\x1b]8;;\x07\x1b[2J"
        book = book_from_rows([["R1", "-", "县长", "第一条", quote, "注\x1b[31m", ""]])
        render_decision(console(), book, book.route("fund_adjustment", amount="1"))
        output = capsys.readouterr().out
        assert "\x1b" not in output
        assert "\x07" not in output
        assert "␛]8;;http://evil.example/␇点我" in output
        assert "注␛[31m" in output

    def test_error_messages_are_shown_not_sent(self) -> None:
        """A matter name typed (or pasted) with ESC comes back visible in the error."""
        result = CliRunner().invoke(cli, ["route", "mengla", "\x1b[31mfund"])
        assert result.exit_code == 2
        assert "\x1b" not in result.output
        assert "␛[31mfund" in result.output

    def test_visible_keeps_newlines_tabs_and_text(self) -> None:
        from routing_cli._safe import visible

        assert visible("第一行\n\t第二行「原文」") == "第一行\n\t第二行「原文」"
        assert visible("\x00\x7f\u202e") == "␀␡\\u202e"


class TestNoTraceback:
    """Each of these was a traceback; now a message with a code and exit 2 (issue 11, item 6)."""

    @pytest.mark.parametrize(
        ("matter", "given"),
        [
            ("consultation_reply", "received_date=9999-12-31"),
            ("topic_submission", "meeting_date=0001-01-02"),
        ],
    )
    def test_deadline_past_the_calendar(self, matter: str, given: str) -> None:
        result = CliRunner().invoke(cli, ["deadline", "mengla", matter, given])
        assert result.exit_code == 2, result.output
        assert "deadline.out_of_range" in result.output
        assert "mengla.xlsx › 时限 › 第" in result.output  # located at the 时限 row
        assert result.exception is None or isinstance(result.exception, SystemExit)

    def test_full_disk(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """ENOSPC while openpyxl saves: output.unwritable, and no file or temporary is left."""
        from openpyxl import Workbook

        def full(*_: object) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(Workbook, "save", full)
        result = CliRunner().invoke(cli, ["new", "wolong", "-o", str(tmp_path / "book.xlsx")])
        assert result.exit_code == 2, result.output
        assert "output.unwritable" in result.output
        assert "No space left on device" in result.output
        assert list(tmp_path.iterdir()) == []

    def test_file_name_over_255_bytes(self, tmp_path: Path) -> None:
        result = CliRunner().invoke(
            cli, ["new", "wolong", "-o", str(tmp_path / ("长" * 90 + ".xlsx"))]
        )
        assert result.exit_code == 2, result.output
        assert "output.unwritable" in result.output

    def test_non_utf8_file_name(self, tmp_path: Path) -> None:
        """A file name that is not UTF-8 is written, loaded, routed and named (as \\xff)."""
        name = os.fsdecode(b"book\xff.xlsx")
        path = tmp_path / name
        made = CliRunner().invoke(cli, ["new", "wolong", "-o", str(path)])
        assert made.exit_code == 0, made.output
        assert routing.load(path).book.source == name
        gap = CliRunner().invoke(cli, ["route", str(path), "fund_adjustment", "amount=abc"])
        assert gap.exit_code == 2
        assert gap.exception is None or isinstance(gap.exception, SystemExit)

    @pytest.mark.parametrize(
        ("call", "code"),
        [
            (lambda book: book.route("fund_adjustment", amount=10**5000), "amount.out_of_range"),
            (
                lambda book: book.route("fund_adjustment", amount="1" * 1_000_001),
                "amount.out_of_range",
            ),
            (lambda book: book.route(["x"]), "matter.invalid"),
            (lambda _: routing.load("\x00"), "workbook.bad_name"),
        ],
    )
    def test_python_calls_raise_our_errors(self, call, code: str) -> None:
        with pytest.raises(routing.InputError) as caught:
            call(routing.load("mengla"))
        assert caught.value.code == code

    def test_a_bad_batch_case_is_its_error(self) -> None:
        (answer,) = routing.load("mengla").route_batch("fund_adjustment", [None])
        assert isinstance(answer, routing.InputError)


class TestDeadlineOverride:
    """An input that replaces a period is a whole number in range (issue 11, item 8)."""

    @pytest.mark.parametrize("value", ["-5", "0", "3000000", "251", "七", "1e3"])
    def test_refused_with_the_range(self, value: str) -> None:
        result = CliRunner().invoke(
            cli,
            [
                "deadline",
                "mengla",
                "consultation_reply",
                "received_date=2026-09-28",
                f"lead_department_deadline={value}",
            ],
        )
        assert result.exit_code == 2, result.output
        assert "deadline.override_range" in result.output
        assert "1 至 250" in result.output

    @pytest.mark.parametrize(("value", "due"), [("1", "2026-09-29"), ("250", None)])
    def test_bounds_accepted(self, value: str, due: str | None) -> None:
        answer = routing.load("mengla").deadline(
            "consultation_reply", received_date="2026-09-28", lead_department_deadline=value
        )
        assert answer.amount == int(value)
        if due is not None:
            assert answer.due.isoformat() == due
