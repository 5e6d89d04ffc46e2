"""The result cells of a batch row: the columns each output format writes after the agenda's own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from routing._cells import parse_date
from routing._errors import InputError, ParseError
from routing._words import names

if TYPE_CHECKING:
    from routing._book import Decision
    from routing._jurisdiction import Jurisdiction

DECISION_CELLS = 8
"""The result cells that come from the decision; the two error cells follow them."""
RESULT_COLUMNS = (
    "决策机构编号 body_id",
    "决策机构 body",
    "流程 chain",
    "条款 clause",
    "原文 quote",
    "备选 alternatives",
    "结果类型 outcome_kind",
    "结果 result",
    "错误代码 error_code",
    "错误 error",
)
TIME_LIMITS_COLUMN = "时限 time limits"


def output_columns(header: tuple[str, ...], *, dated: bool) -> tuple[str, ...]:
    """The agenda's columns, then the result columns (and 时限 when it has meeting dates)."""
    return (*header, *RESULT_COLUMNS, *((TIME_LIMITS_COLUMN,) if dated else ()))


def result_cells(decision: Decision, error_code: str = "", error: str = "") -> tuple[str, ...]:
    """The ten result columns of a decided row (its error too, e.g. a bad 会议日期). 结果类型 is
    the outcome kind in the workbook's word (决定, 拒绝, 视为, …), 结果 the document's words."""
    alternatives = "; ".join(
        f"{r.id}:{names(r.deciders, r.chain.mode if r.chain else '')}"
        for r in decision.alternatives
        if r.deciders
    )
    return (
        "、".join(b.id for b in decision.deciders),
        names(decision.deciders, decision.mode),
        str(decision.chain or decision.kind.value),
        decision.citation.clause,
        decision.citation.quote,
        alternatives,
        decision.kind.value,
        decision.result,
        error_code,
        error,
    )


def time_limits_cell(
    book: Jurisdiction, decision: Decision, meeting_date: object, column: str
) -> str:
    """One line per time limit of the decision's meeting, with its condition and due date:
    ``会前报送 重大事项(major)=是: 会前 5 日 2026-09-30``. A 会议日期 that is not a date (``10月9日``
    without its year, ``2026-13-01``) raises ``InputError`` (``date.invalid``): the row's error."""
    if meeting_date is None or (isinstance(meeting_date, str) and not meeting_date.strip()):
        return ""
    try:
        day = parse_date(meeting_date)
    except ParseError as error:
        raise InputError.from_parse(error, "会议日期 meeting_date") from None
    try:
        # The column feeds the 起算 input the 时限 sheet names so (输入名称 会议日期, or its id).
        limits = book.time_limits(decision, **{column: day})
    except InputError as error:
        if error.code != "date.unknown":
            raise
        return ""  # this workbook states no time limit counted from the meeting
    lines = []
    for limit in limits:
        if limit.deadline is None:
            continue
        conditions = ";".join(limit.rule.conditions_shown)
        due = limit.deadline.due
        side = limit.direction.side[-1]  # 之前 → 前
        lines.append(
            f"{limit.rule.matter_name or limit.matter}{f' {conditions}' if conditions else ''}: "
            f"会{side} {limit.amount} {limit.unit.value} {due.isoformat()}"
        )
    return "\n".join(lines)
