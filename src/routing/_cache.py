"""The rule book cache: data that cannot run code, entries that cannot answer for another workbook.

Each entry is one file named ``<key>.json``: a header line (JSON: the cache format, the key, the
workbook's sha256 and the sha256 of the rest of the file), then the book as JSON. The key is the
sha256 of the cache format, this package's code (every ``*.py`` under it, subpackages included), the
workbook's file name (every location in a book names it) and the workbook's sha256. An entry whose
header does not match what is being loaded (a swapped, copied or planted file) or whose body does
not match its recorded sha256 (a damaged one) is a miss and is rebuilt, never trusted. Decoding
(the standard library's ``json``) yields lists, strings and numbers, turned back into the model's
own classes by ``routing._codec``: nothing in a cache file can name code to run.

The folder (``$ROUTING_CACHE_DIR``, else platformdirs' user cache folder) is created 0700 and
entries 0600. A folder owned by another user, or writable by group or others, is not used: one
line on stderr, then the run goes on uncached. Pruning deletes only names this module writes.
``ROUTING_NO_CACHE=1`` turns the cache off. See docs/cache.md.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import stat
import sys
import time
from pathlib import Path

import attrs

from routing._book import RuleBook
from routing._file_guards import MAX_FILE_BYTES

CACHE_FORMAT = "routing-rulebook/json-attrs/2"
"""Part of every key and of every entry: a change of the encoding is a miss, not a misread."""
CACHE_MAX_FILES = 64
"""Rule books kept in the cache folder; the least recently used beyond this are deleted."""
STALE_TEMPORARY_SECONDS = 3600
"""A temporary entry older than this was left by a process that died while writing."""
MAX_HASHED_BYTES = MAX_FILE_BYTES
"""A larger file is not hashed: the reader refuses it with its message."""

_ENTRY = r"[0-9a-f]{64}\.json"
_TEMPORARY = r"\.[0-9a-f]{64}\.[A-Za-z0-9_]+\.tmp"
_LEGACY = r"[0-9a-f]{64}\.(?:pickle|msgpack)"
"""Entries of the caches this one replaced (pickle, then MessagePack): never read, deleted when
pruning. The names are matched with ``re``'s own cache of patterns: only a miss prunes (#16)."""


@attrs.frozen
class Entry:
    """Where the cached book of one workbook lives, and what its file must say about itself."""

    file: Path
    key: str
    workbook_sha256: str


def cache_dir() -> Path:
    """Where compiled rule books are cached: $ROUTING_CACHE_DIR, else the user cache folder."""
    explicit = os.environ.get("ROUTING_CACHE_DIR")
    if explicit:
        return Path(explicit)
    import platformdirs  # noqa: PLC0415  # only when no folder is given

    return Path(platformdirs.user_cache_dir("routing", appauthor=False))


@functools.cache  # the code cannot change under a running process
def code_digest() -> str:
    """The sha256 of this package's modules, names and bytes, subpackages included."""
    # Any upgrade, reinstall or edit of a checkout is a miss, whatever the installer did to
    # version numbers or file times, and without importing importlib.metadata.
    package = Path(__file__).parent
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode())
        digest.update(b"\0")
        digest.update(module.read_bytes())
    return digest.hexdigest()


def entry_for(path: Path) -> Entry | None:
    """The cache entry of the workbook at ``path``, or ``None``: cache off, unusable, unreadable."""
    if os.environ.get("ROUTING_NO_CACHE") == "1":
        return None
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_HASHED_BYTES:
            return None  # the reader refuses it with its message, before reading it
        workbook = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # the reader reports the unreadable file with its message
    folder = cache_dir()
    if not _usable(folder):
        return None
    key = hashlib.sha256(
        # fsencode: a file name that is not UTF-8 (surrogate escapes) is hashed by its bytes.
        b"\0".join(
            (
                CACHE_FORMAT.encode(),
                code_digest().encode(),
                os.fsencode(path.name),
                workbook.encode(),
            )
        )
    ).hexdigest()
    return Entry(folder / f"{key}.json", key, workbook)


