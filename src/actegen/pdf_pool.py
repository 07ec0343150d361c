"""A pool of long-lived headless LibreOffice processes, driven over UNO.

Starting LibreOffice costs about a second; the batch call (``pdf.convert_to_pdf``) pays it
for every dozen documents. Here each worker (``Office``) is one ``soffice`` with its own
profile (``-env:UserInstallation``), listening on a named pipe, and one UNO client
(``pdf_uno_client.py``) run by a Python that has ``uno`` — Debian's ``python3-uno`` is for
the system's Python, not for actegen's virtual environment, hence a separate process
speaking JSON lines. A worker is restarted after ``recycle`` documents (LibreOffice's
memory grows) and after a crash; a document that takes longer than ``timeout`` seconds
kills its LibreOffice, fails with a French message, and the next one gets a fresh one.

``choose_converter`` picks the pool when a Python with ``uno`` answers, else the batch call.
"""

from __future__ import annotations

import json
import os
import queue
import select
import shutil
import subprocess
import tempfile
import threading
from functools import cache
from pathlib import Path

from .errors import RenderError
from .pdf import BatchConverter, check_inputs, find_soffice, kill_session, settle
from .pdf_stage import Converter, PdfError, Progress

CLIENT = Path(__file__).with_name("pdf_uno_client.py")
RECYCLE = 200
"""Documents converted by one LibreOffice before it is replaced by a fresh one."""
START_SECONDS = 90
"""Time allowed to a LibreOffice to start and accept the UNO client."""


