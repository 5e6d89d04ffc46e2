"""Careless workbooks: each habit of office staff is either forgiven or refused naming the cell.

Every workbook here is a real .xlsx written with openpyxl (merged ranges, hidden rows and sheets
included), then read by ``routing.load`` as a user's file would be. See "What the reader forgives
and what it refuses" in docs/workbook.md.
"""

from __future__ import annotations

import zipfile
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner

import routing
from conftest import BODIES, MATTERS, about, table_sheet
from routing import _layout
from routing_cli import cli

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from openpyxl import Workbook

RULES = [
    ["R1", "20万元及以下", "县长", "第一条", "20万元及以下由县长审批", "", ""],
    ["R2", "超过20万元", "常务会议", "第二条", "超过20万元由常务会议决定", "", ""],
]


def build(
    path: Path,
    rows: list[list[Any]] | None = None,
    *,
    tweak: Callable[[Workbook], None] | None = None,
    sheets: dict[str, list[list[Any]]] | None = None,
    header: list[str] | None = None,
    policy: str = "唯一",
) -> Path:
    """Write the standard sheets and one table with openpyxl, let ``tweak`` edit it, save."""
    from openpyxl import Workbook

    content = {
        "说明": about(),
        "机构": BODIES,
        "事项": MATTERS,
        "资金调整": table_sheet(RULES if rows is None else rows, policy, header=header),
    }
    content.update(sheets or {})
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, sheet_rows in content.items():
        sheet = workbook.create_sheet(name)
        for row in sheet_rows:
            sheet.append(row)
    if tweak is not None:
        tweak(workbook)
    workbook.save(path)
    return path


def problems(path: Path) -> set[tuple[str, str]]:
    with pytest.raises(routing.WorkbookError) as caught:
        routing.load(path)
    return {(p.code, str(p.location)) for p in caught.value.problems}


def warnings(path: Path) -> set[tuple[str, str]]:
    report = routing.check([path])
    return {(f.code, str(f.location)) for f in report.findings if f.severity == "warning"}


