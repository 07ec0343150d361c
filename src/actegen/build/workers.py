"""Where the cases are planned and their documents rendered: in a pool of worker processes
(one for ``--jobs 1``) that plans case N+1 while it renders case N.

Every template runs in a worker, where the render can kill it at its deadline
(``watchdog``); only what runs no template stays in this process (a case the cache says is
unchanged: a no-op starts no worker). ``Workers.plans`` yields the plans in the order of the
cases; ``Workers.render`` hands a case's documents to the pool and calls its ``finish`` once
they are all rendered, which may be after later cases were planned. A case whose document
fails renders no more of it; a case that fails — a limit, a bug — never stops the others.
"""

from __future__ import annotations

import concurrent.futures as cf
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..docx_zip import sha256
from ..errors import ActegenError, OutputError, RenderError, display_path
from ..jobs import SpooledJob, loaded
from ..naming import nouveau_name
from ..output.bases import write_base
from ..output.folders import cannot_write
from ..output.staging import Staging, write_file
from ..render import DocumentJob, Renderer, RenderSettings
from ..sandbox import too_long
from ..templates import template_path
from . import watchdog
from .plan import Dest, DocPlan, Failed, Plan, Planned
from .pool import Pool, Task
from .report import CaseOutcome

ProgressCallback = Callable[[int, int], None]  # (documents done, documents more to do)


@dataclass(frozen=True)
class RenderItem:
    index: int
    job: DocumentJob | SpooledJob  # spooled: its context is read back by the worker
    fast: bool
    write_as: str  # file name in the staging folder (if there is one)
    same_as: tuple[str | None, ...]  # hashes of files the new bytes would not need to replace


@dataclass(frozen=True)
class RenderResult:
    index: int
    digest: str | None  # sha256 of the bytes; None: the render failed
    written: bool  # into the staging folder
    error: str | None = None
    internal: bool = False  # the error is a bug of actegen, not of the case or template


class InternalCaseError(ActegenError):
    """A bug met on one case (any exception but ours): that case fails, the others go on."""

    exit_code = 3  # the CLI's code for a bug


def internal_error(path: Path, exc: BaseException) -> InternalCaseError:
    return InternalCaseError(
        f"{display_path(path)} : erreur interne sur ce dossier : {type(exc).__name__} — signaler ce dossier"
    )


Results = dict[int, RenderResult]
Finish = Callable[[Results], None]

_RENDERERS: dict[str, Renderer] = {}


def render_items(
    directory: str, settings: RenderSettings, staging: str | None, items: Sequence[RenderItem]
) -> list[RenderResult]:
    """Render items, up to the first that fails; a new file goes to ``staging`` (None: --check)."""
    renderer = _RENDERERS.get(directory)
    if renderer is None:
        renderer = _RENDERERS[directory] = Renderer(Path(directory))
    results = []
    for item in items:
        watchdog.document(item.index)  # its deadline starts now
        try:
            data = renderer.render(loaded(item.job), settings, fast=item.fast)
        except ActegenError as exc:
            results.append(RenderResult(item.index, None, False, str(exc)))
            break  # the case fails: the rest of the chunk would only fail the same way, slowly
        except Exception as exc:  # noqa: BLE001 - a bug on this document fails its case only
            message = f"erreur interne sur ce dossier : {type(exc).__name__} — signaler ce dossier"
            results.append(
                RenderResult(item.index, None, False, f"{message} (document {item.job.filename})", True)
            )
            break
        digest = sha256(data)
        written = False
        if staging is not None and digest not in item.same_as:
            try:
                write_file(Path(staging) / item.write_as, data)
                write_base(Path(staging), digest, data)
            except OSError as exc:  # a full disk: the case fails, its staging folder goes
                results.append(
                    RenderResult(item.index, None, False, str(cannot_write(Path(staging).parent, exc)))
                )
                break
            written = True
        results.append(RenderResult(item.index, digest, written))
    # No gc.collect() here: a render leaves no reference cycle worth collecting (the body
    # tree is replaced, not accumulated; no Document per render), and memory stays flat.
    return results


def _item(plan: Planned, doc: DocPlan) -> RenderItem:
    job = plan.jobs[doc.index]
    if doc.dest is Dest.BESIDE:
        return RenderItem(
            doc.index, job, doc.fast, nouveau_name(doc.filename), (doc.disk.main, doc.disk.beside)
        )
    return RenderItem(doc.index, job, doc.fast, doc.filename, (doc.disk.main,))


