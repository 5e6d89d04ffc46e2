"""The entry point: ``load`` a shipped jurisdiction or a workbook path into a ``Jurisdiction``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from routing import _cache
from routing._book import RuleBook
from routing._collector import collector_paused
from routing._errors import InputError, WorkbookError
from routing._jurisdiction import Jurisdiction
from routing._model import ID_PATTERN

if TYPE_CHECKING:
    from collections.abc import Iterable

    from routing._batch import BatchSummary
    from routing._book import RuleBook
    from routing._findings import CheckReport, Finding
    from routing._testing import TestReport


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


def shipped_names() -> dict[str, str]:
    """Shipped id → 辖区名称, from the index ``tools/build_tables.py`` writes beside the workbooks."""
    import json  # noqa: PLC0415  # only names that are not ids need it

    index = shipped_tables() / "names.json"
    names: dict[str, str] = json.loads(index.read_text(encoding="utf-8")) if index.exists() else {}
    return {id_: names.get(id_, "") for id_ in shipped_jurisdictions()}


def resolve_source(source: str | Path) -> Path:
    """A shipped jurisdiction — id (``mengla``, ``Mengla``) or Chinese name (``勐腊县``, ``勐腊``) —
    becomes its workbook's path; anything else is taken as a path."""
    text = str(source)
    if "\0" in text:  # the OS cannot take it; Path.exists() would raise ValueError
        raise InputError(
            "workbook.bad_name",
            f"工作簿名称含有空字符(\\0),不是有效的文件名:{text!r}",
            f"the workbook name holds a NUL character and is no file name: {text!r}",
        )
    path = Path(text).expanduser()
    if not isinstance(source, str) or path.exists():
        return path
    shipped = shipped_tables() / f"{text}.xlsx"
    if ID_PATTERN.match(text) and shipped.exists():
        return shipped  # the usual case, without reading the names index
    if ID_PATTERN.match(text) or not (path.suffix or "/" in text or "\\" in text):
        from routing._names import shipped_id, unknown_jurisdiction  # noqa: PLC0415  # see above

        names = shipped_names()
        found = shipped_id(text, names)
        if found is None:
            raise unknown_jurisdiction(text, names)
        return shipped_tables() / f"{found}.xlsx"
    return path


def load(source: str | Path) -> Jurisdiction:
    """Load a rule book: ``load("mengla")`` for a shipped one, or ``load("path/to/book.xlsx")``."""
    path = resolve_source(source)
    return Jurisdiction(load_book(path), path)


def load_book(source: str | Path) -> RuleBook:
    """The rule book of a workbook as data, from the cache when its bytes were seen before."""
    path = resolve_source(source)
    with collector_paused():  # thousands of objects that all stay alive (see _collector)
        entry = _cache.entry_for(path)
        if entry is not None:
            book = _cache.read(entry)
            if book is not None:
                return book
        from routing._parser import parse_workbook  # noqa: PLC0415  # openpyxl only on a miss
        from routing._reader import read_workbook  # noqa: PLC0415

        book = parse_workbook(read_workbook(path))
        if entry is not None:
            _cache.write(entry, book)
        return book


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
    from routing._findings import SEVERITY_ORDER, CheckReport  # noqa: PLC0415  # on use

    names: list[str] = []
    findings: list[Finding] = []
    unreadable: list[str] = []
    with collector_paused():
        for source in expand_folders(sources):
            _check_one(source, names, findings, unreadable)
    findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    return CheckReport(tuple(names), tuple(findings), tuple(unreadable))


def _check_one(
    source: str | Path, names: list[str], findings: list[Finding], unreadable: list[str]
) -> None:
    from routing._findings import Finding  # noqa: PLC0415  # on use
    from routing._layout_checks import hidden_warnings  # noqa: PLC0415  # only check needs it
    from routing._parser import parse_workbook  # noqa: PLC0415  # openpyxl on use
    from routing._reader import read_workbook  # noqa: PLC0415
    from routing._verify import verify  # noqa: PLC0415

    path = resolve_source(source)
    # The workbook's path, not the words given (勐腊县, mengla): its findings are located in it.
    names.append(str(path))
    try:
        raw = read_workbook(path)
    except WorkbookError as error:
        unreadable.append(str(source))
        findings.extend(
            Finding(p.code, "error", p.message, p.message_en, location=p.location)
            for p in error.problems
        )
        return
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
        return
    findings.extend(verify(book))


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
