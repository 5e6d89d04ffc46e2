"""The rule book cache: keyed by the workbook's bytes, never stale, never trusted blindly."""

from __future__ import annotations

import os
from pathlib import Path

import routing
from routing._api import cache_dir

ROW_HEAD = ["R1", "-", "县长", "第一条", "县长决定。", "", ""]
ROW_STANDING = ["R1", "-", "常务会议", "第一条", "常务会议决定。", "", ""]


class TestCache:
    """Loads are cached by content hash and rebuilt when needed."""

    def test_second_load_uses_cache(self, make_book) -> None:
        """The first load writes one cache file; the second gives an equal book."""
        path = make_book([ROW_HEAD])
        first = routing.load(path)
        assert len(list(cache_dir().glob("*.pickle"))) == 1
        assert routing.load(path) == first

    def test_edited_workbook_is_reread(self, make_book) -> None:
        """An edit changes the hash, so the new rules are served, not stale ones."""
        path = make_book([ROW_HEAD])
        assert routing.load(path).route("fund_adjustment", amount="1").body.id == "head"
        make_book([ROW_STANDING])
        decision = routing.load(path).route("fund_adjustment", amount="1")
        assert decision.body.id == "standing_meeting"

    def test_corrupt_cache_is_rebuilt(self, make_book) -> None:
        """A garbage cache file is ignored and replaced."""
        path = make_book([ROW_HEAD])
        routing.load(path)
        (cache,) = cache_dir().glob("*.pickle")
        cache.write_bytes(b"not a pickle")
        assert routing.load(path).route("fund_adjustment", amount="1").body.id == "head"
        assert cache.read_bytes() != b"not a pickle"

    def test_no_cache(self, make_book, monkeypatch) -> None:
        """ROUTING_NO_CACHE=1 writes nothing."""
        monkeypatch.setenv("ROUTING_NO_CACHE", "1")
        routing.load(make_book([ROW_HEAD]))
        assert not list(Path(os.environ["ROUTING_CACHE_DIR"]).glob("*"))
