"""Publishing a batch output exclusively: written in a private temporary folder beside the target,
then linked into place, which fails if a file appeared there meanwhile (unless ``force``); a file
the run reads is never replaced. The temporary folder goes whatever happens.

Same signature as the project's ``_publish.publish`` (issue 11); the batch switches over to it
when it lands.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from routing._errors import InputError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable


def _exists(target: Path) -> InputError:
    return InputError(
        "output.exists",
        f"输出文件 {target} 已存在;使用 --force 覆盖",
        f"output {target} exists; pass --force to replace it",
    )


def _new_file_mode() -> int:
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
    """Call ``write(temporary)``, then put the finished file at ``target``; return ``target``."""
    target = Path(target)
    if target.is_dir():
        raise InputError(
            "output.is_directory",
            f"输出 {target} 是文件夹,请给出文件名",
            f"the output {target} is a folder; give a file name",
        )
    resolved = target.resolve()
    for path in protected:
        with contextlib.suppress(OSError):
            if Path(path).resolve() == resolved:
                raise InputError(
                    "output.is_input",
                    f"输出文件 {target} 是本次运行读取的文件,不能覆盖",
                    f"the output {target} is a file this run reads; it is never replaced",
                )
    if target.exists() and not force:
        raise _exists(target)
    try:
        folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as error:
        raise InputError(
            "output.unwritable",
            f"无法在 {target.parent} 写入输出:{error.strerror}",
            f"cannot write the output in {target.parent}: {error.strerror}",
        ) from None
    try:
        temporary = folder / target.name
        write(temporary)
        temporary.chmod(_new_file_mode())
        if force:
            temporary.replace(target)
        else:
            try:
                os.link(temporary, target)
            except FileExistsError:
                raise _exists(target) from None
    except OSError as error:
        raise InputError(
            "output.unwritable",
            f"无法写入输出 {target}:{error.strerror}",
            f"cannot write the output {target}: {error.strerror}",
        ) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return target
