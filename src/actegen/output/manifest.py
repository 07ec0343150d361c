"""The manifest of a case's output folder, and what it tells about each document.

``.actegen-manifest.json`` records, for every document, the hash of its inputs
(``entrees``) and of the bytes actegen wrote (``sortie``); and, for the whole case, the hash
of everything it was built from (case file, templates, parameters, actegen). See ``Manifest``.

No lost edit: a file whose bytes differ from the recorded ``sortie`` was edited by someone;
it is never overwritten, the new version goes beside it as ``NAME.nouveau.docx`` (unless
``force``), with ``NAME.fusion.docx`` (the notary's file, the case's changes as tracked
changes): both are recorded, so that a later run knows them — an unedited one is replaced
or removed, one the notary edited is kept.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import OutputError, display_path
from ..hashing import file_sha256
from ..naming import fusion_name, nouveau_name

MANIFEST = ".actegen-manifest.json"
MANIFEST_FORMAT = 2
PART_MANIFEST = re.compile(r"\.actegen-manifest\.shard-([1-9][0-9]{0,5})-of-([1-9][0-9]{0,5})\.json")
"""A shard's manifest (``render --plan --shard K/N``): only the documents of its part."""


def part_manifest_name(number: int, parts: int) -> str:
    return f".actegen-manifest.shard-{number}-of-{parts}.json"


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
    version written beside an edited file, as ``NAME.nouveau.docx``; ``fusion`` the merge
    written beside it, as ``NAME.fusion.docx`` (its ``entrees``: those of the new version
    it merged).
    """

    modele: str
    ecrit: Version
    nouveau: Version | None = None
    fusion: Version | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"modele": self.modele, **self.ecrit.as_json()}
        if self.nouveau is not None:
            data["nouveau"] = self.nouveau.as_json()
        if self.fusion is not None:
            data["fusion"] = self.fusion.as_json()
        return data


@dataclass(frozen=True)
class PartMark:
    """What a shard's manifest says of its part: the plan (sha256 of the plan file), the
    part K of N, the parts that hold documents of the case, how many documents it has."""

    plan: str
    number: int
    parts: int
    case_parts: tuple[int, ...]
    documents: int

    def as_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "numero": self.number,
            "nombre": self.parts,
            "parts_du_dossier": list(self.case_parts),
            "documents_du_dossier": self.documents,
        }


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
              "nouveau": {"entrees": "…", "sortie": "…"},     (only beside an edited file)
              "fusion": {"entrees": "…", "sortie": "…"}       (its merge, when written)
            }
          }
        }

    No path, no date, no user name: two runs on two machines write the same manifest.
    A shard's manifest (``part_manifest_name``) has the same shape, its own documents only,
    and a ``"part"`` (``PartMark``); ``actegen manifest merge`` joins them into this one.
    """

    case_id: str = ""
    case_key: str = ""
    version: str = ""
    warnings: list[dict[str, Any]] = field(default_factory=list)
    documents: dict[str, Entry] = field(default_factory=dict)
    part: PartMark | None = None  # only in a shard's manifest

    def to_bytes(self) -> bytes:
        data: dict[str, Any] = {
            "format": MANIFEST_FORMAT,
            "actegen": self.version,
            "dossier": {"id": self.case_id, "entrees": self.case_key, "avertissements": self.warnings},
            "documents": {name: entry.as_json() for name, entry in sorted(self.documents.items())},
        }
        if self.part is not None:
            data["part"] = self.part.as_json()
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


MAX_MANIFEST_BYTES = 16 << 20
"""Far above a real manifest (about 400 bytes a document): a bigger one is not ours."""

_HASH = re.compile(r"[0-9a-f]{64}|")
_DOC_NAME = re.compile(r"[^./\\\x00-\x1f\x7f][^/\\\x00-\x1f\x7f]{0,254}")


_SPACES = dict.fromkeys(
    [0x20, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000]
)  # Unicode's space separators (Zs): not printable for str.isprintable, neither Cc nor Cf


class _Malformed(ValueError):
    """A manifest that is not the shape actegen writes; the text says where."""


def _text(value: Any, where: str, pattern: re.Pattern[str] | None = None) -> str:
    if not isinstance(value, str) or (pattern is not None and not pattern.fullmatch(value)):
        raise _Malformed(where)
    # Printable once its spaces are set aside (« 25 % », with U+202F): no control or format
    # character, nor any other class of unprintable one; else each character is looked at.
    if value.translate(_SPACES).isprintable():
        return value
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in value):  # replayed on a terminal
        raise _Malformed(where)
    return value


