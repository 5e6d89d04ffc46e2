"""Random workbooks: loading succeeds or raises a RoutingError, never anything else.

Two generators: any cells in any sheets, and decision tables shaped like the real ones (meta rows,
blank rows, a header of real and wrong column names, rules of plausible and garbage cells) with
formulas (with and without a saved result), merged ranges (overlapping too), hidden rows, columns
and sheets. HYPOTHESIS_PROFILE=long runs 10,000 examples of each (docs/limits.md, "Fuzzing").
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from hypothesis import event, given
from hypothesis import strategies as st

import routing
from conftest import BODIES, MATTERS, about, write_xlsx

CELLS = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.sampled_from(
        ["=1+1", "20万", "1000万元(含)以上", "-", "唯一", "首条", "县长", "事项", " ", "\u00a0"]
    ),
)
ROWS = st.lists(st.lists(CELLS, max_size=8), max_size=12)
SHEET_NAMES = st.sampled_from(["说明", "机构", "事项", "资金调整", "测试", "Sheet", "其他"])

PLAUSIBLE = st.sampled_from(
    [
        "20万元及以下",
        "超过20万元",
        "１０００万元（含）以上",
        "20万元(不含)至1000万元(含)",
        "[20万..1000万]",
        "(20万..1000万]",
        ">= 1000万",
        "< 20万",
        "-",
        "不限",
        200000,
        200000.01,
        "\u00a020万\u3000",
        "20万\u200b",
        "县长",
        "常务会议",
        "ｈｅａｄ",
        "办公室主任(审核) → 分管副县长(同意) → 县长(签发)",
        "县长(盖章)",
        "县长或常务会议",
        "无规则",
        "秘书长",
        "是",
        "否",
        "Y",
        "√",
        1,
        0,
        "district、central",
        "not(none)",
        "非(区级)",
        "火星",
        "第一条",
        "原文",
        "明文",
        "推断",
        "也许",
        "R1",
        "R1 ",
        "=1+1",
        "=A1",
        '="县长"',
        "=SUM(B5:B9)",
        dt.datetime(2026, 9, 28, 8, 30),  # Excel cells have no time zone
        dt.date(2026, 9, 28),
        dt.time(8, 30),
    ]
)
RULE_CELLS = st.one_of(PLAUSIBLE, PLAUSIBLE, CELLS)
HEADER_NAMES = st.sampled_from(
    [
        "编号",
        "金额",
        "amount",
        "紧急",
        "来源",
        "origin",
        "决策机构",
        "流程",
        "条款",
        "原文",
        "说明",
        "依据",
        " 条款 ",
        "金\u3000额",
        "金額",
        "事项",
        "",
        "unknown",
    ]
)
META = st.lists(
    st.tuples(
        st.sampled_from(["命中策略", "hit_policy", "输出顺序", "不变式", "其他", "事项"]),
        st.one_of(
            st.sampled_from(
                [
                    "唯一",
                    "首条",
                    "优先",
                    "P",
                    "ＦＩＲＳＴ",
                    "任一",
                    "汇总",
                    "随便",
                    "县长 > 常务会议",
                ]
            ),
            st.sampled_from(["级别随金额不降", "越大越好", "党组会议、常务会议、县长"]),
            CELLS,
        ),
    ).map(list),
    max_size=3,
)


@st.composite
def table_rows(draw: st.DrawFn) -> list[list[object]]:
    """A decision-table sheet: meta rows, blank rows, a header, rules and blank rows among them."""
    matter = draw(st.sampled_from(["fund_adjustment", "资金调整", " fund_adjustment ", "nothing"]))
    rows: list[list[object]] = [["事项", matter], *draw(META)]
    rows += [[]] * draw(st.integers(0, 2))
    rows.append(draw(st.lists(HEADER_NAMES, max_size=9)))
    for _ in range(draw(st.integers(0, 10))):
        blank = draw(st.integers(0, 6)) == 0
        rows.append([] if blank else draw(st.lists(RULE_CELLS, max_size=9)))
    return rows


COLUMN_VALUES: dict[str, st.SearchStrategy[object]] = {
    "金额": st.sampled_from(
        [
            "20万元及以下",
            "超过20万元",
            "１０００万元（含）以上",
            "(20万..1000万]",
            "-",
            200000,
            None,
        ]
    ),
    "紧急": st.sampled_from(["是", "否", "-", 1, 0, None, "Y"]),
    "来源": st.sampled_from(["none", "district、central", "not(none)", "-", "中央", None]),
    "决策机构": st.sampled_from(
        ["县长", "常务会议", "党组会议", "ｈｅａｄ", "无规则", "办公室主任(审核) → 县长(签发)"]
    ),
    "条款": st.sampled_from(["第一条", "第二条", " 第三条 "]),
    "原文": st.sampled_from(["原文", "20万元及以下由县长审批"]),
    "说明": st.one_of(
        st.none(), st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=5)
    ),
    "依据": st.sampled_from(["明文", "推断", None]),
}


@st.composite
def decent_table_rows(draw: st.DrawFn) -> list[list[object]]:
    """A table that may well load: real columns, values each column accepts, a few blank rows."""
    optional = draw(
        st.lists(st.sampled_from(["金额", "紧急", "来源", "说明", "依据"]), unique=True)
    )
    header = ["编号", *optional, "决策机构", "条款", "原文"]
    policy = draw(st.sampled_from(["唯一", "首条", "优先", "汇总", "任一", "规则顺序"]))
    rows: list[list[object]] = [["事项", "fund_adjustment"], ["命中策略", policy], [], header]
    for index in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 5)) == 0:
            rows.append([])
        rows.append([f"R{index}", *(draw(COLUMN_VALUES[name]) for name in header[1:])])
    return rows


SPANS = st.tuples(
    st.integers(1, 14), st.integers(1, 9), st.integers(0, 4), st.sampled_from([0, 0, 0, 1, 3])
)


PLAIN: dict[str, Any] = {"merged": [], "hidden_rows": [], "hidden_columns": [], "state": "visible"}


@st.composite
def layouts(draw: st.DrawFn) -> dict[str, Any]:
    """Merged ranges (start row, start column, extra rows, extra columns), hidden rows/columns."""
    return {
        "merged": draw(st.lists(SPANS, max_size=3)),
        "hidden_rows": draw(st.lists(st.integers(1, 14), max_size=2)),
        "hidden_columns": draw(st.lists(st.integers(1, 9), max_size=1)),
        "state": draw(st.sampled_from(["visible", "visible", "hidden", "veryHidden"])),
    }


def write_careless(
    path: Path, sheets: dict[str, list[list[object]]], layout: dict[str, Any]
) -> Path:
    """Write the sheets with openpyxl, then merge, hide and (maybe) cache formula results."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, (name, rows) in enumerate(sheets.items()):
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        spec = layout[name]
        for row, column, down, right in spec["merged"]:
            sheet.merge_cells(
                start_row=row, start_column=column, end_row=row + down, end_column=column + right
            )
        for row in spec["hidden_rows"]:
            sheet.row_dimensions[row].hidden = True
        for column in spec["hidden_columns"]:
            sheet.column_dimensions[get_column_letter(column)].hidden = True
        if index > 0:  # one sheet stays visible, or openpyxl refuses to save
            sheet.sheet_state = spec["state"]
    workbook.save(path)
    if layout["cache_formulas"]:
        cached = path.with_name("cached.xlsx")
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(cached, "w") as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename.startswith("xl/worksheets/"):
                    data = re.sub(rb"(</f>)<v ?/>", rb"\1<v>7</v>", data)
                target.writestr(item, data)
        cached.replace(path)
    return path


