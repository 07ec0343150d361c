"""One run at a time in an output root: ``OutputLock`` locks it, so that a second render
into it stops at once with a message, instead of mixing its swaps with the first one's."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

from ..errors import OutputError, display_path
from .folders import cannot_write, missing_parents, remove_created

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
try:
    import msvcrt
except ImportError:  # POSIX
    msvcrt = None  # type: ignore[assignment]

LOCK_FILE = ".actegen.lock"
_PID_WIDTH = 20
_WINDOWS_LOCK_BYTE = 1 << 20  # the byte locked on Windows, past the pid: it stays readable


class OutputLock:
    """One render at a time in an output root: ``.actegen.lock``, locked with ``flock``.

    Exclusive and non-blocking for a render: a second render into the same root stops at
    once, naming the first one's pid, instead of interleaving its swaps with it. Shared for
    ``--check`` (``shared=True``): checks run together, never beside a render that swaps
    folders while they read them.

    ``flock`` belongs to the open file, and the kernel drops it when the process dies,
    even by SIGKILL: a killed run never leaves a stale lock, only a file that the next run
    locks again. The last holder unlinks the file before closing it; whoever locks checks
    that the file it locked is still the one at that path (else it locked a file being
    unlinked, and tries again). On Windows ``msvcrt.locking``, always exclusive, and the
    file stays (an open file cannot be unlinked there). Without either, there is no lock.
    """

    def __init__(self, root: Path, *, shared: bool = False):
        self.root = Path(root).resolve()
        self.path = self.root / LOCK_FILE
        self.shared = shared
        self.fd: int | None = None
        self._created: list[Path] = []

    @property
    def held(self) -> bool:
        return self.fd is not None

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()

    def acquire(self) -> OutputLock:
        """Lock the root (created for a render if missing); ``OutputError`` if a run holds it.

        A check goes without the lock where there is no root (nothing to read) or where it
        may not create the lock file (a read-only set).
        """
        if fcntl is None and msvcrt is None:
            return self
        where = display_path(self.root)
        for _attempt in range(100):
            if not self.shared:
                self._make_root()
            elif not self.root.is_dir():
                return self
            try:
                fd = os.open(
                    self.path,
                    os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0),
                    0o644,
                )
            except FileNotFoundError:
                continue  # a run that just ended removed the root it had made
            except OSError as exc:
                if self.shared and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                    return self
                remove_created(self._created)
                raise cannot_write(where, exc) from None
            try:
                locked = try_lock(fd, self.shared)
                message = None if locked else self._busy(fd, where)
            except OSError as exc:
                os.close(fd)
                remove_created(self._created)
                raise OutputError(f"{where} : verrouillage impossible ({exc.strerror or exc})") from None
            if message is not None:
                os.close(fd)
                remove_created(self._created)
                raise OutputError(message)
            if _same_file(fd, self.path):
                self.fd = fd
                if not self.shared:
                    _write_pid(fd)
                return self
            os.close(fd)  # its holder unlinked it meanwhile: try again
        remove_created(self._created)
        raise OutputError(f"{where} : verrouillage impossible ({LOCK_FILE} sans cesse remplacé)")

    def release(self) -> None:
        """Unlink the lock file while still holding it, then close it; remove the root if
        this run created it and leaves it empty (an invalid case leaves nothing on disk)."""
        fd, self.fd = self.fd, None
        if fd is not None:
            try:
                if fcntl is not None:
                    # A check unlinks only as the last holder: when it can become exclusive.
                    if (not self.shared or try_lock(fd, False)) and _same_file(fd, self.path):
                        os.unlink(self.path)
                else:
                    os.lseek(fd, _WINDOWS_LOCK_BYTE, os.SEEK_SET)
                    msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            except OSError:
                pass
            finally:
                os.close(fd)
            if fcntl is None:
                try:
                    os.unlink(self.path)  # refused while another run has it open
                except OSError:
                    pass
        remove_created(self._created)

    def _make_root(self) -> None:
        missing = missing_parents(self.root)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            remove_created(self._created)
            raise cannot_write(display_path(self.root), exc) from None
        self._created = list(dict.fromkeys(missing + self._created))  # innermost first

    def _busy(self, fd: int, where: str) -> str:
        """The message for a root another run holds: its pid, read from the lock file."""
        if not self.shared and fcntl is not None and try_lock(fd, True):
            fcntl.flock(fd, fcntl.LOCK_UN)  # only checks hold it: they write no pid
            return (
                f"{where} : une vérification d'actegen (--check) lit ce dossier ; attendre qu'elle se termine"
            )
        deadline = time.monotonic() + 0.5
        pid = _read_pid(fd)
        while pid is None and time.monotonic() < deadline:  # it locked, and is writing its pid
            time.sleep(0.01)
            pid = _read_pid(fd)
        other = f"un autre rendu d'actegen (processus {pid})" if pid else "un autre rendu d'actegen"
        return f"{where} : {other} écrit déjà dans ce dossier ; attendre qu'il se termine"


def try_lock(fd: int, shared: bool) -> bool:
    """Lock without waiting; False if another process holds a conflicting lock."""
    if fcntl is not None:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    os.lseek(fd, _WINDOWS_LOCK_BYTE, os.SEEK_SET)
    try:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def _same_file(fd: int, path: Path) -> bool:
    try:
        opened, named = os.fstat(fd), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (opened.st_dev, opened.st_ino) == (named.st_dev, named.st_ino)


def _write_pid(fd: int) -> None:
    if fcntl is not None:
        os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, str(os.getpid()).ljust(_PID_WIDTH).encode("ascii") + b"\n")


def _read_pid(fd: int) -> int | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, _PID_WIDTH + 1).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() and int(text) > 0 else None
