"""Publish an output file exclusively: never over a file the user has, unless asked; never half-written.

Every file ``routing`` writes for the user (``routing new``, ``show --svg``, batch results, the shipped
tables) goes through :func:`publish`:

1. ``write`` fills a temporary file in the target's own folder (same file system, so step 2 is one
   directory operation, and nothing is left in ``$TMPDIR``);
2. the finished file is hard-linked to the target (``os.link`` fails if the target exists, checked at
   that moment, so a file that appeared during a long run — or a second run writing the same target —
   is never replaced); where hard links are not supported the target is created with ``O_EXCL``
   and the bytes copied. With ``force`` the temporary file is renamed over the target instead;
3. the temporary file is removed on every path out, ``KeyboardInterrupt`` and ``SystemExit`` included.

``force`` never replaces a file the run reads (``protected``: the agenda, the rule workbooks, the
workbook shown), compared by resolved path and by device and inode, so a symlink or a hard link to an
input is caught too. The published file gets the permissions of a plain new file (``0666 & ~umask``),
not the private 0600 of the temporary file.

The signature is kept small and stable for the batch writer: ``publish(target, write, *, force=False,
protected=())``. Failures raise ``InputError`` with one of the codes ``output.exists``,
``output.is_input``, ``output.is_directory``, ``output.unwritable`` (exit 2 from the CLI).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from routing._errors import InputError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}
"""``os.link`` failures that mean "this file system cannot link", not "the target is taken"."""


def display_path(path: Path | str) -> str:
    """A path as printable text: bytes that are not UTF-8 are shown as ``\\xNN``, not a crash."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def new_file_mode() -> int:
    """The permission bits a plain new file gets under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def publish(
    target: Path,
    write: Callable[[Path], None],
    *,
    force: bool = False,
    protected: Iterable[Path] = (),
) -> Path:
    """Have ``write`` fill a temporary file, then publish it at ``target``; return ``target``.

    Raises ``InputError``: ``output.exists`` (the target exists and not ``force``), ``output.is_input``
    (the target is one of ``protected``), ``output.is_directory``, ``output.unwritable`` (any OS error
    while writing or publishing: a read-only folder, a full disk, a name too long).
    """
    target = Path(target)
    _refuse_protected(target, tuple(protected))
    try:
        if target.is_dir():
            raise _is_directory(target)
        if target.exists() and not force:
            raise _exists(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise _unwritable(target, error) from None
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        temporary.chmod(new_file_mode())  # mkstemp made it private (0600)
        if force:
            _refuse_protected(target, tuple(protected))  # again: the check that counts is now
            temporary.replace(target)
        else:
            _link_exclusively(temporary, target)
    except IsADirectoryError:
        raise _is_directory(target) from None
    except FileExistsError:
        raise _exists(target) from None
    except OSError as error:
        raise _unwritable(target, error) from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    return target


def _link_exclusively(temporary: Path, target: Path) -> None:
    try:
        os.link(temporary, target)
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
    else:
        return
    # No hard links here (FAT, some network shares): create the target exclusively and copy.
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, new_file_mode())
    try:
        with os.fdopen(descriptor, "wb") as out, temporary.open("rb") as source:
            shutil.copyfileobj(source, out)
    except BaseException:
        target.unlink(missing_ok=True)  # we created it: a partial copy must not stay
        raise


def _refuse_protected(target: Path, protected: tuple[Path, ...]) -> None:
    if not protected:
        return
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):
        resolved = target.absolute()
    try:
        status = target.stat()
        identity: tuple[int, int] | None = (status.st_dev, status.st_ino)
    except OSError:
        identity = None
    for path in protected:
        try:
            same_path = Path(path).resolve() == resolved
            other = Path(path).stat()
        except (OSError, RuntimeError):
            continue  # an input that is gone cannot be overwritten
        if same_path or identity == (other.st_dev, other.st_ino):
            raise InputError(
                "output.is_input",
                f"输出文件 {display_path(target)} 是本次读取的文件 {display_path(path)},"
                "即使使用 --force 也不会覆盖;请换一个输出文件名",
                f"the output {display_path(target)} is {display_path(path)}, which this run "
                "reads; it is not replaced even with --force: choose another output name",
            )


def _exists(target: Path) -> InputError:
    return InputError(
        "output.exists",
        f"文件 {display_path(target)} 已存在,未覆盖;使用 --force 替换",
        f"{display_path(target)} exists and was not replaced; pass --force to replace it",
    )


def _is_directory(target: Path) -> InputError:
    return InputError(
        "output.is_directory",
        f"输出 {display_path(target)} 是一个文件夹;请给出文件名",
        f"the output {display_path(target)} is a directory; give a file name",
    )


def _unwritable(target: Path, error: OSError) -> InputError:
    reason = error.strerror or type(error).__name__
    return InputError(
        "output.unwritable",
        f"无法写入输出文件 {display_path(target)}:{reason}",
        f"cannot write the output {display_path(target)}: {reason}",
    )
