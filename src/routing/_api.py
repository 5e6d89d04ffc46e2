"""The entry point: ``load`` a shipped jurisdiction or a workbook path into a ``Jurisdiction``."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from routing._book import RuleBook
from routing._errors import InputError, WorkbookError
from routing._jurisdiction import Jurisdiction
from routing._model import ID_PATTERN

if TYPE_CHECKING:
    from collections.abc import Iterable

    from routing._batch import BatchSummary
    from routing._findings import CheckReport
    from routing._testing import TestReport

CACHE_MAX_FILES = 64
"""Rule books kept in the cache folder; the least recently used beyond this are deleted."""
STALE_TEMPORARY_SECONDS = 3600
"""A ``.tmp`` file older than this was left by a process that died while writing."""


def shipped_tables() -> Path:
    """The folder of the shipped workbooks: inside the installed package, or the checkout's ``tables/``."""
    # The wheel puts them in routing/tables (what importlib.resources.files would find, without
    # importing importlib.resources on every start).
    packaged = Path(__file__).parent / "tables"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "tables"


def shipped_jurisdictions() -> list[str]:
    """The ids of the jurisdictions whose workbooks ship with routing."""
    return sorted(
        path.stem for path in shipped_tables().glob("*.xlsx") if not path.name.startswith("~$")
    )


def resolve_source(source: str | Path) -> Path:
    """A shipped jurisdiction id becomes its workbook's path; anything else is taken as a path."""
    text = str(source)
    path = Path(text).expanduser()
    if isinstance(source, str) and ID_PATTERN.match(text) and not path.exists():
        shipped = shipped_tables() / f"{text}.xlsx"
        if not shipped.exists():
            raise InputError(
                "jurisdiction.unknown",
                f"没有名为「{text}」的辖区,也没有这个文件;内置辖区:{'、'.join(shipped_jurisdictions())}",
                f"no shipped jurisdiction or file named {text!r}; shipped: "
                + ", ".join(shipped_jurisdictions()),
            )
        return shipped
    return path


def load(source: str | Path) -> Jurisdiction:
    """Load a rule book: ``load("mengla")`` for a shipped one, or ``load("path/to/book.xlsx")``."""
    return Jurisdiction(load_book(source))


def load_book(source: str | Path) -> RuleBook:
    """The rule book of a workbook as data, from the cache when its bytes were seen before."""
    path = resolve_source(source)
    cache = _cache_file(path)
    if cache is not None:
        book = _read_cache(cache)
        if book is not None:
            return book
    from routing._parser import parse_workbook  # noqa: PLC0415  # openpyxl only on a cache miss
    from routing._reader import read_workbook  # noqa: PLC0415

    book = parse_workbook(read_workbook(path))
    if cache is not None:
        _write_cache(cache, book)
    return book


def cache_dir() -> Path:
    """Where compiled rule books are cached: $ROUTING_CACHE_DIR, else $XDG_CACHE_HOME/routing."""
    explicit = os.environ.get("ROUTING_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "routing"


@functools.cache  # the code cannot change under a running process
def _code_digest() -> str:
    # What a pickle depends on is this package's code: its files' names and bytes (a few hundred
    # kB, under a millisecond). Any upgrade, reinstall or edit of a checkout is a miss, whatever
    # the installer did to version numbers or file times, and without importing importlib.metadata.
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode())
        digest.update(module.read_bytes())
    return digest.hexdigest()


def _cache_file(path: Path) -> Path | None:
    # Keyed by the workbook's bytes and the routing code: any edit or upgrade is a miss. And by
    # its file name, which every location in the book carries: a renamed copy must not answer
    # with the original's name.
    if os.environ.get("ROUTING_NO_CACHE") == "1":
        return None
    try:
        digest = hashlib.sha256(path.read_bytes())
    except OSError:
        return None  # the reader reports the unreadable file with its message
    digest.update(_code_digest().encode())
    digest.update(path.name.encode())
    return cache_dir() / f"{digest.hexdigest()}.pickle"


def _read_cache(cache: Path) -> RuleBook | None:
    # Only files this module wrote in the cache dir are read; anything unreadable is a miss.
    try:
        book = pickle.loads(cache.read_bytes())  # noqa: S301  # our own cache folder, see above
    except Exception:  # noqa: BLE001  # a corrupt or partial cache file is rebuilt
        return None
    if not isinstance(book, RuleBook):
        return None
    with contextlib.suppress(OSError):
        os.utime(cache)  # recently used files survive pruning
    return book