class TestMergedCells:
    """Merged down one column: the value holds for every row. Across columns: refused."""

    def test_merged_clause_and_quote_cells_fill_every_covered_rule(self, tmp_path):
        """条款 and 原文 merged over three rules: each rule cites them (not an empty cell)."""
        rows = [
            ["R1", "20万元及以下", "县长", "第四十一条", "资金支出按金额分级审批", "", ""],
            ["R2", "超过20万元不满1000万元", "常务会议", None, None, "", ""],
            ["R3", "1000万元(含)以上", "党组会议", None, None, "", ""],
        ]

        def merge(workbook):
            workbook["资金调整"].merge_cells("D5:D7")
            workbook["资金调整"].merge_cells("E5:E7")

        book = routing.load(build(tmp_path / "merged.xlsx", rows, tweak=merge))
        rules = book.tables[0].rules
        assert ["第四十一条"] * 3 == [rule.citation.clause for rule in rules]
        assert ["资金支出按金额分级审批"] * 3 == [rule.citation.quote for rule in rules]
        assert "party_group" == book.route("fund_adjustment", amount="1500万").body.id

    def test_merged_outcome_cell_fills_every_covered_rule(self, tmp_path):
        """决策机构 merged over two rules: both are decided by that body, neither is a gap."""
        rows = [
            ["R1", "20万元及以下", "县长", "第一条", "原文一", "", ""],
            ["R2", "超过20万元不满1000万元", None, "第二条", "原文二", "", ""],
            ["R3", "1000万元(含)以上", "党组会议", "第三条", "原文三", "", ""],
        ]
        path = build(
            tmp_path / "merged.xlsx", rows, tweak=lambda wb: wb["资金调整"].merge_cells("C5:C6")
        )
        book = routing.load(path)
        assert "head" == book.route("fund_adjustment", amount="500万").body.id

    def test_merged_amount_cell_fills_every_covered_rule(self, tmp_path):
        """A condition merged over two rules applies to both (they differ in another input)."""
        header = ["编号", "金额", "紧急", "决策机构", "条款", "原文"]
        rows = [
            ["R1", "超过20万元", "是", "县长", "第一条", "原文一"],
            ["R2", None, "否", "常务会议", "第二条", "原文二"],
        ]
        path = build(
            tmp_path / "merged.xlsx",
            rows,
            header=header,
            tweak=lambda wb: wb["资金调整"].merge_cells("B5:B6"),
        )
        book = routing.load(path)
        inputs = [
            [condition.input for condition in rule.conditions] for rule in book.tables[0].rules
        ]
        assert [["amount", "urgent"], ["amount", "urgent"]] == inputs
        with pytest.raises(routing.NoRuleError):
            book.route("fund_adjustment", amount="10万", urgent="否")

    def test_merged_id_cell_is_a_duplicate_rule_id(self, tmp_path):
        """编号 merged over two rules gives both the same id, which is reported, not hidden."""
        rows = [["R1", "20万元及以下", "县长", "第一条", "原文", "", ""], [None, *RULES[1][1:]]]
        path = build(
            tmp_path / "merged.xlsx", rows, tweak=lambda wb: wb["资金调整"].merge_cells("A5:A6")
        )
        assert {("rule.duplicate_id", "merged.xlsx › 资金调整 › 第6行")} == problems(path)

    def test_merged_header_across_columns_is_refused(self, tmp_path):
        """A header merged over two columns names no single column: an error naming the range."""
        header = ["编号", "金额", None, "决策机构", "条款", "原文"]
        rows = [["R1", "20万元及以下", "", "县长", "第一条", "原文"]]
        path = build(
            tmp_path / "merged.xlsx",
            rows,
            header=header,
            tweak=lambda wb: wb["资金调整"].merge_cells("B4:C4"),
        )
        with pytest.raises(routing.WorkbookError) as caught:
            routing.load(path)
        assert [("cell.merged", "merged.xlsx › 资金调整 › B4")] == [
            (p.code, str(p.location)) for p in caught.value.problems
        ]
        assert "B4:C4" in caught.value.problems[0].message

    def test_merged_rule_cells_across_columns_are_refused(self, tmp_path):
        """条款 and 原文 merged side by side would put the clause in both: refused."""
        rows = [["R1", "-", "县长", "第一条", None, "", ""]]
        path = build(
            tmp_path / "merged.xlsx", rows, tweak=lambda wb: wb["资金调整"].merge_cells("D5:E5")
        )
        assert ("cell.merged", "merged.xlsx › 资金调整 › D5") in problems(path)

    def test_merged_across_columns_in_bodies_sheet_is_refused(self, tmp_path):
        """The vocabulary sheets are read as rows too."""
        path = build(tmp_path / "merged.xlsx", tweak=lambda wb: wb["机构"].merge_cells("C2:D2"))
        assert ("cell.merged", "merged.xlsx › 机构 › C2") in problems(path)

    def test_merged_input_id_cells_repeat_an_input(self, tmp_path):
        """事项 C2:C3 merged gives 紧急 the id amount: refused at the cell, never two inputs of one
        id (the long fuzz profile found it as a KeyError deep in the router)."""
        path = build(tmp_path / "merged.xlsx", tweak=lambda wb: wb["事项"].merge_cells("C2:C3"))
        assert ("input.duplicate", "merged.xlsx › 事项 › C3") in problems(path)

    def test_input_label_repeated_in_one_matter_is_refused(self, tmp_path):
        """Two inputs of a matter labelled 金额: a column 金额 could mean either."""
        matters = [
            *MATTERS,
            ["fund_adjustment", "资金调整", "amount_again", "金额", "金额", "", "否", ""],
        ]
        path = build(tmp_path / "label.xlsx", sheets={"事项": matters})
        assert ("input.duplicate", "label.xlsx › 事项 › D5") in problems(path)

    def test_the_same_input_id_in_two_matters_is_fine(self, tmp_path):
        """Input ids are per matter: amount in two matters is the normal case."""
        matters = [*MATTERS, ["other_matter", "其他事项", "amount", "金额", "金额", "", "是", ""]]
        path = build(tmp_path / "two.xlsx", sheets={"事项": matters})
        assert "head" == routing.load(path).route("fund_adjustment", amount="1万").body.id

    def test_merged_title_in_about_sheet_is_harmless(self, tmp_path):
        """说明 is read by key and value; a merged instructions title changes nothing."""
        sheets = {"说明": [*about(), [], ["填写说明:金额按元计"]]}
        path = build(
            tmp_path / "merged.xlsx",
            sheets=sheets,
            tweak=lambda wb: wb["说明"].merge_cells("A5:F5"),
        )
        assert "head" == routing.load(path).route("fund_adjustment", amount="1万").body.id

    def test_merged_range_below_the_table_adds_no_rules(self, tmp_path):
        """A merge reaching far below the last rule is clipped: no phantom rules."""
        path = build(
            tmp_path / "merged.xlsx", tweak=lambda wb: wb["资金调整"].merge_cells("G5:G200")
        )
        assert 2 == len(routing.load(path).tables[0].rules)

    def test_too_many_merged_ranges(self, tmp_path, monkeypatch):
        """More merged ranges than MAX_MERGED in a sheet is refused, naming the sheet."""
        monkeypatch.setattr(_layout, "MAX_MERGED", 2)

        def merge(workbook):
            for column in "DEF":
                workbook["资金调整"].merge_cells(f"{column}5:{column}6")

        path = build(tmp_path / "merged.xlsx", tweak=merge)
        assert {("workbook.too_large", "merged.xlsx › 资金调整")} == problems(path)

    def test_overlapping_merged_ranges_are_refused(self, tmp_path):
        """Excel never writes overlapping merges; a damaged file that does is refused."""
        good = build(tmp_path / "good.xlsx", tweak=lambda wb: wb["资金调整"].merge_cells("D5:D6"))
        path = tmp_path / "overlap.xlsx"
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if b'<mergeCell ref="D5:D6" />' in data:
                    data = data.replace(
                        b'<mergeCells count="1"><mergeCell ref="D5:D6" />',
                        b'<mergeCells count="3"><mergeCell ref="A1:G6"/><mergeCell ref="A1:G6"/>'
                        b'<mergeCell ref="D5:D6"/>',
                    )
                    assert b"A1:G6" in data
                target.writestr(item, data)
        assert {("workbook.unreadable", "overlap.xlsx › 资金调整")} == problems(path)


