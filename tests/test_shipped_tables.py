"""The shipped workbooks are faithful to their seed texts and pass their own 测试 sheets.

(a) every 原文 cell of every rule is a verbatim substring of the seed document it cites;
(b) every row of every 测试 sheet routes to what it expects (``routing._testing.run_tests``);
(c) the quote check itself rejects a quote that is not in the seed.

The seeds live beside the repository in ``../shared/seeds``; which file is whose lives here
(``SEED_FILES``), not in the clerk's 说明 sheet, whose 来源 row names the document itself. When that
folder is absent the faithfulness tests are skipped with the reason.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import routing
from routing._reader import read_workbook
from routing._testing import run_tests

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_FILES = {
    "dongchuan": "000_30664cfecf32f1a7.txt",
    "shuangyang": "001_7ba27c3f350ebbcf.txt",
    "tongzhou": "002_03ec644fb35517a6.txt",
    "wolong": "003_3d05906b1074e6a0.txt",
    "mengla": "004_8d36e25cf2329620.txt",
}
JURISDICTIONS = sorted(SEED_FILES)
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"the seed texts are not checked out beside the repository ({SEEDS})"
)


def quote_problems(rules, seed: str) -> list[str]:
    """Rules whose quote is not a verbatim substring of ``seed`` (only outer whitespace may go)."""
    problems = []
    for rule in rules:
        quote = rule.citation.quote.strip()
        if rule.chain is not None and not quote:
            problems.append(f"{rule.location}: a rule with an outcome has no quote")
        elif quote and quote not in seed:
            problems.append(f"{rule.location}: {quote!r} is not in the seed text")
    return problems


def meeting_quote_problems(meetings, seed: str) -> list[str]:
    """会议 facts whose quote is not verbatim in ``seed``, or that are stated without a quote."""
    problems = []
    for meeting in meetings:
        for fact in meeting.facts:
            if fact.citation is None:
                continue  # 未规定: nothing quoted
            quote = fact.citation.quote.strip()
            if not quote or quote not in seed:
                problems.append(f"{fact.location}: {quote!r} is not in the seed text")
    return problems


def source_row(jurisdiction: str) -> str:
    """The 来源 cell of the workbook's 说明 sheet."""
    raw = read_workbook(ROOT / "tables" / f"{jurisdiction}.xlsx")
    about = raw.sheet("说明")
    assert about is not None
    return next(str(row[1]) for row in about.rows if row and row[0] == "来源")


@pytest.fixture(scope="module")
def books():
    return {j: routing.load(ROOT / "tables" / f"{j}.xlsx") for j in JURISDICTIONS}


def test_every_shipped_workbook_is_covered():
    assert set(routing.shipped_jurisdictions()) == set(JURISDICTIONS)


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_about_sheet_names_the_document_not_developer_paths(jurisdiction):
    """说明 names the source document and points to the 填写说明 sheet; no path a clerk can't open."""
    raw = read_workbook(ROOT / "tables" / f"{jurisdiction}.xlsx")
    about = raw.sheet("说明")
    assert about is not None
    title = next(str(row[1]) for row in about.rows if row and row[0] == "文件名称")
    assert f"《{title}》" in source_row(jurisdiction)
    texts = [str(value) for row in about.rows for value in row if value is not None]
    for text in texts:
        assert not any(mark in text for mark in ("../", "seeds", "docs/", ".md", ".txt")), text
    assert any("「填写说明」表" in text for text in texts)
    assert raw.sheet("填写说明") is not None
    assert [s.name for s in raw.sheets][:2] == ["说明", "填写说明"]


@needs_seeds
@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_every_quote_is_verbatim(books, jurisdiction):
    seed = (SEEDS / SEED_FILES[jurisdiction]).read_text(encoding="utf-8")
    rules = [rule for table in books[jurisdiction].tables for rule in table.rules]
    assert rules
    assert quote_problems(rules, seed) == []


