"""JSON for scripts: one cattrs converter that knows how to show each model class with stable ids."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import attrs
from cattrs.preconf.json import JsonConverter, make_converter

from routing._book import Decision
from routing._catalogue import MatterInfo
from routing._errors import Location, Problem, RoutingError
from routing._findings import CheckReport, Finding
from routing._meetings import Meeting, MeetingFact, Quorum, QuorumAnswer
from routing._model import (
    AmountCondition,
    Body,
    BooleanCondition,
    Chain,
    Citation,
    EnumCondition,
    HitPolicy,
    Input,
    Matter,
    Rule,
    Step,
)
from routing._ranges import Interval
from routing._timing import Deadline, TimeLimit


def _location(location: Location) -> dict[str, Any]:
    return {k: v for k, v in attrs.asdict(location).items() if v is not None} | {
        "text": str(location)
    }


def _body(body: Body) -> dict[str, Any]:
    return {
        "id": body.id,
        "name": body.name,
        "name_en": body.name_en,
        "rank": body.rank,
        "kind": body.kind.id,
    }


def _time_limit(value: TimeLimit) -> dict[str, Any]:
    rule, deadline = value.rule, value.deadline
    return {
        "id": rule.id,
        "matter": rule.matter,
        "meetings": [body.id for body in value.meetings],
        "conditions": dict(rule.conditions),
        "start": rule.start,
        "direction": rule.direction.name.lower(),
        "amount": value.amount,
        "unit": rule.unit.name.lower(),
        "override": rule.override or None,
        "clause": rule.clause,
        "quote": rule.quote,
        "consequence": rule.consequence or None,
        "note": rule.note,
        "location": _location(rule.location),
        "due": None if deadline is None else deadline.due.isoformat(),
        "skipped": []
        if deadline is None
        else [day.isoformat() for day in sorted(deadline.skipped)],
        "warnings": [] if deadline is None else list(deadline.warnings),
    }


def _deadline(value: Deadline) -> dict[str, Any]:
    return {
        "matter": value.matter,
        "start": value.start.isoformat(),
        "due": value.due.isoformat(),
        "direction": value.direction.name.lower(),
        "amount": value.amount,
        "unit": value.unit.name.lower(),
        "counting": value.counting,
        "clause": value.clause,
        "quote": value.quote,
        "consequence": value.consequence or None,
        "skipped": [day.isoformat() for day in sorted(value.skipped)],
        "warnings": list(value.warnings),
    }


def _fact(fact: MeetingFact) -> dict[str, Any]:
    citation = fact.citation
    return {
        "item": fact.item.value,
        "item_zh": fact.item.chinese,
        "text": fact.text,
        "stated": fact.stated,
        "clause": None if citation is None else citation.clause,
        "quote": None if citation is None else citation.quote,
        "note": fact.note or None,
        "location": _location(fact.location),
    }


def _quorum(quorum: Quorum) -> dict[str, Any]:
    reading, reading_en = quorum.reading
    return {
        "numerator": quorum.numerator,
        "denominator": quorum.denominator,
        "inclusive": quorum.inclusive,
        "words": quorum.words,
        "reading": reading,
        "reading_en": reading_en,
    }


def _meeting(meeting: Meeting) -> dict[str, Any]:
    return {
        "body": _body(meeting.body),
        "facts": [_fact(f) for f in meeting.facts],
        "quorum": None if meeting.quorum is None else _quorum(meeting.quorum),
        "location": _location(meeting.location),
    }


def _quorum_answer(answer: QuorumAnswer) -> dict[str, Any]:
    citation = answer.fact.citation
    return {
        "meeting": answer.meeting.body.id,
        "members": answer.members,
        "present": answer.present,
        "needed": answer.needed,
        "quorate": answer.quorate,
        "clause": None if citation is None else citation.clause,
        "quote": None if citation is None else citation.quote,
    }


def _problem(problem: Problem) -> dict[str, Any]:
    return {
        "code": problem.code,
        "message": problem.message,
        "message_en": problem.message_en,
        "location": None if problem.location is None else _location(problem.location),
    }


def _error(error: RoutingError) -> dict[str, Any]:
    problems: tuple[Problem, ...] = getattr(error, "problems", ())
    return {
        "code": error.code,
        "message": error.message,
        "message_en": error.message_en,
        "location": None if error.location is None else _location(error.location),
        "exit_code": error.exit_code,
        "problems": [_problem(p) for p in problems],
        "citation": _citation(getattr(error, "citation", None)),
    }


def _citation(citation: Citation | None) -> dict[str, str] | None:
    """A declared gap's row: the clause, the exact words that are silent, the note."""
    if citation is None:
        return None
    return {"clause": citation.clause, "quote": citation.quote, "note": citation.note}


