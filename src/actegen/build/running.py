"""The cases whose documents the workers are rendering: their chunks in the pool, their
results, their progress. A case opened from its plan's parts (``stream``) stays open — not
finished — until its plan is in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .pool import Pool, Task
from .stream import Batch, Opening

if TYPE_CHECKING:
    from ..output.staging import Staging
    from .workers import RenderResult

ProgressCallback = Callable[[int, int], None]  # (documents done, documents more to do)
Results = dict[int, "RenderResult"]
Finish = Callable[[Results], None]


@dataclass
class Case:
    staging: Staging | None
    futures: dict[Task, int]  # each chunk, with its size
    finish: Finish
    results: Results = field(default_factory=dict)
    open: bool = False  # its plan is still coming (``stream``): not finished before it is in
    failed: bool = False  # a document failed: no more of it is handed over
    expected: int = 0  # its documents, as counted in the progress
    ticked: int = 0  # those counted done so far


def no_finish(_results: Results) -> None:
    raise AssertionError("a case is finished only once its plan is in")


@dataclass
class Early:
    """A case whose plan's parts (``stream``) came before the plan itself; ``case``: opened,
    its documents handed to the pool as they come."""

    opening: Opening | None = None
    batches: list[Batch] = field(default_factory=list)
    case: Case | None = None
    submitted: set[int] = field(default_factory=set)
    closed: bool = False  # its folder cannot be opened now: the parts wait for the plan


class Running:
    """The cases whose documents are being rendered by the workers."""

    def __init__(self, pool: Pool, tick: ProgressCallback):
        self.pool = pool
        self.tick = tick
        self.cases: list[Case] = []

    @property
    def busy(self) -> bool:
        return bool(self.cases)

    def start(self, case: Case) -> None:
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
                    self.done(case, case.futures.pop(task))
                    continue
                results = self.pool.take(task)
                if results is None:
                    continue  # runs again in a new pool
                failed = False
                for result in results:
                    case.results[result.index] = result
                    failed = failed or result.error is not None
                self.done(case, case.futures.pop(task))
                if failed:  # the case fails: render no more of it
                    self.fail(case)
            if not case.futures and not case.open:
                self.cases.remove(case)
                self.done(case, case.expected - case.ticked)  # what was never handed over
                case.finish(case.results)

    def done(self, case: Case, n: int) -> None:
        if n > 0:
            case.ticked += n
            self.tick(n, 0)

    def fail(self, case: Case) -> None:
        """Render no more of ``case``: its chunks not started are cancelled."""
        case.failed = True
        for other, n in list(case.futures.items()):
            if self.pool.cancel(other):
                case.futures.pop(other)
                self.done(case, n)

    def abort(self) -> None:
        """After an interruption: remove the staging folders of unfinished cases."""
        for case in self.cases:
            if case.staging is not None:
                case.staging.abort()
        self.cases.clear()
