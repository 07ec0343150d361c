"""Stage 5 — write: reproducible DOCX bytes, atomic output, a manifest, and no lost edit.

- **Reproducible bytes.** ``zip_members`` writes the zip itself: members in a fixed order
  (``[Content_Types].xml`` first, then by name), the DOS epoch as timestamp, fixed
  permissions, deflate level 6, no extra fields. ``docProps/app.xml`` keeps only what
  does not describe the machine or the template's history (no ``Template``, ``Company``,
  ``Manager``, ``TotalTime``, stale page and word counts). The same inputs give the same
  bytes on any machine, at any time.
- **Atomic output.** A case's documents are written into a staging folder beside the
  target; the files that do not change are hard-linked into it (they keep their bytes and
  their modification time); then the folder is swapped in, in one step where the system
  can (Linux ``renameat2``), else with two renames. A run killed at any moment leaves the
  previous set whole, or the new one; a failed document leaves nothing of the run; what a
  killed run left beside the set is repaired by the next one (``recover``).
- **One run at a time.** ``OutputLock`` locks the output root: a second render into it
  stops at once with a message, instead of mixing its swaps with the first one's.
- **Manifest.** ``.actegen-manifest.json`` records, for every document, the hash of its
  inputs (``entrees``) and of the bytes actegen wrote (``sortie``); and, for the whole case,
  the hash of everything it was built from (case file, templates, parameters, actegen).
  See ``Manifest``.
- **No lost edit.** A file whose bytes differ from the recorded ``sortie`` was edited by
  someone: it is never overwritten; the new version goes beside it as
  ``NAME.nouveau.docx`` (unless ``force``).
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import io
import json
import os
import re
import shutil
import struct
import sys
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .errors import OutputError, display_path
from .naming import nouveau_name

try:
    import fcntl
except ImportError:             # Windows
    fcntl = None  # type: ignore[assignment]
try:
    import msvcrt
except ImportError:             # POSIX
    msvcrt = None  # type: ignore[assignment]

MANIFEST = ".actegen-manifest.json"
MANIFEST_FORMAT = 2
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
COMPRESS_LEVEL = 6


# --------------------------------------------------------------------------------------
# Reproducible zip


@dataclass(frozen=True, slots=True)
class ZipMember:
    """A zip member already compressed: what the zip needs, nothing of the machine."""

    name: str
    crc: int
    size: int
    data: bytes  # raw deflate stream


def deflate(name: str, data: bytes) -> ZipMember:
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    return ZipMember(name, zlib.crc32(data) & 0xFFFFFFFF, len(data), compressor.compress(data) + compressor.flush())


_DOS_TIME = 0                                     # 00:00:00
_DOS_DATE = ((ZIP_EPOCH[0] - 1980) << 9) | (ZIP_EPOCH[1] << 5) | ZIP_EPOCH[2]
_EXTERNAL_ATTR = 0o644 << 16                      # rw-r--r--
_MADE_BY = (3 << 8) | 20                           # Unix, zip 2.0
_NEEDED = 20                                       # deflate


def _member_order(name: str) -> tuple[bool, str]:
    return (name != "[Content_Types].xml", name)


def zip_members(members: Iterable[ZipMember]) -> bytes:
    """The zip of ``members``, byte-reproducible: fixed order, times, attributes. Built as
    one ``join`` of the pieces, so the members' data is copied once."""
    pieces: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in sorted(members, key=lambda m: _member_order(m.name)):
        name = m.name.encode("utf-8")
        flags = 0x800 if not m.name.isascii() else 0
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, _NEEDED, flags, 8, _DOS_TIME, _DOS_DATE,
                             m.crc, len(m.data), m.size, len(name), 0) + name
        pieces += (header, m.data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, _MADE_BY, _NEEDED, flags, 8,
                                   _DOS_TIME, _DOS_DATE, m.crc, len(m.data), m.size, len(name),
                                   0, 0, 0, 0, _EXTERNAL_ATTR, offset) + name)
        offset += len(header) + len(m.data)
    size = sum(len(entry) for entry in central)
    pieces += central
    pieces.append(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), size, offset, 0))
    return b"".join(pieces)


def _elements(*names: str) -> re.Pattern[str]:
    """The elements ``names`` (any prefix), empty or with their content, and the blank before."""
    return re.compile(r"\s*<(?:\w+:)?(%s)(?:\s[^>]*)?(?:/>|>.*?</(?:\w+:)?\1>)" % "|".join(names), re.DOTALL)


