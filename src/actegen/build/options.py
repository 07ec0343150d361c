"""What a render of a set is asked, decided before anything is loaded: the set's options,
how each document is treated (``Policy``), the case files a set names, and the plan of a
case found unchanged. The no-op re-run (``noop``, ``cache``) needs nothing else of the
plan (``plan``), whose imports — the spool, the streams, the context digest — it must not pay.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..output.manifest import Entry, OnDisk, is_current
from .report import CaseOutcome

if TYPE_CHECKING:
    from .planfile import PartSelection


@dataclass(frozen=True)
class SetOptions:
    output_root: Path
    templates: Path | None = None
    force: bool = False
    jobs: int = 1
    check: bool = False  # the CLI's --check: render_set hands over to check_set
    shard: tuple[int, int] | None = None  # (K, N): the K-th of N parts, 1 ≤ K ≤ N
    pdf: Callable[[list[Path], Path], list[Path]] | None = None
    part: PartSelection | None = None  # render --plan: the documents of this shard, by name

    def outside(self, case_id: str, filename: str) -> bool:
        """The document belongs to another part of the --shard (of the plan, if there is one)."""
        if self.part is not None:
            return self.part.outside(case_id, filename)
        return self.shard is not None and shard_of(case_id, filename, self.shard[1]) != self.shard[0]

    def selected(self, case_id: str) -> Callable[[str], bool] | None:
        """For ``build_jobs``: the documents whose context to build (None: all of them). A
        shard of a plan builds only its own; the hash --shard plans them all."""
        part = self.part
        if part is None:
            return None
        return lambda filename: not part.outside(case_id, filename)


def shard_of(case_id: str, filename: str, parts: int) -> int:
    """The part (1…N) a document belongs to: a hash of its name, never its position."""
    digest = hashlib.sha256(f"{case_id}\0{filename}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % parts + 1


class Action(enum.Enum):
    SKIP = "skip"  # the file on disk is what these inputs give
    RENDER = "render"
    OUTSIDE = "outside"  # another part of the --shard builds it


ActionRule = Callable[[Entry | None, OnDisk, str | None, bool], Action]


@dataclass(frozen=True)
class Policy:
    """How a build treats each document: ``RENDER`` below, or ``check.CHECK``."""

    action: ActionRule  # (manifest entry, files on disk, inputs, --force) → action
    writes: bool  # an exclusive lock and a staging folder; False: nothing is written


def render_action(entry: Entry | None, disk: OnDisk, inputs: str | None, force: bool) -> Action:
    return Action.SKIP if is_current(entry, disk, inputs, force) else Action.RENDER


RENDER = Policy(render_action, writes=True)


@dataclass
class Unchanged:
    """Same inputs as the manifest's, every file as recorded: nothing to do, nothing parsed."""

    outcome: CaseOutcome
    case_id: str
    target: Path

    @property
    def documents(self) -> int:
        return len(self.outcome.unchanged) + len(self.outcome.beside) + len(self.outcome.outside)


def expand_cases(paths: Iterable[Path]) -> list[Path]:
    """Case files in the order given; a folder stands for its ``*.yaml`` files, sorted
    (a folder without any stays as it is, and is reported as such)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                # not only regular files: a FIFO or a link loop named *.yaml is refused, not skipped
                if p.suffix in (".yaml", ".yml") and not p.is_dir() and not p.name.startswith(".")
            )
            files.extend(found or [path])
        else:
            files.append(path)
    return files