def assert_handled(path: Path, names: set[str]) -> None:
    """load, route and check give results or RoutingErrors whose places name this workbook."""
    problems: tuple[routing.Problem, ...] = ()
    book = None
    try:
        book = routing.load(path)
    except routing.WorkbookError as error:
        problems = error.problems
    event("loaded" if book is not None else f"refused: {problems[0].code}")
    for problem in problems:
        assert problem.location is not None
        assert path.name == problem.location.workbook
        assert problem.location.sheet is None or problem.location.sheet in names
    if book is not None:
        for table in book.tables:
            for amount in ("0", "200000", "200000.01", "1000万", "1e3"):
                try:
                    book.route(table.matter.id, amount=amount)
                except routing.RoutingError as error:
                    assert error.code
    try:
        report = routing.check([path])
    except routing.WorkbookError as error:
        assert error.problems[0].location is not None
    else:
        assert all(f.location is not None or f.rules for f in report.findings)
        for finding in report.warnings:
            event(f"warning: {finding.code}")


# Places in a sheet's XML whose text a damaged or hand-made file may get wrong.
XML_TARGETS = {
    "row number": rb'(<row r=")([^"]*)(")',
    "cell reference": rb'(<c r=")([^"]*)(")',
    "cell type": rb'( t=")([^"]*)(")',
    "value": rb"(<v>)([^<]*)(</v>)",
    "text": rb"(<t>)([^<]*)(</t>)",
    "dimension": rb'(<dimension ref=")([^"]*)(")',
}
XML_GARBAGE = st.one_of(
    st.sampled_from(
        [
            *(b"", b"abc", b"-1", b"0", b"5.5", b"1e400", b"nan", b"ZZZZ5", b"A0", b"99999"),
            *(b"d", b"s", b"e", b"b", b"str", b"inlineStr", b"A1:XFD1048576", b"&amp;", b"<"),
            *(b"&", b"1", b"B5"),
        ]
    ),
    st.binary(max_size=6),
)
XML_INSERTS = st.sampled_from(
    [
        (b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="%s"/></mergeCells>'),
        (b"<sheetData>", b'<cols><col min="%s" max="3" hidden="1"/></cols><sheetData>'),
        (b"<row ", b'<row hidden="%s" '),
        (b"<c ", b'<c s="%s" '),
    ]
)


@st.composite
def xml_mutations(draw: st.DrawFn) -> list[tuple[str, object, bytes]]:
    """Up to three edits: replace the n-th target's text, insert an element, or truncate."""
    edits: list[tuple[str, object, bytes]] = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["replace", "replace", "insert", "truncate"]))
        if kind == "replace":
            target = draw(st.sampled_from(sorted(XML_TARGETS)))
            edits.append((target, draw(st.integers(0, 40)), draw(XML_GARBAGE)))
        elif kind == "insert":
            edits.append(("insert", draw(XML_INSERTS), draw(XML_GARBAGE)))
        else:
            edits.append(("truncate", draw(st.integers(0, 4000)), b""))
    return edits


