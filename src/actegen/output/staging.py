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
import shutil
import stat
import sys
from pathlib import Path
from typing import Any

from ..errors import OutputError, display_path
from ..hashing import file_sha256
from ..naming import nouveau_name
from .bases import stage_bases
from .durable import sync_filesystem, write_file
from .folders import cannot_write, missing_parents, own_folder, remove_created
from .manifest import MANIFEST
from .recover import backup_of

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


_NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"  # as mkdtemp's (from os.urandom: ``secrets`` costs 6 ms to import)


class Staging:
    """A folder beside the target where a run's new files are written before the swap.

    The output folders it has to create are removed again if the run writes nothing.
    """

    def __init__(self, target: Path):
        own_folder(target)
        self.target = target
        self._created: list[Path] = []
        self.path = target.parent / f".{target.name}.{'_' * 8}.tmp"  # none yet: abort() finds nothing
        try:
            self._created = missing_parents(target.parent)
            target.parent.mkdir(parents=True, exist_ok=True)
            self._make()
        except OSError as exc:
            remove_created(self._created)
            raise cannot_write(target.parent, exc) from None
        except BaseException:  # Ctrl+C just after the folder was made: it goes too
            self.abort()
            raise

    def _make(self) -> None:
        """``mkdtemp``'s folder (0700, a random name), named before it exists: a Ctrl+C
        right after the ``mkdir`` still knows what to remove."""
        for _attempt in range(100):
            name = "".join(_NAME_CHARACTERS[b % len(_NAME_CHARACTERS)] for b in os.urandom(8))
            self.path = self.target.parent / f".{self.target.name}.{name}.tmp"
            try:
                os.mkdir(self.path, 0o700)
                return
            except FileExistsError:
                continue
        raise FileExistsError(errno.EEXIST, "no staging folder name left", str(self.target.parent))

    def abort(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        remove_created(self._created)

    def commit(
        self,
        staged: set[str],
        removed: set[str],
        manifest: bytes,
        replaced: dict[str, str | None] | None = None,
        bases: dict[str, str] | None = None,
        keep: set[str] | None = None,
        manifest_name: str = MANIFEST,
    ) -> list[str]:
        """Link every kept file into the staging folder, add the manifest and the bases
        (``bases``: staged name → hash; only those in ``keep`` stay), give it the folder's mode
        and group, swap it in. ``manifest_name``: a shard's manifest, written beside the
        case's own, which is then kept as it is.

        ``replaced``: the hash each file the swap replaces had when it was last read (None:
        absent); one saved since then stops the swap, the previous set and the edit whole.
        One saved in the instant between that last read and the swap is found in the
        previous set after it: put back, the new version beside it (``_put_back``); the
        names put back are returned.

        Nothing found in the folder is followed: a link is kept as a link, a folder is
        rebuilt with its files hard-linked, and another file system mounted inside is refused.
        """
        target, tmp = self.target, self.path
        try:
            previous = _lstat(target)
            if previous is not None and stat.S_ISDIR(previous.st_mode):
                for entry in os.scandir(target):
                    if entry.name in staged or entry.name in removed or entry.name == manifest_name:
                        continue
                    _keep(entry, tmp / entry.name, previous.st_dev)
            if keep is not None:
                stage_bases(tmp, bases or {}, keep)
            write_file(tmp / manifest_name, manifest)
            sync_filesystem(tmp)  # the documents the workers wrote, and the bases, before the swap
            _take_mode(tmp, previous)
            for name, seen in (replaced or {}).items():
                if file_sha256(target / name) != seen:
                    raise OutputError(
                        f"{display_path(target)}/{name} : modifié pendant l'écriture ; rien n'a été "
                        "remplacé, relancer actegen (la version modifiée sera gardée)"
                    )
            back: list[str] = []
            if previous is not None:
                old = _swap(tmp, target)
                self._created.clear()
                back = _put_back(old, target, replaced or {}, bases or {})
                shutil.rmtree(old, ignore_errors=True)  # a kill here: recover() removes it
            else:
                tmp.rename(target)
                self._created.clear()
            _fsync_dir(target.parent)
            return back
        except OSError as exc:
            self.abort()
            raise cannot_write(target.parent, exc) from None
        except BaseException:
            self.abort()
            raise


def _put_back(old: Path, target: Path, replaced: dict[str, str | None], new: dict[str, str]) -> list[str]:
    """After the swap, the files it replaced are in ``old``: one that is not as last read
    was saved in the very instant before the swap. It goes back under its name, the new
    version beside it (``NAME.nouveau.docx``) — unless the new one was itself saved over."""
    back = []
    for name, seen in replaced.items():
        found = file_sha256(old / name)
        if found is None or found == seen or file_sha256(target / name) != new.get(name):
            continue
        os.replace(target / name, target / nouveau_name(name))
        os.replace(old / name, target / name)
        back.append(name)
    return back


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return None


def _keep(entry: os.DirEntry[str], dest: Path, device: int) -> None:
    """Keep one entry of the previous set in the new one, never following what it points to."""
    if entry.is_symlink():
        os.symlink(os.readlink(entry.path), dest)
    elif entry.is_dir(follow_symlinks=False):
        info = entry.stat(follow_symlinks=False)
        if info.st_dev != device:
            raise OutputError(
                f"{display_path(entry.path)} : un autre système de fichiers est monté dans le dossier "
                "de sortie ; actegen ne le recopie pas (le démonter ou le déplacer)"
            )
        os.mkdir(dest)
        for inner in os.scandir(entry.path):
            _keep(inner, dest / inner.name, device)
        shutil.copystat(entry.path, dest, follow_symlinks=False)
    else:
        _link_or_copy(entry.path, dest)


def _umask() -> int:
    """The process's umask, read without changing it where the system tells it (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _take_mode(tmp: Path, previous: os.stat_result | None) -> None:
    """The staging folder (``mkdtemp``: 0700) gets the mode and group of the folder it
    replaces, or for a new folder what the umask gives, as ``mkdir`` would."""
    if previous is None:
        os.chmod(tmp, 0o777 & ~_umask())
        return
    if os.stat(tmp).st_gid != previous.st_gid:
        try:
            os.chown(tmp, -1, previous.st_gid)  # before chmod: a chown may clear the setgid bit
        except OSError:
            pass  # not a member of that group: the folder keeps ours
    os.chmod(tmp, stat.S_IMODE(previous.st_mode))


def _swap(new: Path, target: Path) -> Path:
    """Put ``new`` in place of ``target``; return where the previous set now is.

    One atomic exchange where the system has one. Else two renames, with a moment where
    the target is missing: a run killed there leaves ``.NAME.ancien``, which ``recover``
    puts back.
    """
    if exchange(new, target):
        return new
    backup = backup_of(target)
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


def _link_or_copy(src: Path | str, dst: Path | str) -> None:
    """Keep a file that is not being replaced: a hard link keeps its bytes and its mtime.

    A copy only of a regular file (a FIFO or a device would be read without end).
    """
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        if not stat.S_ISREG(os.stat(src, follow_symlinks=False).st_mode):
            raise
        shutil.copy2(src, dst, follow_symlinks=False)