def make_json_converter() -> JsonConverter:
    """The converter behind every ``--json`` output."""
    converter = make_converter()
    converter.register_unstructure_hook(Decimal, str)
    converter.register_unstructure_hook(Interval, Interval.to_feel)
    converter.register_unstructure_hook(HitPolicy, lambda p: p.name)
    converter.register_unstructure_hook(Location, _location)
    converter.register_unstructure_hook(Body, _body)
    converter.register_unstructure_hook(Matter, lambda m: {"id": m.id, "name": m.name})
    converter.register_unstructure_hook(
        Step,
        lambda s: {
            "bodies": [_body(b) for b in s.bodies],
            "mode": s.mode,
            "action": s.action,
            "action_zh": s.action_zh,
        },
    )
    converter.register_unstructure_hook(
        Chain, lambda c: [converter.unstructure(s) for s in c.steps]
    )
    converter.register_unstructure_hook(
        AmountCondition, lambda c: {"input": c.input, "range": c.interval.to_feel()}
    )
    converter.register_unstructure_hook(
        BooleanCondition, lambda c: {"input": c.input, "value": c.value}
    )
    converter.register_unstructure_hook(
        EnumCondition,
        lambda c: {"input": c.input, "values": sorted(c.values), "negated": c.negated},
    )

    def rule(value: Rule) -> dict[str, Any]:
        return {
            "id": value.id,
            "kind": value.kind.id,
            "result": value.result or None,
            "body": None if value.body is None else _body(value.body),
            "deciders": [_body(b) for b in value.deciders],
            "mode": None if value.chain is None else value.chain.mode,
            "chain": None if value.chain is None else converter.unstructure(value.chain),
            "overlaps": list(value.overlaps),
            "conditions": [converter.unstructure(c) for c in value.conditions],
            "citation": converter.unstructure(value.citation),
            "inferred": value.inferred,
            "location": _location(value.location),
        }

    converter.register_unstructure_hook(Rule, rule)

    def decision(value: Decision) -> dict[str, Any]:
        return {
            "matter": converter.unstructure(value.matter),
            "kind": value.kind.id,
            "result": value.result or None,
            "body": None if value.body is None else _body(value.body),
            "deciders": [_body(b) for b in value.deciders],
            "mode": value.mode or None,
            "chain": None if value.chain is None else converter.unstructure(value.chain),
            "citation": converter.unstructure(value.citation),
            "inferred": value.inferred,
            "hit_policy": value.hit_policy.name,
            "rule": rule(value.rule),
            "alternatives": [rule(r) for r in value.alternatives],
            "hits": [rule(r) for r in value.hits],
        }

    converter.register_unstructure_hook(Decision, decision)
    converter.register_unstructure_hook(TimeLimit, _time_limit)
    converter.register_unstructure_hook(
        Input,
        lambda i: {
            "id": i.id,
            "label": i.label,
            "kind": i.kind.value,
            "required": i.required,
            "choices": [{"id": c.id, "label": c.label} for c in i.choices],
            "description": i.description,
        },
    )
    converter.register_unstructure_hook(
        MatterInfo,
        lambda m: {
            "id": m.matter.id,
            "name": m.matter.name,
            "inputs": [converter.unstructure(i) for i in m.matter.inputs],
            "hit_policy": m.hit_policy.name,
            "clauses": list(m.clauses),
            "rule_count": m.rule_count,
            "sheet": m.sheet,
        },
    )

    def witness_value(value: object) -> object:
        if isinstance(value, frozenset):
            return sorted(value)
        return str(value) if isinstance(value, Decimal) else value

    converter.register_unstructure_hook(
        Finding,
        lambda f: {
            "code": f.code,
            "severity": f.severity,
            "message": f.message,
            "message_en": f.message_en,
            "rules": [{"id": r.id, "location": _location(r.location)} for r in f.rules],
            "location": None if f.location is None else _location(f.location),
            "where": f.where or None,
            "interval": None if f.interval is None else f.interval.to_feel(),
            "witness": {k: witness_value(v) for k, v in f.witness.items()},
        },
    )
    converter.register_unstructure_hook(
        CheckReport,
        lambda r: {
            "sources": list(r.sources),
            "unreadable": list(r.unreadable),
            "errors": len(r.errors),
            "warnings": len(r.warnings),
            "declared_overlaps": r.count("overlap.declared"),
            "declared_gaps": r.count("gap.declared"),
            "findings": [converter.unstructure(f) for f in r.findings],
        },
    )
    converter.register_unstructure_hook(Problem, _problem)
    converter.register_unstructure_hook_func(
        lambda cls: isinstance(cls, type) and issubclass(cls, RoutingError), _error
    )
    converter.register_unstructure_hook(Deadline, _deadline)
    converter.register_unstructure_hook(Meeting, _meeting)
    converter.register_unstructure_hook(QuorumAnswer, _quorum_answer)
    return converter


CONVERTER = make_json_converter()


def to_json(value: object) -> Any:
    """Plain JSON-ready data for any model object (or a list or dict of them)."""
    return CONVERTER.unstructure(value)


def dumps(value: object) -> str:
    """A JSON document, UTF-8 text with Chinese kept readable."""
    return json.dumps(to_json(value), ensure_ascii=False, indent=2)


def register_hook(cls: type[Any], hook: Any) -> None:
    """Teach the one converter a class of a higher layer (the batch row, the test report), so that
    every ``--json`` still goes through it."""
    CONVERTER.register_unstructure_hook(cls, hook)