def mutate(data: bytes, edits: list[tuple[str, object, bytes]]) -> bytes:
    for kind, where, text in edits:
        if kind == "insert":
            anchor, template = where  # type: ignore[misc]
            data = data.replace(anchor, template % text.replace(b"%", b""), 1)
        elif kind == "truncate":
            data = data[: int(where)]  # type: ignore[call-overload]
        else:
            matches = list(re.finditer(XML_TARGETS[kind], data))
            if matches:
                match = matches[int(where) % len(matches)]  # type: ignore[call-overload]
                data = data[: match.start(2)] + text + data[match.end(2) :]
    return data


_BASE: dict[str, bytes] = {}


def base_workbook() -> bytes:
    """A good workbook (built once): every sheet, a table with rules, blank rows and a merge."""
    if not _BASE:
        rows: list[list[object]] = [
            ["事项", "fund_adjustment"],
            ["命中策略", "首条"],
            [],
            ["编号", "金额", "紧急", "决策机构", "条款", "原文", "依据"],
            ["R1", "20万元及以下", "-", "县长", "第一条", "原文", ""],
            [],
            ["R2", 200000.01, "是", "常务会议", "第二条", "原文", "推断"],
            ["R3", "1000万元(含)以上", "-", "党组会议", "第三条", "原文", ""],
        ]
        tests = [["事项", "输入", "期望"], ["fund_adjustment", "amount=1", "县长"]]
        sheets = {"说明": about(), "机构": BODIES, "事项": MATTERS, "资金调整": rows, "测试": tests}
        layout: dict[str, Any] = dict.fromkeys(sheets, PLAIN)
        layout["资金调整"] = {**PLAIN, "merged": [(7, 5, 1, 0)], "hidden_rows": [6]}
        with tempfile.TemporaryDirectory() as folder:
            path = write_careless(
                Path(folder) / "base.xlsx", sheets, {**layout, "cache_formulas": False}
            )
            _BASE["data"] = path.read_bytes()
    return _BASE["data"]


