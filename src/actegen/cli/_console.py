"""What every command shares: click's context settings, the two consoles, the progress bar.

rich is loaded when a console first needs it — a progress bar, markup, a line rich would
change — not to print plain lines: a no-op re-run prints its report without loading it.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Task

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# What rich's print would not write as it is: control characters (stripped, tabs expanded),
# trailing white space (cut from a line wider than the terminal).
_NOT_PLAIN = re.compile(r"[\x00-\x1f\x7f-\x9f]|\s\Z")


class LazyConsole:
    """A rich ``Console`` made on first need; a plain line (``markup=False``) that rich would
    write unchanged is written directly, to the stream rich would use, and flushed as rich does."""

    def __init__(self, stderr: bool = False) -> None:
        self._stderr = stderr
        self._rich: Console | None = None

    @property
    def rich(self) -> Console:
        if self._rich is None:
            from rich.console import Console  # lazy: see the module docstring

            # No emoji codes: « dossier.yaml:100:7: » would print « dossier.yaml💯7: ».
            self._rich = Console(stderr=self._stderr, highlight=False, soft_wrap=True, emoji=False)
        return self._rich

    @property
    def is_terminal(self) -> bool:
        return self.rich.is_terminal

    def print(self, *objects: Any, **options: Any) -> None:
        if (
            self._rich is None
            and options == {"markup": False}
            and len(objects) == 1
            and isinstance(objects[0], str)
            and not _NOT_PLAIN.search(objects[0])
        ):
            stream = sys.stderr if self._stderr else sys.stdout
            stream.write(objects[0] + "\n")
            stream.flush()
            return
        self.rich.print(*objects, **options)


out = LazyConsole()
err = LazyConsole(stderr=True)


def print_lines(console: LazyConsole, lines: Iterable[str]) -> None:
    """Each line as it is: no rich markup, no highlighting (paths and messages hold « [ »)."""
    for line in lines:
        console.print(line, markup=False)


Tick = Callable[[int, int], None]  # (units done, units more to do)

SHOW_REMAINING_AFTER = 3.0
"""Seconds of a run before its estimate of the time left is shown (short runs have none)."""


def duration_fr(seconds: float) -> str:
    """« 40 s », « 2 min », « 1 h 05 »: rounded as an estimate should be."""
    if seconds < 55:
        return f"{max(5, round(seconds / 5) * 5)}\u00a0s"
    if seconds < 3570:
        return f"{max(1, round(seconds / 60))}\u00a0min"
    hours, minutes = divmod(round(seconds / 60), 60)
    return f"{hours}\u00a0h\u00a0{minutes:02d}"


def remaining_text(elapsed: float | None, completed: float, total: float | None, speed: float | None) -> str:
    """« reste environ 2 min », or nothing: too early, nothing done yet, or finished.

    ``speed`` (units per second over the last seconds) follows the mix of work as it
    changes (renders are fast, PDF conversions slow); without it, the run's average."""
    if elapsed is None or elapsed < SHOW_REMAINING_AFTER or not total or completed <= 0 or completed >= total:
        return ""
    rate = speed if speed else completed / elapsed
    return f"reste environ {duration_fr((total - completed) / rate)}"


@contextmanager
def progress_bar(title: str) -> Iterator[Tick | None]:
    """The progress bar of a long command, on a terminal only (not under CI): yields the
    ``tick(done, more)`` to feed it, or None. Renders, merges and PDF conversions are its
    units; ticks may come from the PDF thread, hence the lock."""
    if not out.is_terminal or os.environ.get("CI"):
        yield None
        return
    # lazy: the progress bar only on a terminal
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    class Remaining(ProgressColumn):
        def render(self, task: Task) -> Text:
            return Text(remaining_text(task.elapsed, task.completed, task.total, task.speed))

    # Refreshed by the ticks only (no refresh thread): the rendering processes are forked
    # before any thread of ours starts.
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        Remaining(),
        console=out.rich,
        transient=True,
        auto_refresh=False,
    ) as bar:
        task = bar.add_task(title, total=0)
        lock = threading.Lock()

        def tick(done: int, more: int) -> None:
            with lock:
                total = bar.tasks[0].total or 0
                bar.update(task, advance=done, total=total + more)
                bar.refresh()

        yield tick