_APP_XML_DROPPED = ("Template", "TotalTime", "Pages", "Words", "Characters", "Lines", "Paragraphs",
                    "CharactersWithSpaces", "Company", "Manager", "HyperlinkBase", "HeadingPairs",
                    "TitlesOfParts", "HLinks", "DigSig")
_APP_XML_ELEMENT = _elements(*_APP_XML_DROPPED)
_SETTINGS_PARTS = ("word/settings.xml", "word/glossary/settings.xml")
_SETTINGS_ELEMENT = _elements("attachedTemplate", "mailMerge", "docVars", "saveThroughXslt")
_SETTINGS_RELS = ("word/_rels/settings.xml.rels", "word/glossary/_rels/settings.xml.rels")
_EXTERNAL_RELATIONSHIP = re.compile(
    r"""\s*<(?:\w+:)?Relationship\s[^>]*?\bTargetMode\s*=\s*["']External["'][^>]*?"""
    r"""(?:/>|>\s*</(?:\w+:)?Relationship>)""")
_CUSTOM_XML_EMPTY = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                     b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
                     b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>')


def sanitize_member(name: str, data: bytes) -> bytes:
    """A member's bytes with nothing of a machine or of the template's history.

    Word records these in a template, and they would reach every document made from it:
    - ``docProps/app.xml``: the template file, the company, the manager, the editing time,
      hyperlink and signature caches, and page and word counts that no longer describe the
      document: dropped;
    - ``docProps/custom.xml``: the template's custom properties (an author, a client, a
      path): emptied, a document's data come from its case (a ``DOCPROPERTY`` field keeps
      its last shown value);
    - ``word/settings.xml``: the attached template (``C:\\Users\\…\\Normal.dotm``), a mail
      merge's data source and query, the document variables of macros, an XSLT to save
      through: dropped, and with them the external relationships of
      ``word/_rels/settings.xml.rels`` (paths on the machine where the template was edited).
    ``docProps/core.xml`` is written from the case by the render stage. A member with
    nothing to drop keeps its bytes.
    """
    if name == "docProps/custom.xml":
        return _CUSTOM_XML_EMPTY
    if name == "docProps/app.xml":
        pattern = _APP_XML_ELEMENT
    elif name in _SETTINGS_PARTS:
        pattern = _SETTINGS_ELEMENT
    elif name in _SETTINGS_RELS:
        pattern = _EXTERNAL_RELATIONSHIP
    else:
        return data
    text = data.decode("utf-8")
    cleaned = pattern.sub("", text)
    return data if cleaned == text else cleaned.encode("utf-8")


def normalize_docx(data: bytes) -> bytes:
    """The same DOCX content, as a byte-reproducible zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return zip_members(deflate(name, sanitize_member(name, source.read(name)))
                           for name in source.namelist() if not name.endswith("/"))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    """The hash of a file's bytes, or None if there is no such file."""
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


# --------------------------------------------------------------------------------------
# Manifest


@dataclass(frozen=True)
class Version:
    """One version of a document written by actegen: its inputs' hash, its bytes' hash."""

    entrees: str
    sortie: str

    def as_json(self) -> dict[str, str]:
        return {"entrees": self.entrees, "sortie": self.sortie}


@dataclass(frozen=True)
class Entry:
    """What the manifest knows of one document.

    ``ecrit`` is the version actegen last wrote under the document's own name (the file
    on disk was edited when its bytes differ from ``ecrit.sortie``); ``nouveau`` the
    version written beside an edited file, as ``NAME.nouveau.docx``.
    """

    modele: str
    ecrit: Version
    nouveau: Version | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"modele": self.modele, **self.ecrit.as_json()}
        if self.nouveau is not None:
            data["nouveau"] = self.nouveau.as_json()
        return data


@dataclass
class Manifest:
    """``.actegen-manifest.json``, format 2::

        {
          "format": 2,
          "actegen": "0.1.0",
          "dossier": {
            "id": "girimbelles-1993",
            "entrees": "<sha256: case file, templates, parameters, actegen — or '' after --shard>",
            "avertissements": [{"ligne": 12, "colonne": 3, "message": "…"}]
          },
          "documents": {
            "acte-de-vente_lot-01_GRONDIN.docx": {
              "modele": "acte_de_vente.docx",
              "entrees": "<sha256 of the inputs of this document>",
              "sortie": "<sha256 of the bytes written>",
              "nouveau": {"entrees": "…", "sortie": "…"}      (only beside an edited file)
            }
          }
        }

    No path, no date, no user name: two runs on two machines write the same manifest.
    """

    case_id: str = ""
    case_key: str = ""
    version: str = ""
    warnings: list[dict[str, Any]] = field(default_factory=list)
    documents: dict[str, Entry] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        data = {
            "format": MANIFEST_FORMAT,
            "actegen": self.version,
            "dossier": {"id": self.case_id, "entrees": self.case_key, "avertissements": self.warnings},
            "documents": {name: entry.as_json() for name, entry in sorted(self.documents.items())},
        }
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _version(data: Any) -> Version:
    return Version(str(data.get("entrees", "")), str(data.get("sortie", "")))


