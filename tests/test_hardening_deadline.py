"""Class 2 and « one case never stops the others »: the time limit is a deadline the system
enforces — a template whose single operation runs long (no step of the sandbox to check
the clock) is killed with its worker process at the deadline, for ``--jobs 1`` and
``--jobs 2``, and the other case of the set is written; a bug on one case, or a staging
folder that cannot be made, fails that case only.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from actegen import pipeline
from actegen.build import pool as build_pool
from actegen.output import staging as output_staging
from actegen.pipeline import SetOptions, render_set
from actegen.sandbox import DEADLINE_ENV

from .helpers import ROOT, run_entry_point
from .test_hardening_templates import hostile_templates

SLOW_CASE = ROOT / "cases" / "psla-coop-2024.yaml"  # « Les Jardins de la Sèvre »
OTHER_CASE = ROOT / "cases" / "vente-hlm-2023.yaml"
SLOW_ID, OTHER_ID = "psla-coop-2024", "vente-hlm-2023"
DEADLINE = "2"

# One operation, no loop: comparing a thousand lists of five million items with another, item
# by item, in C — a minute, without a single step of the sandbox's budget. Only in one case.
ONE_LONG_OPERATION = (
    "{% if 'Jardins' in op.programme %}{% set x = [1] * 5000000 %}{% set y = [x] * 1000 %}"
    "{{ ([1] * 4999999 + [2]) in y }}{% endif %}"
)
# The same, as a method of the list: Python's own sort, in C.
ONE_LONG_METHOD = (
    "{% if 'Jardins' in op.programme %}{% set x = [1] * 5000000 %}{% set y = [x] * 1000 %}"
    "{{ y.sort() }}{% endif %}"
)


def _case_ids() -> None:
    for path, case_id in ((SLOW_CASE, SLOW_ID), (OTHER_CASE, OTHER_ID)):
        assert f"id: {case_id}" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("jinja", [ONE_LONG_OPERATION, ONE_LONG_METHOD], ids=["operator", "method"])
def test_a_single_long_operation_is_killed_at_the_deadline(tmp_path: Path, jobs: str, jinja: str):
    _case_ids()
    folder = hostile_templates(tmp_path, jinja)
    out = tmp_path / "sortie"
    start = time.monotonic()
    result = run_entry_point(
        "render",
        str(SLOW_CASE),
        str(OTHER_CASE),
        "--templates",
        str(folder),
        "-o",
        str(out),
        "-j",
        jobs,
        env={DEADLINE_ENV: DEADLINE},
    )
    elapsed = time.monotonic() - start
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert (
        f"acte_de_vente.docx: le modèle tourne depuis plus de {DEADLINE} secondes pour un document ; "
        "il a été arrêté (document acte-de-vente_" in result.stderr
    ), result.stderr
    assert not (out / SLOW_ID).exists()  # nothing of that case written
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]  # no staging left
    other = out / OTHER_ID
    assert any(p.suffix == ".docx" for p in other.iterdir())  # the other case is written
    assert elapsed < 60  # the operation alone takes about as long, on a free core


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_clause_running_long_is_killed_while_its_case_is_planned(tmp_path: Path, jobs: str):
    """A clause file renders while its case is planned (in a worker too): killed there."""
    folder = hostile_templates(tmp_path, ONE_LONG_METHOD, "clauses/capacite.docx")
    out = tmp_path / "sortie"
    result = run_entry_point(
        "render", str(SLOW_CASE), str(OTHER_CASE), "--templates", str(folder), "-o", str(out),
        "-j", jobs, env={DEADLINE_ENV: DEADLINE},
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert (
        f"psla-coop-2024.yaml : la préparation de ce dossier (calculs, clauses) tourne depuis plus de "
        f"{DEADLINE} secondes ; elle a été arrêtée" in result.stderr
    ), result.stderr
    assert not (out / SLOW_ID).exists()
    assert any(p.suffix == ".docx" for p in (out / OTHER_ID).iterdir())


def test_without_a_deadline_set_the_limit_is_the_documented_one(monkeypatch):
    from actegen import sandbox

    monkeypatch.delenv(DEADLINE_ENV, raising=False)
    assert sandbox.deadline_seconds() == sandbox.MAX_SECONDS == 300
    for bad in ("", "abc", "0", "-3", "1e9", "nan"):
        monkeypatch.setenv(DEADLINE_ENV, bad)
        assert sandbox.deadline_seconds() == sandbox.MAX_SECONDS
    monkeypatch.setenv(DEADLINE_ENV, "2.5")
    assert sandbox.deadline_seconds() == 2.5


def test_a_no_op_starts_no_worker(tmp_path: Path, monkeypatch):
    """A set already up to date runs no template: it stays in this process, --jobs 1 or 2."""
    options = SetOptions(output_root=tmp_path / "sortie", jobs=1)
    first = render_set([OTHER_CASE], options).cases[0]
    assert first.ok and first.written

    def no_pool(self):
        raise AssertionError("a worker was started for a no-op")

    monkeypatch.setattr(build_pool.Pool, "get", no_pool)
    for jobs in (1,):
        again = render_set([OTHER_CASE], SetOptions(output_root=tmp_path / "sortie", jobs=jobs)).cases[0]
        assert again.ok and again.written == [] and again.unchanged
        checked = render_set(
            [OTHER_CASE], SetOptions(output_root=tmp_path / "sortie", jobs=jobs, check=True)
        ).cases[0]
        assert checked.ok and checked.differences == []


# --------------------------------------------------------------------------------------
# One case never stops the others


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _three_cases(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "dossiers"
    folder.mkdir()
    names = ["vente-hlm-2023.yaml", "psla-coop-2024.yaml", "brs-ofs-2024.yaml"]
    for name in names:
        shutil.copy(ROOT / "cases" / name, folder / name)
    return [folder / n for n in names]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_bug_in_one_case_fails_that_case_only(tmp_path: Path, monkeypatch, jobs: int):
    cases = _three_cases(tmp_path)
    out = tmp_path / "sortie"
    render_set(cases, SetOptions(output_root=out, jobs=jobs))
    before = _tree(out / SLOW_ID)
    for path in cases:  # every case must be planned again
        path.write_text(path.read_text(encoding="utf-8") + "\n# modifié\n", encoding="utf-8")
    real = pipeline.compute

    def compute(case):
        if case["id"] == SLOW_ID:
            raise ZeroDivisionError("a bug")
        return real(case)

    monkeypatch.setattr(pipeline, "compute", compute)  # the workers are forked after this
    report = render_set(cases, SetOptions(output_root=out, jobs=jobs))
    by_id = {c.path.stem: c for c in report.cases}
    failed = by_id[SLOW_ID]
    assert failed.error is not None and failed.error.exit_code == 3
    assert str(failed.error).endswith(
        "psla-coop-2024.yaml : erreur interne sur ce dossier : ZeroDivisionError — signaler ce dossier"
    )
    assert "a bug" not in str(failed.error)
    assert _tree(out / SLOW_ID) == before  # previous set intact
    for case_id in ("vente-hlm-2023", "brs-ofs-2024"):
        assert by_id[case_id].ok, by_id[case_id].error
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_bug_while_rendering_a_document_fails_its_case_only(tmp_path: Path, monkeypatch):
    from actegen.render import Renderer

    cases = _three_cases(tmp_path)
    out = tmp_path / "sortie"
    real = Renderer.render

    def render(self, job, settings, *, fast=None):
        if job.filename == "acte-de-vente_lot-B12_GUERIN.docx":  # the acte of psla-coop-2024
            raise KeyError("bug")
        return real(self, job, settings, fast=fast)

    monkeypatch.setattr(Renderer, "render", render)
    report = render_set(cases, SetOptions(output_root=out, jobs=2))
    by_id = {c.path.stem: c for c in report.cases}
    error = by_id[SLOW_ID].error
    assert error is not None and error.exit_code == 3
    assert "erreur interne sur ce dossier : KeyError — signaler ce dossier" in str(error)
    assert not (out / SLOW_ID).exists()
    assert by_id["vente-hlm-2023"].ok and by_id["brs-ofs-2024"].ok


def test_an_internal_error_exits_with_the_bug_code(tmp_path: Path):
    """Through the command line: exit 3 (a bug), the other cases written, no traceback."""
    cases = _three_cases(tmp_path)
    broken = cases[1]
    # A bug is simulated by a case the code cannot meet otherwise: the command line runs
    # a fresh process, so the compute stage is replaced through sitecustomize.
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import actegen.pipeline as p\n"
        "real = p.compute\n"
        "def compute(case):\n"
        f"    if case['id'] == {SLOW_ID!r}:\n"
        "        raise IndexError('x')\n"
        "    return real(case)\n"
        "p.compute = compute\n",
        encoding="utf-8",
    )
    env = {"PYTHONPATH": f"{hook}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    result = run_entry_point("render", *map(str, cases), "-o", str(tmp_path / "sortie"), env=env)
    assert result.returncode == 3, result.stderr
    assert "erreur interne sur ce dossier : IndexError — signaler ce dossier" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "sortie" / SLOW_ID).exists()
    assert (tmp_path / "sortie" / "vente-hlm-2023").is_dir() and (
        tmp_path / "sortie" / "brs-ofs-2024"
    ).is_dir()
    assert broken.is_file()


# --------------------------------------------------------------------------------------
# Class 7: a staging folder that cannot be made fails that case only


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (errno.EACCES, "permission refusée"),
        (errno.ENOSPC, "disque plein (ou quota atteint)"),
        (errno.EROFS, "système de fichiers en lecture seule"),
        (errno.EDQUOT, "disque plein (ou quota atteint)"),
    ],
)
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_staging_folder_that_cannot_be_made_fails_its_case_only(
    tmp_path: Path, monkeypatch, code: int, message: str, jobs: int
):
    cases = _three_cases(tmp_path)
    real = os.mkdir

    def mkdir(path, *args, **kwargs):
        name = os.path.basename(path)
        if name.startswith(f".{SLOW_ID}.") and name.endswith(".tmp"):  # its staging folder
            raise OSError(code, os.strerror(code))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(output_staging.os, "mkdir", mkdir)
    out = tmp_path / "sortie"
    report = render_set(cases, SetOptions(output_root=out, jobs=jobs))
    by_id = {c.path.stem: c for c in report.cases}
    error = by_id[SLOW_ID].error
    assert error is not None and message in str(error), error
    assert not (out / SLOW_ID).exists()
    assert by_id["vente-hlm-2023"].ok and by_id["brs-ofs-2024"].ok
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_file_where_the_output_folder_should_be_fails_that_case_only(tmp_path: Path):
    cases = _three_cases(tmp_path)
    out = tmp_path / "sortie"
    out.mkdir()
    (out / SLOW_ID).write_text("un fichier", encoding="utf-8")
    report = render_set(cases, SetOptions(output_root=out, jobs=1))
    by_id = {c.path.stem: c for c in report.cases}
    assert "existe et n'est pas un dossier" in str(by_id[SLOW_ID].error)
    assert (out / SLOW_ID).read_text(encoding="utf-8") == "un fichier"
    assert by_id["vente-hlm-2023"].ok and by_id["brs-ofs-2024"].ok


def test_a_real_read_only_file_system_is_a_clear_message(tmp_path: Path):
    """A real read-only output folder (root writes anywhere else): refused at once, in French."""
    out = tmp_path / "sortie"
    out.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(out)], check=False)
    if mounted.returncode != 0:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        (out / "existant").mkdir()
        subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
        result = run_entry_point("render", str(OTHER_CASE), str(SLOW_CASE), "-o", str(out))
    finally:
        subprocess.run(["umount", str(out)], check=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "système de fichiers en lecture seule" in result.stderr, result.stderr
