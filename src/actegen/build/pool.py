"""The worker processes of a render, and the tasks handed to them.

Forked (on Linux) all at once, they start fast and share actegen's imported code; each dies
with the render, holds nothing of its lock, and tells the render's ``watchdog`` what it
runs. A pool broken by a kill at the deadline is replaced, and its unfinished tasks run
again in the new one (``Pool.take``).
"""

from __future__ import annotations

import concurrent.futures as cf
import ctypes
import importlib
import itertools
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..sandbox import deadline_seconds
from . import stream, watchdog

_POLL = 0.02  # seconds: how often a wait looks for the parts of a plan


def _warm_up(_n: int) -> int:
    return os.getpid()


_PR_SET_PDEATHSIG = 1


def _worker_init(parent: int, lock_fd: int | None, slots: Any, claimed: Any, writers: Any) -> None:
    """A worker dies with the render that forked it, holds nothing of its lock, ignores
    Ctrl+C, and tells the render's watchdog what it runs.

    Else a render killed by SIGKILL would leave workers writing into its staging folder,
    which the next run removes, and keeping the output lock alive until they end. Ctrl+C
    reaches the whole process group: the render stops its workers itself and says
    « interrompu. »; a worker would print its own traceback.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watchdog.claim(slots, claimed)
    stream.attach(writers, watchdog.slot())
    if lock_fd is not None:
        try:
            os.close(lock_fd)  # the render's flock stays: its own descriptor is still open
        except OSError:
            pass
    if sys.platform == "linux":
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass
        else:
            if os.getppid() != parent:  # the render died before prctl
                os._exit(1)
    _preload()


def _preload() -> None:
    """Import what plans and renders now, in every worker at once: the render does not wait
    for it (``Pool.get``), and a worker waiting for its first documents would else import
    them only once they come. A failure here is met again, and reported, by the task."""
    try:
        for name in _PRELOADED:
            importlib.import_module(name)
    except Exception:  # noqa: BLE001 - the task that needs it reports it
        pass


_PRELOADED = ("actegen.pipeline", "actegen.render")  # load … documents; docxtpl, Jinja, lxml


@dataclass(eq=False, repr=False)
class Task:
    """A call handed to the pool, kept until its result is taken: a pool replaced after a
    kill runs it again, or, if it was the one killed, gives ``killed(document index)``."""

    token: int
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    killed: Callable[[int], Any]
    future: cf.Future[Any]


class Pool:
    """Worker processes, forked (on Linux) all at once: they start fast and share actegen's
    imported code. The caller must not run threads of its own then (the CLI's progress bar
    refreshes from the main thread). Started at the first task, or by ``start``."""

    def __init__(self, workers: int, lock_fd: int | None = None):
        self.workers = workers
        self.lock_fd = lock_fd
        self.seconds = deadline_seconds()
        self._executor: cf.ProcessPoolExecutor | None = None
        self._watchdog: watchdog.Watchdog | None = None
        self.channels: stream.Channels | None = None  # the plans' parts (``stream``), per pool
        self.inbox: list[tuple[int, stream.Message]] = []
        self._tasks: dict[int, Task] = {}
        self._killed: dict[int, int] = {}  # task token → document index, killed at the deadline
        self._tokens = itertools.count(1)

    def start(self) -> Pool:
        self.get()
        return self

    def get(self) -> cf.ProcessPoolExecutor:
        if self._executor is None:
            fork = "fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux"
            context = multiprocessing.get_context("fork" if fork else None)
            self._watchdog = watchdog.Watchdog(context, self.workers, self.seconds)
            self.channels = stream.Channels(context, self.workers)
            # Only a forked worker inherits the lock's descriptor (a spawned one would close another).
            self._executor = cf.ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_worker_init,
                initargs=(
                    os.getpid(),
                    self.lock_fd if fork else None,
                    *self._watchdog.initargs,
                    *self.channels.initargs,
                ),
            )
            # Every worker is forked at the first task; none is waited for (``_preload``).
            for n in range(self.workers):
                self._executor.submit(_warm_up, n)
        return self._executor

    def submit(self, fn: Callable[..., Any], args: tuple[Any, ...], killed: Callable[[int], Any]) -> Task:
        token = next(self._tokens)
        task = Task(token, fn, args, killed, self.get().submit(watchdog.run, token, fn, *args))
        self._tasks[token] = task
        return task

    def wait(self, tasks: list[Task]) -> None:
        """Wait until one of ``tasks`` is done, a plan sends a part (``stream``), or a worker
        is past its deadline: killed."""
        if tasks and self._watchdog is not None:
            timeout = min(self._watchdog.timeout(), _POLL)
            cf.wait([t.future for t in tasks], timeout=timeout, return_when=cf.FIRST_COMPLETED)
        self.check()

    def check(self) -> None:
        if self._watchdog is not None:
            self._killed.update(self._watchdog.overdue())
        if self.channels is not None:
            self.inbox.extend(self.channels.received())

    def received(self) -> list[tuple[int, stream.Message]]:
        """The plans' parts received since the last call (``stream``)."""
        self.check()
        messages, self.inbox = self.inbox, []
        return messages

    def take(self, task: Task) -> Any:
        """A done task's result; None when it is not done, or runs again in a new pool."""
        if not task.future.done():
            return None
        try:
            value = task.future.result()
        except cf.BrokenExecutor:
            self._replace()
            return self.take(task)
        self._tasks.pop(task.token, None)
        return value

    def cancel(self, task: Task) -> bool:
        if task.future.cancel():
            self._tasks.pop(task.token, None)
            return True
        return False

    def _replace(self) -> None:
        """After a kill at the deadline: a new pool, which runs again every task that had
        not finished, but the killed ones. A worker that died on its own stops the run."""
        old, self._executor = self._executor, None
        if old is not None:
            old.shutdown(wait=True)  # broken: its workers are gone, its futures all done
        if self.channels is not None:  # what is left in them comes again with the plans run again
            self.inbox.extend(self.channels.received())
            self.channels.close()
            self.channels = None
        self.check()
        killed, self._killed = self._killed, {}
        if not killed:
            raise cf.BrokenExecutor("un processus de rendu s'est arrêté")
        for token, task in list(self._tasks.items()):
            if task.future.cancelled():
                self._tasks.pop(token)
            elif token in killed:
                task.future = cf.Future()
                task.future.set_result(task.killed(killed[token]))
            elif not task.future.done() or isinstance(task.future.exception(), cf.BrokenExecutor):
                task.future = self.get().submit(watchdog.run, token, task.fn, *task.args)

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
        if self.channels is not None:
            self.channels.close()
            self.channels = None