class TestHidden:
    """Hidden rows, columns and sheets are still read, and `routing check` warns about each."""

    def test_hidden_row_is_still_a_rule(self, tmp_path):
        """Hiding a rule's row does not switch it off: routing still uses it."""
        path = build(
            tmp_path / "hidden.xlsx",
            tweak=lambda wb: setattr(wb["资金调整"].row_dimensions[6], "hidden", True),
        )
        assert (
            "standing_meeting" == routing.load(path).route("fund_adjustment", amount="50万").body.id
        )

    def test_hidden_row_is_warned_by_check(self, tmp_path):
        """check names the hidden row as a warning; the CLI shows it and exits 0 (1 with --strict)."""
        path = build(
            tmp_path / "hidden.xlsx",
            tweak=lambda wb: setattr(wb["资金调整"].row_dimensions[6], "hidden", True),
        )
        assert {("row.hidden", "hidden.xlsx › 资金调整 › 第6行")} == warnings(path)
        result = CliRunner().invoke(cli, ["check", str(path)])
        assert 0 == result.exit_code, result.output
        assert "row.hidden" in result.output
        assert 1 == CliRunner().invoke(cli, ["check", "--strict", str(path)]).exit_code

    def test_hidden_blank_row_is_not_warned(self, tmp_path):
        """A hidden row with nothing in it changes nothing and is not reported."""
        rows = [RULES[0], [], RULES[1]]
        path = build(
            tmp_path / "hidden.xlsx",
            rows,
            tweak=lambda wb: setattr(wb["资金调整"].row_dimensions[6], "hidden", True),
        )
        assert set() == warnings(path)

    def test_hidden_column_is_read_and_warned(self, tmp_path):
        """A hidden 依据 column still marks rules as inferred, and check says it is hidden."""
        rows = [[*RULES[0][:6], "推断"], RULES[1]]
        path = build(
            tmp_path / "hidden.xlsx",
            rows,
            tweak=lambda wb: setattr(wb["资金调整"].column_dimensions["G"], "hidden", True),
        )
        assert routing.load(path).route("fund_adjustment", amount="1万").inferred
        assert {("column.hidden", "hidden.xlsx › 资金调整 › G列")} == warnings(path)

    def test_hidden_table_sheet_is_read_and_warned(self, tmp_path):
        """A hidden decision-table sheet is still a table; check warns about the sheet."""
        path = build(
            tmp_path / "hidden.xlsx",
            tweak=lambda wb: setattr(wb["资金调整"], "sheet_state", "hidden"),
        )
        assert "head" == routing.load(path).route("fund_adjustment", amount="1万").body.id
        assert {("sheet.hidden", "hidden.xlsx › 资金调整")} == warnings(path)

    def test_very_hidden_bodies_sheet_is_read_and_warned(self, tmp_path):
        """veryHidden (only visible from the VBA editor) is treated the same."""
        path = build(
            tmp_path / "hidden.xlsx",
            tweak=lambda wb: setattr(wb["机构"], "sheet_state", "veryHidden"),
        )
        assert routing.load(path).bodies
        assert {("sheet.hidden", "hidden.xlsx › 机构")} == warnings(path)

    def test_hidden_unrelated_sheet_is_not_warned(self, tmp_path):
        """A hidden sheet routing does not read (a dropdown list, say) is nobody's concern."""
        path = build(
            tmp_path / "hidden.xlsx",
            sheets={"下拉列表": [["县长"], ["常务会议"]]},
            tweak=lambda wb: setattr(wb["下拉列表"], "sheet_state", "hidden"),
        )
        assert set() == warnings(path)