def read(entry: Entry) -> RuleBook | None:
    """The cached book, or ``None`` when the entry is missing, damaged or not this workbook's."""
    import json  # noqa: PLC0415  # only when the cache is on

    from routing._codec import decoder  # noqa: PLC0415

    try:
        data = entry.file.read_bytes()
    except OSError:
        return None
    head, _, body = data.partition(b"\n")
    try:
        header = json.loads(head)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, nested without end
        return None  # not an entry of ours: a foreign, truncated or planted file
    expected = [CACHE_FORMAT, entry.key, entry.workbook_sha256, hashlib.sha256(body).hexdigest()]
    if header != expected:
        return None  # another workbook's entry under this name, or damaged: rebuilt, never served
    try:
        book = decoder(RuleBook)(json.loads(body))
    except (TypeError, ValueError, IndexError, ArithmeticError, RecursionError):
        return None  # not what this code writes (its body hashes right): the workbook is read again
    with contextlib.suppress(OSError):
        os.utime(entry.file)  # recently used entries survive pruning
    return book  # type: ignore[no-any-return]  # decoder(RuleBook) builds a RuleBook


def write(entry: Entry, book: RuleBook) -> None:
    """Store ``book`` atomically (temporary file, then rename), private to this user."""
    import json  # noqa: PLC0415  # only a miss writes
    import tempfile  # noqa: PLC0415

    from routing._codec import encoder  # noqa: PLC0415

    try:
        # UTF-8 as written, not ASCII escapes: a third smaller, and faster to decode.
        body = json.dumps(encoder(RuleBook)(book), ensure_ascii=False, separators=(",", ":"))
        encoded = body.encode("utf-8")
    except UnicodeEncodeError:
        return  # a file name that is not UTF-8 lives on in the book's locations: not cached
    header = [CACHE_FORMAT, entry.key, entry.workbook_sha256, hashlib.sha256(encoded).hexdigest()]
    data = json.dumps(header).encode() + b"\n" + encoded
    folder = entry.file.parent
    temporary: Path | None = None
    try:
        # mkstemp creates the file 0600, and the rename keeps that mode.
        handle, name = tempfile.mkstemp(prefix=f".{entry.key}.", suffix=".tmp", dir=folder)
        temporary = Path(name)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        temporary.replace(entry.file)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
        return
    prune(folder)


def prune(folder: Path) -> None:
    """Keep the ``CACHE_MAX_FILES`` most recently used entries; drop stale temporary entries.

    Every edit of a workbook or upgrade of routing leaves an unreachable entry, so without this
    the folder only grows. Only names this module writes are touched: a user's ``notes.tmp`` or
    anything else in the folder stays. Runs on a miss only, when a workbook was read anyway.
    """
    now = time.time()
    entries: list[tuple[float, Path]] = []
    for path in folder.iterdir():
        try:
            if re.fullmatch(_ENTRY, path.name):
                entries.append((path.stat().st_mtime, path))
            elif re.fullmatch(_LEGACY, path.name) or (
                re.fullmatch(_TEMPORARY, path.name)
                and now - path.stat().st_mtime > STALE_TEMPORARY_SECONDS
            ):
                path.unlink()
        except OSError:
            continue  # another process pruned it first
    entries.sort(reverse=True)
    for _, path in entries[CACHE_MAX_FILES:]:
        with contextlib.suppress(OSError):
            path.unlink()


_warned: set[Path] = set()


def _usable(folder: Path) -> bool:
    """Create the folder 0700 if needed; refuse one that someone else owns or may write to."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.stat()
    except OSError:
        return False  # a read-only home: run uncached, as with ROUTING_NO_CACHE
    owner = getattr(os, "geteuid", None)
    foreign = owner is not None and status.st_uid != owner()
    if not stat.S_ISDIR(status.st_mode) or foreign or status.st_mode & 0o022:
        if folder not in _warned:
            _warned.add(folder)
            sys.stderr.write(
                f"routing: 缓存文件夹 {folder} 不属于当前用户或他人可写,本次不使用缓存 — "
                f"cache folder {folder} is owned by another user or writable by others; "
                "running uncached\n"
            )
        return False
    if status.st_mode & 0o077:
        with contextlib.suppress(OSError):
            folder.chmod(0o700)  # ours, readable by others (made by an older routing): private now
    return True
