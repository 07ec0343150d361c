"""What many test modules share: the paths of the shipped material and two ways to run the CLI.

``run_cli`` runs ``actegen`` in this process with click's ``CliRunner`` (about 0.5 s less
per call than a new interpreter); ``run_entry_point`` runs it as a user does, in a
subprocess, for the tests about the real process: its exit code, its streams, its kills.
Both return the same ``returncode``/``stdout``/``stderr`` triple, and neither inherits a
``SOURCE_DATE_EPOCH`` from the shell running the tests.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from actegen.cli import main

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "cases"
GIRIMBELLES = CASES / "girimbelles-1993.yaml"

PEAK_MIB = """
def peak_mib():
    # VmHWM, this process's own peak: Linux carries ru_maxrss across execve, so a subprocess of
    # a pytest session that has grown would report the session's size at the fork, not its own.
    with open("/proc/self/status", encoding="ascii") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024
"""
"""Source of ``peak_mib()`` for the scripts the memory tests run in a subprocess (Linux)."""


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> CliResult:
    """Run ``actegen ARGS`` in-process, in ``cwd``, with ``env`` added to the environment.

    An exception escaping the command is what a user would see: its traceback on stderr and
    exit code 1, so that ``"Traceback" not in result.stderr`` keeps its meaning.
    """
    runner = CliRunner()
    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        # terminal_width: click's help is laid out for 80 columns, as in a pipe
        result = runner.invoke(
            main,
            list(args),
            prog_name="actegen",
            terminal_width=80,
            env={"SOURCE_DATE_EPOCH": None, **(env or {})},
        )
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return CliResult(result.exit_code, result.stdout, stderr)


def output_tree(folder: Path) -> dict[str, bytes]:
    """Every file under the output folder ``folder`` (hidden ones included), by relative path;
    the bases' packs as the bases they hold, by hash: where a base lands depends on which
    worker rendered it, what it holds does not."""
    from actegen.output.bases import read_base, stored

    files = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_file() and "/.actegen/bases/" not in f"/{rel}":
            files[rel] = p.read_bytes()
    for bases in sorted(folder.glob("**/.actegen/bases")):
        case = bases.parent.parent
        for digest in sorted(stored(case)):
            files[f"{bases.relative_to(folder).as_posix()}/{digest}"] = read_base(case, digest) or b""
    return files


def entry_point_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a subprocess ``actegen``: this one, without ``SOURCE_DATE_EPOCH``."""
    full = dict(os.environ)
    full.pop("SOURCE_DATE_EPOCH", None)
    full.update(env or {})
    return full


def run_entry_point(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> CliResult:
    """Run ``actegen ARGS`` as a user would, in a subprocess (exit code, stdout, stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "actegen.cli", *args],
        check=False,
        cwd=cwd,
        env=entry_point_env(env),
        capture_output=True,
        text=True,
        timeout=600,
    )
    return CliResult(done.returncode, done.stdout, done.stderr)


def libreoffice_convert(source: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """Open ``source`` in LibreOffice headless (its own profile) and save it as ``fmt``
    (``docx``: the round trip that rewrites every part; ``pdf``); skip the test without it."""
    import pytest  # the helpers module is imported by tests only

    from actegen.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) absent")
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    return outdir / f"{source.stem}.{fmt}"


def case_line(case: Path, *path: str | int, key: bool = False) -> int:
    """The line of a field in a shipped case, so that tests quoting positions follow the case
    when it grows (a key's own line with ``key=True``)."""
    from actegen.load import load_case

    return load_case(case).source_of(tuple(path), key=key).line
