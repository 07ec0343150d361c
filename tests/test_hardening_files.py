"""Special files and bombs (issue 16, classes 3 and 4): only regular files are read, with a
bounded read, before anything else; a DOCX member that would inflate beyond the limits, or
that no Word document has, is refused unread (``actegen.bounded``).

Every run that could hang runs in a subprocess with a timeout: a FIFO nobody writes to
would block an ``open`` or a ``read`` forever.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from actegen.bounded import MAX_DOCX_BYTES, MAX_MEMBER_BYTES, Refused, check_docx, read_regular
from actegen.templates import shipped_templates_dir

from .helpers import GIRIMBELLES, CliResult, entry_point_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and /proc are POSIX")

_LIMIT = 20 * 1024 * 1024
_FIFO = "c'est un tube (FIFO), pas un fichier ordinaire : actegen ne le lit pas"
_DEVICE = "c'est un périphérique, pas un fichier ordinaire : actegen ne le lit pas"
_LOOP = "lien symbolique en boucle (ou chaîne de liens trop longue)"


def _actegen(*args: str, cwd: Path, timeout: float = 120) -> CliResult:
    """``actegen ARGS`` in a subprocess that must end within ``timeout`` seconds."""
    done = subprocess.run(
        [sys.executable, "-m", "actegen.cli", *args],
        cwd=cwd,
        env=entry_point_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return CliResult(done.returncode, done.stdout, done.stderr)


# --------------------------------------------------------------------------------------
# Class 4: special files as a case


def _special(tmp_path: Path, kind: str) -> tuple[str, str]:
    """A case path of ``kind`` and the refusal expected for it."""
    case = tmp_path / "dossier.yaml"
    if kind == "fifo":
        os.mkfifo(case)
        return "dossier.yaml", _FIFO
    if kind == "device":
        case.symlink_to("/dev/zero")  # a link to a device: followed, then refused
        return "dossier.yaml", _DEVICE
    if kind == "loop":
        case.symlink_to(tmp_path / "autre.yaml")
        (tmp_path / "autre.yaml").symlink_to(case)
        return "dossier.yaml", _LOOP
    if kind == "sparse":
        with open(case, "wb") as fh:
            fh.truncate(1 << 30)  # a gigabyte reported, nothing stored: refused by its size
        return "dossier.yaml", f"fichier trop volumineux ({1 << 30} octets ; limite {_LIMIT} octets)"
    if kind == "proc":  # reports a size of 0, holds far more than the limit
        return "/proc/self/pagemap", f"fichier trop volumineux (plus de {_LIMIT} octets)"
    raise AssertionError(kind)


@pytest.mark.parametrize("command", ["render", "validate"])
@pytest.mark.parametrize("kind", ["fifo", "device", "loop", "sparse", "proc"])
def test_a_special_file_as_a_case_is_refused_at_once(tmp_path: Path, kind: str, command: str):
    if kind == "proc" and not Path("/proc/self/pagemap").exists():
        pytest.skip("no /proc")
    name, message = _special(tmp_path, kind)
    args = (command, name, "-o", "sortie") if command == "render" else (command, name)
    start = time.monotonic()
    result = _actegen(*args, cwd=tmp_path, timeout=60)
    assert time.monotonic() - start < 60
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"{name}:1:1: {message}" in result.stderr, result.stderr
    assert not (tmp_path / "sortie").exists() or not list((tmp_path / "sortie").rglob("*.docx"))


@pytest.mark.slow
def test_special_files_in_a_folder_are_refused_and_the_others_rendered(tmp_path: Path):
    folder = tmp_path / "dossiers"
    folder.mkdir()
    shutil.copy(GIRIMBELLES, folder / "a-bon.yaml")
    os.mkfifo(folder / "b-tube.yaml")
    (folder / "c-boucle.yaml").symlink_to(folder / "c-boucle.yaml")
    (folder / "d-peripherique.yaml").symlink_to("/dev/zero")
    result = _actegen("render", "dossiers", "-o", "sortie", "-j", "1", cwd=tmp_path, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"dossiers/b-tube.yaml:1:1: {_FIFO}" in result.stderr, result.stderr
    assert f"dossiers/c-boucle.yaml:1:1: {_LOOP}" in result.stderr
    assert f"dossiers/d-peripherique.yaml:1:1: {_DEVICE}" in result.stderr
    # the Girimbelles set: 11 actes, 9 conventions, the délibération and the note de calcul
    assert len(list((tmp_path / "sortie" / "girimbelles-1993").glob("*.docx"))) == 33


def test_read_regular_never_reads_past_its_limit(tmp_path: Path):
    path = tmp_path / "f"
    path.write_bytes(b"x" * 1001)
    assert read_regular(path, 1001) == b"x" * 1001
    with pytest.raises(Refused, match="fichier trop volumineux"):
        read_regular(path, 1000)
    with pytest.raises(IsADirectoryError):
        read_regular(tmp_path, 1000)
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "absent", 1000)


# --------------------------------------------------------------------------------------
# Class 4: special files in --templates DIR


def _templates(tmp_path: Path) -> Path:
    folder = tmp_path / "modeles"
    shutil.copytree(shipped_templates_dir(), folder)
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["fifo", "loop", "device"])
def test_a_special_file_as_a_template_is_refused(tmp_path: Path, kind: str):
    folder = _templates(tmp_path)
    acte = folder / "acte_de_vente.docx"
    acte.unlink()
    if kind == "fifo":
        os.mkfifo(acte)
        expected = "acte_de_vente.docx: le modèle n'est pas un fichier ordinaire"
    elif kind == "loop":
        acte.symlink_to(acte)
        expected = "acte_de_vente.docx: modèle illisible (ELOOP)"
    else:
        acte.symlink_to("/dev/zero")
        expected = "acte_de_vente.docx: le modèle n'est pas un fichier ordinaire"
    result = _actegen(
        "render", str(GIRIMBELLES), "-o", "sortie", "--templates", str(folder), "-j", "1", cwd=tmp_path
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert expected in result.stderr, result.stderr
    assert not list((tmp_path / "sortie").rglob("*.docx"))


# --------------------------------------------------------------------------------------
# Class 3: bombs in templates and in diff/merge inputs


def _with_member(source: Path, target: Path, name: str, size: int, *, copies: int = 1) -> Path:
    """``source`` with ``copies`` members ``name`` (numbered) of ``size`` zero bytes, deflated
    (about a thousandth of their size on disk)."""
    with zipfile.ZipFile(source) as z:
        members = {info.filename: z.read(info) for info in z.infolist()}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for member, data in members.items():
            z.writestr(member, data)
        block = b"\0" * (1 << 20)
        for i in range(copies):
            with z.open(f"{name}{i or ''}", "w", force_zip64=True) as fh:
                for _ in range(size >> 20):
                    fh.write(block)
    return target


_BOMB = (
    f"la partie « word/media/image.png » ferait plus de {MAX_MEMBER_BYTES >> 20} Mio une fois "
    "décompressée (bombe de décompression ?)"
)


@pytest.mark.parametrize(
    ("name", "size", "copies", "message"),
    [
        ("word/media/image.png", MAX_MEMBER_BYTES + (1 << 20), 1, _BOMB),
        ("word/media/image", 100 << 20, 3, "le document ferait plus de 256 Mio une fois décompressé"),
        ("bombe.bin", 1 << 20, 1, "la partie « bombe.bin » n'appartient pas à un document Word"),
        ("word/../../etc/x", 1 << 20, 1, None),  # inside word/: a name, never a path (bounded anyway)
    ],
    ids=["one-member", "in-total", "foreign-member", "odd-name"],
)
def test_a_template_bomb_is_refused_unread(
    tmp_path: Path, name: str, size: int, copies: int, message: str | None
):
    acte = shipped_templates_dir() / "acte_de_vente.docx"
    bomb = _with_member(acte, tmp_path / "bombe.docx", name, size, copies=copies)
    assert bomb.stat().st_size < MAX_DOCX_BYTES
    start = time.monotonic()
    if message is None:
        check_docx(bomb.read_bytes())
        return
    with pytest.raises(Refused, match=re.escape(message)):
        check_docx(bomb.read_bytes())
    assert time.monotonic() - start < 5, "refused without inflating"


@pytest.mark.slow
def test_a_bomb_in_templates_stops_the_render_not_the_machine(tmp_path: Path):
    folder = _templates(tmp_path)
    acte = folder / "acte_de_vente.docx"
    _with_member(shipped_templates_dir() / "acte_de_vente.docx", acte, "word/media/image.png", 200 << 20)
    clause = folder / "clauses" / "cloture.docx"
    _with_member(shipped_templates_dir() / "clauses" / "cloture.docx", clause, "bombe.bin", 1 << 20)
    result = _actegen(
        "render", str(GIRIMBELLES), "-o", "sortie", "--templates", str(folder), "-j", "1", cwd=tmp_path
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"acte_de_vente.docx: fichier modèle refusé : {_BOMB}" in result.stderr or (
        "fichier de clause refusé : la partie « bombe.bin » n'appartient pas à un document Word"
        in result.stderr
    ), result.stderr
    assert not list((tmp_path / "sortie").rglob("*.docx"))


@pytest.mark.parametrize("command", ["diff", "merge"])
def test_a_bomb_given_to_diff_or_merge_is_refused(tmp_path: Path, command: str):
    from .helpers import run_cli

    acte = shipped_templates_dir() / "acte_de_vente.docx"
    bomb = _with_member(acte, tmp_path / "bombe.docx", "word/media/image.png", MAX_MEMBER_BYTES + (1 << 20))
    os.mkfifo(tmp_path / "tube.docx")
    good = tmp_path / "bon.docx"
    shutil.copy(acte, good)
    if command == "diff":
        runs = [("diff", str(good), str(bomb)), ("diff", str(tmp_path / "tube.docx"), str(good))]
    else:
        runs = [
            ("merge", str(good), str(bomb), str(good), "-o", str(tmp_path / "out.docx")),
            ("merge", str(good), str(good), str(tmp_path / "tube.docx"), "-o", str(tmp_path / "out.docx")),
        ]
    for args, message in zip(runs, [_BOMB, _FIFO]):
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert message in result.stderr, result.stderr
