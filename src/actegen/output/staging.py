"""Atomic output: a case's new set is written beside its folder, then swapped in.

A case's documents are written into a staging folder beside the target; the files that do
not change are hard-linked into it (they keep their bytes and their modification time);
then the folder is swapped in, in one step where the system can (Linux ``renameat2``),
else with two renames. A run killed at any moment leaves the previous set whole, or the new
one; a failed document leaves nothing of the run; what a killed run left beside the set is
repaired by the next one (``recover``).
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from .bases import stage_bases
from .folders import cannot_write, missing_parents, remove_created
from .manifest import MANIFEST

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_NO_EXCHANGE = (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP)
renameat2: Any = None  # libc's renameat2 once looked up; False: there is none


def _libc_renameat2() -> Any:
    global renameat2  # noqa: PLW0603 - libc's symbol, looked up once; tests set it to False
    if renameat2 is None:
        renameat2 = False
        if sys.platform.startswith("linux"):
            try:
                func = ctypes.CDLL(None, use_errno=True).renameat2
            except (OSError, AttributeError):  # no libc, or one older than glibc 2.28
                pass
            else:
                func.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
                func.restype = ctypes.c_int
                renameat2 = func
    return renameat2 or None


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step, so that neither name is ever missing.

    Linux's ``renameat2(RENAME_EXCHANGE)``. False when the system cannot (another OS, a
    libc or kernel without it, a file system that refuses it): the caller falls back to
    two renames.
    """
    func = _libc_renameat2()
    if func is None:
        return False
    if func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in _NO_EXCHANGE:
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


def _backup_of(target: Path) -> Path:
    return target.with_name(f".{target.name}.ancien")


def _is_staging_of(name: str, case: str) -> bool:
    """``.CASE.<8 random characters>.tmp``: a staging folder of ``Staging`` (``mkdtemp``)."""
    return re.fullmatch(rf"\.{re.escape(case)}\.[a-z0-9_]{{8}}\.tmp", name) is not None


_LEFTOVER = re.compile(r"\.(?P<case>[^/]+?)\.(?:ancien|[a-z0-9_]{8}\.tmp)")


def recover(target: Path) -> None:
    """Repair what killed runs left beside a case's folder.

    A run killed between the two renames of the fallback swap left ``.NAME.ancien`` and
    no ``NAME``: the previous set comes back. Its staging folders ``.NAME.*.tmp`` (or the
    old set, when it was killed after the swap) are removed. Call it only under the output
    root's ``OutputLock``: a live run's staging folder looks like a dead one's.
    """
    backup = _backup_of(target)
    if (backup / MANIFEST).is_file():  # an actegen set, not someone's folder
        if not target.exists():
            try:
                backup.rename(target)
            except FileNotFoundError:  # a check beside us put it back first
                pass
        elif target.is_dir():
            shutil.rmtree(backup, ignore_errors=True)
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        if _is_staging_of(entry.name, target.name) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)


def recover_output(root: Path) -> None:
    """``recover`` every case folder of an output root that a killed run left unfinished.

    One listing of the root: the no-op re-run stays fast. Only under the root's lock.
    """
    try:
        names = {
            m["case"]
            for e in os.scandir(root)
            if (m := _LEFTOVER.fullmatch(e.name)) and e.is_dir(follow_symlinks=False)
        }
    except OSError:
        return
    for name in sorted(names):
        recover(Path(root) / name)


class Staging:
    """A folder beside the target where a run's new files are written before the swap.

    The output folders it has to create are removed again if the run writes nothing.
    """

    def __init__(self, target: Path):
        self.target = target
        self._created = missing_parents(target.parent)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.path = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
        except OSError as exc:
            remove_created(self._created)
            raise cannot_write(target.parent, exc) from None

    def abort(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        remove_created(self._created)

    def commit(
        self,
        staged: set[str],
        removed: set[str],
        manifest: bytes,
        bases: dict[str, str] | None = None,
        keep: set[str] | None = None,
    ) -> None:
        """Link every kept file into the staging folder, add the manifest and the bases
        (``bases``: staged name → hash; only those in ``keep`` stay), swap it in."""
        target, tmp = self.target, self.path
        try:
            if target.is_dir():
                for item in target.iterdir():
                    if item.name in staged or item.name in removed or item.name == MANIFEST:
                        continue
                    dest = tmp / item.name
                    if item.is_dir():
                        shutil.copytree(item, dest, copy_function=_link_or_copy)
                    else:
                        _link_or_copy(item, dest)
            if keep is not None:
                stage_bases(tmp, bases or {}, keep)
            write_file(tmp / MANIFEST, manifest)
            os.chmod(tmp, 0o755)
            if target.is_dir():
                old = _swap(tmp, target)
                self._created.clear()
                shutil.rmtree(old, ignore_errors=True)  # a kill here: recover() removes it
            else:
                tmp.rename(target)
                self._created.clear()
            _fsync_dir(target.parent)
        except OSError as exc:
            self.abort()
            raise cannot_write(target.parent, exc) from None
        except BaseException:
            self.abort()
            raise


def _swap(new: Path, target: Path) -> Path:
    """Put ``new`` in place of ``target``; return where the previous set now is.

    One atomic exchange where the system has one. Else two renames, with a moment where
    the target is missing: a run killed there leaves ``.NAME.ancien``, which ``recover``
    puts back.
    """
    if exchange(new, target):
        return new
    backup = _backup_of(target)
    target.rename(backup)
    try:
        new.rename(target)
    except BaseException:
        backup.rename(target)
        raise
    return backup


def _fsync_dir(folder: Path) -> None:
    """Make the renames durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, on disk before the swap that publishes it."""
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _link_or_copy(src: Path | str, dst: Path | str) -> None:
    """Keep a file that is not being replaced: a hard link keeps its bytes and its mtime."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
