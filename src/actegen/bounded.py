"""Bounded reads of the files that come from outside: case files, templates and clause
files, the DOCX given to ``diff`` and ``merge``.

Only a regular file is read — a FIFO would hang, a device never ends, a ``/proc`` file
reports a size of 0 — through one ``open`` that cannot block, and never more than a limit,
whatever the size the file system reports. A DOCX is a zip: before python-docx inflates it
whole, each member must be a part a Word document has, and its declared size (zipfile
never inflates past it: more data fails its CRC) must stay within a limit, alone and in
total — a member of a few kilobytes that inflates to gigabytes is refused unread.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DiffError

if TYPE_CHECKING:
    import zipfile  # imported where a zip is opened: the no-op re-run reads none

MAX_CASE_BYTES = 32 * 1024 * 1024
"""Anything larger is refused before parsing (``load``, and the no-parse re-run's read of the
bytes): a guarantee against a hostile or mistaken file (reading a case takes some 30 times its
size in memory). A real operation of 10 000 lots, each with its full facts (origin of property,
buyers, household: the Girimbelles lots repeated by ``benchmarks/make_big_case.py``), is
20.0 MiB — 2.1 kB a lot; 32 MiB leaves room for lots with more buyers or longer designations."""

MAX_DOCX_BYTES = 64 * 1024 * 1024
"""A template, clause file or document to compare: the shipped ones weigh under 50 KiB."""

MAX_MEMBER_BYTES = 128 * 1024 * 1024
"""One member of a DOCX once inflated (the body of the 1 000-lot note de calcul: 41 MiB)."""

MAX_INFLATED_BYTES = 256 * 1024 * 1024
"""All members of a DOCX once inflated."""

# The parts of a Word document (ECMA-376: the package's own parts, the document's).
_WORD_PART = re.compile(r"\[Content_Types\]\.xml|_rels/\.rels|docProps/[^/]+|word/.+|customXml/.+")

_KINDS = (
    (stat.S_ISFIFO, "un tube (FIFO)"),
    (stat.S_ISCHR, "un périphérique"),
    (stat.S_ISBLK, "un périphérique"),
    (stat.S_ISSOCK, "une socket"),
)


class Refused(Exception):
    """A file actegen does not read, and why (in French; the caller names the file)."""


def _mib(n: int) -> str:
    return f"{n >> 20} Mio"


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path`` (a link to one is followed), at most ``limit``.

    Raises ``Refused`` (not a regular file, a link loop, too big), ``IsADirectoryError``,
    or the ``OSError`` of the open (``FileNotFoundError``, ``PermissionError``…).
    """
    try:
        fd = os.open(
            path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
        )
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Refused("lien symbolique en boucle (ou chaîne de liens trop longue)") from None
        raise
    try:
        mode = os.fstat(fd)
        if stat.S_ISDIR(mode.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode.st_mode):
            kind = next((name for test, name in _KINDS if test(mode.st_mode)), "un fichier spécial")
            raise Refused(f"c'est {kind}, pas un fichier ordinaire : actegen ne le lit pas")
        if mode.st_size > limit:
            raise Refused(f"fichier trop volumineux ({mode.st_size} octets ; limite {limit} octets)")
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, 1 << 20):  # whole MiB: /proc/self/pagemap reads by 8 bytes
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # a file that grows, or reports less than it holds (/proc)
                raise Refused(f"fichier trop volumineux (plus de {limit} octets)")
        return b"".join(chunks)
    finally:
        os.close(fd)


def check_docx(data: bytes) -> None:
    """Raise ``Refused`` if the zip ``data`` holds a member no Word document has, or
    members that would inflate beyond the limits; a bad zip raises ``zipfile.BadZipFile``."""
    import zipfile

    total = 0
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            if info.is_dir():
                continue
            if not _WORD_PART.fullmatch(info.filename):
                raise Refused(f"la partie « {info.filename[:80]} » n'appartient pas à un document Word")
            if info.file_size > MAX_MEMBER_BYTES:
                raise Refused(
                    f"la partie « {info.filename[:80]} » ferait plus de {_mib(MAX_MEMBER_BYTES)} "
                    "une fois décompressée (bombe de décompression ?)"
                )
            total += info.file_size
            if total > MAX_INFLATED_BYTES:
                raise Refused(
                    f"le document ferait plus de {_mib(MAX_INFLATED_BYTES)} une fois décompressé "
                    "(bombe de décompression ?)"
                )


def read_docx(path: Path) -> bytes:
    """The bytes of the DOCX ``path``, read with ``read_regular`` and checked (``check_docx``)."""
    data = read_regular(path, MAX_DOCX_BYTES)
    check_docx(data)
    return data


def open_docx(path: Path) -> zipfile.ZipFile:
    """The DOCX ``path`` as a zip, read bounded and checked (``bounded.read_docx``: only a
    regular file, no member beyond the limits or foreign to Word); raises ``DiffError``."""
    import zipfile

    try:
        return zipfile.ZipFile(io.BytesIO(read_docx(path)))
    except FileNotFoundError:
        raise DiffError(f"{path} : fichier introuvable") from None
    except Refused as exc:
        raise DiffError(f"{path} : {exc}") from None
    except (OSError, zipfile.BadZipFile):
        raise DiffError(f"{path} : ce n'est pas un document Word (.docx) lisible") from None
