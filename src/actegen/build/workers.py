"""Where the cases are planned and their documents rendered: in this process, or in a pool
of worker processes that plans case N+1 while it renders case N.

``Workers.plans`` yields the plans in the order of the cases; ``Workers.render`` hands a
case's documents to the pool and calls its ``finish`` once they are all rendered, which
may be after later cases were planned. A case whose document fails renders no more of it.
"""

from __future__ import annotations

import concurrent.futures as cf
import ctypes
import multiprocessing
import os
import signal
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..docx_zip import sha256
from ..errors import ActegenError, RenderError
from ..naming import nouveau_name
from ..output.folders import cannot_write
from ..output.staging import Staging, write_file
from ..render import DocumentJob, Renderer, RenderSettings
from ..render.job import SpooledJob, loaded
from .plan import Dest, DocPlan, Plan, Planned

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
        try:
            data = renderer.render(loaded(item.job), settings, fast=item.fast)
        except ActegenError as exc:
            results.append(RenderResult(item.index, None, False, str(exc)))
            break  # the case fails: the rest of the chunk would only fail the same way, slowly
        digest = sha256(data)
        written = False
        if staging is not None and digest not in item.same_as:
            try:
                write_file(Path(staging) / item.write_as, data)
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


def _warm_up(_n: int) -> int:
    return os.getpid()


_PR_SET_PDEATHSIG = 1


