"""Verification finds overlaps, gaps, shadowed rules and broken invariants, exactly."""

from __future__ import annotations

import itertools
from decimal import Decimal

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import routing
from routing import (
    AmountCondition,
    Body,
    Chain,
    Citation,
    DecisionTable,
    HitPolicy,
    Input,
    InputKind,
    Interval,
    Location,
    Matter,
    Rule,
    RuleBook,
    Step,
)
from routing.strategies import decision_tables
from routing_cli import cli

FEN = Decimal("0.01")
MENGLA_LITERAL = [
    ["R1", "20万元及以下", "县长", "第四十一条(十一)", "20万元及以下由县长审批", "", ""],
    [
        "R2",
        "20万元至1000万元(含1000万元)",
        "常务会议",
        "第四十一条(十一)",
        "20万元至1000万元(含1000万元)",
        "",
        "",
    ],
    [
        "R3",
        "1000万元(含1000万元)以上",
        "党组会议",
        "第四十条(七)",
        "1000万元(含1000万元)以上",
        "",
        "",
    ],
]


class TestCheckCommand:
    """`routing check` on workbooks, folders and shipped jurisdictions."""

    def test_mengla_written_literally_under_unique_is_an_error_at_both_bounds(self, make_book):
        """Both overlaps are errors naming the rows, with witnesses 10,000,000 and 200,000."""
        path = make_book(MENGLA_LITERAL)
        result = CliRunner().invoke(cli, ["check", str(path)], env={"COLUMNS": "200"})
        assert result.exit_code == 1, result.output
        assert "金额 = 1,000万" in result.output
        assert "金额 = 20万" in result.output
        assert "资金调整 › 第6行" in result.output
        assert "资金调整 › 第7行" in result.output

    def test_strict_and_open_bounds_leave_a_gap_exactly_at_the_bound(self, make_book):
        """`< 20万` and `> 20万` leave 200,000 uncovered: a warning, exit 1 only with --strict."""
        path = make_book(
            [
                ["R1", "< 20万", "县长", "一", "不满20万", "", ""],
                ["R2", "> 20万", "党组会议", "二", "超过20万", "", ""],
            ]
        )
        findings = routing.verify(routing.load(path))
        gaps = [f for f in findings if f.code == "gap"]
        assert [g.witness["amount"] for g in gaps] == [Decimal(200000)]
        assert CliRunner().invoke(cli, ["check", str(path)]).exit_code == 0
        assert CliRunner().invoke(cli, ["check", str(path), "--strict"]).exit_code == 1

    def test_shipped_mengla_declared_gap_names_its_span(self):
        """Mengla's asset disposal up to 200万 is a declared gap, shown in the workbook's words."""
        report = routing.check(["mengla"])
        declared = [f for f in report.findings if f.code == "gap.declared"]
        assert any("金额 ≤ 200万" in f.where for f in declared)

    def test_json_output_is_machine_readable(self):
        """--json prints findings with codes and witness amounts as strings."""
        result = CliRunner().invoke(cli, ["check", "mengla", "--json"])
        assert result.exit_code == 0
        assert '"code": "gap.declared"' in result.output

    def test_missing_workbook_exits_2(self, tmp_path):
        """A workbook that cannot be found is unreadable input."""
        result = CliRunner().invoke(cli, ["check", str(tmp_path / "none.xlsx")])
        assert result.exit_code == 2


def _book(rules: list[tuple[Interval, int]], policy: HitPolicy) -> RuleBook:
    bodies = tuple(Body(f"b{i}", f"机构{i}", rank=i * 10) for i in range(3))
    matter = Matter("fund", "资金", (Input("amount", "金额", InputKind.AMOUNT),))
    built = tuple(
        Rule(
            f"R{n}",
            (AmountCondition("amount", interval),),
            Chain((Step((bodies[body],)),)),
            Citation(f"第{n}条", ""),
            Location("t.xlsx", "资金", row=n + 2),
        )
        for n, (interval, body) in enumerate(rules)
    )
    table = DecisionTable(matter, policy, built, Location("t.xlsx", "资金"))
    return RuleBook(routing.About("t"), bodies, (matter,), (table,), "t.xlsx")


POOL = [Decimal(v) for v in ("0", "100", "200000", "200000.01", "10000000")]
bounds = st.one_of(st.none(), st.sampled_from(POOL))
intervals = st.builds(Interval, bounds, bounds, st.booleans(), st.booleans())


