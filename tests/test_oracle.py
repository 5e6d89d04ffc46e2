"""Router, check and diff against the brute-force oracle (``oracle.py``), on generated tables with
every input kind and all seven hit policies (``routing.strategies.mixed_tables``)."""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import routing
from oracle import candidate_values, matched, observed, oracle
from routing import HitPolicy, InputError, Jurisdiction, RuleBook
from routing.strategies import mixed_tables, rule_books

# Each example walks every candidate point (thousands): fewer examples than the profile's default,
# the same share of it under HYPOTHESIS_PROFILE=long.
FEW = settings(max_examples=max(20, settings.default.max_examples // 3))


def _book(table) -> Jurisdiction:
    from routing.strategies import _bodies

    return Jurisdiction(
        RuleBook(routing.About("t"), tuple(_bodies()), (table.matter,), (table,), "generated.xlsx")
    )


class TestRouter:
    """``route`` (fast path and full path) answers as the oracle, everywhere."""

    @FEW
    @given(mixed_tables())
    def test_every_candidate_point(self, table):
        """Each combination of bounds (± a millionth and a fen), values and "not given"."""
        book = _book(table)
        points = list(candidate_values(table))
        # The first point twice: the full path answers it and installs the fast route, which
        # answers every point after it.
        for values in [points[0], *points]:
            expected = oracle(table, values)
            assert expected == observed(table, lambda v=values: book.route(table.matter.id, **v)), (
                values
            )

    @FEW
    @given(rule_books(), st.data())
    def test_tables_on_the_same_rows_of_different_sheets(self, data_book, data):
        """Two matters whose rules sit on the same row numbers never answer for each other."""
        book = Jurisdiction(data_book)
        for _ in range(6):
            table = data.draw(st.sampled_from(data_book.tables))
            values = data.draw(st.sampled_from(list(candidate_values(table))[:200]))
            assert oracle(table, values) == observed(
                table, lambda t=table, v=values: book.route(t.matter.id, **v)
            )


class TestCheck:
    """Every finding's witness shows what the finding says, and nothing is missed."""

    @FEW
    @given(mixed_tables())
    def test_witnesses_and_completeness(self, table):
        """Gaps, overlaps and violations found exactly where the oracle sees them."""
        book = _book(table)
        findings = routing.verify(book.book)
        for finding in findings:
            if not finding.witness and finding.code not in {"gap", "gap.declared"}:
                continue
            witness = finding.witness
            try:
                book.coerce(table.matter.id, witness)
            except InputError as error:  # a witness must be something a caller can type
                raise AssertionError((finding, error)) from None
            hits = matched(table, witness)
            if finding.code == "gap":
                assert not hits, finding
            elif finding.code == "gap.declared":
                assert hits, finding
                assert all(r.is_gap for r in hits), finding
            elif finding.code in {"overlap", "overlap.declared"}:
                assert len(hits) > 1, finding
                assert {r.id for r in finding.rules} <= {r.id for r in hits}, finding
        points = list(candidate_values(table))
        outcomes = [oracle(table, v) for v in points]
        found = {f.code: f for f in findings}
        assert ("gap",) in outcomes or "gap" not in found
        assert ("gap",) not in outcomes or "gap" in found
        violation = (
            table.hit_policy in {HitPolicy.UNIQUE, HitPolicy.ANY} and ("violation",) in outcomes
        )
        errors = [f for f in findings if f.code == "overlap" and f.severity == "error"]
        assert violation == bool(errors)

    @FEW
    @given(mixed_tables())
    def test_answer_changing_overlaps_warn_unless_declared(self, table):
        """Under FIRST/PRIORITY/RULE ORDER/OUTPUT ORDER an overlap whose rules say different
        things is a warning naming the winner; declaring every rule's overlaps silences it."""
        settled = {
            HitPolicy.FIRST,
            HitPolicy.PRIORITY,
            HitPolicy.RULE_ORDER,
            HitPolicy.OUTPUT_ORDER,
        }
        if table.hit_policy not in settled:
            return
        changing = False
        for values in candidate_values(table):
            outcome = oracle(table, values)
            hits = matched(table, values)
            if outcome[0] in {"rule", "declared"}:
                winner = next(r for r in hits if r.id == outcome[1])
                changing |= any(
                    (r.kind, r.result, r.chain) != (winner.kind, winner.result, winner.chain)
                    for r in hits
                    if r is not winner
                )
        warned = [
            f
            for f in routing.verify(_book(table).book)
            if f.code == "overlap" and f.severity == "warning"
        ]
        assert changing == bool(warned)
        declared = attrs.evolve(
            table,
            rules=tuple(
                attrs.evolve(
                    r, overlaps=(routing.ALL_RULES,), citation=attrs.evolve(r.citation, note="声明")
                )
                for r in table.rules
            ),
        )
        again = routing.verify(_book(declared).book)
        assert not [f for f in again if f.code == "overlap" and f.severity == "warning"]
        if changing:
            assert any(f.code == "overlap.declared" for f in again)


class TestDiff:
    """diff says the routing changed exactly when some input gets another answer."""

    @FEW
    @given(mixed_tables(), mixed_tables())
    def test_changed_iff_some_point_differs(self, old, new):
        new = attrs.evolve(new, matter=old.matter)
        before, after = _book(old).book, _book(new).book
        diff = routing.diff_books(before, after)

        def said(table, values):
            outcome = oracle(table, values)
            if outcome[0] != "rule":
                return outcome[:1]
            rule = next(r for r in table.rules if r.id == outcome[1])
            chain = None if rule.chain is None else str(rule.chain)
            return (rule.kind, rule.result, chain)

        points = {tuple(sorted(v.items())) for t in (old, new) for v in candidate_values(t)}
        differs = any(said(old, dict(p)) != said(new, dict(p)) for p in points)
        assert differs == bool(diff.regions)
        assert not routing.diff_books(before, before).regions