def _version(data: Any, where: str) -> Version:
    if not isinstance(data, dict):
        raise _Malformed(where)
    return Version(
        _text(data.get("entrees", ""), f"{where}.entrees", _HASH),
        _text(data.get("sortie", ""), f"{where}.sortie", _HASH),
    )


def _warning(data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, dict) or not all(
        isinstance(data.get(k), int) and not isinstance(data.get(k), bool) for k in ("ligne", "colonne")
    ):
        raise _Malformed(where)
    return {"ligne": data["ligne"], "colonne": data["colonne"], "message": _text(data.get("message"), where)}


def _read_bounded(path: Path) -> bytes | None:
    """The manifest's bytes, None if there is none; only a regular file, never a link
    followed, at most ``MAX_MANIFEST_BYTES``."""
    flags = (
        os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    )
    try:
        fd = os.open(path, flags)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _Malformed("un lien symbolique") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _Malformed("pas un fichier ordinaire")
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(MAX_MANIFEST_BYTES + 1)
    if len(data) > MAX_MANIFEST_BYTES:
        raise _Malformed(f"plus de {MAX_MANIFEST_BYTES >> 20} Mio")
    return data


def read_manifest(directory: Path, name: str = MANIFEST) -> Manifest:
    """The manifest of an output folder (``name``: a shard's); an empty one if there is none.

    Format 1 (actegen before issue 6) is read too: its entries have output hashes only.
    Anything else than what actegen writes (a link, a special or huge file, another shape,
    a document name that would leave the folder) is refused with the offer to delete it.
    """
    path = directory / name
    try:
        raw = _read_bounded(path)
        if raw is None:
            return Manifest()
        return _parse(json.loads(raw.decode("utf-8")))
    except (ValueError, RecursionError) as exc:  # _Malformed, JSON, UTF-8
        what = f" ({exc})" if isinstance(exc, _Malformed) else ""
        raise OutputError(
            f"{display_path(path)} : manifeste illisible{what} ; le supprimer pour repartir de zéro "
            "(les fichiers présents seront alors considérés comme modifiés)"
        ) from None


def _parse(data: Any) -> Manifest:
    if not isinstance(data, dict) or data.get("format", 1) not in (1, MANIFEST_FORMAT):
        raise _Malformed("format inconnu")
    docs = data.get("documents", {})
    if not isinstance(docs, dict):
        raise _Malformed("documents")
    manifest = Manifest()
    if data.get("format") == MANIFEST_FORMAT:
        case = data.get("dossier", {})
        if not isinstance(case, dict) or not isinstance(case.get("avertissements", []), list):
            raise _Malformed("dossier")
        manifest.case_id = _text(case.get("id", ""), "dossier.id")
        manifest.case_key = _text(case.get("entrees", ""), "dossier.entrees", _HASH)
        manifest.warnings = [
            _warning(w, f"dossier.avertissements[{i}]") for i, w in enumerate(case.get("avertissements", []))
        ]
        manifest.version = _text(data.get("actegen", ""), "actegen")
    for i, (name, entry) in enumerate(docs.items()):
        where = f"documents[{i}]"
        if not isinstance(entry, dict):
            raise _Malformed(where)
        nouveau, fusion = entry.get("nouveau"), entry.get("fusion")
        manifest.documents[_text(name, f"{where} (nom)", _DOC_NAME)] = Entry(
            _text(entry.get("modele", ""), f"{where}.modele"),
            _version(entry, where),
            _version(nouveau, f"{where}.nouveau") if nouveau is not None else None,
            _version(fusion, f"{where}.fusion") if fusion is not None else None,
        )
    if "part" in data:
        manifest.part = _part(data["part"])
    return manifest


