"""The templates' digests remembered by file status (``build/statcache.py``): a re-run reads
no template it has hashed before, and never takes a changed one for unchanged.

The cache goes to a folder of the test (``XDG_CACHE_HOME``). ``RACY_NS`` is set below zero
where a test needs files just written to be recorded (they would be « racy » otherwise).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from actegen.build import statcache
from actegen.build.fingerprints import Fingerprints, _regular_files
from actegen.build.noop import unchanged_set
from actegen.build.options import SetOptions
from actegen.pipeline import render_set
from actegen.template_paths import shipped_templates_dir
from actegen.user_cache import CACHE_ENV

from .helpers import CASES

TRUST_ALL = -3600 * 10**9  # « changed more than an hour in the future »: every file is recorded


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache file of this test, in its own XDG cache folder (not the session's)."""
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    path = statcache.cache_file()
    assert path == tmp_path / "xdg" / "actegen" / "empreintes.json"
    return path


def _templates(tmp_path: Path) -> Path:
    folder = tmp_path / "modeles"
    folder.mkdir()
    shutil.copy(shipped_templates_dir() / "acte_de_vente.docx", folder)
    return folder


def _prints(folder: Path) -> tuple[str, str, str, dict[str, str]]:
    p = Fingerprints.of(folder)
    return p.code, p.parameters, p.templates, p.template_files


def _entries(cache: Path) -> dict[str, list[object]]:
    """The cache's entries, by path (the file names them by a hash of it)."""
    entries = json.loads(cache.read_bytes())["fichiers"]
    return _ByPath(entries)


class _ByPath(dict):
    def __contains__(self, path: object) -> bool:
        return super().__contains__(statcache.path_key(str(path)))

    def __getitem__(self, path: str) -> list[object]:
        return super().__getitem__(statcache.path_key(path))


def test_the_walk_keeps_the_files_rglob_keeps_in_its_order(tmp_path: Path):
    """The walk replaced ``sorted(root.rglob("*"))`` + ``is_file()``: the same files, in the
    same order (by parts: « a/b » before « a-c »), so that the digests did not change."""
    root = tmp_path / "arbre"
    (root / "a").mkdir(parents=True)
    (root / "a" / "b").write_text("b")
    (root / "a-c").write_text("a-c")
    (root / ".cache").mkdir()
    (root / ".cache" / "x.py").write_text("x")
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "y.py").write_text("y")
    (root / "a" / "__pycache__").write_text("a file of that name")
    (root / "lien").symlink_to(root / "a-c")
    (root / "dossier-lie").symlink_to(root / "a")  # a link to a folder is not walked
    (root / "casse").symlink_to(root / "absent")
    os.mkfifo(root / "tube")
    expected = [
        p.relative_to(root).parts
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    ]
    assert [parts for parts, _, _ in _regular_files(root)] == expected
    assert expected == [(".cache", "x.py"), ("a", "b"), ("a-c",), ("lien",)]
    assert _regular_files(root / "absent") == []


def test_a_warm_cache_gives_the_digests_of_a_cold_one(tmp_path: Path, cache: Path, monkeypatch):
    folder = _templates(tmp_path)
    monkeypatch.setattr(statcache, "RACY_NS", TRUST_ALL)
    cold = _prints(folder)
    assert cache.is_file()
    recorded = _entries(cache)
    assert str(folder / "acte_de_vente.docx") in recorded
    assert str(shipped_templates_dir() / "clauses") not in recorded  # files only
    before = cache.stat().st_mtime_ns
    assert _prints(folder) == cold
    assert cache.stat().st_mtime_ns == before  # nothing new: the cache is not written again
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "autre"))
    assert _prints(folder) == cold  # no cache at all


def test_a_recorded_digest_is_used_only_while_the_status_is_the_same(
    tmp_path: Path, cache: Path, monkeypatch
):
    folder = _templates(tmp_path)
    template = folder / "acte_de_vente.docx"
    monkeypatch.setattr(statcache, "RACY_NS", TRUST_ALL)
    real = Fingerprints.of(folder).template_files["acte_de_vente.docx"]
    data = json.loads(cache.read_bytes())
    data["fichiers"][statcache.path_key(str(template))][5] = "0" * 64
    cache.write_text(json.dumps(data), encoding="utf-8")
    assert Fingerprints.of(folder).template_files["acte_de_vente.docx"] == "0" * 64  # trusted
    st = template.stat()
    os.utime(template, ns=(st.st_atime_ns, st.st_mtime_ns))  # the same times, a new ctime
    assert Fingerprints.of(folder).template_files["acte_de_vente.docx"] == real


