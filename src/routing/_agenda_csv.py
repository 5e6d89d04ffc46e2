"""CSV agendas, streamed: UTF-8 (with or without BOM) or GBK, decided from the first bytes that
are not ASCII, so a file of any length is read in constant memory and decoded once.

Excel on a Chinese Windows saves "CSV" in the ANSI code page (GBK); everything else saves UTF-8.
ASCII reads the same in both, so the choice waits for the first non-ASCII chunk. A row the csv
module refuses (a field over its 131,072-character limit) becomes that row's problem; the rows
after it are read on.
"""

from __future__ import annotations

import codecs
import csv
import operator
from itertools import chain, repeat
from typing import TYPE_CHECKING

from routing._errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

CHUNK_BYTES = 1 << 20
_ENCODINGS = ("utf-8-sig", "gb18030")


def _unreadable(path: Path, where: str = "") -> InputError:
    return InputError(
        "batch.unreadable",
        f"无法读取 {path.name}{where}:不是 UTF-8 或 GBK 编码的 CSV,请在 Excel 中另存为 .xlsx",
        f"cannot read {path.name}{where}: the CSV is neither UTF-8 nor GBK; save it as .xlsx",
    )


def decoded_lines(path: Path) -> Iterator[str]:
    """The file's lines, each with its line ending (only ``\\n`` ends a line: ``\\x1c`` or
    ``\\u2028`` inside a cell stay in the cell, for the row check to find). The lines of each
    chunk are handed on by ``chain`` in C: no Python frame is resumed per line."""
    return chain.from_iterable(_decoded_chunks(path))


def _decoded_chunks(path: Path) -> Iterator[list[str]]:
    decoder: codecs.IncrementalDecoder | None = None
    pending = ""
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            if decoder is None and not chunk.isascii():
                decoder = _choose(chunk, path)
            try:
                text = chunk.decode("ascii") if decoder is None else decoder.decode(chunk)
            except UnicodeDecodeError:
                raise _unreadable(path, f" 第{lines + pending.count(chr(10)) + 1}行附近") from None
            parts = (pending + text).split("\n")
            pending = parts.pop()
            lines += len(parts)
            yield list(map(operator.add, parts, repeat("\n")))
        if decoder is not None:
            try:
                pending += decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                raise _unreadable(path) from None
    if pending:
        yield [pending]


def _choose(chunk: bytes, path: Path) -> codecs.IncrementalDecoder:
    """The first decoder that reads ``chunk`` (an incomplete character at its end is kept)."""
    for encoding in _ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError:
            continue
        return codecs.getincrementaldecoder(encoding)()
    raise _unreadable(path)


def csv_reader(path: Path) -> Iterator[list[str]]:
    """The file's records; ``csv.Error`` is raised for a record the csv module refuses (a field
    over its limit), and the reader goes on with the next record when asked again."""
    return csv.reader(decoded_lines(path))


def count_lines(path: Path) -> int:
    """Lines in the file, for the progress bar's total (cheap: bytes are counted, not decoded)."""
    count = 0
    last = b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")