def _count(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 1 << 31:
        raise _Malformed(where)
    return value


def _part(data: Any) -> PartMark:
    if not isinstance(data, dict) or not isinstance(data.get("parts_du_dossier"), list):
        raise _Malformed("part")
    mark = PartMark(
        _text(data.get("plan"), "part.plan", _HASH),
        _count(data.get("numero"), "part.numero"),
        _count(data.get("nombre"), "part.nombre"),
        tuple(_count(k, "part.parts_du_dossier") for k in data["parts_du_dossier"]),
        _count(data.get("documents_du_dossier"), "part.documents_du_dossier"),
    )
    if not 1 <= mark.number <= mark.parts or mark.number not in mark.case_parts:
        raise _Malformed("part.numero")
    return mark


# --------------------------------------------------------------------------------------
# What to do with one document


@dataclass(frozen=True)
class OnDisk:
    """A document's files as found: hash of ``NAME``, of ``NAME.nouveau.docx`` and of
    ``NAME.fusion.docx`` (None: absent)."""

    main: str | None
    beside: str | None
    fusion: str | None = None


def listed_hasher(directory: Path) -> Callable[[Path], str | None]:
    """``file_sha256`` for the files of ``directory``, from one listing of it: a name not
    listed is absent, unopened (planning a new folder's thousand documents would otherwise
    try three names each)."""
    try:
        present = frozenset(os.listdir(directory))
    except (FileNotFoundError, NotADirectoryError):
        present = frozenset()
    except OSError:
        return file_sha256  # unreadable: each file says for itself
    return lambda path: file_sha256(path) if path.name in present else None


def on_disk(directory: Path, filename: str, hashed: Callable[[Path], str | None] = file_sha256) -> OnDisk:
    """``hashed``: the no-op re-run's takes a file unchanged since it was hashed from its cache."""
    return OnDisk(
        hashed(directory / filename),
        hashed(directory / nouveau_name(filename)),
        hashed(directory / fusion_name(filename)),
    )


def effective_entry(entry: Entry | None, disk: OnDisk) -> Entry | None:
    """The entry, once a new version copied over an edited file has been taken back.

    When the notary replaced ``NAME`` by ``NAME.nouveau.docx``, the file is actegen's
    again: the recorded new version becomes the written one.
    """
    if entry is not None and entry.nouveau is not None and disk.main == entry.nouveau.sortie:
        return Entry(entry.modele, entry.nouveau, fusion=entry.fusion)
    return entry


def fusion_is_ours(entry: Entry | None, disk: OnDisk) -> bool:
    """``NAME.fusion.docx`` is absent, or as actegen wrote it: it may be replaced or removed
    (one the notary edited, or one no manifest knows, is kept)."""
    if disk.fusion is None:
        return True
    return entry is not None and entry.fusion is not None and disk.fusion == entry.fusion.sortie


def is_edited(entry: Entry | None, disk: OnDisk) -> bool:
    """A file exists under the document's name that actegen did not write as it is."""
    return disk.main is not None and (entry is None or disk.main != entry.ecrit.sortie)


def is_current(entry: Entry | None, disk: OnDisk, inputs: str | None, force: bool) -> bool:
    """Nothing to do: the file (or, beside an edit, the new version) is the one these inputs give."""
    if entry is None or inputs is None:
        return False
    if not is_edited(entry, disk):
        return disk.main is not None and entry.ecrit.entrees == inputs
    return (
        not force
        and entry.nouveau is not None
        and entry.nouveau.entrees == inputs
        and disk.beside == entry.nouveau.sortie
    )


def destination(entry: Entry | None, disk: OnDisk, force: bool) -> str:
    """``"main"`` or ``"beside"``: where a new version of this document goes."""
    return "beside" if is_edited(entry, disk) and not force else "main"


# --------------------------------------------------------------------------------------
# Joining the shards' manifests


class PartsRefused(ValueError):
    """Shards' manifests that cannot be joined; the text says why, in French."""


def merge_parts(main: Manifest, parts: list[Manifest]) -> Manifest:
    """The case's manifest once its shards are joined: every shard's documents over the
    previous manifest's. An entry the plan no longer has (an obsolete document) is kept, with
    no case key: the next full render then plans the case and removes it.

    Refused: shards of different plans or splits, a shard missing, two shards with one document.
    """
    marks = [p.part for p in parts]
    first = marks[0]
    if first is None or any(m is None for m in marks):
        raise PartsRefused("un manifeste de part sans marque de part")
    heads = {(m.plan, m.parts, m.case_parts, m.documents) for m in marks if m is not None}
    if len(heads) > 1 or len({(p.case_id, p.case_key, p.version) for p in parts}) > 1:
        raise PartsRefused("des manifestes de parts de plans (ou de découpages) différents")
    present = sorted(m.number for m in marks if m is not None)
    missing = sorted(set(first.case_parts) - set(present))
    if missing or len(set(present)) != len(present):
        what = ", ".join(f"{k}/{first.parts}" for k in missing) or "une part en double"
        raise PartsRefused(f"part manquante : {what}")
    documents: dict[str, Entry] = {}
    for part in parts:
        if documents.keys() & part.documents.keys():
            raise PartsRefused("un même document dans deux parts")
        documents.update(part.documents)
    if len(documents) != first.documents:
        raise PartsRefused(f"{len(documents)} documents dans les parts, {first.documents} dans le plan")
    left = {name: entry for name, entry in main.documents.items() if name not in documents}
    head = parts[0]
    return Manifest(
        head.case_id,
        "" if left else head.case_key,
        head.version,
        head.warnings,
        {**left, **documents},
    )
