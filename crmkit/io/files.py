"""Write output whole or not at all: a temporary file or folder, renamed at the end.

A crash, a full disk or Ctrl-C half-way through leaves the learner with either
the old state or the complete new output, never a half-written report that
looks finished.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crmkit.errors import CrmkitError


def _usual_mode(base: int) -> int:
    """The permissions a plain mkdir/open would give (temp files start private: 0o700/0o600)."""
    mask = os.umask(0)
    os.umask(mask)
    return base & ~mask


def _existing_ancestor(path: Path) -> Path:
    for candidate in [path, *path.parents]:
        if candidate.exists():
            return candidate
    return Path.cwd()


def check_output_file(target: Path, source: Path | None = None, force: bool = False) -> None:
    """Refuse to write over the input file (ever) or over an existing file (unless force)."""
    if source is not None and target.resolve() == source.resolve():
        raise CrmkitError("输出文件和输入文件是同一个文件，原文件不能被覆盖", file=str(target),
                          hint="用 --out 给一个新文件名，例如 客户流水_脱敏.csv")
    if target.is_dir():
        raise CrmkitError("输出位置是一个文件夹，不是文件", file=str(target),
                          hint="在 --out 里写上文件名，例如 结果/客户流水_脱敏.csv")
    if target.exists() and not force:
        raise CrmkitError("输出文件已经存在，为了不覆盖它，本次没有写入", file=str(target),
                          hint="换一个文件名；确认要覆盖时加上 --force")
    if not target.parent.exists():
        raise CrmkitError("输出文件所在的文件夹不存在", file=str(target),
                          hint=f"先建好文件夹 {target.parent}，或换一个位置")


def check_output_dir(target: Path, force: bool = False,
                     replaceable: frozenset[str] = frozenset()) -> None:
    """Refuse a target that is a file, or a folder that already holds files.

    force allows replacing a folder only when it holds nothing but the names in
    ``replaceable`` (an earlier report): ``--out 桌面 --force`` must never wipe
    a desktop.
    """
    if target.exists() and not target.is_dir():
        raise CrmkitError("输出位置已经有一个同名的文件，不是文件夹", file=str(target),
                          hint="用 --out 给一个新的文件夹名")
    if not target.is_dir():
        return
    present = sorted(p.name for p in target.iterdir())
    if not present:
        return
    if not force:
        raise CrmkitError("输出文件夹里已经有文件，为了不覆盖它们，本次没有写入", file=str(target),
                          hint="换一个新的文件夹名；如果里面只是上次生成的报告，"
                               "确认要替换时加上 --force")
    others = [name for name in present if name not in replaceable]
    if others:
        shown = "、".join(others[:3]) + ("等" if len(others) > 3 else "")
        raise CrmkitError(f"输出文件夹里有别的文件（{shown}），为了安全，"
                          "加了 --force 也不会整个替换它",
                          file=str(target), hint="用 --out 给一个新的文件夹名")


@contextmanager
def atomic_file(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` if the block succeeds."""
    target = Path(target)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                    suffix=".tmp")
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        os.chmod(temp, _usual_mode(0o666))
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


@contextmanager
def atomic_dir(target: str | Path, force: bool = False,
               replaceable: frozenset[str] = frozenset()) -> Iterator[Path]:
    """Yield an empty temporary folder; it becomes ``target`` only if the block succeeds.

    The temporary folder sits next to ``target`` (in the nearest folder that
    exists), so the final rename is a single step on the same disk. With force, an
    existing ``target`` that holds only ``replaceable`` names is replaced as a
    whole, never merged.
    """
    target = Path(target).absolute()
    check_output_dir(target, force, replaceable)
    root = _existing_ancestor(target.parent)
    temp = Path(tempfile.mkdtemp(dir=root, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        yield temp
        os.chmod(temp, _usual_mode(0o777))
        check_output_dir(target, force, replaceable)  # something may have appeared meanwhile
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.",
                                        suffix=".old"))
            old.rmdir()
            os.rename(target, old)
            try:
                os.rename(temp, target)
            except OSError:
                os.rename(old, target)  # put the earlier report back
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(temp, target)
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
