"""The bases' packs: what a render keeps of what it wrote, read back by hash, never more than
twice what is still referred to, and never a wrong base (``output/bases.py``)."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from actegen.hashing import sha256
from actegen.output.bases import BASES, PACK, RENDERED, read_base, stage_bases, stored, write_base

from .helpers import GIRIMBELLES, run_cli
from .test_sets_render import ID


def _doc(n: int, size: int = 3000) -> bytes:
    return (f"document {n} ".encode() * size)[:size]


def _staging(tmp_path: Path, name: str = "staging") -> Path:
    staging = tmp_path / name
    staging.mkdir()
    return staging


def _packs(folder: Path) -> list[Path]:
    return sorted((folder / BASES).glob(f"*{PACK}"))


def test_a_render_keeps_its_bases_in_a_pack_per_worker(tmp_path: Path):
    assert run_cli("render", str(GIRIMBELLES), "-o", str(tmp_path), "--jobs", "2").returncode == 0
    folder = tmp_path / ID
    docs = sorted(folder.glob("*.docx"))
    assert 1 <= len(_packs(folder)) <= 3 < len(docs)  # the workers' packs, perhaps the render's own
    assert [p.name for p in (folder / BASES).iterdir() if not p.name.endswith(PACK)] == []
    for doc in docs:
        assert read_base(folder, sha256(doc.read_bytes())) == doc.read_bytes()


def test_a_torn_or_damaged_pack_gives_no_wrong_base(tmp_path: Path):
    staging = _staging(tmp_path)
    datas = [_doc(i) for i in range(3)]
    for data in datas:
        write_base(staging, sha256(data), data)
    stage_bases(staging, {}, {sha256(d) for d in datas})
    (pack,) = _packs(staging)
    whole = pack.read_bytes()
    pack.write_bytes(whole[:-10])  # a worker killed while writing the last one
    assert [read_base(staging, sha256(d)) for d in datas] == [datas[0], datas[1], None]
    flipped = bytearray(whole)
    flipped[len(whole) // 2] ^= 0xFF  # a byte of the second base changed on disk
    pack.write_bytes(bytes(flipped))
    assert [read_base(staging, sha256(d)) is not None for d in datas] == [True, False, True]


def test_a_folder_of_single_bases_is_read_and_pruned_as_before(tmp_path: Path):
    staging = _staging(tmp_path)
    (staging / BASES).mkdir(parents=True)
    old, gone = _doc(1), _doc(2)
    for data in (old, gone):
        (staging / BASES / f"{sha256(data)}.docx.gz").write_bytes(
            gzip.compress(data, compresslevel=0, mtime=0)
        )
    assert read_base(staging, sha256(old)) == old
    stage_bases(staging, {}, {sha256(old)})
    assert sorted(p.name for p in (staging / BASES).iterdir()) == [f"{sha256(old)}.docx.gz"]
    assert stored(staging) == {sha256(old)}


def test_the_workers_packs_move_in_and_a_document_no_pack_holds_is_packed(tmp_path: Path):
    staging = _staging(tmp_path)
    packed, alone = _doc(1), _doc(2)
    write_base(staging, sha256(packed), packed)
    (staging / "b.docx").write_bytes(alone)  # written by the render's own process, no base yet
    stage_bases(staging, {"a.docx": sha256(packed), "b.docx": sha256(alone)}, {sha256(packed), sha256(alone)})
    assert not (staging / RENDERED).exists()
    assert stored(staging) == {sha256(packed), sha256(alone)}
    assert read_base(staging, sha256(alone)) == alone


@settings(max_examples=30, deadline=None)
@given(runs=st.lists(st.sets(st.integers(0, 11), min_size=1), min_size=1, max_size=6))
def test_the_packs_keep_every_referenced_base_and_never_twice_their_size(tmp_path_factory, runs):
    """Renders one after the other, each referring to a set of documents (some new, some
    kept): after each, every referenced base reads back, and the packs hold no more than twice
    the bytes still referred to (plus the records' headers): a base no longer referred to
    stays only in a pack that is at least half live."""
    folder = tmp_path_factory.mktemp("dossier")
    for i, wanted in enumerate(runs):
        staging = folder.parent / f"{folder.name}.run{i}"
        staging.mkdir()
        if (folder / BASES).is_dir():  # the previous set's bases, linked in as the swap does
            (staging / BASES).mkdir(parents=True)
            for p in (folder / BASES).iterdir():
                os.link(p, staging / BASES / p.name)
        kept = {sha256(_doc(n, 2000 + 97 * n)) for n in wanted}
        for n in sorted(wanted):
            data = _doc(n, 2000 + 97 * n)
            if read_base(folder, sha256(data)) is None:  # rendered again: a worker packs it
                write_base(staging, sha256(data), data)
        stage_bases(staging, {}, kept)
        if (folder / BASES).is_dir():
            for p in (folder / BASES).iterdir():
                p.unlink()
            (folder / BASES).rmdir()
        (folder / BASES).parent.mkdir(exist_ok=True)
        os.rename(staging / BASES, folder / BASES)
        assert kept <= stored(folder)
        assert all(read_base(folder, d) is not None for d in kept)
        live = sum(len(_doc(n, 2000 + 97 * n)) for n in wanted)
        assert sum(p.stat().st_size for p in _packs(folder)) <= 2 * (live + 44 * len(wanted)) + 2 * 2000
