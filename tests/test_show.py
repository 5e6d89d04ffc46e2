"""The show command: each body's band on the amount axis."""

from __future__ import annotations

from typing import TYPE_CHECKING

from click.testing import CliRunner
from defusedxml import ElementTree

import routing
from routing._bands import amount_bands
from routing_cli import cli

if TYPE_CHECKING:
    from pathlib import Path


class TestShow:
    """routing show and amount_bands."""

    def test_bands(self) -> None:
        """Mengla's fund table has three bands: head, standing meeting, party group."""
        bands = amount_bands(routing.load("mengla"), "fund_adjustment")
        assert [b.span for b in bands] == ["金额 ≤ 20万", "20万 < 金额 < 1,000万", "金额 ≥ 1,000万"]
        assert [b.outcome for b in bands] == ["县长", "县人民政府常务会议", "县人民政府党组会议"]

    def test_fixed_input(self) -> None:
        """With 三重一大=是 the written amount tiers still decide (the party-group reading is inferred)."""
        bands = amount_bands(routing.load("mengla"), "fund_adjustment", {"三重一大": "是"})
        assert [b.outcome for b in bands] == ["县长", "县人民政府常务会议", "县人民政府党组会议"]

    def test_cli_and_svg(self, tmp_path: Path) -> None:
        """The command draws the bands and saves a well-formed SVG."""
        svg = tmp_path / "bands.svg"
        result = CliRunner().invoke(cli, ["show", "mengla", "资金调整", "--svg", str(svg)])
        assert result.exit_code == 0, result.output
        assert "县长" in result.output
        assert "金额 ≥ 1,000万" in result.output
        assert ElementTree.fromstring(svg.read_bytes()).tag.endswith("svg")

    def test_unknown_matter_exit_2(self) -> None:
        """An unknown matter is a usage error."""
        result = CliRunner().invoke(cli, ["show", "mengla", "nothing"])
        assert result.exit_code == 2
