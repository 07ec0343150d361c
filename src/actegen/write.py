"""Stage 5 — write: reproducible DOCX bytes, atomic output, and no lost edit.

- ``normalize_docx`` rewrites the zip so that the same inputs give the same bytes:
  members in a fixed order (``[Content_Types].xml`` first, then by name), a fixed
  timestamp, fixed permissions, one compression level.
- ``write_set`` renders nothing itself: it receives the finished documents of a case and
  puts them in place only once all of them exist. They are written into a temporary
  folder beside the target, then swapped in with renames, so an interrupted run leaves
  the previous set whole.
- A manifest (``.actegen-manifest.json``) records the hash of each written file. A file
  whose bytes no longer match was edited by someone: it is never overwritten; the new
  version goes beside it as ``NAME.nouveau.docx`` (unless ``force``).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OutputError

MANIFEST = ".actegen-manifest.json"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def normalize_docx(data: bytes) -> bytes:
    """The same DOCX content, as a byte-reproducible zip."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    order = sorted(names, key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(name))
    return out.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Rendered:
    """A finished document: its file name, its bytes, and the hash of what produced it."""

    filename: str
    data: bytes
    inputs_hash: str = ""


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    beside_edits: list[tuple[str, str]] = field(default_factory=list)  # (edited, new file)


def read_manifest(directory: Path) -> dict[str, dict[str, str]]:
    path = directory / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return dict(data.get("documents", {}))
    except (ValueError, AttributeError):
        raise OutputError(f"{path}: manifeste illisible ; le supprimer pour repartir de zéro "
                          "(les fichiers présents seront alors considérés comme modifiés)") from None


def _nouveau_name(filename: str) -> str:
    stem, dot, ext = filename.rpartition(".")
    return f"{stem}.nouveau.{ext}" if dot else f"{filename}.nouveau"


def _safe_name(filename: str) -> None:
    p = Path(filename)
    if p.is_absolute() or len(p.parts) != 1 or filename in (".", "..") or filename.startswith("."):
        raise OutputError(f"nom de document refusé : {filename!r}")


def _recover(target: Path) -> None:
    """Finish or undo a swap that a killed run left half done."""
    backup = target.with_name(f".{target.name}.ancien")
    if backup.is_dir():
        if target.is_dir():
            shutil.rmtree(backup, ignore_errors=True)
        else:
            backup.rename(target)


def write_set(target: Path, documents: list[Rendered], *, force: bool = False) -> WriteReport:
    """Put a case's documents into ``target`` atomically, protecting edited files."""
    for doc in documents:
        _safe_name(doc.filename)
    target = target.resolve()
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"impossible de créer le dossier de sortie {parent} ({exc.strerror})") from None
    _recover(target)
    manifest = read_manifest(target) if target.is_dir() else {}
    report = WriteReport()
    new_manifest: dict[str, dict[str, str]] = {}
    staged: dict[str, bytes] = {}
    for doc in documents:
        digest = sha256(doc.data)
        existing = target / doc.filename
        entry = {"sortie": digest, "entrees": doc.inputs_hash}
        if existing.is_file():
            current = sha256(existing.read_bytes())
            recorded = manifest.get(doc.filename, {}).get("sortie")
            if current == digest:
                report.unchanged.append(doc.filename)
                new_manifest[doc.filename] = entry
                continue
            if recorded != current and not force:
                # Someone edited it (or it predates actegen): keep it, write the new one beside.
                beside = _nouveau_name(doc.filename)
                staged[beside] = doc.data
                report.beside_edits.append((doc.filename, beside))
                new_manifest[doc.filename] = manifest.get(doc.filename, {"sortie": current, "entrees": ""})
                continue
        staged[doc.filename] = doc.data
        report.written.append(doc.filename)
        new_manifest[doc.filename] = entry
    for name, entry in manifest.items():
        new_manifest.setdefault(name, entry)
    manifest_bytes = (json.dumps({"version": 1, "documents": dict(sorted(new_manifest.items()))},
                                 ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if not staged and (target / MANIFEST).is_file() and (target / MANIFEST).read_bytes() == manifest_bytes:
        return report
    staged[MANIFEST] = manifest_bytes
    _swap_in(target, staged)
    return report


def _swap_in(target: Path, staged: dict[str, bytes]) -> None:
    """Build the new folder beside the target, then replace the target by renames."""
    parent = target.parent
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    try:
        if target.is_dir():
            for item in target.iterdir():
                if item.name in staged:
                    continue
                dest = tmp / item.name
                if item.is_dir():
                    shutil.copytree(item, dest, copy_function=_link_or_copy)
                else:
                    _link_or_copy(item, dest)
        for name, data in staged.items():
            with open(tmp / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o755)
        backup = target.with_name(f".{target.name}.ancien")
        if target.is_dir():
            target.rename(backup)
            tmp.rename(target)
            shutil.rmtree(backup, ignore_errors=True)
        else:
            tmp.rename(target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(f"écriture impossible dans {parent} ({exc.strerror or exc})") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _link_or_copy(src: Path | str, dst: Path | str) -> None:
    """Keep a file that is not being replaced: a hard link keeps its bytes and its mtime."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