@needs_seeds
@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_every_meeting_quote_is_verbatim(books, jurisdiction):
    assert books[jurisdiction].meetings, "every shipped workbook has a 会议 sheet"
    seed = (SEEDS / SEED_FILES[jurisdiction]).read_text(encoding="utf-8")
    assert meeting_quote_problems(books[jurisdiction].meetings, seed) == []


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_every_test_row_passes(books, jurisdiction):
    book = books[jurisdiction]
    results = run_tests(book)
    assert len(results) >= 15
    failures = [
        f"{r.case.location}: {r.case.matter} {r.case.inputs} → {r.actual}: {r.message}"
        for r in results
        if not r.passed
    ]
    assert failures == []


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_every_rule_cites_a_clause(books, jurisdiction):
    for table in books[jurisdiction].tables:
        for rule in table.rules:
            assert rule.citation.clause, rule.location


class TestQuoteCheck:
    def rule(self, book, quote):
        real = book.tables[0].rules[0]
        return attrs.evolve(real, citation=attrs.evolve(real.citation, quote=quote))

    def test_rejects_a_quote_not_in_the_seed(self, books):
        seed = "20万元及以下单笔资金支出由县长审批。"
        fake = self.rule(books["mengla"], "20万元以下单笔资金支出由县长审批")
        problems = quote_problems([fake], seed)
        assert len(problems) == 1
        assert "not in the seed" in problems[0]

    def test_accepts_a_verbatim_quote_with_outer_whitespace(self, books):
        seed = "20万元及以下单笔资金支出由县长审批。"
        assert (
            quote_problems(
                [self.rule(books["mengla"], " 20万元及以下单笔资金支出由县长审批\n")], seed
            )
            == []
        )

    def test_rejects_a_missing_quote(self, books):
        assert len(quote_problems([self.rule(books["mengla"], "")], "任何文本")) == 1


class TestRunTests:
    def case(self, book, matter, inputs, expected):
        return routing.TestCase(matter, tuple(inputs.items()), expected, book.tests[0].location)

    def run(self, book, *cases):
        return run_tests(routing.Jurisdiction(attrs.evolve(book.book, tests=cases)))

    def test_body_chain_and_no_rule_expectations(self, books):
        book = books["shuangyang"]
        results = self.run(
            book,
            self.case(book, "document_issue", {"form": "长双府函"}, "head"),
            self.case(book, "document_issue", {"form": "长双府函"}, "区长"),
            self.case(
                book,
                "document_issue",
                {"form": "长双府函"},
                "office_director(审核) → deputy_in_charge(同意) → head(签发)",
            ),
            self.case(book, "overseas_visit", {"traveller": "head"}, "无规则"),
        )
        assert [r.passed for r in results] == [True, True, True, True]
        assert results[0].actual == "office_director(审核) → deputy_in_charge(同意) → head(签发)"

    def test_failures_say_why(self, books):
        book = books["shuangyang"]
        results = self.run(
            book,
            self.case(book, "document_issue", {"form": "长双府函"}, "executive_deputy"),
            self.case(
                book,
                "document_issue",
                {"form": "长双府函"},
                "office_director(审核) → deputy_in_charge(审阅) → head(签发)",
            ),
            self.case(book, "document_issue", {"form": "长双府函"}, "无规则"),
            self.case(book, "overseas_visit", {"traveller": "head"}, "head"),
            self.case(book, "document_issue", {"colour": "red"}, "head"),
        )
        assert [r.passed for r in results] == [False] * 5
        assert all(r.message for r in results)
        assert results[3].actual == "无规则"
        assert "input.unknown" in results[4].actual


@pytest.mark.parametrize("jurisdiction", sorted(SEED_FILES))
def test_shipped_workbook_checks_clean(jurisdiction: str) -> None:
    """`routing check` finds no error and no warning: every gap in a shipped table is declared."""
    report = routing.check([jurisdiction])
    assert report.errors == ()
    assert [f.message_en for f in report.warnings] == []