def _write_cache(cache: Path, book: RuleBook) -> None:
    # Atomic: write a temporary file in the same folder, then rename over the target.
    import tempfile  # noqa: PLC0415  # only a cache miss writes

    temporary: Path | None = None
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cache.parent, suffix=".tmp", delete=False) as handle:
            temporary = Path(handle.name)
            handle.write(pickle.dumps(book, protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(cache)
    except (OSError, pickle.PicklingError, RecursionError):
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
        return
    _prune_cache(cache.parent)


def _prune_cache(folder: Path) -> None:
    """Keep the ``CACHE_MAX_FILES`` most recently used rule books; drop leftover temporary files.

    Every edit of a workbook or upgrade of routing leaves an unreachable file behind, so without
    this the folder only grows. Runs on a miss only, when a workbook was read anyway.
    """
    now = time.time()
    entries: list[tuple[float, Path]] = []
    for path in folder.iterdir():
        try:
            modified = path.stat().st_mtime
            if path.suffix == ".tmp" and now - modified > STALE_TEMPORARY_SECONDS:
                path.unlink()
            elif path.suffix == ".pickle":
                entries.append((modified, path))
        except OSError:
            continue  # another process pruned it first
    entries.sort(reverse=True)
    for _, path in entries[CACHE_MAX_FILES:]:
        with contextlib.suppress(OSError):
            path.unlink()


def expand_folders(sources: Iterable[str | Path]) -> list[str | Path]:
    """Folders become the ``*.xlsx`` in them (not Excel's ``~$`` lock files); the rest stay as given."""
    expanded: list[str | Path] = []
    for source in sources:
        path = Path(str(source)).expanduser()
        if path.is_dir():
            expanded.extend(p for p in sorted(path.glob("*.xlsx")) if not p.name.startswith("~$"))
        else:
            expanded.append(source)
    return expanded


def expand_sources(sources: Iterable[str | Path]) -> list[Path]:
    """Jurisdiction ids, workbook paths and folders (every ``*.xlsx`` in them) as workbook paths."""
    return [resolve_source(source) for source in expand_folders(sources)]


def check(sources: Iterable[str | Path]) -> CheckReport:
    """Verify workbooks, folders of them, or shipped jurisdictions; every one is reported.

    A workbook that cannot be opened is listed in ``unreadable`` with its problem (``routing check``
    exits 2); one that breaks the workbook language is reported as error findings.
    """
    from routing._findings import SEVERITY_ORDER, CheckReport, Finding  # noqa: PLC0415  # on use
    from routing._layout_checks import hidden_warnings  # noqa: PLC0415  # only check needs it
    from routing._parser import parse_workbook  # noqa: PLC0415  # openpyxl on use
    from routing._reader import read_workbook  # noqa: PLC0415
    from routing._verify import verify  # noqa: PLC0415

    names: list[str] = []
    findings: list[Finding] = []
    unreadable: list[str] = []
    for source in expand_folders(sources):
        names.append(str(source))
        try:
            raw = read_workbook(resolve_source(source))
        except WorkbookError as error:
            unreadable.append(str(source))
            findings.extend(
                Finding(p.code, "error", p.message, p.message_en, location=p.location)
                for p in error.problems
            )
            continue
        findings.extend(
            Finding(p.code, "warning", p.message, p.message_en, location=p.location)
            for p in hidden_warnings(raw)
        )
        try:
            book = parse_workbook(raw)
        except WorkbookError as error:
            findings.extend(
                Finding(p.code, "error", p.message, p.message_en, location=p.location)
                for p in error.problems
            )
            continue
        findings.extend(verify(book))
    findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    return CheckReport(tuple(names), tuple(findings), tuple(unreadable))


def run_workbook_tests(sources: Iterable[str | Path]) -> list[TestReport]:
    """Run the 测试 sheet of every workbook named by ids, paths or folders."""
    from routing._testing import TestReport, run_tests  # noqa: PLC0415  # only tests need it

    reports = []
    for path in expand_sources(sources):
        book = load(path)
        reports.append(TestReport(book, tuple(run_tests(book))))
    return reports


def dump_workbook(source: str | Path) -> str:
    """A workbook as stable plain text, for ``git diff`` and review (see ``routing dump``).

    ``source`` is a workbook path or a shipped jurisdiction id.
    """
    from routing._dump import dump_path  # noqa: PLC0415  # openpyxl on use

    return dump_path(resolve_source(source))


def run_batch(source: Path, output: Path, **options: Any) -> BatchSummary:
    """Route every row of an agenda into a new workbook (see ``routing batch``); each row's
    辖区 is loaded with ``load``."""
    from routing._batch import run_batch as route_agenda  # noqa: PLC0415  # batch code on use

    return route_agenda(source, output, loader=load, **options)