def _render_chunk(*args: Any) -> list[RenderResult]:
    return render_items(*args)  # looked up in the worker: a test may have replaced it


def _render_killed(directory: str, chunk: list[RenderItem], seconds: float, index: int) -> list[RenderResult]:
    """What a chunk killed at its deadline gives: the document it was on failed."""
    item = next((i for i in chunk if i.index == index), chunk[0])
    label = display_path(template_path(Path(directory), item.job.template))
    return [
        RenderResult(item.index, None, False, f"{label}: {too_long(seconds)} (document {item.job.filename})")
    ]


def _plan(planner: Callable[[Path], Plan | None], path: Path) -> Plan | None:
    """``planner(path)`` in a worker; a bug fails this case only."""
    try:
        return planner(path)
    except ActegenError:
        raise
    except Exception as exc:  # noqa: BLE001 - a bug on this case fails it only
        return Failed(CaseOutcome(path, error=internal_error(path, exc)))


def _plan_killed(path: Path, seconds: float, _index: int) -> Plan:
    message = (
        f"{display_path(path)} : la préparation de ce dossier (calculs, clauses) tourne depuis plus de "
        f"{seconds:g} secondes ; elle a été arrêtée"
    )
    return Failed(CaseOutcome(path, error=RenderError(message)))


@dataclass
class _Case:
    staging: Staging | None
    futures: dict[Task, int]  # each chunk, with its size
    finish: Finish
    results: Results = field(default_factory=dict)


class _Running:
    """The cases whose documents are being rendered by the workers."""

    def __init__(self, pool: Pool, tick: ProgressCallback):
        self.pool = pool
        self.tick = tick
        self.cases: list[_Case] = []

    @property
    def busy(self) -> bool:
        return bool(self.cases)

    def start(self, case: _Case) -> None:
        self.cases.append(case)
        if not case.futures:
            self.process()

    def process(self, *, block: bool = False, wait_for: Task | None = None) -> None:
        """Take in the finished renders; finish the cases that are complete."""
        waiting = [t for c in self.cases for t in c.futures]
        if wait_for is not None:
            self.pool.wait(waiting + [wait_for])
        elif block and waiting:
            self.pool.wait(waiting)
        else:
            self.pool.check()
        for case in list(self.cases):
            for task in [t for t in case.futures if t.future.done()]:
                if task not in case.futures:
                    continue  # cancelled by a failure of this case, just now
                if task.future.cancelled():
                    self.tick(case.futures.pop(task), 0)
                    continue
                results = self.pool.take(task)
                if results is None:
                    continue  # runs again in a new pool
                failed = False
                for result in results:
                    case.results[result.index] = result
                    failed = failed or result.error is not None
                self.tick(case.futures.pop(task), 0)
                if failed:  # the case fails: render no more of it
                    for other, n in list(case.futures.items()):
                        if self.pool.cancel(other):
                            case.futures.pop(other)
                            self.tick(n, 0)
            if not case.futures:
                self.cases.remove(case)
                case.finish(case.results)

    def abort(self) -> None:
        """After an interruption: remove the staging folders of unfinished cases."""
        for case in self.cases:
            if case.staging is not None:
                case.staging.abort()
        self.cases.clear()


def _release_unclaimed(futures: Iterable[cf.Future[Any]]) -> None:
    """Plans never yielded (an interrupted run): their spool files go, now or once planned."""
    for future in futures:
        if not future.cancel():
            future.add_done_callback(_release_plan)


def _release_plan(future: cf.Future[Any]) -> None:
    if not future.cancelled() and future.exception() is None:
        plan = future.result()
        if isinstance(plan, Planned):
            plan.release()


Planner = Callable[..., Plan | None]  # (path, cached_only=False); cached_only: None unless unchanged
End = Callable[[Staging | None, Results], None]


