"""The rule book cache: keyed by the workbook's bytes, never stale, never trusted blindly."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import routing
from routing._cache import cache_dir

ROW_HEAD = ["R1", "-", "县长", "第一条", "县长决定。", "", ""]
ROW_STANDING = ["R1", "-", "常务会议", "第一条", "常务会议决定。", "", ""]


def forbid_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, a load that reads the workbook instead of the cache fails the test."""

    def read_workbook(path: object) -> None:
        raise AssertionError(f"{path} was read again: the cache missed")

    monkeypatch.setattr("routing._reader.read_workbook", read_workbook)


class TestCache:
    """Loads are cached by content hash and rebuilt when needed."""

    def test_second_load_uses_cache(self, make_book, monkeypatch) -> None:
        """The first load writes one cache file; the second comes from it, an equal book."""
        path = make_book([ROW_HEAD])
        first = routing.load(path)
        assert len(list(cache_dir().glob("*.json"))) == 1
        forbid_reading(monkeypatch)
        assert routing.load(path).book == first.book

    @pytest.mark.parametrize("jurisdiction", routing.shipped_jurisdictions())
    def test_shipped_books_round_trip(self, jurisdiction, monkeypatch) -> None:
        """Every field of every shipped book survives the cache (the codec misses none)."""
        first = routing.load(jurisdiction)
        forbid_reading(monkeypatch)
        again = routing.load(jurisdiction)
        assert again.book == first.book
        assert again.book is not first.book

    def test_edited_workbook_is_reread(self, make_book) -> None:
        """An edit changes the hash, so the new rules are served, not stale ones."""
        path = make_book([ROW_HEAD])
        assert routing.load(path).route("fund_adjustment", amount="1").body.id == "head"
        make_book([ROW_STANDING])
        decision = routing.load(path).route("fund_adjustment", amount="1")
        assert decision.body.id == "standing_meeting"

    def test_corrupt_cache_is_rebuilt(self, make_book, monkeypatch) -> None:
        """A garbage cache file is ignored and replaced by an entry that then hits."""
        path = make_book([ROW_HEAD])
        routing.load(path)
        (cache,) = cache_dir().glob("*.json")
        cache.write_bytes(b"not an entry")
        assert routing.load(path).route("fund_adjustment", amount="1").body.id == "head"
        assert cache.read_bytes() != b"not an entry"
        forbid_reading(monkeypatch)
        assert routing.load(path).route("fund_adjustment", amount="1").body.id == "head"

    def test_no_cache(self, make_book, monkeypatch) -> None:
        """ROUTING_NO_CACHE=1 writes nothing."""
        monkeypatch.setenv("ROUTING_NO_CACHE", "1")
        routing.load(make_book([ROW_HEAD]))
        assert not list(Path(os.environ["ROUTING_CACHE_DIR"]).glob("*"))

    def test_hit_marks_the_file_used(self, make_book, monkeypatch) -> None:
        """A cache hit refreshes the file's modification time, which pruning goes by."""
        path = make_book([ROW_HEAD])
        routing.load(path)
        (cache,) = cache_dir().glob("*.json")
        os.utime(cache, (1, 1))
        forbid_reading(monkeypatch)
        routing.load(path)
        assert cache.stat().st_mtime > 1

    def test_cache_is_bounded(self, make_book, monkeypatch) -> None:
        """Beyond CACHE_MAX_FILES the least recently used books go; the most recent stay."""
        monkeypatch.setattr("routing._cache.CACHE_MAX_FILES", 2)
        kept = make_book([ROW_HEAD], name="kept.xlsx")
        routing.load(kept)
        (kept_cache,) = cache_dir().glob("*.json")
        future = time.time() + 3600  # used last of all, whatever the clock's resolution
        for number in range(3):
            os.utime(kept_cache, (future, future))
            row = ["R1", "-", "县长", "第一条", f"县长决定{number}。", "", ""]
            routing.load(make_book([row], name=f"other{number}.xlsx"))
        files = sorted(cache_dir().glob("*.json"))
        assert len(files) == 2
        assert kept_cache in files

    def test_stale_temporary_files_are_removed(self, make_book) -> None:
        """A temporary entry left by a process that died while writing goes on the next miss."""
        cache_dir().mkdir(parents=True, exist_ok=True)
        stale = cache_dir() / f".{'d' * 64}.k2x9_f.tmp"
        fresh = cache_dir() / f".{'e' * 64}.a8b7c6.tmp"
        stale.write_bytes(b"half")
        fresh.write_bytes(b"half")
        os.utime(stale, (1, 1))
        routing.load(make_book([ROW_HEAD]))
        assert not stale.exists()
        assert fresh.exists()  # another process may be writing it right now

    def test_renamed_copy_names_itself(self, make_book) -> None:
        """A byte-identical copy under another name is not served the original's locations."""
        original = make_book([ROW_HEAD], name="original.xlsx")
        routing.load(original)
        copy = original.with_name("copy.xlsx")
        copy.write_bytes(original.read_bytes())
        book = routing.load(copy)
        assert book.source == "copy.xlsx"
        assert book.route("fund_adjustment", amount="1").rule.location.workbook == "copy.xlsx"


def test_loading_pauses_the_cycle_collector(make_book, monkeypatch) -> None:
    """The collector is off while a book is read (cache miss) or decoded (hit), on again after."""
    import gc

    from routing import _cache, _reader

    seen: list[tuple[str, bool]] = []
    read_workbook, read_entry = _reader.read_workbook, _cache.read

    def spy_workbook(path: Path) -> object:
        seen.append(("workbook", gc.isenabled()))
        return read_workbook(path)

    def spy_entry(entry: _cache.Entry) -> object:
        seen.append(("cache", gc.isenabled()))
        return read_entry(entry)

    monkeypatch.setattr(_reader, "read_workbook", spy_workbook)
    monkeypatch.setattr(_cache, "read", spy_entry)
    path = make_book([ROW_HEAD])
    routing.load(path)
    routing.load(path)
    assert seen == [("cache", False), ("workbook", False), ("cache", False)]
    assert gc.isenabled()
