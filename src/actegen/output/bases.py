"""The bases: every version actegen wrote, kept so that a later render can merge.

A three-way merge needs what actegen wrote (the base) besides the notary's file and the new
version. The bases of a case live in ``.actegen/bases/`` in its folder, in packs: files
``<name>.pack`` that hold many bases one after the other, each under the sha256 of its bytes
(two documents with the same bytes share one). A pack is written once and never changed:
each worker of a render appends the bases of the documents it renders to a pack of its own
(one file created per worker, not one per document: at 200 lots, 450 file creations fewer,
a tenth of the render), and the render's swap publishes them with the manifest. A pack
whose bases no manifest entry refers to any more is removed; one where they take less than
half its size has them copied into a new pack, and goes (``stage_bases``).

Not a ``.docx`` name, so that nothing that lists the documents takes a pack for one. A base
is read back by its hash and checked against it: a damaged pack gives no base, and the
merge falls back to ``NAME.nouveau.docx`` alone. Folders rendered by an earlier actegen
keep bases as single files ``<sha256>.docx.gz`` (gzip, stored): they are read, and pruned,
as before. The documents and manifests are byte-reproducible; the packs are not (which
worker rendered what decides where a base lands), only what they hold: ``stored``.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import os
import shutil
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .durable import start_writeback

BASES = Path(".actegen") / "bases"
RENDERED = ".actegen-bases-rendues"  # in a staging folder: the packs the workers wrote
PACK = ".pack"
_LOOSE = ".docx.gz"  # an earlier actegen's single base
_RECORD = struct.Struct(">4s32sQ")  # magic, sha256 of the base, its size; then its bytes
_MAGIC = b"AB1\n"


@dataclass(frozen=True)
class _Slot:
    pack: Path
    offset: int  # of the base's bytes
    size: int


def _records(pack: Path) -> Iterator[tuple[str, int, int]]:
    """(hash, offset, size) of each whole record of ``pack``, in order; a torn or foreign
    tail (a worker killed while writing) ends it."""
    try:
        with open(pack, "rb") as fh:
            end = os.fstat(fh.fileno()).st_size
            offset = 0
            while offset + _RECORD.size <= end:
                magic, digest, size = _RECORD.unpack(fh.read(_RECORD.size))
                start = offset + _RECORD.size
                if magic != _MAGIC or start + size > end:
                    return
                yield digest.hex(), start, size
                offset = start + size
                fh.seek(offset)
    except OSError:
        return


def _index(folder: Path) -> dict[str, _Slot]:
    """Where each base of the packs of ``folder`` is."""
    slots: dict[str, _Slot] = {}
    for pack in sorted(_packs(folder)):
        for digest, offset, size in _records(pack):
            slots.setdefault(digest, _Slot(pack, offset, size))
    return slots


def _packs(folder: Path) -> list[Path]:
    try:
        return [folder / n for n in os.listdir(folder) if n.endswith(PACK)]
    except OSError:
        return []


_KNOWN: dict[Path, tuple[object, dict[str, _Slot]]] = {}


def _known_index(folder: Path) -> dict[str, _Slot]:
    """``_index(folder)``, scanned again only when its packs changed: a render that merges
    many edited documents reads their bases from one scan."""
    try:
        seen = sorted(
            (e.name, e.stat().st_size, e.stat().st_mtime_ns)
            for e in os.scandir(folder)
            if e.name.endswith(PACK)
        )
    except OSError:
        return {}
    known = _KNOWN.get(folder)
    if known is None or known[0] != seen:
        known = _KNOWN[folder] = (seen, _index(folder))
    return known[1]


def _read(slot: _Slot) -> bytes | None:
    try:
        with open(slot.pack, "rb") as fh:
            fh.seek(slot.offset)
            return fh.read(slot.size)
    except OSError:
        return None


def read_base(folder: Path, digest: str) -> bytes | None:
    """The bytes actegen wrote with this hash in the case's folder ``folder``; None when no
    base of them is kept (or what is kept is not them)."""
    bases = folder / BASES
    try:
        data: bytes | None = gzip.decompress((bases / f"{digest}{_LOOSE}").read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile):
        slot = _known_index(bases).get(digest)
        data = None if slot is None else _read(slot)
    if data is None or hashlib.sha256(data).hexdigest() != digest:
        return None
    return data


def stored(folder: Path) -> set[str]:
    """The hashes of the bases kept in the case's folder ``folder`` (packs and single files)."""
    bases = folder / BASES
    loose = set()
    try:
        loose = {n.removesuffix(_LOOSE) for n in os.listdir(bases) if n.endswith(_LOOSE)}
    except OSError:
        pass
    return loose | set(_index(bases))