class TestNumbersStoredAsText:
    """A number typed as text ('200000) reads as the same number."""

    def test_amount_stored_as_text_equals_number(self, tmp_path):
        """'200000 (a text cell) and 200000 (a number cell) and 20万 are the same bound."""
        bounds = []
        for index, cell in enumerate(["200000", 200000, "20万", "200000.00"]):
            rows = [
                ["R1", f"<= {cell}" if isinstance(cell, str) else cell, "县长", "第一条", "原文"],
            ]
            header = ["编号", "金额", "决策机构", "条款", "原文"]
            book = routing.load(build(tmp_path / f"t{index}.xlsx", rows, header=header))
            bounds.append(book.tables[0].rules[0].conditions[0].interval.high)
        assert [Decimal(200000)] * 4 == bounds

    def test_number_cell_is_exactly_that_amount(self, tmp_path):
        """A bare number in an amount column is that one amount, same as the text form."""
        header = ["编号", "金额", "决策机构", "条款", "原文"]
        rows = [
            ["R1", 2000000, "县长", "第一条", "原文"],
            ["R2", "200万", "常务会议", "第二条", "原文"],
        ]
        book = routing.load(build(tmp_path / "n.xlsx", rows[:1], header=header))
        other = routing.load(build(tmp_path / "t.xlsx", rows[1:], header=header))
        assert book.tables[0].rules[0].conditions == other.tables[0].rules[0].conditions

    def test_rank_stored_as_text(self, tmp_path):
        """级别 typed as text ("70", "７０", " 70 ") is the whole number 70."""
        bodies = [list(row) for row in BODIES]
        bodies[1][3], bodies[2][3], bodies[3][3] = "70", "８０", " 90\u00a0"
        book = routing.load(build(tmp_path / "rank.xlsx", sheets={"机构": bodies}))
        assert [70, 80, 90] == [body.rank for body in book.bodies[:3]]

    def test_yes_no_stored_as_number(self, tmp_path):
        """1 and 0 in a 是否 column read as 是 and 否."""
        header = ["编号", "紧急", "决策机构", "条款", "原文"]
        rows = [["R1", 1, "县长", "第一条", "原文"], ["R2", 0, "常务会议", "第二条", "原文"]]
        book = routing.load(build(tmp_path / "bool.xlsx", rows, header=header))
        assert "head" == book.route("fund_adjustment", amount=1, urgent="是").body.id
        assert "standing_meeting" == book.route("fund_adjustment", amount=1, urgent="否").body.id

    def test_text_that_is_not_a_number_is_named(self, tmp_path):
        """A rank that is no number is an error at its cell, not rank 0."""
        bodies = [list(row) for row in BODIES]
        bodies[1][3] = "七十"
        assert ("body.rank", "rank.xlsx › 机构 › D2") in problems(
            build(tmp_path / "rank.xlsx", sheets={"机构": bodies})
        )