def read_manifest(directory: Path) -> Manifest:
    """The manifest of an output folder; an empty one if there is none.

    Format 1 (actegen before issue 6) is read too: its entries have output hashes only.
    """
    path = directory / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return Manifest()
    try:
        data = json.loads(text)
        docs = data.get("documents", {})
        manifest = Manifest()
        if data.get("format") == MANIFEST_FORMAT:
            case = data.get("dossier", {})
            manifest.case_id = str(case.get("id", ""))
            manifest.case_key = str(case.get("entrees", ""))
            manifest.warnings = list(case.get("avertissements", []))
            manifest.version = str(data.get("actegen", ""))
        for name, entry in docs.items():
            nouveau = entry.get("nouveau")
            manifest.documents[str(name)] = Entry(str(entry.get("modele", "")), _version(entry),
                                                  _version(nouveau) if nouveau else None)
        return manifest
    except (ValueError, AttributeError, TypeError):
        raise OutputError(f"{path}: manifeste illisible ; le supprimer pour repartir de zéro "
                          "(les fichiers présents seront alors considérés comme modifiés)") from None


# --------------------------------------------------------------------------------------
# What to do with one document


@dataclass(frozen=True)
class OnDisk:
    """A document's files as found: hash of ``NAME`` and of ``NAME.nouveau.docx`` (None: absent)."""

    main: str | None
    beside: str | None


def on_disk(directory: Path, filename: str) -> OnDisk:
    return OnDisk(file_sha256(directory / filename), file_sha256(directory / nouveau_name(filename)))


def effective_entry(entry: Entry | None, disk: OnDisk) -> Entry | None:
    """The entry, once a new version copied over an edited file has been taken back.

    When the notary replaced ``NAME`` by ``NAME.nouveau.docx``, the file is actegen's
    again: the recorded new version becomes the written one.
    """
    if entry is not None and entry.nouveau is not None and disk.main == entry.nouveau.sortie:
        return Entry(entry.modele, entry.nouveau)
    return entry


def is_edited(entry: Entry | None, disk: OnDisk) -> bool:
    """A file exists under the document's name that actegen did not write as it is."""
    return disk.main is not None and (entry is None or disk.main != entry.ecrit.sortie)


def is_current(entry: Entry | None, disk: OnDisk, inputs: str | None, force: bool) -> bool:
    """Nothing to do: the file (or, beside an edit, the new version) is the one these inputs give."""
    if entry is None or inputs is None:
        return False
    if not is_edited(entry, disk):
        return disk.main is not None and entry.ecrit.entrees == inputs
    return (not force and entry.nouveau is not None and entry.nouveau.entrees == inputs
            and disk.beside == entry.nouveau.sortie)


def destination(entry: Entry | None, disk: OnDisk, force: bool) -> str:
    """``"main"`` or ``"beside"``: where a new version of this document goes."""
    return "beside" if is_edited(entry, disk) and not force else "main"


# --------------------------------------------------------------------------------------
# Atomic output

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_NO_EXCHANGE = (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP)
_renameat2: Any = None            # libc's renameat2 once looked up; False: there is none


def _libc_renameat2() -> Any:
    global _renameat2
    if _renameat2 is None:
        _renameat2 = False
        if sys.platform.startswith("linux"):
            try:
                func = ctypes.CDLL(None, use_errno=True).renameat2
            except (OSError, AttributeError):        # no libc, or one older than glibc 2.28
                pass
            else:
                func.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
                func.restype = ctypes.c_int
                _renameat2 = func
    return _renameat2 or None


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
    if (backup / MANIFEST).is_file():              # an actegen set, not someone's folder
        if not target.exists():
            try:
                backup.rename(target)
            except FileNotFoundError:              # a check beside us put it back first
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
        names = {m["case"] for e in os.scandir(root)
                 if (m := _LEFTOVER.fullmatch(e.name)) and e.is_dir(follow_symlinks=False)}
    except OSError:
        return
    for name in sorted(names):
        recover(Path(root) / name)


def prepare_target(target: Path) -> Path:
    """The resolved output folder of a case.

    What killed runs left beside it was repaired by ``recover_output`` under the output
    lock, before any case was planned.
    """
    return target.resolve()


