"""Write workbooks people enjoy editing: frozen headers, widths, wrapped quotes, dropdowns.

The input is a plain list of sheets (name and rows of cell values), so the shipped tables can be kept
as reviewable text (``tables/src/*.toml``) and the ``new`` command can build a template the same way.
Files are written to a temporary file beside the target and moved into place.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from routing._headers import (
    ABOUT_SHEETS,
    BODY_SHEETS,
    DEADLINE_SHEETS,
    HOLIDAY_SHEETS,
    MATTER_SHEETS,
    TABLE_MARKS,
    TEST_SHEETS,
    key_of,
)
from routing._model import BodyKind, HitPolicy, InputKind, OutcomeKind
from routing._reader import CellValue
from routing._timing import Direction, Unit

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from openpyxl.worksheet.worksheet import Worksheet


_WIDE_COLUMNS = {"原文", "quote", "说明", "note", "description", "决策机构", "流程", "输入", "期望"}
_HEADER_FILL = "DDEBF7"
_META_FILL = "FFF2CC"
_MAX_WIDTH = 60


@attrs.frozen
class SheetSpec:
    """One sheet to write: its name and its rows of values, top to bottom."""

    name: str
    rows: tuple[tuple[CellValue, ...], ...]


def header_row(spec: SheetSpec) -> int | None:
    """The row holding column names: 1 on list sheets, after the meta block on decision tables."""
    name = spec.name.strip()
    if name in ABOUT_SHEETS:
        return None
    if name in BODY_SHEETS + MATTER_SHEETS + TEST_SHEETS + DEADLINE_SHEETS + HOLIDAY_SHEETS:
        return 1
    if spec.rows and spec.rows[0] and key_of(spec.rows[0][0]) in TABLE_MARKS:
        row = 1
        while row <= len(spec.rows) and any(key_of(v) for v in spec.rows[row - 1][:1]):
            row += 1
        while row <= len(spec.rows) and not any(key_of(v) for v in spec.rows[row - 1]):
            row += 1
        return row if row <= len(spec.rows) else None
    return None


def _display_width(value: CellValue) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


@attrs.frozen
class _Lists:
    """Where dropdown sources live in the written workbook."""

    body_names: str | None


def _column_choices(sheet: str, column: str) -> str:
    """The fixed values a column takes, comma-separated for an Excel list, or ``""``."""
    if column in {"依据", "basis"}:
        return "明文,推断"
    if sheet in MATTER_SHEETS and column == "类型":
        return ",".join(kind.chinese for kind in InputKind)
    if sheet in MATTER_SHEETS and column == "必填":
        return "是,否"
    if sheet in DEADLINE_SHEETS and column == "方向":
        return ",".join(direction.value for direction in Direction)
    if sheet in DEADLINE_SHEETS and column == "单位":
        return ",".join(unit.value for unit in Unit)
    if sheet in HOLIDAY_SHEETS and column == "类型":
        return "假日,调休上班"
    if sheet in BODY_SHEETS and column == "类型":
        return ",".join(kind.value for kind in BodyKind if kind.value)
    if column in {"结果类型", "outcome_kind"}:
        return ",".join(kind.value for kind in OutcomeKind)
    return ""


def _style_sheet(sheet: Worksheet, spec: SheetSpec, lists: _Lists) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill  # noqa: PLC0415  # lazy: slow import
    from openpyxl.utils import get_column_letter  # noqa: PLC0415
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415

    header = header_row(spec)
    bold = Font(bold=True)
    widths: dict[int, int] = {}
    for row_number, row in enumerate(spec.rows, 1):
        for column, value in enumerate(row, 1):
            wide = (
                header is not None
                and row_number > header
                and key_of(
                    spec.rows[header - 1][column - 1]
                    if column <= len(spec.rows[header - 1])
                    else None
                )
                in _WIDE_COLUMNS
            )
            limit = _MAX_WIDTH if wide else 30
            widths[column] = max(widths.get(column, 8), min(limit, _display_width(value) + 2))
            if wide:
                sheet.cell(row_number, column).alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    if spec.name.strip() in ABOUT_SHEETS:
        for row_number in range(1, len(spec.rows) + 1):
            sheet.cell(row_number, 1).font = bold
        sheet.column_dimensions["B"].width = _MAX_WIDTH + 20
        for row_number in range(1, len(spec.rows) + 1):
            sheet.cell(row_number, 2).alignment = Alignment(wrap_text=True, vertical="top")
        return
    if header is None:
        return
    for row_number in range(1, header):
        if spec.rows[row_number - 1] and spec.rows[row_number - 1][0] is not None:
            sheet.cell(row_number, 1).font = bold
            sheet.cell(row_number, 1).fill = PatternFill("solid", fgColor=_META_FILL)
            if key_of(spec.rows[row_number - 1][0]) in {"命中策略", "hit_policy"}:
                policies = ",".join(p.chinese for p in HitPolicy)
                validation = DataValidation(
                    type="list", formula1=f'"{policies}"', allow_blank=False
                )
                validation.error, validation.errorTitle = "请从列表中选择命中策略", "命中策略"
                sheet.add_data_validation(validation)
                validation.add(sheet.cell(row_number, 2))
    for column in range(1, len(spec.rows[header - 1]) + 1):
        cell = sheet.cell(header, column)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
    sheet.freeze_panes = f"A{header + 1}"
    last = max(len(spec.rows) + 200, 500)
    for column, value in enumerate(spec.rows[header - 1], 1):
        key = key_of(value)
        letter = get_column_letter(column)
        cells = f"{letter}{header + 1}:{letter}{last}"
        choices = _column_choices(spec.name.strip(), key)
        if choices:
            validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
        elif key in {"决策机构", "流程"} and lists.body_names:
            # A chain is free text, so the list only suggests single bodies and never blocks typing.
            validation = DataValidation(
                type="list", formula1=lists.body_names, allow_blank=True, showErrorMessage=False
            )
        else:
            continue
        sheet.add_data_validation(validation)
        validation.add(cells)


def write_workbook(sheets: Sequence[SheetSpec], path: Path) -> None:
    """Write the sheets to ``path`` atomically: a crash never leaves a half-written workbook."""
    from openpyxl import Workbook  # noqa: PLC0415  # lazy: slow import
    from openpyxl.styles import Font  # noqa: PLC0415

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]  # a new workbook has an active sheet
    body_sheet = next((s for s in sheets if s.name.strip() in BODY_SHEETS), None)
    body_names = None
    if body_sheet is not None and body_sheet.rows:
        body_names = f"={body_sheet.name}!$B$2:$B${max(len(body_sheet.rows), 2) + 100}"
    lists = _Lists(body_names)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.name)
        for row in spec.rows:
            sheet.append(list(row))
        _style_sheet(sheet, spec, lists)
        if spec.name.strip() in ABOUT_SHEETS:
            sheet.cell(1, 1).font = Font(bold=True, size=12)
    atomic_save(path, workbook.save)


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_save(path: Path, save: object) -> None:
    """Call ``save(temporary_path)``, then move the finished file onto ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent
    )
    os.close(handle)
    try:
        save(temporary)  # type: ignore[operator]  # any callable taking a path
        # mkstemp makes the file private (0600); give it the mode a plain new file would get.
        Path(temporary).chmod(path.stat().st_mode & 0o777 if path.exists() else _new_file_mode())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def iter_cells(spec: SheetSpec) -> Iterator[tuple[int, int, CellValue]]:
    for row_number, row in enumerate(spec.rows, 1):
        for column, value in enumerate(row, 1):
            yield row_number, column, value
