"""Stage 5 — write: reproducible DOCX bytes, atomic output, a manifest, and no lost edit.

- **Reproducible bytes.** ``zip_members`` writes the zip itself: members in a fixed order
  (``[Content_Types].xml`` first, then by name), the DOS epoch as timestamp, fixed
  permissions, deflate level 6, no extra fields. ``docProps/app.xml`` keeps only what
  does not describe the machine or the template's history (no ``Template``, ``Company``,
  ``Manager``, ``TotalTime``, stale page and word counts). The same inputs give the same
  bytes on any machine, at any time.
- **Atomic output.** A case's documents are written into a staging folder beside the
  target; the files that do not change are hard-linked into it (they keep their bytes and
  their modification time); then the folder is swapped in with two renames. An interrupted
  run leaves the previous set whole; a failed document leaves nothing of the run.
- **Manifest.** ``.actegen-manifest.json`` records, for every document, the hash of its
  inputs (``entrees``) and of the bytes actegen wrote (``sortie``); and, for the whole case,
  the hash of everything it was built from (case file, templates, parameters, actegen).
  See ``Manifest``.
- **No lost edit.** A file whose bytes differ from the recorded ``sortie`` was edited by
  someone: it is never overwritten; the new version goes beside it as
  ``NAME.nouveau.docx`` (unless ``force``).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .errors import OutputError

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
    """The zip of ``members``, byte-reproducible: fixed order, times, attributes."""
    out = io.BytesIO()
    central: list[bytes] = []
    for m in sorted(members, key=lambda m: _member_order(m.name)):
        name = m.name.encode("utf-8")
        flags = 0x800 if not m.name.isascii() else 0
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, _NEEDED, flags, 8, _DOS_TIME, _DOS_DATE,
                              m.crc, len(m.data), m.size, len(name), 0))
        out.write(name)
        out.write(m.data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, _MADE_BY, _NEEDED, flags, 8,
                                   _DOS_TIME, _DOS_DATE, m.crc, len(m.data), m.size, len(name),
                                   0, 0, 0, 0, _EXTERNAL_ATTR, offset) + name)
    start = out.tell()
    for entry in central:
        out.write(entry)
    size = out.tell() - start
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), size, start, 0))
    return out.getvalue()


_APP_XML_DROPPED = ("Template", "TotalTime", "Pages", "Words", "Characters", "Lines", "Paragraphs",
                    "CharactersWithSpaces", "Company", "Manager", "HyperlinkBase", "HeadingPairs",
                    "TitlesOfParts")
_APP_XML_ELEMENT = re.compile(
    r"\s*<(?:\w+:)?(%s)(?:\s[^>]*)?(?:/>|>.*?</(?:\w+:)?\1>)" % "|".join(_APP_XML_DROPPED), re.DOTALL)


def sanitize_member(name: str, data: bytes) -> bytes:
    """A member's bytes with nothing of a machine or of the template's history.

    Only ``docProps/app.xml`` needs it: Word records there the template file, the company,
    the editing time, and page and word counts that no longer describe the document.
    (``docProps/core.xml`` is written from the case by the render stage.)
    """
    if name != "docProps/app.xml":
        return data
    return _APP_XML_ELEMENT.sub("", data.decode("utf-8")).encode("utf-8")


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


def nouveau_name(filename: str) -> str:
    stem, dot, ext = filename.rpartition(".")
    return f"{stem}.nouveau.{ext}" if dot else f"{filename}.nouveau"


def safe_name(filename: str) -> None:
    p = Path(filename)
    if (p.is_absolute() or len(p.parts) != 1 or filename in (".", "..") or filename.startswith(".")
            or "/" in filename or "\\" in filename):
        raise OutputError(f"nom de document refusé : {filename!r}")


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


def _recover(target: Path) -> None:
    """Finish or undo a swap that a killed run left half done."""
    backup = target.with_name(f".{target.name}.ancien")
    if backup.is_dir():
        if target.is_dir():
            shutil.rmtree(backup, ignore_errors=True)
        else:
            backup.rename(target)


def prepare_target(target: Path) -> Path:
    """The resolved output folder of a case, a swap that a killed run left half done repaired."""
    target = target.resolve()
    if target.parent.is_dir():
        _recover(target)
    return target


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
            backup = target.with_name(f".{target.name}.ancien")
            if target.is_dir():
                target.rename(backup)
                tmp.rename(target)
                shutil.rmtree(backup, ignore_errors=True)
            else:
                tmp.rename(target)
            self._created.clear()
        except OSError as exc:
            self.abort()
            raise OutputError(f"écriture impossible dans {target.parent} ({exc.strerror or exc})") from None
        except BaseException:
            self.abort()
            raise


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
