"""The 时限 and 节假日 sheets of a workbook, read into ``DeadlineRule`` and ``CalendarEntry`` rows.

Every cell that cannot be read becomes a ``Problem`` naming it, with its value; the ways clerks
write periods (``七``, ``天``, ``个工作日``, ``之后``) and calendar marks (``休``, ``班``) are read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from routing._amounts import normalize_text, parse_amount
from routing._cells import parse_date
from routing._deadline_names import DeadlineNames
from routing._deadline_names import bad_ids as bad_ids_of
from routing._errors import Location, ParseError, Problem
from routing._headers import DEADLINE_SHEETS, HOLIDAY_SHEETS
from routing._timing import CalendarEntry, DeadlineRule, Direction, Stage, Unit
from routing._values import is_any, split_values

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Mapping

    from routing._reader import CellValue, RawSheet, RawWorkbook


def _text(value: CellValue) -> str:
    return "" if value is None else normalize_text(str(value)).strip()


_COLUMNS = {
    "编号": "id",
    "事项": "matter",
    "事项名称": "matter_name",
    "条件": "conditions",
    "起算": "start",
    "方向": "direction",
    "期限": "amount",
    "单位": "unit",
    "可由输入覆盖": "override",
    "输入名称": "input_names",
    "取值名称": "value_names",
    "后果": "consequence",
    "条款": "clause",
    "原文": "quote",
    "说明": "note",
    "适用会议": "meetings",
    "阶段": "stage",
}


DEADLINE_COLUMNS = tuple(_COLUMNS)
"""The 时限 sheet's header, in the order new workbooks get it."""

_REQUIRED = frozenset({"matter", "start", "direction", "amount", "unit", "clause", "quote"})


_STAGES = {
    **{stage.value: stage for stage in Stage},
    **{stage.english: stage for stage in Stage},
    "会前准备": Stage.PREPARATION,
    "议题准备": Stage.PREPARATION,
    "会议前": Stage.BEFORE,
    "会议后": Stage.AFTER,
}

_UNITS = {
    **{unit.value: unit for unit in Unit},
    "个工作日": Unit.WORKING_DAYS,
    "天": Unit.CALENDAR_DAYS,
    "自然日": Unit.CALENDAR_DAYS,
    "日历日": Unit.CALENDAR_DAYS,
    "个小时": Unit.HOURS,
}
# 节假日 类型: True for a working day. 休/班 are how printed calendars mark the days.
_DAY_KINDS = {
    **dict.fromkeys(("假日", "休", "休息", "休息日", "放假", "节假日"), False),
    **dict.fromkeys(("调休上班", "班", "上班", "补班", "工作日"), True),
}
_MAX_PERIOD = 3660  # ten years in days: a larger 期限 is a typo, not a rule


def _read_period(
    get: Callable[[str], str], cells: Mapping[str, Location]
) -> tuple[Direction, int, Unit] | list[Problem]:
    """方向, 期限 and 单位 of one 时限 row, or a problem naming each cell that is wrong."""
    problems = []
    text = get("direction").removeprefix("之").removeprefix("以")
    direction = next((d for d in Direction if d.value == text), None)
    if direction is None:
        problems.append(
            Problem(
                "deadline.direction",
                f"方向「{get('direction')}」应为 前 或 后",
                f"direction {get('direction')!r} must be 前 (before) or 后 (after)",
                cells.get("direction"),
            )
        )
    unit = _UNITS.get(get("unit"))
    if unit is None:
        problems.append(
            Problem(
                "deadline.unit",
                f"单位「{get('unit')}」应为 工作日、日 或 小时",
                f"unit {get('unit')!r} must be 工作日 (working days), 日 (days) or 小时 (hours)",
                cells.get("unit"),
            )
        )
    try:
        period = parse_amount(get("amount"))
    except ParseError:
        period = None
    if period is None or period != period.to_integral_value() or period > _MAX_PERIOD:
        problems.append(
            Problem(
                "deadline.period",
                f"期限「{get('amount')}」应为不超过 {_MAX_PERIOD} 的整数,如 7 或 七",
                f"period {get('amount')!r} must be a whole number up to {_MAX_PERIOD}, e.g. 7",
                cells.get("amount"),
            )
        )
    if not get("start"):
        problems.append(
            Problem(
                "deadline.start_empty",
                "「起算」不能为空:写起算日期的输入编号,如 meeting_date",
                "the start cell is empty: name the input the period counts from, e.g. meeting_date",
                cells.get("start"),
            )
        )
    if problems or direction is None or unit is None or period is None:
        return problems
    return direction, int(period), unit