def _pack_name() -> str:
    return f"{os.getpid()}-{os.urandom(6).hex()}{PACK}"


@dataclass
class _WorkerPack:
    path: Path
    written: set[str]


_OWN: dict[tuple[int, str], _WorkerPack] = {}  # (process, staging folder) → its pack there


def write_base(staging: Path, digest: str, data: bytes) -> None:
    """Append ``data`` (a document just written into the staging folder) to this process's
    pack of the render, as its base.

    Called by the worker that rendered it, beside the other renders, not in the render's
    own process at the swap. Into ``RENDERED``, not the bases folder: the previous set's
    ``.actegen`` is linked into the staging folder at the swap, and ``stage_bases`` then
    moves the packs in. One ``write`` per base, at the end of the pack: a worker killed
    in the middle leaves a torn last record, which the readers ignore.
    """
    key = (os.getpid(), os.fspath(staging))  # a forked worker has a pid, and a pack, of its own
    own = _OWN.get(key)
    if own is None:
        (staging / RENDERED).mkdir(exist_ok=True)
        own = _OWN[key] = _WorkerPack(staging / RENDERED / _pack_name(), set())
    if digest in own.written:
        return
    append(own.path, _record(digest, data))
    own.written.add(digest)


def append(pack: Path, record: bytes) -> None:
    """Add ``record`` at the end of ``pack`` (made if need be), its writing back started."""
    fd = os.open(pack, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)
    try:
        view = memoryview(record)
        while view:
            view = view[os.write(fd, view) :]
        start_writeback(fd)
    finally:
        os.close(fd)


def _record(digest: str, data: bytes) -> bytes:
    return _RECORD.pack(_MAGIC, bytes.fromhex(digest), len(data)) + data


def stage_bases(staging: Path, new: dict[str, str], keep: set[str]) -> None:
    """In the staging folder: every base in ``keep`` kept, none other. The workers' packs
    move in; a new file (name → hash) that no pack holds is packed from the staging folder
    (a document the render's own process wrote); a pack none of whose bases is kept goes,
    and one whose kept bases fill less than half of it has them copied to the new pack.
    A copy, never a link, of a document: a notary saving in place must not change a base."""
    folder = staging / BASES
    folder.mkdir(parents=True, exist_ok=True)
    for pack in _packs(staging / RENDERED):
        os.replace(pack, folder / pack.name)
    shutil.rmtree(staging / RENDERED, ignore_errors=True)
    single = set()
    for name in os.listdir(folder):
        if name.endswith(_LOOSE) and name.removesuffix(_LOOSE) in keep:
            single.add(name.removesuffix(_LOOSE))  # kept as it is
        elif not name.endswith(PACK):
            os.unlink(folder / name)
    keep = keep - single
    holders: dict[str, list[_Slot]] = {}
    sizes: dict[Path, int] = {}
    for pack in sorted(_packs(folder)):
        sizes[pack] = 0
        for digest, offset, size in _records(pack):
            if digest in keep:
                holders.setdefault(digest, []).append(_Slot(pack, offset, size))
                sizes[pack] += size
    dropped = {p for p, live in sizes.items() if live == 0 or 2 * live < os.path.getsize(p)}
    staged = {digest: name for name, digest in sorted(new.items())}
    out = folder / _pack_name()
    with open(out, "ab") as fh:
        for digest in sorted(keep):
            slots = holders.get(digest, [])
            if any(s.pack not in dropped for s in slots):
                continue
            found: Iterator[bytes | None] = (_read(s) for s in slots)
            if digest in staged:
                found = itertools.chain(found, [(staging / staged[digest]).read_bytes()])
            data = next((d for d in found if d is not None and hashlib.sha256(d).hexdigest() == digest), None)
            if data is not None:
                fh.write(_record(digest, data))
    for pack in dropped:
        os.unlink(pack)
    if os.path.getsize(out) == 0:
        os.unlink(out)
