"""A case's plan sent to the render in parts as it is made, so that the first documents of a
big operation render on the other workers while its last ones are still being planned.

The worker planning a case (``pipeline.plan_case`` → ``plan.plan_documents``) sends, on a
pipe of its own: the case's ``Opening`` (its folder, its settings, how many documents), then
its documents in ``Batch``es, each once their contexts are in the spool file. The render
(``workers.Workers.plans``) hands each batch's documents to the pool at once. The plan still
comes back whole, as the task's result, and what is written is decided from it alone
(``commit.decide``): the parts only let the renders start sooner.

A pipe per worker, not a queue they share: a worker killed at its deadline must not leave
held a lock that the others would then wait on for ever.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from ..jobs import DocumentJob, RenderSettings, SpooledJob

ALONE = 2  # the first documents to render go one per batch, each to a worker at once: a
# plan gives the operation's first (``documents.render_order``), the longest renders
BATCH = 16  # then documents by batches, rendered while the plan goes on


@dataclass(frozen=True)
class Opening:
    """A case's plan has begun: where its documents go, and how many it has."""

    case_id: str
    target: Path
    settings: RenderSettings
    documents: int


@dataclass(frozen=True)
class Batch:
    """Documents of a case whose fate is decided (``plan.DocPlan``); those to render with
    their jobs, spooled (their contexts readable in ``spool`` by any worker)."""

    docs: list[Any]
    jobs: dict[int, DocumentJob | SpooledJob]
    spool: str | None


Message = Opening | Batch
Announce = Callable[[Message], None]


class Channels:
    """The pipes of one pool's workers: each worker writes to its own, the render reads all."""

    def __init__(self, context: BaseContext, workers: int):
        self._pipes = [context.Pipe(duplex=False) for _ in range(workers)]

    @property
    def initargs(self) -> tuple[Any, ...]:
        return (tuple(writer for _reader, writer in self._pipes),)

    def received(self, timeout: float = 0.0) -> list[tuple[int, Message]]:
        """What the workers sent, waiting up to ``timeout`` seconds for the first message."""
        readers = [reader for reader, _writer in self._pipes]
        messages: list[tuple[int, Message]] = []
        for reader in wait(readers, timeout):
            messages.extend(_read(reader))  # type: ignore[arg-type] # wait gives back our readers
        return messages

    def close(self) -> None:
        for reader, writer in self._pipes:
            reader.close()
            writer.close()


def _read(reader: Connection) -> list[tuple[int, Message]]:
    messages = []
    try:
        while reader.poll():
            messages.append(reader.recv())
    except (EOFError, OSError, pickle.UnpicklingError):
        # a worker killed in the middle of a message: the rest of that case's parts are lost,
        # its plan (run again, or refused) is what counts
        pass
    return messages


_writer: Connection | None = None  # in a worker: the pipe it writes to


def attach(writers: tuple[Connection, ...], slot: int) -> None:
    """In a new worker: keep the pipe of the slot it claimed (``watchdog.slot``)."""
    global _writer  # noqa: PLW0603 - this worker's own pipe, set once at its start
    _writer = writers[slot]


def announce(stream: int, message: Message) -> None:
    """In a worker: send ``message`` about the case ``stream`` (its place in the render)."""
    if _writer is not None:
        _writer.send((stream, message))


@dataclass
class Batcher:
    """Worker side: collects a plan's documents and sends them by batches."""

    send: Announce
    spool_flush: Callable[[], str | None]
    docs: list[Any] = field(default_factory=list)
    jobs: dict[int, DocumentJob | SpooledJob] = field(default_factory=dict)
    sent_jobs: int = 0

    def add(self, doc: Any, job: DocumentJob | SpooledJob | None) -> None:
        self.docs.append(doc)
        if job is not None:
            self.jobs[doc.index] = job
        if len(self.jobs) >= (1 if self.sent_jobs < ALONE else BATCH):
            self.flush()

    def flush(self) -> None:
        if not self.docs:
            return
        spool = self.spool_flush()  # the contexts on disk before any worker reads them
        self.send(Batch(self.docs, self.jobs, spool))
        self.sent_jobs += len(self.jobs)
        self.docs, self.jobs = [], {}