@cache
def uno_python() -> str | None:
    """A Python that can ``import uno`` (``$ACTEGEN_UNO_PYTHON``, the system's, or
    LibreOffice's own), or None."""
    candidates = [os.environ.get("ACTEGEN_UNO_PYTHON", ""), "/usr/bin/python3"]
    soffice = find_soffice()
    if soffice:
        candidates.append(str(Path(os.path.realpath(soffice)).with_name("python")))
    for python in filter(None, candidates):
        if not os.access(python, os.X_OK):
            continue
        try:
            probe = subprocess.run([python, "-c", "import uno"], check=False, capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return python
    return None


def choose_converter(version: int, workers: int, *, timeout: int = 120) -> Converter:
    """The UNO pool if LibreOffice and a Python with ``uno`` are there, else the batch call
    (which also says when LibreOffice is missing)."""
    soffice = find_soffice()
    python = uno_python() if soffice else None
    if soffice is None or python is None:
        return BatchConverter(version, timeout)
    return OfficePool(soffice, python, workers=workers, version=version, timeout=timeout)


class _Timeout(Exception):
    pass


class Office:
    """One headless LibreOffice and its UNO client; started on first use."""

    def __init__(self, soffice: str, python: str, work: Path, number: int, timeout: int, recycle: int):
        self.soffice_path, self.python, self.work, self.number = soffice, python, work, number
        self.timeout, self.recycle = timeout, recycle
        self.generation = 0
        self.converted = 0
        self.closed = False  # the pool is closing: start no LibreOffice any more
        self.office: subprocess.Popen | None = None
        self.client: subprocess.Popen | None = None
        self.profile: Path | None = None
        self._buffer = b""
        self._lock = threading.Lock()

    def convert(self, source: Path, target: Path, version: int) -> str | None:
        """Convert one document; the French error message, or None."""
        for attempt in (1, 2):
            if self.closed:
                return f"{source.name} : conversion interrompue"
            if self.client is None or self.converted >= self.recycle:
                self.stop()
                error = self._start()
                if error:
                    return f"{source.name} : {error}"
            client = self.client  # this one, even if the pool's close stops it meanwhile
            assert client is not None and client.stdin is not None
            request = {"in": str(source.resolve()), "out": str(target.resolve()), "version": version}
            try:
                client.stdin.write((json.dumps(request) + "\n").encode())
                client.stdin.flush()
                reply = self._read(client, self.timeout)
            except _Timeout:
                self.stop(kill=True)
                return (
                    f"{source.name} : LibreOffice n'a pas fini de le convertir en {self.timeout} s ; "
                    "conversion abandonnée (les autres documents continuent)"
                )
            except (OSError, ValueError):  # LibreOffice or its client died: a fresh one, once
                reply = None
            if reply is None or (not reply.get("ok") and self._died()):
                self.stop(kill=True)
                if attempt == 1:
                    continue
                return f"{source.name} : LibreOffice s'est arrêté brutalement pendant la conversion"
            self.converted += 1
            if reply.get("ok"):
                return None
            return f"{source.name} : LibreOffice n'a pas pu le convertir ({reply.get('error', '?')})"
        return None  # not reached: the second attempt returns

    def _died(self) -> bool:
        """LibreOffice is gone (then a failure was its crash, not the document's fault)."""
        return self.office is None or self.office.poll() is not None

    def _start(self) -> str | None:
        self.generation += 1
        self.converted = 0
        self._buffer = b""
        self.profile = self.work / f"profil-{self.number}-{self.generation}"
        self.profile.mkdir(parents=True)
        pipe = f"actegen-{os.getpid()}-{self.number}-{self.generation}"
        env = dict(os.environ)
        env["HOME"] = str(self.profile)  # nothing written in the user's home
        command = [
            self.soffice_path,
            f"-env:UserInstallation={self.profile.resolve().as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ]
        quiet = subprocess.DEVNULL
        try:
            self.office = subprocess.Popen(
                command, stdin=quiet, stdout=quiet, stderr=quiet, env=env, start_new_session=True
            )
            self.client = subprocess.Popen(
                [self.python, str(CLIENT), pipe],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=quiet,
                env=env,
                start_new_session=True,
            )
        except OSError as exc:
            self.stop(kill=True)
            return f"LibreOffice n'a pas pu être lancé ({exc.strerror or exc})"
        try:
            ready = self._read(self.client, START_SECONDS)
        except _Timeout:
            ready = None
        if not ready or not ready.get("ready"):
            self.stop(kill=True)
            detail = (ready or {}).get("error") or f"pas de réponse en {START_SECONDS} s"
            return f"LibreOffice n'a pas démarré ({detail})"
        return None

    def _read(self, client: subprocess.Popen, timeout: float) -> dict | None:
        """The client's next JSON line; None at its end (it died); ``_Timeout`` after ``timeout``."""
        assert client.stdout is not None
        fd = client.stdout.fileno()
        while b"\n" not in self._buffer:
            readable, _, _ = select.select([fd], [], [], timeout)
            if not readable:
                raise _Timeout
            chunk = os.read(fd, 65536)
            if not chunk:
                return None
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        answer = json.loads(line)
        return answer if isinstance(answer, dict) else None

    def stop(self, *, kill: bool = False) -> None:
        """End the client (which asks LibreOffice to quit), then LibreOffice; killed if asked
        or if they do not stop in time."""
        with self._lock:  # the pool's close and a converting thread may stop it together
            self._stop(kill)

    def _stop(self, kill: bool) -> None:
        for process in (self.client, self.office):
            if process is None:
                continue
            if not kill:
                try:
                    if process.stdin is not None:
                        process.stdin.close()
                    process.wait(timeout=20)
                    continue
                except (OSError, subprocess.TimeoutExpired):
                    pass
            kill_session(process)
        for process in (self.client, self.office):
            if process is not None and process.stdout is not None:
                process.stdout.close()
        self.client = self.office = None
        if self.profile is not None:
            shutil.rmtree(self.profile, ignore_errors=True)
            self.profile = None


class OfficePool:
    """``workers`` LibreOffice processes, each converting documents from one queue."""

    def __init__(
        self,
        soffice: str,
        python: str,
        *,
        workers: int = 2,
        version: int = 1,
        timeout: int = 120,
        recycle: int = RECYCLE,
    ):
        self.version = version
        self._work = Path(tempfile.mkdtemp(prefix="actegen-office-"))
        self._closed = False
        self.offices = [
            Office(soffice, python, self._work, n, timeout, recycle) for n in range(max(1, workers))
        ]
        self.description = (
            f"LibreOffice piloté par UNO ({len(self.offices)} processus durables, client {python})"
        )

    def __enter__(self) -> OfficePool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __call__(self, paths: list[Path], outdir: Path, progress: Progress | None = None) -> list[Path]:
        """Convert each DOCX into ``outdir/<same name>.pdf``; the PDFs in order. A document
        that fails does not stop the others: ``PdfError`` lists the failures, with the PDFs
        that were produced (``done``)."""
        if not paths:
            return []
        _soffice, paths = check_inputs(paths)
        outdir = Path(outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        todo: queue.Queue[int] = queue.Queue()
        for index in range(len(paths)):
            todo.put(index)
        errors: dict[int, str] = {}
        with tempfile.TemporaryDirectory(prefix="actegen-pdf-") as work:
            staging = Path(work)

            def serve(office: Office) -> None:
                while not office.closed:
                    try:
                        index = todo.get_nowait()
                    except queue.Empty:
                        return
                    source, pdf = paths[index], staging / f"{paths[index].stem}.pdf"
                    error = office.convert(source, pdf, self.version)
                    if error is None and (not pdf.is_file() or pdf.stat().st_size == 0):
                        error = f"{source.name} : LibreOffice n'a pas produit de PDF"
                    if error is None:
                        try:
                            settle(pdf, source)
                        except RenderError as exc:
                            error = str(exc)
                    if error is not None:
                        errors[index] = error
                    if progress is not None:
                        progress(1)

            threads = [
                threading.Thread(target=serve, args=(office,), name=f"actegen-office-{n}", daemon=True)
                for n, office in enumerate(self.offices[: len(paths)])
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            done = []
            for index, source in enumerate(paths):
                target = outdir / f"{source.stem}.pdf"
                if index not in errors and (staging / target.name).is_file():
                    shutil.move(str(staging / target.name), str(target))
                    done.append(target)
                elif index not in errors:  # never taken from the queue: the pool was closed
                    errors[index] = f"{source.name} : conversion interrompue"
        if errors:
            raise PdfError("; ".join(errors[i] for i in sorted(errors)), done)
        return done

    def close(self, *, kill: bool = False) -> None:
        """Stop every LibreOffice (``kill``: at once, after an interruption); remove their
        profiles. A second call does nothing."""
        if self._closed:
            return
        self._closed = True
        for office in self.offices:
            office.closed = True
        for office in self.offices:
            office.stop(kill=kill)
        shutil.rmtree(self._work, ignore_errors=True)