class TestFullWidth:
    """全角 digits, letters and punctuation read as their ASCII forms."""

    def test_full_width_amounts_and_brackets(self, tmp_path):
        """１０００万元（含）以上 is 1000万元(含)以上; ２０万元，以下 is refused, not guessed."""
        rows = [
            ["R1", "不满１０００万元", "县长", "第一条", "原文", "", ""],
            ["R2", "１０００万元（含）以上", "党组会议", "第二条", "原文", "", ""],
        ]
        book = routing.load(build(tmp_path / "wide.xlsx", rows))
        assert "party_group" == book.route("fund_adjustment", amount="１０００万").body.id
        assert "head" == book.route("fund_adjustment", amount="９９９万").body.id

    def test_full_width_comma_and_letters_in_enum_values(self, tmp_path):
        """Enum values separated by ，and typed in full-width letters are the declared ids."""
        header = ["编号", "来源", "决策机构", "条款", "原文"]
        rows = [
            ["R1", "ｄｉｓｔｒｉｃｔ，中央", "县长", "第一条", "原文"],
            ["R2", "无", "常务会议", "第二条", "原文"],
        ]
        book = routing.load(build(tmp_path / "wide.xlsx", rows, header=header))
        assert frozenset({"district", "central"}) == book.tables[0].rules[0].conditions[0].values

    def test_full_width_ids_policy_and_bodies(self, tmp_path):
        """A body id, a hit policy and a 是否 value typed in full width are found."""
        rows = [
            ["R1", "-", "ｈｅａｄ", "第一条", "原文", "", "明文"],
            ["R2", "-", "常务会议", "第二条", "原文", "", "明文"],
        ]
        book = routing.load(build(tmp_path / "wide.xlsx", rows, policy="ＦＩＲＳＴ"))
        assert routing.HitPolicy.FIRST == book.tables[0].hit_policy
        assert "head" == book.route("fund_adjustment", amount=1).body.id


class TestSpaces:
    """Non-breaking, ideographic and zero-width spaces, and spaces around values, are ignored."""

    def test_non_breaking_and_ideographic_spaces(self, tmp_path):
        """U+00A0 and U+3000 inside and around amounts, bodies and headers change nothing."""
        header = ["编号", "金\u3000额", "决策机构\u00a0", "\u3000条款", "原文"]
        rows = [
            ["R1", "\u00a020万元\u3000及以下", "县\u3000长", "第一条", "原文"],
            ["R2", "超过\u00a020万元", "\u00a0常务会议\u00a0", "第二条", "原文"],
        ]
        book = routing.load(build(tmp_path / "spaces.xlsx", rows, header=header))
        assert "standing_meeting" == book.route("fund_adjustment", amount="200001").body.id
        assert "head" == book.route("fund_adjustment", amount="20万").body.id

    def test_zero_width_characters(self, tmp_path):
        """Invisible characters pasted from the web (U+200B, U+FEFF) do not make a body unknown."""
        rows = [
            ["R1\u200b", "\ufeff20万元及以下", "县长\u200b", "第一条", "原文", "", "明文\u200b"]
        ]
        book = routing.load(build(tmp_path / "zw.xlsx", rows))
        assert "head" == book.route("fund_adjustment", amount=1).body.id
        assert "R1" == book.tables[0].rules[0].id

    def test_spaces_around_ids_names_enum_values_and_headers(self, tmp_path):
        """Leading and trailing spaces in ids, body names, enum values, headers and sheet names."""
        bodies = [
            [f" {cell} " if isinstance(cell, str) and cell else cell for cell in row]
            for row in BODIES
        ]
        matters = [
            [f" {cell}\u00a0" if isinstance(cell, str) and cell else cell for cell in row]
            for row in MATTERS
        ]
        header = [" 编号 ", " 来源", "决策机构 ", " 条款 ", "原文 "]
        rows = [[" R1 ", " district 、 中央 ", " 县长 ", " 第一条 ", " 原文 "]]
        book = routing.load(
            build(
                tmp_path / "spaces.xlsx",
                rows,
                header=header,
                sheets={"机构": bodies, "事项": matters},
            )
        )
        assert "head" == book.bodies[0].id
        assert "县长" == book.bodies[0].name
        assert ["amount", "urgent", "origin"] == [i.id for i in book.matters[0].inputs]
        rule = book.tables[0].rules[0]
        assert ("R1", "第一条") == (rule.id, rule.citation.clause)
        assert "head" == book.route("fund_adjustment", amount=1, origin="district").body.id

    def test_spaces_in_sheet_names(self, tmp_path):
        """A sheet named ' 机构 ' is the bodies sheet."""

        def rename(workbook):
            workbook["机构"].title = " 机构 "

        book = routing.load(build(tmp_path / "names.xlsx", tweak=rename))
        assert book.bodies