class TestFuzzWorkbooks:
    """Garbage in any sheet never escapes as an unexpected exception."""

    @given(sheets=st.dictionaries(SHEET_NAMES, ROWS, max_size=4), keep_standard=st.booleans())
    def test_load_random(self, sheets: dict[str, list[list[object]]], keep_standard: bool) -> None:
        """load() returns a RuleBook or raises RoutingError."""
        base: dict[str, list[list[object]]] = (
            {"说明": about(), "机构": BODIES, "事项": MATTERS} if keep_standard else {}
        )
        base.update(sheets)
        if not base:
            base = {"空": []}
        with tempfile.TemporaryDirectory() as folder:
            path = write_xlsx(Path(folder) / "fuzz.xlsx", base)  # type: ignore[arg-type]
            problems: tuple[routing.Problem, ...] = ()
            code = "ok"
            try:
                routing.load(path)
            except routing.WorkbookError as error:
                problems, code = error.problems, error.code
            except routing.RoutingError as error:
                problems, code = (), error.code
            assert code
            assert all(p.location is not None for p in problems)

    @given(
        tables=st.dictionaries(
            st.sampled_from(["资金调整", "表二", " 资金调整 ", "测试", "时限"]),
            st.one_of(table_rows(), decent_table_rows(), decent_table_rows()),
            min_size=1,
            max_size=2,
        ),
        garbage=st.dictionaries(
            st.sampled_from(["Sheet", "Sheet", "说明", "机构"]), ROWS, max_size=1
        ),
        sheet_layouts=st.fixed_dictionaries(
            {
                name: st.one_of(st.just(PLAIN), layouts())
                for name in (
                    "说明",
                    "机构",
                    "事项",
                    "资金调整",
                    "表二",
                    " 资金调整 ",
                    "测试",
                    "时限",
                    "Sheet",
                )
            }
        ),
        cache_formulas=st.booleans(),
    )
    def test_load_careless_tables(
        self,
        tables: dict[str, list[list[object]]],
        garbage: dict[str, list[list[object]]],
        sheet_layouts: dict[str, dict[str, Any]],
        cache_formulas: bool,
    ) -> None:
        """Tables with merged cells, hidden rows and sheets, formulas: a book or a RoutingError."""
        sheets: dict[str, list[list[object]]] = {"说明": about(), "机构": BODIES, "事项": MATTERS}
        sheets.update(garbage)
        sheets.update(tables)
        layout: dict[str, Any] = {**sheet_layouts, "cache_formulas": cache_formulas}
        with tempfile.TemporaryDirectory() as folder:
            path = write_careless(Path(folder) / "fuzz.xlsx", sheets, layout)
            assert_handled(path, set(sheets))

    @given(
        member=st.sampled_from(
            [
                *("xl/worksheets/sheet4.xml", "xl/worksheets/sheet4.xml"),
                *("xl/worksheets/sheet2.xml", "xl/worksheets/sheet1.xml"),
                *("xl/workbook.xml", "xl/styles.xml"),
            ]
        ),
        edits=xml_mutations(),
    )
    def test_load_damaged_xml(self, member: str, edits: list[tuple[str, object, bytes]]) -> None:
        """A good workbook with its XML damaged: a book or a RoutingError, never a traceback."""
        with tempfile.TemporaryDirectory() as folder:
            source, path = Path(folder) / "base.xlsx", Path(folder) / "fuzz.xlsx"
            source.write_bytes(base_workbook())
            with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as target:
                for item in original.infolist():
                    data = original.read(item.filename)
                    target.writestr(item, mutate(data, edits) if item.filename == member else data)
            assert_handled(path, {"说明", "机构", "事项", "资金调整", "测试"})
