"""A case's plan sent in parts (``build.stream``): its first documents render while the rest
is planned, and nothing a part started can change what is written.

The parts only start renders sooner; the plan that comes back whole decides every file. So
the tests compare a streamed render (``--jobs 2``) with one that does not stream
(``--jobs 1``), byte for byte, and check that a plan failing after its first parts were
rendered leaves the output as it was, with no staging folder and no spool file behind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from actegen import documents
from actegen.build import stream, workers
from actegen.build.fingerprints import Fingerprints
from actegen.build.plan import Planned
from actegen.errors import TemplateError
from actegen.jobs import SpooledJob, loaded
from actegen.pipeline import SetOptions, plan_case, render_set
from actegen.templates import templates_dir

# benchmarks/ is imported as a namespace package, as in test_hardening_scale
from benchmarks.make_big_case import write_big_case

from .helpers import GIRIMBELLES, output_tree


@pytest.fixture(scope="module")
def forty_lots(tmp_path_factory) -> Path:
    return write_big_case(40, tmp_path_factory.mktemp("quarante"))


def _files(folder: Path) -> dict[str, bytes]:
    return output_tree(folder)


def test_the_parts_are_the_plan_in_order_each_readable_as_it_comes(tmp_path: Path, spool_dir: Path):
    """The opening first, then batches that together hold every document once, in order,
    with exactly the jobs to render; each job is readable from the spool when it is sent."""
    received: list[stream.Message] = []
    readable: list[bool] = []

    def collect(message: stream.Message) -> None:
        received.append(message)
        if isinstance(message, stream.Batch):  # read back now, while the plan still writes
            readable.extend(loaded(j).filename == j.filename for j in message.jobs.values())

    plan = plan_case(
        GIRIMBELLES, SetOptions(tmp_path / "out"), Fingerprints.of(templates_dir(None)), announce=collect
    )
    assert isinstance(plan, Planned)
    try:
        opening, batches = received[0], received[1:]
        assert isinstance(opening, stream.Opening)
        assert (opening.case_id, opening.target, opening.documents) == (
            plan.case_id,
            plan.target,
            len(plan.docs),
        )
        assert all(isinstance(b, stream.Batch) for b in batches)
        docs = [d for b in batches for d in b.docs]  # type: ignore[union-attr]
        assert [d.filename for d in docs] == [d.filename for d in plan.docs]
        jobs = {i: j for b in batches for i, j in b.jobs.items()}  # type: ignore[union-attr]
        assert jobs == plan.jobs and all(isinstance(j, SpooledJob) for j in jobs.values())
        assert readable and all(readable)
        sizes = [len(b.jobs) for b in batches if b.jobs]  # type: ignore[union-attr]
        assert sizes[: stream.ALONE] == [1] * stream.ALONE  # the longest renders, one by one
        assert all(len(b.jobs) <= stream.BATCH for b in batches)  # type: ignore[union-attr]
    finally:
        plan.release()


def test_a_streamed_render_writes_the_bytes_of_one_that_is_not(
    tmp_path: Path, spool_dir: Path, forty_lots: Path
):
    cases = [forty_lots, GIRIMBELLES]
    streamed = render_set(cases, SetOptions(tmp_path / "deux", jobs=2))
    plain = render_set(cases, SetOptions(tmp_path / "un", jobs=1))
    assert all(c.ok for c in streamed.cases + plain.cases)
    assert _files(tmp_path / "deux") == _files(tmp_path / "un")
    assert list(spool_dir.iterdir()) == []
    again = render_set(cases, SetOptions(tmp_path / "deux", jobs=2))
    assert [c.written for c in again.cases] == [[], []]


def test_the_progress_counts_every_document_once(tmp_path: Path, forty_lots: Path):
    done = total = 0

    def tick(d: int, more: int) -> None:
        nonlocal done, total
        done, total = done + d, total + more

    report = render_set([forty_lots, GIRIMBELLES], SetOptions(tmp_path / "out", jobs=2), tick)
    assert all(c.ok for c in report.cases)
    documents_count = sum(len(c.written) for c in report.cases)
    assert done == total == documents_count


def _failing_after(monkeypatch, count: int) -> None:
    """The context of the ``count``-th document of the 40-lot case fails (its plan fails
    after its first parts were handed over); the other cases are not touched."""
    real = documents.Builder.job
    seen = {"n": 0}

    def job(self, listed):
        if self.case["id"] == "girimbelles-40":
            seen["n"] += 1
            if seen["n"] == count:
                raise TemplateError("clauses/test.docx: échec simulé au milieu du plan")
        return real(self, listed)

    monkeypatch.setattr(documents.Builder, "job", job)


def test_a_plan_failing_after_its_first_parts_rendered_writes_nothing(
    tmp_path: Path, spool_dir: Path, forty_lots: Path, monkeypatch
):
    case = tmp_path / "dossiers" / forty_lots.name
    case.parent.mkdir()
    text = forty_lots.read_text(encoding="utf-8")
    case.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    first = render_set([case], SetOptions(out, jobs=2))
    assert first.cases[0].ok
    before = _files(out)
    case.write_text(text.replace("allée des Girimbelles", "allee des Girimbelles"), encoding="utf-8")
    _failing_after(monkeypatch, 3 * stream.BATCH)  # the first batches already rendered
    opened: list[Path] = []

    class Recorded(workers.Staging):
        def __init__(self, target: Path):
            opened.append(target)
            super().__init__(target)

    monkeypatch.setattr(workers, "Staging", Recorded)
    report = render_set([case, GIRIMBELLES], SetOptions(out, jobs=2))
    failed, other = report.cases
    assert opened[0] == out.resolve() / "girimbelles-40"  # its first parts were handed over
    assert "échec simulé au milieu du plan" in str(failed.error)
    assert other.ok and other.written
    assert _files(out / "girimbelles-40") == {k.removeprefix("girimbelles-40/"): v for k, v in before.items()}
    assert sorted(p.name for p in out.iterdir()) == ["girimbelles-1993", "girimbelles-40"]  # no staging
    assert list(spool_dir.iterdir()) == []


def test_a_second_case_of_the_same_id_is_refused_and_renders_nothing_into_the_first(
    tmp_path: Path, spool_dir: Path, forty_lots: Path
):
    twin = tmp_path / "jumeau" / forty_lots.name
    twin.parent.mkdir()
    twin.write_text(forty_lots.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    report = render_set([forty_lots, twin], SetOptions(out, jobs=2))
    first, second = report.cases
    assert first.ok and first.written
    assert "même identifiant" in str(second.error)
    reference = render_set([forty_lots], SetOptions(tmp_path / "ref", jobs=1))
    assert reference.cases[0].ok
    assert _files(out) == _files(tmp_path / "ref")
    assert list(spool_dir.iterdir()) == []


def test_a_check_streams_too_and_writes_nothing(tmp_path: Path, forty_lots: Path):
    out = tmp_path / "out"
    assert render_set([forty_lots], SetOptions(out, jobs=2)).cases[0].ok
    before = _files(out)
    checked = render_set([forty_lots], SetOptions(out, jobs=2, check=True))
    assert checked.cases[0].ok and not checked.cases[0].differences
    assert _files(out) == before


def test_a_document_failing_in_a_part_fails_its_case_only(tmp_path: Path, forty_lots: Path, monkeypatch):
    real = workers.render_items

    def render_items(directory, settings, staging, items):
        if settings.reference.startswith("girimbelles-40 ") and any(i.index == 3 for i in items):
            from actegen.build.workers import RenderResult

            return [RenderResult(items[0].index, None, False, "échec simulé d'un document")]
        return real(directory, settings, staging, items)

    monkeypatch.setattr(workers, "render_items", render_items)  # before the pool forks
    out = tmp_path / "out"
    report = render_set([forty_lots, GIRIMBELLES], SetOptions(out, jobs=2))
    failed, other = report.cases
    assert not failed.ok and "échec simulé d'un document" in " ".join(failed.failures + [str(failed.error)])
    assert other.ok and other.written
    assert sorted(p.name for p in out.iterdir()) == ["girimbelles-1993"]
