"""Memory at scale (issue 17): the main process holds no document's context.

The plan hashes each context as it is built and spools those to render (``render.job.Spool``);
the workers read them back. The input hash is the same function of the inputs as when every
context was held (manifests stay valid), the bytes are the same, no spool file outlives its
run, and — the slow test — the main process's peak does not grow with the number of lots.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from actegen import documents
from actegen.build import workers as build_workers
from actegen.build.digest import context_digest
from actegen.build.fingerprints import Fingerprints
from actegen.build.options import Action
from actegen.build.plan import Planned
from actegen.errors import RenderError
from actegen.jobs import SPOOL_PREFIX, remove_stale_spools
from actegen.load import MAX_CASE_BYTES
from actegen.pipeline import SetOptions, check_case, plan_case, render_set, settings_for
from actegen.render import DocumentJob
from actegen.render.job import SpooledJob, loaded
from actegen.templates import templates_dir

# benchmarks/ is imported as a namespace package, as in test_hardening_scale
from benchmarks.make_big_case import big_case_text, write_big_case

from .helpers import CASES, GIRIMBELLES, PEAK_MIB, output_tree

SHIPPED = sorted(CASES.glob("*.yaml"))


def _prints() -> Fingerprints:
    return Fingerprints.of(templates_dir(None))


def _plan(path: Path, root: Path) -> Planned:
    plan = plan_case(path, SetOptions(root), _prints())
    assert isinstance(plan, Planned), getattr(plan, "outcome", None)
    return plan


@pytest.mark.parametrize("case", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_each_document_keeps_the_input_hash_of_a_plan_holding_every_context(
    case: Path, tmp_path: Path, spool_dir: Path
):
    """The hash a manifest records is computed as before: from the whole list of contexts."""
    prints = _prints()
    checked = check_case(case)
    settings = settings_for(checked.case)
    held = documents.build_jobs(checked.case, checked.results)
    before = [(j.filename, prints.document_inputs(j, settings, context_digest(j.context))) for j in held]
    plan = _plan(case, tmp_path / "out")
    try:
        assert sorted((d.filename, d.inputs) for d in plan.docs) == sorted(before)  # in render order
        assert all(inputs is not None for _name, inputs in before)
    finally:
        plan.release()


def test_a_real_operation_of_ten_thousand_lots_fits_the_case_size_limit():
    """The limit guards against a hostile file, not against the operations it is made for."""
    size = len(big_case_text(10_000).encode("utf-8"))
    assert 19 * 2**20 < size < MAX_CASE_BYTES  # 20.0 MiB: 2.1 kB a lot, with their full facts


def test_the_plan_holds_names_and_offsets_not_contexts(tmp_path: Path, spool_dir: Path):
    plan = _plan(GIRIMBELLES, tmp_path / "out")
    try:
        assert plan.docs and all(d.action is Action.RENDER for d in plan.docs)  # a fresh output root
        assert all(isinstance(job, SpooledJob) for job in plan.jobs.values())
        assert plan.spool is not None and Path(plan.spool).parent == spool_dir
        checked = check_case(GIRIMBELLES)
        held = documents.build_jobs(checked.case, checked.results)
        contexts = sum(len(pickle.dumps(j.context)) for j in held)
        assert len(pickle.dumps(plan)) < contexts / 10  # what a worker sends back
        by_name = {j.filename: j for j in held}
        for doc in plan.docs:  # read back: the very context that was hashed
            job = loaded(plan.jobs[doc.index])
            assert job.filename == doc.filename
            assert context_digest(job.context) == context_digest(by_name[doc.filename].context)
    finally:
        plan.release()
    assert list(spool_dir.iterdir()) == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_set_renders_the_same_bytes_and_leaves_no_spool(tmp_path: Path, spool_dir: Path, jobs: int):
    cases = [GIRIMBELLES, CASES / "vente-hlm-2023.yaml"]
    report = render_set(cases, SetOptions(tmp_path / "out", jobs=jobs))
    assert all(c.ok for c in report.cases), [c.error for c in report.cases]
    assert list(spool_dir.iterdir()) == []
    reference = render_set(cases, SetOptions(tmp_path / "ref", jobs=1))
    assert all(c.ok for c in reference.cases)
    for outcome in report.cases:
        assert outcome.output is not None and outcome.written
        mine = output_tree(outcome.output)
        assert mine
        theirs = output_tree(tmp_path / "ref" / outcome.output.name)
        assert sorted(mine) == sorted(theirs)
        for name in mine:
            assert mine[name] == theirs[name], name
    again = render_set(cases, SetOptions(tmp_path / "out", jobs=jobs))
    assert [c.written for c in again.cases] == [[], []]  # the no-op stays a no-op
    assert list(spool_dir.iterdir()) == []


def test_a_case_whose_document_fails_removes_its_spool(tmp_path: Path, spool_dir: Path, monkeypatch):
    calls: list[str] = []

    def failing(job: DocumentJob | SpooledJob) -> DocumentJob:
        calls.append(job.filename)
        if len(calls) == 3:
            raise RenderError(f"{job.filename} : échec simulé")
        return loaded(job)

    monkeypatch.setattr(build_workers, "loaded", failing)
    report = render_set([GIRIMBELLES], SetOptions(tmp_path / "out", jobs=1))
    assert "échec simulé" in str(report.cases[0].error)
    assert not (tmp_path / "out" / "girimbelles-1993").exists()
    assert list(spool_dir.iterdir()) == []


def test_without_a_writable_temporary_folder_the_jobs_stay_in_memory(tmp_path: Path, monkeypatch):
    # The temporary folder itself is missing: the spool cannot be made (the workers'
    # shared memory is in /dev/shm, not there).
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "absent"))
    plan = _plan(GIRIMBELLES, tmp_path / "out")
    assert plan.spool is None
    assert plan.jobs and all(isinstance(job, DocumentJob) for job in plan.jobs.values())
    report = render_set([GIRIMBELLES], SetOptions(tmp_path / "out2", jobs=1))
    assert report.cases[0].ok and report.cases[0].written


# --------------------------------------------------------------------------------------
# The main process's peak, as a property: it does not grow with the lots

_MAIN_PEAK = (
    PEAK_MIB
    + """
