"""The output folder (issue 16, classes 7 and 8): ours only where we created it, and no
edit lost.

Nothing found in a case's folder is followed (a link stays a link, a FIFO is never read, a
linked case folder is refused); the folder keeps its mode and group; a full disk is a
French message with the previous set whole and no staging folder left; a document saved
while the render runs is kept, the new version beside it.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actegen.build import workers as build_workers
from actegen.errors import OutputError
from actegen.naming import safe_name
from actegen.output import bases as output_bases
from actegen.output import staging as output_staging
from actegen.output.manifest import MANIFEST, read_manifest
from actegen.pipeline import SetOptions, render_set

from .helpers import CASES, run_cli

CASE = CASES / "vente-hlm-2023.yaml"
ID = "vente-hlm-2023"
ACTE = "acte-de-vente_lot-34_DIAKITE.docx"
NOTE_LOT = "note-de-calcul_lot-34_DIAKITE.docx"
NOUVEAU = "acte-de-vente_lot-34_DIAKITE.nouveau.docx"

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="links, FIFOs, tmpfs and groups as on Linux")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.is_symlink()}


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith("."))


_RUNS = [0]


def changed_case(folder: Path) -> Path:
    """The case with another name each time: every document is rendered again."""
    _RUNS[0] += 1
    case = folder / f"{ID}.yaml"
    text = CASE.read_text(encoding="utf-8")
    case.write_text(text.replace("Les Érables", f"Les Érables {_RUNS[0]}", 1), encoding="utf-8")
    return case


def build(out: Path, *, force: bool = False):
    """Render the case again (changed) into ``out``."""
    report = render_set([changed_case(out.parent)], SetOptions(output_root=out, force=force))
    return report.cases[0]


@pytest.fixture
def rendered(tmp_path: Path) -> Path:
    out = tmp_path / "sortie"
    assert build(out).ok
    return out


# --------------------------------------------------------------------------------------
# 7. Never follow a link we did not create


def test_links_and_special_files_in_the_folder_are_kept_never_followed(rendered: Path):
    folder = rendered / ID
    (folder / "etc").symlink_to("/etc")
    (folder / "zero").symlink_to("/dev/zero")
    (folder / "lien.docx").symlink_to(ACTE)
    (folder / "cassé").symlink_to("/nulle/part")
    os.mkfifo(folder / "tube")
    annexes = folder / "annexes"
    annexes.mkdir()
    (annexes / "plan.pdf").write_bytes(b"%PDF plan")
    (annexes / "boucle").symlink_to("..")
    os.mkfifo(annexes / "tube")
    outcome = build(rendered, force=True)
    assert outcome.ok, outcome.error
    assert sorted(outcome.written) == sorted([ACTE, NOTE_LOT, "note-de-calcul_vente-hlm-2023.docx"])
    for name, points_to in (
        ("etc", "/etc"),
        ("zero", "/dev/zero"),
        ("lien.docx", ACTE),
        ("cassé", "/nulle/part"),
    ):
        assert os.readlink(folder / name) == points_to
    assert stat.S_ISFIFO(os.lstat(folder / "tube").st_mode)
    assert stat.S_ISFIFO(os.lstat(annexes / "tube").st_mode)
    assert (annexes / "plan.pdf").read_bytes() == b"%PDF plan"
    assert os.readlink(annexes / "boucle") == ".."
    assert leftovers(rendered) == []


def test_a_mount_inside_the_folder_is_refused_and_the_set_kept(rendered: Path):
    folder = rendered / ID
    before = tree(folder)
    mounted = folder / "monté"
    mounted.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mounted)], check=False
    ).returncode:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        (mounted / "gros").write_bytes(b"x" * 1000)
        outcome = build(rendered, force=True)
    finally:
        subprocess.run(["umount", str(mounted)], check=True)
    assert "un autre système de fichiers est monté dans le dossier de sortie" in str(outcome.error)
    assert outcome.written == []
    assert tree(folder) == before
    assert leftovers(rendered) == []


def test_a_linked_case_folder_is_refused_and_leaves_nothing(tmp_path: Path):
    elsewhere = tmp_path / "ailleurs"
    assert build(elsewhere).ok
    before = tree(elsewhere / ID)
    out = tmp_path / "sortie"
    out.mkdir()
    (out / ID).symlink_to(elsewhere / ID)
    result = run_cli("render", str(CASE), "-o", str(out))
    assert result.returncode == 1
    assert (
        "le dossier de sortie du dossier est un lien symbolique ; actegen ne suit pas les liens"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert tree(elsewhere / ID) == before
    assert sorted(p.name for p in out.iterdir()) == [ID]
    assert leftovers(elsewhere) == []
    check = run_cli("render", "--check", str(CASE), "-o", str(out))
    assert check.returncode == 1 and "lien symbolique" in check.stderr


@pytest.mark.parametrize("mode", [0o2770, 0o700, 0o751])
def test_the_folder_keeps_its_mode_and_group(rendered: Path, mode: int):
    folder = rendered / ID
    os.chown(folder, -1, 4321)
    os.chmod(folder, mode)
    assert build(rendered, force=True).written
    info = os.stat(folder)
    assert stat.S_IMODE(info.st_mode) == mode
    assert info.st_gid == 4321


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_a_new_folder_follows_the_umask(tmp_path: Path, umask: int):
    old = os.umask(umask)
    try:
        assert build(tmp_path / "sortie").ok
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "sortie" / ID).st_mode) == 0o777 & ~umask


# --------------------------------------------------------------------------------------
# 7. A full disk: a French message, the previous set whole, no staging left

FULL_DISK = "disque plein (ou quota atteint) ; les documents déjà présents sont intacts"


def _fails_with(code: int, real):
    """``real``, failing with ``code`` inside a staging folder (or for the folder itself)."""

    def fail(*args, **kwargs):
        inside = any(".tmp" in str(a) for a in args if isinstance(a, (str, Path)))
        if inside:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    return fail


WRITE_POINTS = [
    (build_workers, "write_file"),  # a document into the staging folder
    (output_bases, "append"),  # its base, into the worker's pack
    (output_staging, "write_file"),  # the manifest
    (output_staging, "_link_or_copy"),  # a kept file linked into the staging folder
    (output_staging.os, "symlink"),  # a kept link
    (output_staging.os, "mkdir"),  # a kept folder, and the staging folder itself
]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
@pytest.mark.parametrize(("module", "name"), WRITE_POINTS, ids=[n for _m, n in WRITE_POINTS])
def test_a_full_disk_at_each_write_point(rendered: Path, monkeypatch, module, name: str, code: int):
    folder = rendered / ID
    (folder / "annexe.pdf").write_bytes(b"%PDF")
    (folder / "lien").symlink_to("annexe.pdf")
    (folder / "pièces").mkdir()
    before = tree(folder)
    monkeypatch.setattr(module, name, _fails_with(code, getattr(module, name)))
    outcome = build(rendered, force=True)  # the staging folder cannot be made: this case fails
    message, written = str(outcome.error) + "".join(outcome.failures), outcome.written
    monkeypatch.undo()
    assert FULL_DISK in message
    assert written == []
    assert tree(folder) == before
    assert leftovers(rendered) == []


def test_a_real_full_disk(tmp_path: Path):
    disk = tmp_path / "disque"
    disk.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=384k", "tmpfs", str(disk)], check=False
    ).returncode:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        out = disk / "sortie"
        assert build(out).ok
        before = tree(out / ID)
        free = shutil.disk_usage(disk).free
        (disk / "plein").write_bytes(b"\0" * (free - 40_000))  # room for less than one document
        result = run_cli("render", str(changed_case(tmp_path)), "-o", str(out))
        assert result.returncode == 1
        assert FULL_DISK in result.stderr
        assert "Traceback" not in result.stderr
        assert tree(out / ID) == before
        assert leftovers(out) == []
    finally:
        subprocess.run(["umount", str(disk)], check=True)


# --------------------------------------------------------------------------------------
# 8. A document saved while the render runs is an edited document


def _save_by_rename(path: Path) -> bytes:
    edit = path.read_bytes() + b"edit-by-rename"
    tmp = path.with_name(".~lock" + path.name)
    tmp.write_bytes(edit)
    tmp.rename(path)  # as office suites save
    return edit


def _save_in_place(path: Path) -> bytes:
    with open(path, "r+b") as fh:
        fh.seek(0, os.SEEK_END)
        fh.write(b"edit-in-place")
    return path.read_bytes()


@pytest.mark.parametrize("save", [_save_by_rename, _save_in_place])
@pytest.mark.parametrize("force", [False, True])
def test_an_edit_saved_during_the_render_goes_beside(rendered: Path, monkeypatch, save, force: bool):
    folder = rendered / ID
    real = build_workers.render_items
    saved = rendered.parent / "edit.bin"  # the render runs in a worker: the edit is told by file

    def render_then_save(*args, **kwargs):
        results = real(*args, **kwargs)
        if not saved.exists():
            saved.write_bytes(save(folder / ACTE))  # between the plan and the swap
        return results

    monkeypatch.setattr(build_workers, "render_items", render_then_save)
    outcome = build(rendered, force=force)
    assert outcome.ok, outcome.error
    edits = [saved.read_bytes()]
    assert (folder / ACTE).read_bytes() == edits[0]
    assert (ACTE, NOUVEAU, True) in outcome.beside
    assert (folder / NOUVEAU).is_file()
    assert ACTE not in outcome.written
    # the next run sees the edit as an edit, and leaves it
    again = render_set([rendered.parent / f"{ID}.yaml"], SetOptions(output_root=rendered)).cases[0]
    assert (folder / ACTE).read_bytes() == edits[0]
    assert again.written == []


@pytest.mark.parametrize("save", [_save_by_rename, _save_in_place])
def test_an_edit_saved_just_before_the_swap_stops_it(rendered: Path, monkeypatch, save):
    folder = rendered / ID
    before = tree(folder)
    real = output_staging._take_mode
    edits: list[bytes] = []

    def mode_then_save(*args):
        real(*args)
        edits.append(save(folder / ACTE))  # after the last read, before the swap

    monkeypatch.setattr(output_staging, "_take_mode", mode_then_save)
    outcome = build(rendered, force=True)
    assert "modifié pendant l'écriture ; rien n'a été remplacé, relancer actegen" in str(outcome.error)
    assert (folder / ACTE).read_bytes() == edits[0]
    assert tree(folder) == {**before, ACTE: edits[0]}
    assert leftovers(rendered) == []
    assert MANIFEST in before


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
@pytest.mark.parametrize("save", [_save_by_rename, _save_in_place])
def test_an_edit_saved_in_the_instant_of_the_swap_is_put_back(rendered: Path, monkeypatch, save, exchange):
    """After the last re-check, the swap itself: the edit ends in the previous set, which
    the render looks at once swapped — the edit goes back, the new version beside it."""
    folder = rendered / ID
    if not exchange:
        monkeypatch.setattr(output_staging, "renameat2", False)
    real = output_staging._swap
    edits: list[bytes] = []

    def save_then_swap(new: Path, target: Path) -> Path:
        edits.append(save(target / ACTE))  # after every check, just before the system call
        return real(new, target)

    monkeypatch.setattr(output_staging, "_swap", save_then_swap)
    outcome = build(rendered, force=True)
    assert outcome.ok, outcome.error
    assert (folder / ACTE).read_bytes() == edits[0]
    assert (ACTE, NOUVEAU, True) in outcome.beside
    assert ACTE not in outcome.written
    assert (folder / NOUVEAU).is_file() and (folder / NOUVEAU).read_bytes() != edits[0]
    assert leftovers(rendered) == []
    monkeypatch.setattr(output_staging, "_swap", real)
    again = render_set([rendered.parent / f"{ID}.yaml"], SetOptions(output_root=rendered)).cases[0]
    assert again.ok and again.written == []  # the manifest knows the edit: kept, not redone
    assert (folder / ACTE).read_bytes() == edits[0]
    assert (ACTE, NOUVEAU, False) in again.beside


# --------------------------------------------------------------------------------------
# 10. A hostile or huge manifest: refused cleanly, with the offer to delete it

REFUSED_MANIFEST = "manifeste illisible"
DELETE_IT = "le supprimer pour repartir de zéro"


def _manifest_of(folder: Path) -> dict:
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.floats(allow_nan=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(data=json_values, where=st.sampled_from(["", "dossier", "documents", "doc", "nouveau", "avert"]))
def test_any_manifest_shape_is_read_or_refused_cleanly(tmp_path_factory, data, where: str):
    folder = tmp_path_factory.mktemp("m")
    good = {
        "format": 2,
        "actegen": "0.1.0",
        "dossier": {
            "id": ID,
            "entrees": "a" * 64,
            "avertissements": [{"ligne": 1, "colonne": 2, "message": "m"}],
        },
        "documents": {ACTE: {"modele": "acte.docx", "entrees": "b" * 64, "sortie": "c" * 64}},
    }
    if where == "":
        good = data
    elif where in ("dossier", "documents"):
        good[where] = data
    elif where == "doc":
        good["documents"][ACTE] = data
    elif where == "nouveau":
        good["documents"][ACTE]["nouveau"] = data
    else:
        good["dossier"]["avertissements"].append(data)
    (folder / MANIFEST).write_text(json.dumps(good), encoding="utf-8")
    try:
        manifest = read_manifest(folder)
    except OutputError as exc:
        assert REFUSED_MANIFEST in str(exc) and DELETE_IT in str(exc)
    else:
        for name, entry in manifest.documents.items():
            safe_name(name)
            assert isinstance(entry.ecrit.sortie, str)
        assert all(isinstance(w["message"], str) for w in manifest.warnings)


HOSTILE = {
    "a link to /dev/zero": lambda m: m.symlink_to("/dev/zero"),
    "a FIFO": os.mkfifo,
    "a folder": lambda m: m.mkdir(),
    "17 MiB": lambda m: m.write_bytes(b" " * (17 << 20)),
    "nested 100 000 deep": lambda m: m.write_text("[" * 100_000 + "]" * 100_000),
    "not UTF-8": lambda m: m.write_bytes(b'{"format": 2, "actegen": "\xff"}'),
    "a name leaving the folder": lambda m: m.write_text(
        json.dumps({"format": 2, "documents": {"../../etc/passwd": {"sortie": "c" * 64}}})
    ),
    "a name hidden in it": lambda m: m.write_text(json.dumps({"format": 2, "documents": {".x": {}}})),
    "an escape sequence in a warning": lambda m: m.write_text(
        json.dumps(
            {"format": 2, "dossier": {"avertissements": [{"ligne": 1, "colonne": 1, "message": "\x1b[2J"}]}}
        )
    ),
    "a hash that is not one": lambda m: m.write_text(
        json.dumps({"format": 2, "documents": {ACTE: {"sortie": 1}}})
    ),
}


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_manifest_is_refused_with_the_offer_to_delete_it(rendered: Path, make):
    folder = rendered / ID
    before = tree(folder)
    before.pop(MANIFEST)
    (folder / MANIFEST).unlink()
    make(folder / MANIFEST)
    result = run_cli("render", str(changed_case(rendered.parent)), "-o", str(rendered))
    assert result.returncode == 1
    assert f"{MANIFEST} : {REFUSED_MANIFEST}" in result.stderr and DELETE_IT in result.stderr
    assert "Traceback" not in result.stderr
    after = {k: v for k, v in tree(folder).items() if k != MANIFEST}
    assert after == before
    assert leftovers(rendered) == []


def test_a_manifest_of_format_1_is_still_read(rendered: Path):
    folder = rendered / ID
    data = _manifest_of(folder)
    old = {
        "documents": {n: {"modele": e["modele"], "sortie": e["sortie"]} for n, e in data["documents"].items()}
    }
    (folder / MANIFEST).write_text(json.dumps(old), encoding="utf-8")
    manifest = read_manifest(folder)
    assert {n: e.ecrit.sortie for n, e in manifest.documents.items()} == {
        n: e["sortie"] for n, e in data["documents"].items()
    }
