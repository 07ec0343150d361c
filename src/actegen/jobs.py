"""What a document is made from: the job (template, file name, context) and the settings its
case shares with its other documents.

Plain data, apart from ``render`` (whose package loads docxtpl, Jinja and lxml): the plan
and the no-parse re-run use it without loading them (``build.noop``).
"""

from __future__ import annotations

import os
import pickle
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import lz4.frame


@dataclass(frozen=True)
class DocumentJob:
    """One document to produce: which template, which file name, with which context."""

    family: str
    filename: str
    template: str
    context: dict[str, Any] = field(hash=False, compare=False)
    title: str = ""
    author: str = ""  # the document's author property; empty: the case's office (settings)


@dataclass(frozen=True)
class SpooledJob:
    """A job whose context waits in its case's spool file until a worker renders it: the
    main process holds a few names and offsets per document, never the contexts."""

    family: str
    filename: str
    template: str
    title: str
    path: str
    offset: int
    size: int

    def load(self) -> DocumentJob:
        with open(self.path, "rb") as fh:
            fh.seek(self.offset)
            job: DocumentJob = pickle.loads(lz4.frame.decompress(fh.read(self.size)))
        return job


def loaded(job: DocumentJob | SpooledJob) -> DocumentJob:
    """The job itself, with its context read back from the spool if it waits there."""
    return job.load() if isinstance(job, SpooledJob) else job


class Spool:
    """The contexts of a case's documents to render, written one by one as the plan builds
    them (compressed pickles, in a private temporary file): a 10 000-lot operation has
    about 170 MiB of them (LZ4), which no process holds at once. ``remove`` once rendered.

    A context that cannot be pickled, or a spool that cannot be written, keeps its job in
    memory, as before: the render is the same either way."""

    def __init__(self) -> None:
        self.path: str | None = None
        self._fh: Any = None

    def add(self, job: DocumentJob) -> DocumentJob | SpooledJob:
        """The job, spooled: pickled, compressed (one LZ4 frame per job) and appended to the
        file. LZ4, not gzip: the contexts are compressed and read back 5× faster (a 1 000-lot
        operation's: 0.1 s instead of 0.6), 1.3× larger. One call each, not a frame file
        opened around ``pickle.dump`` (0.5 ms per job, most of a 1 000-lot plan's spooling):
        a job's pickle is held only until it is written."""
        try:
            frame = lz4.frame.compress(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
        except (pickle.PicklingError, TypeError, AttributeError):
            return job
        try:
            if self._fh is None:
                fd, self.path = tempfile.mkstemp(prefix=f"{SPOOL_PREFIX}{_OWNER}-", suffix=".bin")
                self._fh = os.fdopen(fd, "w+b")
            offset = self._fh.tell()
            self._fh.write(frame)
        except OSError:  # a full disk: the next job's offset is where the file then ends
            return job
        assert self.path is not None
        return SpooledJob(job.family, job.filename, job.template, job.title, self.path, offset, len(frame))

    def flush(self) -> str | None:
        """The contexts written so far readable by other processes (``build.stream``)."""
        if self._fh is not None:
            self._fh.flush()
        return self.path

    def close(self) -> None:
        """Every context written: the workers may read them."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def remove(self) -> None:
        self.close()
        remove_spool(self.path)
        self.path = None


SPOOL_PREFIX = "actegen-contextes-"
"""Spool files are named after the process that imported this module: the render itself, or
for a forked worker its parent (a spawned worker dies with the render: PR_SET_PDEATHSIG)."""
_OWNER = os.getpid()


def remove_stale_spools() -> int:
    """Remove the spool files (households' names and dates) that a render killed with SIGKILL
    left in the temporary folder: those of this user whose render process no longer runs."""
    removed = 0
    folder = tempfile.gettempdir()
    try:
        names = [n for n in os.listdir(folder) if n.startswith(SPOOL_PREFIX) and n.endswith(".bin")]
    except OSError:
        return 0
    for name in names:
        pid = name[len(SPOOL_PREFIX) :].split("-", 1)[0]
        path = os.path.join(folder, name)
        try:
            if not pid.isdigit() or os.lstat(path).st_uid != os.getuid() or _alive(int(pid)):
                continue
            os.unlink(path)
            removed += 1
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_spool(path: str | None) -> None:
    if path is not None:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


@dataclass(frozen=True)
class RenderSettings:
    """Case-level settings that every document of a case shares."""

    currency: str
    reform1990: bool
    author: str
    timestamp: datetime
    reference: str

    @property
    def environment_key(self) -> tuple[str, bool]:
        """What the Jinja environment depends on (its filters' defaults)."""
        return (self.currency, self.reform1990)


def default_timestamp(case_date: Any) -> datetime:
    """The documents' date: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the act's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime(case_date.year, case_date.month, case_date.day, 12, 0, 0, tzinfo=UTC)