import hashlib, json, sys
from pathlib import Path
from actegen.build import workers
from actegen.pipeline import SetOptions, render_set

class Quick:
    # The workers read each context back, as they would to render it; the DOCX is left out
    # (the workers' memory is not what is measured, only the main process's).
    def __init__(self, directory):
        pass
    def render(self, job, settings, fast=None):
        return hashlib.sha256(repr(sorted(job.context)).encode() + job.filename.encode()).digest()

workers.Renderer = Quick  # before the pool forks: the workers inherit it
report = render_set([Path(sys.argv[1])], SetOptions(Path(sys.argv[2]), jobs=2))
outcome = report.cases[0]
assert outcome.ok, outcome.error
print(json.dumps({"docs": len(outcome.written), "main": peak_mib()}))
"""
)


def _main_peak(lots: int, tmp: Path) -> dict:
    case = write_big_case(lots, tmp / f"dossiers-{lots}")
    result = subprocess.run(
        [sys.executable, "-c", _MAIN_PEAK, str(case), str(tmp / f"out-{lots}")],
        check=False,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures: dict = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="VmHWM de /proc, workers forkés (Linux)")
def test_the_main_process_peak_does_not_grow_with_the_lots(tmp_path: Path):
    """1 000 then 4 000 lots: the case, its contexts and the note de calcul grow fourfold;
    the main process (which plans nothing and holds no context) stays within a few MiB."""
    small, big = _main_peak(1_000, tmp_path), _main_peak(4_000, tmp_path)
    assert big["docs"] > 3 * small["docs"]
    assert big["main"] - small["main"] < MAIN_GROWTH_MIB, (small, big)
    assert big["main"] < 150, big


MAIN_GROWTH_MIB = 50
"""What 3 000 more lots may add to the main process: their documents' plans and results
(≈ 8 kB a document: about 25 MiB measured), never their contexts (≈ 500 MiB)."""


def test_a_spool_left_by_a_killed_render_is_removed_by_the_next(tmp_path: Path, monkeypatch):
    """SIGKILL leaves the spool (names, dates of birth) in TMPDIR: the next render removes the
    spools of renders that no longer run, and only those."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], check=True, capture_output=True, text=True
    )
    stale = tmp_path / f"{SPOOL_PREFIX}{dead.stdout.strip()}-x.bin"
    alive = tmp_path / f"{SPOOL_PREFIX}{os.getpid()}-y.bin"
    other = tmp_path / "autre.bin"
    for path in (stale, alive, other):
        path.write_bytes(b"contextes")
    assert remove_stale_spools() == 1
    assert not stale.exists() and alive.exists() and other.exists()
