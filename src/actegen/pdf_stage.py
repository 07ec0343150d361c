"""The PDF stage of a render, kept light (no LibreOffice, no pikepdf): which documents need
a PDF (``make_pdfs``), and ``PdfStage``, which converts a case's documents in a thread while
the next cases render. The converters themselves are in ``pdf`` (the batch call) and
``pdf_pool`` (LibreOffice over UNO); the CLI chooses one.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .errors import ActegenError, RenderError

if TYPE_CHECKING:
    from .build.report import CaseOutcome

Tick = Callable[[int, int], None] | None
"""The progress bar's ``tick(units done, units more)``, if any: renders, merges and PDFs."""

Progress = Callable[[int], None]  # documents just converted


class Converter(Protocol):
    """``convert(docx_paths, outdir)`` → the PDF paths, in order; ``description`` for --verbose."""

    description: str

    def __call__(self, paths: list[Path], outdir: Path, progress: Progress | None = None) -> list[Path]: ...

    def close(self, *, kill: bool = False) -> None: ...


class PdfError(RenderError):
    """Some documents could not be converted; ``done`` are the PDFs that were."""

    def __init__(self, message: str, done: list[Path] | None = None):
        super().__init__(message)  # args = (message,): pickled as such (done is this process's)
        self.done = list(done or [])


class PdfStage:
    """The PDF stage beside the render: ``submit`` hands a case's documents to a thread,
    which converts them while the next cases render; ``close`` waits for it (or, after an
    interruption, stops). ``tick(done, more)`` is the progress bar's: each PDF is a unit."""

    def __init__(self, convert: Converter, tick: Tick = None):
        self.convert = convert
        self.tick = tick or (lambda done, more: None)
        self.description = convert.description
        self._queue: queue.Queue[tuple[CaseOutcome, list[Path]] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def __call__(self, paths: list[Path], outdir: Path, progress: Progress | None = None) -> list[Path]:
        return self.convert(paths, outdir, progress)

    def __enter__(self) -> PdfStage:
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, _tb: object) -> None:
        self.close(abort=exc is not None)

    def submit(self, outcome: CaseOutcome, paths: list[Path]) -> None:
        self.tick(0, len(paths))
        if self._thread is None:  # started late: the render's worker processes are forked already
            self._thread = threading.Thread(target=self._loop, name="actegen-pdf", daemon=True)
            self._thread.start()
        self._queue.put((outcome, paths))

    def close(self, *, abort: bool = False) -> None:
        """Wait for the last PDFs; after an interruption, stop the converter's LibreOffice
        processes at once instead (they run in sessions of their own: Ctrl+C misses them)."""
        if abort:
            self._stop.set()
            self.convert.close(kill=True)
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=30 if abort else None)
            self._thread = None

    def _loop(self) -> None:
        while (item := self._queue.get()) is not None:
            outcome, paths = item
            if self._stop.is_set():
                continue
            left = len(paths)

            def progress(n: int) -> None:
                nonlocal left
                left -= n
                self.tick(n, 0)

            assert outcome.output is not None
            _convert_into(outcome, self.convert, paths, outcome.output, progress)
            self.tick(left, 0)  # the documents not converted after a failure


def make_pdfs(outcome: CaseOutcome, convert: Callable[..., list[Path]] | None) -> None:
    """PDFs beside the DOCX written in this run, and beside any DOCX that has none yet;
    a conversion's failure becomes the case's error. With a ``PdfStage``, later."""
    target = outcome.output
    if convert is None or target is None or not outcome.ok:
        return
    produced = set(outcome.written) | {new for _edited, new, written in outcome.beside if written}
    current = set(outcome.unchanged) | {new for _edited, new, written in outcome.beside if not written}
    todo = sorted(produced | {n for n in current if not (target / n).with_suffix(".pdf").is_file()})
    paths = [target / n for n in todo if (target / n).is_file()]
    if not paths:
        return
    if isinstance(convert, PdfStage):
        convert.submit(outcome, paths)
    else:
        _convert_into(outcome, convert, paths, target, None)


def _convert_into(
    outcome: CaseOutcome,
    convert: Callable[..., list[Path]],
    paths: list[Path],
    target: Path,
    progress: Progress | None,
) -> None:
    try:
        outcome.pdfs = list(convert(paths, target, progress) if progress else convert(paths, target))
    except PdfError as exc:
        outcome.pdfs = list(exc.done)
        outcome.error = exc
    except ActegenError as exc:
        outcome.error = exc
