"""A ``render`` command line seen before, replayed without click when there is nothing to do.

click parses every command line (``app``). A ``render`` that could be a no-op (no ``--pdf``,
no ``--plan``, no ``--check``) records the options click gave it (``record``), under its
arguments, the folder it ran in and actegen's version, with actegen's code fingerprint. The
next time the same line runs (``actegen.__main__``), ``replayed`` rebuilds those options
without importing click — 40 ms of a no-op's 200 on a small machine — and asks
``build.noop``; when nothing is to be done it prints the report and exits as the command
would. Otherwise (not recorded, code changed, a path that click would now refuse, anything
unexpected), it returns None and click parses the line as always: the memo saves the
parsing, never a decision, since ``build.noop`` answers the same whichever way it is asked.

The memo is one file of the user's cache (``user_cache``), ``commandes.json``, written whole;
it may be lost at any time.
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .._version import __version__
from ..user_cache import cache_folder, write_whole

MEMO = "commandes.json"
MAX_LINES = 64  # the most recent command lines kept
_FORMAT = "actegen-commandes/1"


def _memo_file() -> Path | None:
    folder = cache_folder()
    return None if folder is None else folder / MEMO


def _key(argv: list[str]) -> str:
    line = json.dumps([_FORMAT, __version__, os.getcwd(), argv], ensure_ascii=False)
    return hashlib.sha256(line.encode("utf-8", "surrogateescape")).hexdigest()


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if (
        not isinstance(data, dict)
        or data.get("format") != _FORMAT
        or not isinstance(data.get("lignes"), dict)
    ):
        return {}
    return data["lignes"]


def record(argv: list[str], dossiers: tuple[Path, ...], options: Any) -> None:
    """Remember what click made of ``render ARGV`` (``options``: its ``SetOptions``), for
    ``replayed``. Never fails the command: a memo that cannot be written is not used."""
    path = _memo_file()
    if path is None:
        return
    from ..build.fingerprints import code_fingerprint

    entry = {
        "code": code_fingerprint(),
        "dossiers": [os.fspath(p) for p in dossiers],
        "sortie": os.fspath(options.output_root),
        "modeles": None if options.templates is None else os.fspath(options.templates),
        "force": options.force,
        "processus": options.jobs,
        "part": None if options.shard is None else list(options.shard),
    }
    lines = _read(path)
    key = _key(argv)
    if lines.get(key) == entry:
        return
    lines.pop(key, None)
    lines[key] = entry  # last: the most recent
    kept = dict(list(lines.items())[-MAX_LINES:])
    text = json.dumps({"format": _FORMAT, "lignes": kept}, ensure_ascii=False, separators=(",", ":"))
    write_whole(path, text.encode("utf-8", "surrogateescape"))


def replayed(argv: list[str]) -> int | None:
    """The exit code of ``actegen ARGV`` when it is a recorded ``render`` with nothing to do,
    its report printed; None: click must parse it (and the command runs as always)."""
    if not argv or argv[0] != "render":
        return None
    path = _memo_file()
    entry = None if path is None else _read(path).get(_key(argv))
    if not isinstance(entry, dict):
        return None
    try:
        return _replay(entry)
    except KeyboardInterrupt:
        from .codes import interrupted

        return interrupted()
    except Exception:  # noqa: BLE001 - whatever went wrong, click's path runs the command and reports it
        return None


def _replay(entry: dict[str, Any]) -> int | None:
    from ..build.noop import unchanged_set
    from ..build.options import SetOptions

    dossiers = tuple(Path(p) for p in entry["dossiers"])
    folders = [Path(entry["sortie"])] + ([Path(entry["modeles"])] if entry["modeles"] is not None else [])
    if not all(os.path.lexists(p) for p in dossiers) or any(p.exists() and not p.is_dir() for p in folders):
        return None  # click would refuse the line now: let it say so
    part = entry["part"]
    options = SetOptions(
        Path(entry["sortie"]),
        templates=None if entry["modeles"] is None else Path(entry["modeles"]),
        force=bool(entry["force"]),
        jobs=int(entry["processus"]),
        shard=None if part is None else (int(part[0]), int(part[1])),
    )
    report = unchanged_set(dossiers, options, code=str(entry["code"]))
    if report is None:
        return None
    from ._console import err, out
    from .report import set_exit_code, summary_lines

    atexit.register(gc.freeze)  # as render_cmd's no-op: nothing to collect at exit
    for stream, line in summary_lines(report, options):
        (out if stream == "out" else err).print(line, markup=False)
    return set_exit_code(report, options)