class TestAgainstBruteForce:
    """Overlaps, gaps and shadowed rules agree with evaluating every interesting amount."""

    @given(
        st.lists(st.tuples(intervals, st.integers(0, 2)), min_size=1, max_size=6),
        st.sampled_from([HitPolicy.UNIQUE, HitPolicy.FIRST, HitPolicy.PRIORITY]),
    )
    def test_exact(self, rules, policy):
        """Every breakpoint, a fen either side and the midpoints: same overlaps, gaps, shadows."""
        book = _book(rules, policy)
        findings = routing.verify(book)
        points = {Decimal(0)}
        for interval, _ in rules:
            for b in (interval.low, interval.high):
                if b is not None and b >= 0:
                    points.update({b, b + FEN, max(Decimal(0), b - FEN)})
        ordered = sorted(points)
        points.update((a + b) / 2 for a, b in itertools.pairwise(ordered))
        points.add(ordered[-1] + 1)
        table = book.tables[0]

        def hits(x):
            return tuple(r.id for r in table.rules if r.conditions[0].matches(x))

        def covered(finding_code, x):
            return any(f.code == finding_code and _holds(f, x) for f in findings)

        for x in sorted(points):
            h = hits(x)
            assert covered("gap", x) == (not h), x
            assert covered("overlap", x) == (len(h) > 1), x
        by_id = {r.id: r for r in table.rules}

        def winner(x):
            found = [by_id[i] for i in hits(x)]
            if policy is HitPolicy.PRIORITY:
                found.sort(key=lambda r: -r.body.rank)
            return found[0].id

        fired = {winner(x) for x in points if hits(x)}
        shadowed = {r.id for f in findings if f.code == "shadowed" for r in f.rules}
        if policy is HitPolicy.UNIQUE:
            assert not shadowed
        else:
            live = {rule_id for x in points for rule_id in hits(x)}
            assert shadowed == live - fired
        for f in findings:
            if f.code in {"gap", "overlap"}:
                x = f.witness["amount"]
                assert (len(hits(x)) > 1) if f.code == "overlap" else not hits(x)


def _holds(finding, x):
    """Whether the finding's region holds x."""
    return any(x in interval for interval in finding.intervals)


class TestGeneratedTables:
    """The public decision_tables() strategy feeds the checker."""

    @given(decision_tables())
    def test_every_gap_witness_is_uncovered(self, table):
        """A gap's witness amount matches no rule of the generated table."""
        book = RuleBook(routing.About("t"), (), (table.matter,), (table,), "t.xlsx")
        for finding in routing.verify(book):
            if finding.code == "gap":
                amount = finding.witness["amount"]
                assert not any(r.conditions[0].matches(amount) for r in table.rules)


class TestOtherFindings:
    """Invariants, duplicates, empty conditions and unparseable workbooks."""

    def test_rank_falling_as_the_amount_rises_breaks_the_invariant(self, make_book):
        """The head above the party group breaks 级别随金额不降, with both rules and witnesses."""
        path = make_book(
            [
                ["R1", "< 20万", "党组会议", "一", "不满20万", "", ""],
                ["R2", ">= 20万", "县长", "二", "20万以上", "", ""],
            ],
            extra_meta=[["不变式", "级别随金额不降"]],
        )
        findings = routing.verify(routing.load(path))
        broken = [f for f in findings if f.code == "invariant.rank_monotone"]
        assert len(broken) == 1
        assert [r.id for r in broken[0].rules] == ["R1", "R2"]
        assert broken[0].witness["amount"] == Decimal(200000)
        assert CliRunner().invoke(cli, ["check", str(path)]).exit_code == 1

    def test_duplicates_and_empty_conditions_are_warnings(self, make_book):
        """An identical row and `(20万..20万)` are reported as warnings."""
        path = make_book(
            [
                ["R1", "-", "县长", "一", "全部", "", ""],
                ["R2", "-", "县长", "一", "全部", "", ""],
                ["R3", "(20万..20万)", "县长", "一", "空", "", ""],
            ],
            "首条",
        )
        codes = {f.code: f.severity for f in routing.verify(routing.load(path))}
        assert codes["duplicate"] == "warning"
        assert codes["empty_condition"] == "warning"
        assert codes["shadowed"] == "warning"

    def test_a_workbook_that_breaks_the_language_is_reported_as_errors(self, make_book):
        """Parse problems become error findings (exit 1), not an unreadable file (exit 2)."""
        path = make_book([["R1", "二十块", "县长", "一", "x", "", ""]])
        result = CliRunner().invoke(cli, ["check", str(path)])
        assert result.exit_code == 1, result.output
        assert "资金调整" in result.output

    def test_a_folder_skips_excel_lock_files(self, make_book, tmp_path):
        """`~$` lock files in a folder are not workbooks."""
        make_book([["R1", "-", "县长", "一", "全部", "", ""]])
        (tmp_path / "~$book.xlsx").write_bytes(b"lock")
        assert CliRunner().invoke(cli, ["check", str(tmp_path)]).exit_code == 0


def test_check_pauses_the_cycle_collector(make_book, monkeypatch) -> None:
    """The collector is off while a workbook is verified, and as it was before afterwards."""
    import gc

    from routing import _verify

    seen: list[bool] = []
    real = _verify.verify

    def spy(book: object) -> object:
        seen.append(gc.isenabled())
        return real(book)  # type: ignore[arg-type]

    monkeypatch.setattr(_verify, "verify", spy)
    path = make_book([["R1", "-", "县长", "第一条", "全部", "", ""]])
    assert gc.isenabled()
    assert not routing.check([path]).findings
    assert seen == [False]
    assert gc.isenabled()
    gc.disable()
    try:
        routing.check([path])
        assert not gc.isenabled()
    finally:
        gc.enable()
