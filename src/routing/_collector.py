"""Work that allocates many objects that stay alive, run with Python's cycle collector paused.

Reading, parsing and verifying a large table allocates millions of objects that all stay alive
(cells, rules, regions), and a batch of cases that fall in a gap or give a bad value builds one
error per case; each allocation burst makes the collector walk all of them again: ≈ 25 % of
``check`` on a 100,000-rule table, ≈ 5 ms of a cached load, and 2–3 µs of a 1–2 µs error case in
``route_batch`` (bench/README.md, #16). None of this work makes garbage cycles, and reference
counting still frees everything else, so pausing the collector loses nothing; it runs again as
usual afterwards (it stays off if the caller had it off).
"""

from __future__ import annotations

import contextlib
import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off for the block, then as the caller had it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