def parse_deadline_sheets(
    raw: RawWorkbook,
) -> tuple[tuple[DeadlineRule, ...], tuple[CalendarEntry, ...], list[Problem]]:
    """The 时限 rules and 节假日 entries of a workbook, and every problem found in them."""
    problems: list[Problem] = []
    rules: list[DeadlineRule] = []
    names = DeadlineNames()
    found = raw.sheet(*DEADLINE_SHEETS)
    if found is not None and found.rows:
        sheet = found
        header = {_COLUMNS.get(_text(v), ""): c for c, v in enumerate(sheet.rows[0], 1)}
        missing = [
            zh for zh, field in _COLUMNS.items() if field in _REQUIRED and field not in header
        ]
        if missing:
            problems.append(
                Problem(
                    "header.missing",
                    f"「时限」表缺少列:{'、'.join(missing)}",
                    f"the deadlines sheet lacks the columns {', '.join(missing)}",
                    raw.location(sheet.name, 1),
                )
            )
        # Without its required columns no row can be read; the missing header says why.
        for row in range(2, len(sheet.rows) + 1 if not missing else 2):

            def get(field: str, row: int = row, sheet: RawSheet = sheet) -> str:
                return _text(sheet.value(row, header[field])) if field in header else ""

            if not get("matter"):
                continue
            location = raw.location(sheet.name, row)
            cells = {
                field: raw.location(sheet.name, row, column) for field, column in header.items()
            }
            read = _read_period(get, cells)
            if isinstance(read, list):
                problems.extend(read)
                continue
            direction, amount, unit = read
            written_stage = get("stage")
            stage = _STAGES.get(written_stage.lower()) if written_stage else None
            if written_stage and stage is None:
                problems.append(
                    Problem(
                        "deadline.stage",
                        f"阶段「{written_stage}」应为 准备、会前 或 会后(或留空:不属于会议程序)",
                        f"stage {written_stage!r} must be 准备 (preparation), 会前 (before the "
                        "meeting) or 会后 (after it), or empty: not part of a meeting's procedure",
                        cells.get("stage"),
                    )
                )
                continue
            conditions = tuple(
                (name.strip(), value.strip())
                for part in get("conditions").replace("\n", ";").split(";")
                if part.strip() and not is_any(part)
                for name, _, value in [part.partition("=")]
            )
            bad_ids = bad_ids_of(get, conditions, cells)
            if bad_ids:
                problems.extend(bad_ids)
                continue
            names.add(get, row, cells, problems)
            rules.append(
                DeadlineRule(
                    get("id"),
                    get("matter"),
                    conditions,
                    get("start"),
                    direction,
                    amount,
                    unit,
                    get("consequence"),
                    get("clause"),
                    get("quote"),
                    get("note"),
                    location,
                    get("override"),
                    tuple(split_values(get("meetings"))),
                    stage,
                )
            )
    rules = names.attach(rules, problems)
    entries = _holidays(raw, problems)
    return tuple(rules), tuple(entries), problems


def _holidays(raw: RawWorkbook, problems: list[Problem]) -> list[CalendarEntry]:
    """The 节假日 entries; each unreadable or repeated date is a problem at its cell."""
    entries: list[CalendarEntry] = []
    holiday_sheet = raw.sheet(*HOLIDAY_SHEETS)
    if holiday_sheet is not None:
        sheet = holiday_sheet
        seen: dict[dt.date, int] = {}
        for row in range(2, len(sheet.rows) + 1):
            if sheet.value(row, 1) in {None, ""}:
                continue
            kind = _text(sheet.value(row, 2))
            try:
                day = parse_date(sheet.value(row, 1))
            except ParseError as error:
                where = raw.location(sheet.name, row, 1)
                problems.append(Problem(error.code, error.message, error.message_en, where))
                continue
            working = _DAY_KINDS.get(kind)
            if working is None:
                problems.append(
                    Problem(
                        "holiday.kind",
                        f"类型「{kind}」应为 假日 或 调休上班(也可写 休、班)",
                        f"type {kind!r} must be 假日 (holiday) or 调休上班 (make-up working day)",
                        raw.location(sheet.name, row, 2),
                    )
                )
                continue
            if day in seen:
                problems.append(
                    Problem(
                        "holiday.duplicate",
                        f"日期 {day.isoformat()} 已在第{seen[day]}行列出",
                        f"{day.isoformat()} is already listed in row {seen[day]}",
                        raw.location(sheet.name, row, 1),
                    )
                )
                continue
            seen[day] = row
            entries.append(CalendarEntry(day, working, _text(sheet.value(row, 3))))
    return entries