def _squeeze(text: str) -> str:
    """Whitespace removed: the copies lose and gain spaces, never characters that matter."""
    return "".join(text.split())


@needs_seeds
@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_every_deadline_quote_is_verbatim(jurisdiction):
    """Each 时限 row of the shipped workbook quotes its seed, and its consequence is in the quote."""
    seed = _squeeze((SEEDS / SEED_FILES[jurisdiction]).read_text(encoding="utf-8"))
    raw = read_workbook(ROOT / "tables" / f"{jurisdiction}.xlsx")
    sheet = raw.sheet("时限")
    if jurisdiction == "wolong":
        assert sheet is None  # the truncated text states no time limit
        return
    assert sheet is not None
    header = [str(v) for v in sheet.rows[0]]
    rows = [dict(zip(header, row, strict=False)) for row in sheet.rows[1:] if row and row[1]]
    assert rows
    for row in rows:
        quote = _squeeze(str(row["原文"] or ""))
        assert quote, row
        assert quote in seed, f"{jurisdiction} {row['编号']}: {row['原文']!r} is not in the seed"
        assert row["条款"], row
        consequence = _squeeze(str(row["后果"] or ""))
        assert consequence in quote, row


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_new_deadline_ids_are_documented(jurisdiction):
    """A 时限 matter id outside VOCABULARY.md is listed in docs/deadlines.md."""
    vocabulary = {
        "topic_submission",
        "consultation_reply",
        "document_issue_after_meeting",
        "normative_doc_filing",
        "public_opinion_response",
    }
    docs = (ROOT / "docs" / "deadlines.md").read_text(encoding="utf-8")
    section = docs.partition("## Ids not in VOCABULARY.md")[2]
    for rule in routing.load(jurisdiction).deadlines:
        if rule.matter not in vocabulary:
            assert f"`{rule.matter}`" in section, rule.matter


def test_meeting_quote_check_rejects_a_quote_not_in_the_seed(books):
    meeting = books["tongzhou"].meeting("常务会议")
    assert meeting is not None
    seed = "".join(f.citation.quote for f in meeting.facts if f.citation)
    assert meeting_quote_problems([meeting], seed) == []
    fact = next(f for f in meeting.facts if f.citation)
    changed = attrs.evolve(fact, citation=attrs.evolve(fact.citation, quote="区长主持全体会议"))
    assert len(meeting_quote_problems([attrs.evolve(meeting, facts=(changed,))], seed)) == 1


@pytest.mark.parametrize(
    ("jurisdiction", "matter", "inputs", "clause"),
    [
        (
            "mengla",
            "major_decision",
            {"maker": "government", "legality_reviewed": "是", "lawful": "是"},
            "第二十五条",
        ),
        ("shuangyang", "major_matter_preparation", {"major_decision": "是"}, "三十"),
    ],
)
def test_hearing_as_needed_is_answered_only_when_needed(
    books, jurisdiction, matter, inputs, clause
):
    """Mengla 第二十五条, Shuangyang 三十: "根据需要" hearings are a prerequisite when hearing_needed=是."""
    book = books[jurisdiction]

    def clauses(**extra):
        return [r.citation.clause for r in book.route(matter, **inputs, **extra).hits]

    assert clause in clauses(hearing_needed="是")
    assert clause not in clauses(hearing_needed="否")
    assert clause not in clauses()


def test_wolong_supervision_reads_the_shared_task_column(books):
    """Wolong's supervision takes task= with the value ids Tongzhou and Shuangyang use (二十六)."""
    for jurisdiction in ("wolong", "tongzhou", "shuangyang"):
        assert {"implementation", "department_implementation"} <= {
            c.id for c in books[jurisdiction].matter("supervision").input("task").choices
        }
    decision = books["wolong"].route("supervision", task="department_implementation")
    assert ("department", "二十六") == (decision.body.id, decision.citation.clause)