class Staging:
    """A folder beside the target where a run's new files are written before the swap.

    The output folders it has to create are removed again if the run writes nothing.
    """

    def __init__(self, target: Path):
        self.target = target
        self._created: list[Path] = []
        parent = target.parent
        while not parent.exists():
            self._created.append(parent)
            parent = parent.parent
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.path = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
        except OSError as exc:
            self._remove_created()
            raise OutputError(f"écriture impossible dans {target.parent} ({exc.strerror or exc})") from None

    def _remove_created(self) -> None:
        for folder in self._created:           # innermost first
            try:
                folder.rmdir()
            except OSError:
                break

    def abort(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        self._remove_created()

    def commit(self, staged: set[str], removed: set[str], manifest: bytes) -> None:
        """Link every kept file into the staging folder, add the manifest, swap it in."""
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
            write_file(tmp / MANIFEST, manifest)
            os.chmod(tmp, 0o755)
            if target.is_dir():
                old = _swap(tmp, target)
                self._created.clear()
                shutil.rmtree(old, ignore_errors=True)   # a kill here: recover() removes it
            else:
                tmp.rename(target)
                self._created.clear()
            _fsync_dir(target.parent)
        except OSError as exc:
            self.abort()
            raise OutputError(f"écriture impossible dans {target.parent} ({exc.strerror or exc})") from None
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


# --------------------------------------------------------------------------------------
# One run at a time in an output root

LOCK_FILE = ".actegen.lock"
_PID_WIDTH = 20
_WINDOWS_LOCK_BYTE = 1 << 20        # the byte locked on Windows, past the pid: it stays readable


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
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
                             | getattr(os, "O_BINARY", 0), 0o644)
            except FileNotFoundError:
                continue                     # a run that just ended removed the root it had made
            except OSError as exc:
                if self.shared and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                    return self
                self._remove_created()
                raise OutputError(f"écriture impossible dans {where} ({exc.strerror or exc})") from None
            try:
                locked = _try_lock(fd, self.shared)
                message = None if locked else self._busy(fd, where)
            except OSError as exc:
                os.close(fd)
                self._remove_created()
                raise OutputError(f"{where} : verrouillage impossible ({exc.strerror or exc})") from None
            if message is not None:
                os.close(fd)
                self._remove_created()
                raise OutputError(message)
            if _same_file(fd, self.path):
                self.fd = fd
                if not self.shared:
                    _write_pid(fd)
                return self
            os.close(fd)                     # its holder unlinked it meanwhile: try again
        self._remove_created()
        raise OutputError(f"{where} : verrouillage impossible ({LOCK_FILE} sans cesse remplacé)")

    def release(self) -> None:
        """Unlink the lock file while still holding it, then close it; remove the root if
        this run created it and leaves it empty (an invalid case leaves nothing on disk)."""
        fd, self.fd = self.fd, None
        if fd is not None:
            try:
                if fcntl is not None:
                    # A check unlinks only as the last holder: when it can become exclusive.
                    if (not self.shared or _try_lock(fd, False)) and _same_file(fd, self.path):
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
                    os.unlink(self.path)     # refused while another run has it open
                except OSError:
                    pass
        self._remove_created()

    def _make_root(self) -> None:
        missing = []
        folder = self.root
        while not folder.exists() and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._remove_created()
            where = display_path(self.root)
            raise OutputError(f"écriture impossible dans {where} ({exc.strerror or exc})") from None
        self._created = list(dict.fromkeys(missing + self._created))     # innermost first

    def _remove_created(self) -> None:
        for folder in self._created:
            try:
                folder.rmdir()
            except OSError:
                break
        self._created = []

    def _busy(self, fd: int, where: str) -> str:
        """The message for a root another run holds: its pid, read from the lock file."""
        if not self.shared and fcntl is not None and _try_lock(fd, True):
            fcntl.flock(fd, fcntl.LOCK_UN)   # only checks hold it: they write no pid
            return (f"{where} : une vérification d'actegen (--check) lit ce dossier ; "
                    "attendre qu'elle se termine")
        deadline = time.monotonic() + 0.5
        pid = _read_pid(fd)
        while pid is None and time.monotonic() < deadline:      # it locked, and is writing its pid
            time.sleep(0.01)
            pid = _read_pid(fd)
        other = f"un autre rendu d'actegen (processus {pid})" if pid else "un autre rendu d'actegen"
        return f"{where} : {other} écrit déjà dans ce dossier ; attendre qu'il se termine"


def _try_lock(fd: int, shared: bool) -> bool:
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


def write_file(path: Path, data: bytes) -> None:
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
