"""The hard deadline of a render: a worker past it is killed by the render, with SIGKILL.

The sandbox checks its time limit at each template step; one long operation in C (sorting
a huge list, converting a big integer to text) takes no step and would run on. So every
template runs in a worker process, which notes in memory shared with the render which task
and which document it is on, and since when; the render, while it waits for results, kills
the worker of a document past the deadline (``sandbox.deadline_seconds()``) and replaces the pool
(``pool.Pool``). A killed worker cannot refuse anything: the render writes the refusal.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from multiprocessing.context import BaseContext
from typing import Any

from .. import sandbox

_FIELDS = 4  # per worker: pid, start (monotonic; 0: idle), task token, document index
_PID, _START, _TOKEN, _INDEX = range(_FIELDS)

_slots: Any = None  # in a worker: the shared slots, and the one it claimed
_mine = -1


class Watchdog:
    """The slots of one pool's workers, and the deadline the render holds them to."""

    def __init__(self, context: BaseContext, workers: int, seconds: float):
        self.slots: Any = context.Array("d", _FIELDS * workers, lock=False)
        self.claimed: Any = context.Value("i", 0)
        self.seconds = seconds  # ``sandbox.deadline_seconds()``, as the pool read it

    @property
    def initargs(self) -> tuple[Any, Any]:
        return (self.slots, self.claimed)

    def timeout(self) -> float:
        """How long the render may wait for results before it must look again."""
        now = time.monotonic()
        starts = [s for s in self.slots[_START::_FIELDS] if s]
        left = min(starts) + self.seconds - now if starts else self.seconds
        return max(0.02, left + 0.01)

    def overdue(self) -> dict[int, int]:
        """Kill the workers past the deadline; their tasks' tokens → the document index they
        were on (-1: none yet)."""
        killed = {}
        now = time.monotonic()
        for base in range(0, len(self.slots), _FIELDS):
            start = self.slots[base + _START]
            if not start or now - start <= self.seconds:
                continue
            token, index = int(self.slots[base + _TOKEN]), int(self.slots[base + _INDEX])
            if self.slots[base + _START] != start:  # the worker moved on meanwhile
                continue
            try:
                os.kill(int(self.slots[base + _PID]), signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                continue
            self.slots[base + _START] = 0.0
            killed[token] = index
        return killed


def claim(slots: Any, claimed: Any) -> None:
    """In a new worker: take the next free slot."""
    global _slots, _mine  # noqa: PLW0603 - this worker's own slot, set once at its start
    with claimed.get_lock():
        _mine = claimed.value
        claimed.value += 1
    _slots = slots
    slots[_mine * _FIELDS + _PID] = os.getpid()
    sandbox.watch = _templates


def slot() -> int:
    """In a worker: the slot it claimed (0 … workers − 1)."""
    return _mine


def _templates(running: bool) -> None:
    """While a task plans a case, its deadline counts only while templates (clauses) run:
    the figures of a big operation may take long, they are not a template's doing."""
    base = _mine * _FIELDS
    if _slots is not None and _slots[base + _INDEX] == -1:
        _slots[base + _START] = time.monotonic() if running else 0.0


def _note(token: float | None, index: int, *, watched: bool = True) -> None:
    if _slots is None:
        return
    base = _mine * _FIELDS
    _slots[base + _START] = 0.0  # first: the render never sees a new task with an old start
    if token is not None:
        _slots[base + _TOKEN] = token
    _slots[base + _INDEX] = index
    if watched:
        _slots[base + _START] = time.monotonic()


def document(index: int) -> None:
    """In a worker: the task starts rendering document ``index``; its deadline starts now."""
    _note(None, index)


def run(token: int, fn: Callable[..., Any], *args: Any) -> Any:
    """In a worker: ``fn(*args)``, watched as the task ``token`` (from its first document
    or template on)."""
    _note(token, -1, watched=False)
    try:
        return fn(*args)
    finally:
        if _slots is not None:
            _slots[_mine * _FIELDS + _START] = 0.0