class Workers:
    """``jobs`` worker processes that plan cases and render documents."""

    def __init__(self, jobs: int, lock_fd: int | None, directory: Path, progress: ProgressCallback | None):
        self.jobs = max(1, jobs)
        self.directory = str(directory)
        self.tick: ProgressCallback = progress or (lambda done, more: None)
        # Several: started first, while this process is small (forked workers do not inherit
        # the cases). One: at the first template to run, so that a no-op starts none.
        self._pool = Pool(self.jobs, lock_fd)
        if self.jobs > 1:
            self._pool.start()
        self._running = _Running(self._pool, self.tick)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, _tb: object) -> None:
        try:
            if isinstance(exc, cf.BrokenExecutor):
                raise exc
            if exc is None:
                while self._running.busy:
                    self._running.process(block=True)
        except cf.BrokenExecutor:
            raise RenderError(
                "un processus de rendu s'est arrêté brutalement (mémoire ?) ; "
                "relancer avec --jobs 1 pour en savoir plus"
            ) from None
        finally:
            # The workers stop first: one still writing into a staging folder would leave it behind.
            self._pool.shutdown()
            self._running.abort()

    def plans(self, files: Iterable[Path], planner: Planner) -> Iterator[Plan]:
        """The plan of each case, in order: ``planner(path, cached_only=True)`` here, else
        ``planner(path)`` in a worker, a few cases ahead, taking in finished renders meanwhile."""
        files = list(files)
        quick: list[Plan | None] = []
        tasks: dict[int, Task] = {}
        try:
            for i in range(len(files)):
                while len(quick) < min(len(files), i + 2 * self.jobs):
                    ahead = files[len(quick)]
                    quick.append(planner(ahead, cached_only=True))  # no template runs: stays here
                    if quick[-1] is None:
                        killed = partial(_plan_killed, ahead, self._pool.seconds)
                        tasks[len(quick) - 1] = self._pool.submit(_plan, (planner, ahead), killed)
                if quick[i] is not None:
                    yield quick[i]  # type: ignore[misc] # just checked
                    continue
                task = tasks.pop(i)
                while (plan := self._pool.take(task)) is None:
                    self._running.process(wait_for=task)
                yield plan
        finally:
            _release_unclaimed(task.future for task in tasks.values())

    def skip(self, plan: Plan, finish: Callable[[], None]) -> None:
        """A case with nothing to render: ``finish()`` it (a bug fails this case only)."""
        self.tick(getattr(plan, "documents", 0), 0)
        _contained(plan, None, finish)

    def render(self, plan: Planned, writes: bool, finish: End) -> None:
        """Render the documents ``plan`` must (into a new staging folder if ``writes``); then
        ``finish(staging, results)``, maybe later. A staging folder that cannot be made fails
        this case only.

        Interrupted (Ctrl+C) before its case is handed to the workers, it removes the staging.
        """
        staging = None
        try:
            if plan.jobs and writes:
                try:
                    staging = Staging(plan.target)
                except (OSError, OutputError) as exc:
                    plan.outcome.error = (
                        exc if isinstance(exc, OutputError) else cannot_write(plan.target, exc)
                    )
                    self.tick(len(plan.docs), len(plan.docs))
                    return
            end = partial(_contained, plan, staging, partial(finish, staging))
            self._render(plan, staging, end)
        except BaseException:
            self._pool.shutdown()  # chunks already handed over stop writing first
            if staging is not None:
                staging.abort()
            raise

    def _render(self, plan: Planned, staging: Staging | None, finish: Finish) -> None:
        self.tick(len(plan.docs) - len(plan.jobs), len(plan.docs))
        items = [_item(plan, doc) for doc in plan.docs if doc.index in plan.jobs]
        if not items:
            finish({})
            return
        # The documents of the least used templates first: a délibération with its annexes
        # for every lot is the longest render, it must not be the last one.
        uses = Counter(item.job.template for item in items)
        items.sort(key=lambda i: (uses[i.job.template], i.job.template, i.index))
        folder = str(staging.path) if staging else None
        # one document of the operation per task (the longest renders), then chunks
        alone = [[item] for item in items if uses[item.job.template] == 1]
        rest = [item for item in items if uses[item.job.template] > 1]
        size = max(1, min(16, len(rest) // (self.jobs * 4)))
        chunks = alone + [rest[i : i + size] for i in range(0, len(rest), size)]
        tasks = {}
        for chunk in chunks:
            killed = partial(_render_killed, self.directory, chunk, self._pool.seconds)
            args = (self.directory, plan.settings, folder, chunk)
            tasks[self._pool.submit(_render_chunk, args, killed)] = len(chunk)
        self._running.start(_Case(staging, tasks, finish))
        self._running.process()


def _contained(plan: Plan, staging: Staging | None, finish: Callable[..., None], *args: Any) -> None:
    """``finish(*args)``; an error it raises fails this case only, its staging folder removed
    (on Ctrl+C too, which then goes on)."""
    try:
        finish(*args)
    except ActegenError as exc:
        plan.outcome.error = exc
    except Exception as exc:  # noqa: BLE001 - a bug on this case fails it only
        plan.outcome.error = internal_error(plan.outcome.path, exc)
    except BaseException:
        if staging is not None:
            staging.abort()
        raise
    else:
        return
    if staging is not None:
        staging.abort()