def test_a_template_changed_within_the_same_mtime_after_a_no_op_is_rendered_again(
    tmp_path: Path, cache: Path, monkeypatch
):
    """The racy case: the template's bytes change, its size and mtime stay (``os.utime``)."""
    monkeypatch.setattr(statcache, "RACY_NS", TRUST_ALL)
    folder = _templates(tmp_path)
    case = CASES / "vente-hlm-2023.yaml"
    options = SetOptions(tmp_path / "out", templates=folder)
    assert not render_set([case], options).failed_cases
    assert unchanged_set([case], options) is not None  # the no-op, the cache recorded
    template = folder / "acte_de_vente.docx"
    assert str(template) in _entries(cache)
    st = template.stat()
    data = bytearray(template.read_bytes())
    data[-30] ^= 0xFF  # in the zip's central directory: another file, as long
    template.write_bytes(bytes(data))
    os.utime(template, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert template.stat().st_size == st.st_size and template.stat().st_mtime_ns == st.st_mtime_ns
    assert unchanged_set([case], options) is None  # the pipeline renders it again


def test_a_file_changed_just_before_the_run_is_not_recorded(tmp_path: Path, cache: Path):
    """With the real margin: a template written now is hashed, and hashed again next time."""
    folder = _templates(tmp_path)  # copied just now: mtime and ctime are recent
    first = _prints(folder)
    assert str(folder / "acte_de_vente.docx") not in (_entries(cache) if cache.exists() else {})
    assert _prints(folder) == first


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xffpas du JSON",
        b"[1, 2, 3]",
        b'{"format": "autre", "fichiers": {}}',
        b'{"format": "%s", "fichiers": []}' % statcache._FORMAT.encode(),
        b'{"format": "%s", "fichiers": {"%s": [1, 2]}}',
        b'{"format": "%s", "fichiers": {"%s": "x"}}',
        b'{"format": "%s", "fichiers": {"%s": [0, 0, 0, 0, 0, "pas un condensat"]}}',
    ],
)
def test_a_corrupt_cache_is_ignored_and_replaced(tmp_path: Path, cache: Path, monkeypatch, content: bytes):
    folder = _templates(tmp_path)
    template = folder / "acte_de_vente.docx"
    expected = _prints(folder)
    if content.count(b"%s") == 2:
        content = content % (statcache._FORMAT.encode(), statcache.path_key(str(template)).encode())
    if b"[0, 0, 0, 0, 0," in content:  # the right status, a digest that is not one
        key = json.dumps(statcache.stat_key(template.stat()))[1:-1].encode()
        content = content.replace(b"0, 0, 0, 0, 0", key)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(content)
    monkeypatch.setattr(statcache, "RACY_NS", TRUST_ALL)
    assert _prints(folder) == expected
    assert len(_entries(cache)[str(template)]) == 6  # written again, whole


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path, monkeypatch):
    (tmp_path / "fichier").write_text("un fichier où irait le dossier du cache")
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fichier"))
    monkeypatch.setattr(statcache, "RACY_NS", TRUST_ALL)
    folder = _templates(tmp_path)
    monkeypatch.delenv("HOME", raising=False)
    assert _prints(folder) == _prints(folder)
    monkeypatch.setenv("XDG_CACHE_HOME", "relatif")  # ignored, as XDG says; no HOME: no cache
    assert statcache.cache_file() is None
    assert _prints(folder)


def test_a_document_edited_within_the_same_mtime_after_a_no_op_is_seen(
    tmp_path: Path, cache: Path, monkeypatch
):
    """The documents' cache (one per output root): an edit that keeps the size and the mtime
    of a document the no-op recorded is still an edit."""
    monkeypatch.setattr(statcache, "RACY_NS", TRUST_ALL)
    case = CASES / "vente-hlm-2023.yaml"
    options = SetOptions(tmp_path / "out", templates=_templates(tmp_path))
    assert not render_set([case], options).failed_cases
    assert unchanged_set([case], options) is not None
    outputs = statcache.outputs_cache_file((tmp_path / "out").resolve())
    assert outputs is not None and outputs.parent == cache.parent / "sorties"
    (document,) = sorted((tmp_path / "out" / "vente-hlm-2023").glob("acte-de-vente*.docx"))[:1]
    assert str(document) in _entries(outputs)
    # a document's name carries a household's: the cache names it by a hash, for its user only
    assert document.stem.split("_")[-1].encode() not in outputs.read_bytes()
    assert outputs.stat().st_mode & 0o777 == 0o600
    assert unchanged_set([case], options) is not None  # from the cache
    st = document.stat()
    data = bytearray(document.read_bytes())
    data[-30] ^= 0xFF
    document.write_bytes(bytes(data))
    os.utime(document, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert unchanged_set([case], options) is None  # the pipeline keeps the edit, writes beside it