def _worker_init(parent: int, lock_fd: int | None) -> None:
    """A worker dies with the render that forked it, holds nothing of its lock, and
    ignores Ctrl+C.

    Else a render killed by SIGKILL would leave workers writing into its staging folder,
    which the next run removes, and keeping the output lock alive until they end. Ctrl+C
    reaches the whole process group: the render stops its workers itself and says
    « interrompu. »; a worker would print its own traceback.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if lock_fd is not None:
        try:
            os.close(lock_fd)  # the render's flock stays: its own descriptor is still open
        except OSError:
            pass
    if sys.platform == "linux":
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            return
        if os.getppid() != parent:  # the render died before prctl
            os._exit(1)


class _Pool:
    """Worker processes, forked (on Linux) all at once: they start fast and share actegen's
    imported code. The caller must not run threads of its own then (the CLI's progress bar
    refreshes from the main thread)."""

    def __init__(self, workers: int, lock_fd: int | None = None):
        self.workers = workers
        self.lock_fd = lock_fd
        self._executor: cf.ProcessPoolExecutor | None = None

    def start(self) -> _Pool:
        self.get()
        return self

    def get(self) -> cf.ProcessPoolExecutor:
        if self._executor is None:
            fork = "fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux"
            context = multiprocessing.get_context("fork" if fork else None)
            # Only a forked worker inherits the lock's descriptor (a spawned one would close another).
            self._executor = cf.ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_worker_init,
                initargs=(os.getpid(), self.lock_fd if fork else None),
            )
            list(self._executor.map(_warm_up, range(self.workers)))
        return self._executor

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)


@dataclass
class _Case:
    staging: Staging | None
    futures: dict[cf.Future[list[RenderResult]], int]  # each chunk, with its size
    finish: Finish
    results: Results = field(default_factory=dict)


class _Running:
    """The cases whose documents are being rendered by the workers."""

    def __init__(self, tick: ProgressCallback):
        self.tick = tick
        self.cases: list[_Case] = []

    @property
    def busy(self) -> bool:
        return bool(self.cases)

    def start(self, case: _Case) -> None:
        self.cases.append(case)
        if not case.futures:
            self.process()

    def process(self, *, block: bool = False, wait_for: cf.Future[Plan] | None = None) -> None:
        """Take in the finished renders; finish the cases that are complete."""
        waiting: list[cf.Future] = [f for c in self.cases for f in c.futures]
        if wait_for is not None:
            cf.wait(waiting + [wait_for], return_when=cf.FIRST_COMPLETED)
        elif block and waiting:
            cf.wait(waiting, return_when=cf.FIRST_COMPLETED)
        for case in list(self.cases):
            for future in [f for f in case.futures if f.done()]:
                size = case.futures.pop(future)
                if future.cancelled():
                    continue
                failed = False
                for result in future.result():
                    case.results[result.index] = result
                    failed = failed or result.error is not None
                self.tick(size, 0)
                if failed:  # the case fails: render no more of it
                    for other, n in list(case.futures.items()):
                        if other.cancel():
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


def _release_unclaimed(futures: Iterable[cf.Future[Plan]]) -> None:
    """Plans never yielded (an interrupted run): their spool files go, now or once planned."""
    for future in futures:
        if not future.cancel():
            future.add_done_callback(_release_plan)


def _release_plan(future: cf.Future[Plan]) -> None:
    if not future.cancelled() and future.exception() is None:
        plan = future.result()
        if isinstance(plan, Planned):
            plan.release()


class Workers:
    """``jobs`` processes (none of its own for 1) that plan cases and render documents."""

    def __init__(self, jobs: int, lock_fd: int | None, directory: Path, progress: ProgressCallback | None):
        self.jobs = max(1, jobs)
        self.directory = str(directory)
        self.tick: ProgressCallback = progress or (lambda done, more: None)
        # Started first, while this process is small: forked workers do not inherit the cases.
        self._pool = _Pool(self.jobs, lock_fd).start() if self.jobs > 1 else None
        self._running = _Running(self.tick)

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
            if self._pool is not None:
                self._pool.shutdown()
            self._running.abort()

    def plans(self, files: Iterable[Path], planner: Callable[[Path], Plan]) -> Iterator[Plan]:
        """``planner(path)`` for each case, in order: in the workers when there are several
        cases and workers, taking in finished renders while waiting."""
        files = list(files)
        if self._pool is None:
            for path in files:
                yield planner(path)
            return
        # Even a single case is planned in a worker: its load, validation and contexts
        # (452 MiB at 10 000 lots) never swell this process. A few cases ahead at most.
        pending: deque[cf.Future[Plan]] = deque()
        queue = iter(files)
        try:
            while True:
                while len(pending) < 2 * self.jobs and (case := next(queue, None)) is not None:
                    pending.append(self._pool.get().submit(planner, case))
                if not pending:
                    return
                future = pending[0]
                while not future.done():
                    self._running.process(wait_for=future)
                pending.popleft()
                yield future.result()
        finally:
            _release_unclaimed(pending)

    def render(self, plan: Planned, staging: Staging | None, finish: Finish) -> None:
        """Render the documents ``plan`` must; then ``finish(results)``, maybe later.

        Interrupted (Ctrl+C) before its case is handed to the workers, it removes ``staging``.
        """
        try:
            self._render(plan, staging, finish)
        except BaseException:
            if self._pool is not None:
                self._pool.shutdown()  # chunks already handed over stop writing first
            if staging is not None:
                staging.abort()
            raise

    def _render(self, plan: Planned, staging: Staging | None, finish: Finish) -> None:
        self.tick(len(plan.docs) - len(plan.jobs), len(plan.docs))
        items = [_item(plan, doc) for doc in plan.docs if doc.index in plan.jobs]
        # The documents of the least used templates first: a délibération with its annexes
        # for every lot is the longest render, it must not be the last one.
        uses = Counter(item.job.template for item in items)
        items.sort(key=lambda i: (uses[i.job.template], i.job.template, i.index))
        folder = str(staging.path) if staging else None
        if self._pool is None or not items:
            results: Results = {}
            for item in items:
                for result in render_items(self.directory, plan.settings, folder, [item]):
                    results[result.index] = result
                self.tick(1, 0)
                if results[item.index].error is not None:
                    break  # the case fails: render no more of it
            finish(results)
            return
        # one document of the operation per task (the longest renders), then chunks
        alone = [[item] for item in items if uses[item.job.template] == 1]
        rest = [item for item in items if uses[item.job.template] > 1]
        size = max(1, min(16, len(rest) // (self.jobs * 4)))
        chunks = alone + [rest[i : i + size] for i in range(0, len(rest), size)]
        pool = self._pool.get()
        futures = {
            pool.submit(render_items, self.directory, plan.settings, folder, chunk): len(chunk)
            for chunk in chunks
        }
        self._running.start(_Case(staging, futures, finish))
        self._running.process()
