"""Guards a file passes before any XML of it is parsed: a regular file of a sensible size, and a
zip whose directory promises no bomb. Light on purpose: the cache and the agenda reader use it
without pulling in openpyxl."""

from __future__ import annotations

import stat
from typing import TYPE_CHECKING

from routing._errors import Location, Problem, WorkbookError

if TYPE_CHECKING:
    from pathlib import Path

#: Limits on a workbook, checked on the zip's directory before any XML is parsed (docs/limits.md).
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_MEMBERS = 10_000
#: Limits on the file itself, checked with one stat before it is read at all (or hashed).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Members smaller than this may compress very well; the ratio is judged only above it.
_RATIO_FLOOR_BYTES = 1024 * 1024


def unreadable(
    path: Path, message: str, message_en: str, code: str = "workbook.unreadable"
) -> WorkbookError:
    return WorkbookError([Problem(code, message, message_en, Location(path.name))])


def check_file(path: Path) -> None:
    """Refuse at once what is not a regular file of a sensible size: a folder, a FIFO, a device."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise unreadable(
            path, f"找不到工作簿 {path}", f"no such workbook: {path}", "workbook.not_found"
        ) from None
    except OSError as error:  # a name too long, a permission denied on the folder
        raise unreadable(
            path, f"无法读取工作簿:{error.strerror}", f"cannot read the workbook: {error.strerror}"
        ) from None
    if stat.S_ISDIR(status.st_mode):
        raise unreadable(path, f"{path} 是文件夹,不是工作簿", f"{path} is a folder, not a workbook")
    if not stat.S_ISREG(status.st_mode):
        # A FIFO would block the first read forever, /dev/zero would never end.
        raise unreadable(
            path,
            f"{path} 不是普通文件(是管道、设备或套接字),不是工作簿",
            f"{path} is not a regular file (a pipe, device or socket), not a workbook",
            "workbook.not_regular",
        )
    if status.st_size > MAX_FILE_BYTES:
        raise unreadable(
            path,
            f"工作簿文件过大(超过 {MAX_FILE_BYTES // (1024 * 1024)} MiB),已拒绝读取;见 docs/limits.md",
            f"the workbook file is too large (over {MAX_FILE_BYTES // (1024 * 1024)} MiB); "
            "refused, see docs/limits.md",
            "workbook.too_large",
        )


def check_zip(path: Path) -> None:
    """Refuse zip bombs from the zip's directory alone: too many, too large or too compressed."""
    import zipfile  # noqa: PLC0415  # lazy: a warm cache never opens the workbook (zipfile ~6 ms)

    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise unreadable(
            path, f"无法读取工作簿:{error}", f"cannot read the workbook: {error}"
        ) from None
    too_big = unreadable(
        path,
        "工作簿解压后过大或压缩比异常(可能是压缩炸弹),已拒绝读取;见 docs/limits.md",
        "the workbook is too large when uncompressed or too highly compressed "
        "(a possible zip bomb); refused, see docs/limits.md",
        "workbook.too_large",
    )
    if len(members) > MAX_MEMBERS:
        raise too_big
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > MAX_MEMBER_BYTES or total > MAX_UNCOMPRESSED_BYTES:
            raise too_big
        if member.file_size > _RATIO_FLOOR_BYTES and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise too_big
