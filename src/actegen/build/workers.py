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
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ..errors import ActegenError, OutputError, RenderError, display_path
from ..hashing import sha256
from ..jobs import SpooledJob, loaded, remove_spool
from ..naming import nouveau_name
from ..output.bases import write_base
from ..output.durable import write_file
from ..output.folders import cannot_write
from ..output.staging import Staging
from ..render import DocumentJob, Renderer, RenderSettings
from ..sandbox import too_long
from ..templates import template_path
from . import watchdog
from .plan import Dest, DocPlan, Failed, Plan, Planned
from .pool import Pool, Task
from .report import CaseOutcome
from .running import Case, Early, Finish, ProgressCallback, Results, Running, no_finish
from .stream import Batch, Opening, announce


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
                write_file(Path(staging) / item.write_as, data, sync=False)
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
    return _item_of(doc, plan.jobs[doc.index])


def _item_of(doc: DocPlan, job: DocumentJob | SpooledJob) -> RenderItem:
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


def _plan(planner: Planner, path: Path, stream: int | None = None) -> Plan | None:
    """``planner(path)`` in a worker, sending its parts as case ``stream`` (None: it does
    not); a bug fails this case only."""
    try:
        if stream is None:
            return planner(path)
        return planner(path, announce=partial(announce, stream))
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
        self._running = Running(self._pool, self.tick)
        # The plans' parts (``stream``): with one worker, nothing could render beside the plan.
        self._streams = self.jobs > 1
        self._early: dict[int, Early] = {}  # by the case's place in the run
        self._streamed: dict[int, Early] = {}  # by id() of its plan, from its yield to its render
        self._spools: set[str] = set()  # every spool a part named: a plan run again leaves one

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
            for path in self._spools:
                remove_spool(path)

    def plans(
        self,
        files: Iterable[Path],
        planner: Planner,
        free: Callable[[Path], bool] = lambda _target: True,
        writes: bool = True,
    ) -> Iterator[Plan]:
        """The plan of each case, in order: ``planner(path, cached_only=True)`` here, else
        ``planner(path)`` in a worker, a few cases ahead, taking in finished renders meanwhile.

        While the plan of the case whose turn it is comes, its parts (``stream``) are
        rendered as they arrive, into a staging folder if ``writes``, once ``free(target)``
        says no earlier case has its output folder.
        """
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
                        stream = len(quick) - 1 if self._streams else None
                        tasks[len(quick) - 1] = self._pool.submit(_plan, (planner, ahead, stream), killed)
                if quick[i] is not None:
                    yield quick[i]  # type: ignore[misc] # just checked
                    continue
                task = tasks.pop(i)
                while (plan := self._pool.take(task)) is None:
                    self._running.process(wait_for=task)
                    self._take_parts(i, free, writes)
                self._take_parts(i, free, writes)  # the last ones: all sent before the plan returned
                early = self._early.pop(i, None)
                if early is not None and early.case is not None:
                    if isinstance(plan, Planned):
                        self._streamed[id(plan)] = early
                    else:
                        self._drop(early)  # the plan failed: what was rendered of it goes
                yield plan
                leftover = self._streamed.pop(id(plan), None)  # a plan not rendered after all
                if leftover is not None:
                    self._drop(leftover)
        finally:
            _release_unclaimed(task.future for task in tasks.values())
            for early in self._early.values():
                if early.case is not None:
                    self._drop(early)
            self._early.clear()

    def _take_parts(self, current: int, free: Callable[[Path], bool], writes: bool) -> None:
        """File the parts received; hand those of case ``current`` to the pool."""
        for stream, message in self._pool.received():
            if stream < current:
                continue  # a plan run again after a kill resends parts already in
            filed = self._early.setdefault(stream, Early())
            if isinstance(message, Opening):
                filed.opening = filed.opening or message
            else:
                filed.batches.append(message)
                if message.spool is not None:
                    self._spools.add(message.spool)
        early = self._early.get(current)
        if early is None or early.opening is None or early.closed:
            return
        if early.case is None:
            if not free(early.opening.target):
                early.closed = True  # refused when its plan is in (``Targets.claim``)
                return
            early.case = Case(None, {}, no_finish, open=True, expected=early.opening.documents)
            self.tick(0, early.opening.documents)
            self._running.start(early.case)
        for batch in early.batches:
            self._hand_over(early, batch, writes)
        early.batches.clear()

    def _hand_over(self, early: Early, batch: Batch, writes: bool) -> None:
        case, opening = early.case, early.opening
        assert case is not None and opening is not None
        self._running.done(case, len(batch.docs) - len(batch.jobs))  # nothing to render
        items = [
            _item_of(doc, batch.jobs[doc.index])
            for doc in batch.docs
            if doc.index in batch.jobs and doc.index not in early.submitted
        ]
        if case.failed or not items:
            return
        if writes and case.staging is None:
            try:
                case.staging = Staging(opening.target)
            except (OSError, OutputError):
                early.closed = True  # the plan's render reports it (``render``)
                return
        early.submitted.update(item.index for item in items)
        folder = str(case.staging.path) if case.staging else None
        killed = partial(_render_killed, self.directory, items, self._pool.seconds)
        args = (self.directory, opening.settings, folder, items)
        case.futures[self._pool.submit(_render_chunk, args, killed)] = len(items)

    def _drop(self, early: Early) -> None:
        """A case opened from its parts whose plan failed: render no more of it; once its
        chunks handed over are done, its staging folder goes."""
        case = early.case
        assert case is not None
        staging = case.staging
        case.finish = lambda _results: staging.abort() if staging is not None else None
        case.open = False
        self._running.fail(case)
        self._running.process()

    def skip(self, plan: Plan, finish: Callable[[], None]) -> None:
        """A case with nothing to render: ``finish()`` it (a bug fails this case only)."""
        self.tick(getattr(plan, "documents", 0), 0)
        _contained(plan, None, finish)

    def render(self, plan: Planned, writes: bool, finish: End) -> None:
        """Render the documents ``plan`` must (into a new staging folder if ``writes``); then
        ``finish(staging, results)``, maybe later. A staging folder that cannot be made fails
        this case only. A case opened from its plan's parts (``plans``) renders the rest.

        Interrupted (Ctrl+C) before its case is handed to the workers, it removes the staging.
        """
        early = self._streamed.pop(id(plan), None)
        staging = early.case.staging if early is not None and early.case is not None else None
        try:
            if plan.jobs and writes and staging is None:
                try:
                    staging = Staging(plan.target)
                except (OSError, OutputError) as exc:
                    plan.outcome.error = (
                        exc if isinstance(exc, OutputError) else cannot_write(plan.target, exc)
                    )
                    if early is not None:
                        self._drop(early)
                    else:
                        self.tick(len(plan.docs), len(plan.docs))
                    return
            end = partial(_contained, plan, staging, partial(finish, staging))
            if early is not None:
                self._render_rest(plan, early, staging, end)
            else:
                self._render(plan, staging, end)
        except BaseException:
            self._pool.shutdown()  # chunks already handed over stop writing first
            if staging is not None:
                staging.abort()
            raise

    def _render(self, plan: Planned, staging: Staging | None, finish: Finish) -> None:
        skipped = len(plan.docs) - len(plan.jobs)
        self.tick(skipped, len(plan.docs))
        items = [_item(plan, doc) for doc in plan.docs if doc.index in plan.jobs]
        if not items:
            finish({})
            return
        case = Case(staging, {}, finish, expected=len(plan.docs), ticked=skipped)
        self._hand_chunks(case, items, plan.settings)
        self._running.start(case)
        self._running.process()

    def _render_rest(self, plan: Planned, early: Early, staging: Staging | None, finish: Finish) -> None:
        """The documents of a case opened from its parts that no part handed over."""
        case = early.case
        assert case is not None
        case.staging = staging
        items = [_item(plan, d) for d in plan.docs if d.index in plan.jobs and d.index not in early.submitted]
        if items and not case.failed:
            self._hand_chunks(case, items, plan.settings)
        case.finish, case.open = finish, False
        self._running.process()

    def _hand_chunks(self, case: Case, items: list[RenderItem], settings: RenderSettings) -> None:
        # The documents of the least used templates first: a délibération with its annexes
        # for every lot is the longest render, it must not be the last one.
        uses = Counter(item.job.template for item in items)
        items.sort(key=lambda i: (uses[i.job.template], i.job.template, i.index))
        folder = str(case.staging.path) if case.staging else None
        # one document of the operation per task (the longest renders), then chunks
        alone = [[item] for item in items if uses[item.job.template] == 1]
        rest = [item for item in items if uses[item.job.template] > 1]
        size = max(1, min(16, len(rest) // (self.jobs * 4)))
        chunks = alone + [rest[i : i + size] for i in range(0, len(rest), size)]
        for chunk in chunks:
            killed = partial(_render_killed, self.directory, chunk, self._pool.seconds)
            args = (self.directory, settings, folder, chunk)
            case.futures[self._pool.submit(_render_chunk, args, killed)] = len(chunk)


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
