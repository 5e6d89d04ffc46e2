"""A zen-engine JDM decision graph around one decision table: request → table → response.
Shared by the peer benchmarks (``bench_peers.py``, ``bench_matters.py``)."""

from __future__ import annotations

from typing import Any


def jdm_graph(
    name: str, inputs: list[str], output: str, rules: list[dict[str, Any]], hit_policy: str
) -> dict[str, Any]:
    """The JDM document: ``inputs`` as columns, one ``output`` column, ``rules`` as rows;
    ``hit_policy`` is zen's ``first`` or ``collect``."""
    table = {
        "id": "table",
        "type": "decisionTableNode",
        "name": name,
        "position": {"x": 300, "y": 0},
        "content": {
            "hitPolicy": hit_policy,
            "inputs": [{"id": i, "name": i, "field": i} for i in inputs],
            "outputs": [{"id": output, "name": output, "field": output}],
            "rules": rules,
        },
    }
    return {
        "nodes": [
            {"id": "request", "type": "inputNode", "name": "request", "position": {"x": 0, "y": 0}},
            table,
            {"id": "response", "type": "outputNode", "name": "response", "position": {"x": 600}},
        ],
        "edges": [
            {"id": "e1", "sourceId": "request", "targetId": "table", "type": "edge"},
            {"id": "e2", "sourceId": "table", "targetId": "response", "type": "edge"},
        ],
    }