class TestBlankRows:
    """Blank rows inside a table are spacing; the table runs to the sheet's last row."""

    def test_rules_after_several_blank_rows_are_read(self, tmp_path):
        """Rules after two blank rows and a row of spaces only are still rules."""
        rows = [RULES[0], [], [" ", "\u00a0", "\u3000"], [], RULES[1]]
        book = routing.load(build(tmp_path / "blank.xlsx", rows))
        assert ["R1", "R2"] == [rule.id for rule in book.tables[0].rules]
        assert "standing_meeting" == book.route("fund_adjustment", amount="50万").body.id

    def test_note_below_the_table_is_an_error_not_a_silent_rule(self, tmp_path):
        """A note typed under the table after a blank row is read as a rule and fails loudly."""
        rows = [*RULES, [], ["注:以上金额均含本数"]]
        found = problems(build(tmp_path / "note.xlsx", rows))
        assert ("chain.empty", "note.xlsx › 资金调整 › C8") in found

    def test_blank_row_between_meta_and_header_may_repeat(self, tmp_path):
        """Several blank rows between 命中策略 and the header are fine."""
        from conftest import write_xlsx

        sheet = [
            ["事项", "fund_adjustment"],
            ["命中策略", "唯一"],
            [],
            [],
            table_sheet(RULES)[3],
            *RULES,
        ]
        path = write_xlsx(
            tmp_path / "meta.xlsx",
            {"说明": about(), "机构": BODIES, "事项": MATTERS, "资金调整": sheet},
        )
        assert 2 == len(routing.load(path).tables[0].rules)


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: .xls, .et, encrypted .xlsx


class TestFilesThatAreNotXlsx:
    """Other files get workbook.format and a message that says what to do, never a traceback."""

    def refused(self, path: Path) -> routing.WorkbookError:
        with pytest.raises(routing.WorkbookError) as caught:
            routing.load(path)
        assert "workbook.format" == caught.value.code
        assert path.name == caught.value.problems[0].location.workbook
        result = CliRunner().invoke(cli, ["check", str(path)])
        assert 2 == result.exit_code
        assert "Traceback" not in result.output
        return caught.value

    def test_xls_file(self, tmp_path):
        """An old .xls: save it as .xlsx."""
        path = tmp_path / "old.xls"
        path.write_bytes(OLE_HEADER + b"\0" * 504)
        assert "另存为 .xlsx" in self.refused(path).message

    def test_csv_file(self, tmp_path):
        """A .csv of rules: save it as .xlsx."""
        path = tmp_path / "rules.csv"
        path.write_text("编号,金额,决策机构\nR1,20万,县长\n", encoding="utf-8")
        assert "另存为 .xlsx" in self.refused(path).message

    def test_ods_and_et_files(self, tmp_path):
        """LibreOffice .ods and WPS .et: save them as .xlsx."""
        for name in ("rules.ods", "rules.et"):
            path = tmp_path / name
            path.write_bytes(OLE_HEADER + b"\0" * 504)
            assert "另存为 .xlsx" in self.refused(path).message

    def test_password_protected_file(self, tmp_path):
        """An encrypted .xlsx is an OLE file: the message says to remove the password."""
        path = tmp_path / "locked.xlsx"
        path.write_bytes(OLE_HEADER + b"\0" * 504)
        error = self.refused(path)
        assert "密码" in error.message
        assert "password" in error.message_en

    def test_non_zip_file(self, tmp_path):
        """Anything else named .xlsx (text, an empty file) is not a workbook."""
        for name, content in (("text.xlsx", b"hello"), ("empty.xlsx", b"")):
            path = tmp_path / name
            path.write_bytes(content)
            assert ".xlsx" in self.refused(path).message


class TestMergedRangeRefs:
    """The ``ref`` of a <mergeCell> as Excel and other generators write it."""

    @pytest.mark.parametrize(
        ("ref", "expected"),
        [
            ("C5:C7", (5, 3, 7, 3)),
            ("$A$1:$B$2", (1, 1, 2, 2)),
            ("B2:A1", (1, 1, 2, 2)),
            ("aa10", (10, 27, 10, 27)),
            ("A0:B2", None),
            ("A:B", None),
            ("", None),
        ],
    )
    def test_merged_range_refs(self, ref, expected):
        """Absolute, reversed and lower-case refs are ranges; whole columns and row 0 are not."""
        span = _layout.parse_span(ref)
        assert expected == (
            None if span is None else (span.min_row, span.min_col, span.max_row, span.max_col)
        )
