"""Workbook and agenda text on the terminal: never markup, never a control sequence.

A quote from a workbook of another unit may hold ``[/]`` (rich's MarkupError), ``[link=…]`` (a
terminal hyperlink), ``[b]`` or ``[sic]`` (swallowed as styles), or ESC, BEL and the other C0/C1
control characters, which a terminal obeys (move the cursor, retitle the window, rewrite a line).

- ``safe_console`` makes the only rich console the commands draw with: markup and emoji codes are off,
  so every ``str`` is printed as written, and every text segment it renders goes through ``visible``
  (``Text`` objects included), while rich's own styling still reaches the terminal.
- ``visible`` is for what is printed without rich (``click.echo``): control characters become
  visible — C0 as the Unicode control pictures (ESC → ␛, BEL → ␇), DEL as ␡, C1 and the bidi
  overrides (U+202A–U+202E, U+2066–U+2069, which reorder what the eye reads) as ``\\x9b``/``\\u202e``.
  Newlines and tabs stay.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import Console

# rich is imported only when a console is made: `--json` and the error paths never load it.

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: object) -> str:
    """``text`` with every control character shown, not obeyed; ``str()`` of anything else."""
    value = str(text)
    return _CONTROL.sub(_picture, value) if _CONTROL.search(value) else value


def safe_console(**options: Any) -> Console:
    """A rich console for untrusted text: no markup, no emoji codes, control characters visible."""
    return _safe_console_class()(**{**options, "markup": False, "emoji": False})


@functools.cache
def _safe_console_class() -> type[Console]:
    from rich.console import Console, ConsoleOptions, RenderableType  # noqa: PLC0415  # see above
    from rich.segment import Segment  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    class SafeConsole(Console):
        def render(
            self, renderable: RenderableType, options: ConsoleOptions | None = None
        ) -> Iterator[Segment]:
            # Every print, and every cell of a table, passes here as a str or a Text: made visible
            # before rich lays it out, so that wrapping measures what is drawn.
            if isinstance(renderable, str):
                renderable = visible(renderable)
            elif isinstance(renderable, Text) and _CONTROL.search(renderable.plain):
                renderable = renderable.copy()
                renderable.plain = visible(renderable.plain)
            for segment in super().render(renderable, options):
                # The last guard, for any other renderable: rich's own control segments and
                # styles are left alone, text segments are never obeyed.
                if segment.control is None and _CONTROL.search(segment.text):
                    yield Segment(visible(segment.text), segment.style)
                else:
                    yield segment

    return SafeConsole


def echo(message: object, *, err: bool = False) -> None:
    """``click.echo`` of text that may come from a workbook: its control characters made visible."""
    import click  # noqa: PLC0415  # click is loaded by every command anyway

    click.echo(visible(message), err=err)
