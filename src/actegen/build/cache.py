"""The no-parse re-run: a case whose inputs and files are all as the manifest recorded is
not even loaded. Used as ``cached(path, key, …) or <plan it>``.

The case id is read from the raw YAML bytes (``_ID_LINE``): a top-level ``id:`` line of
the simple form the schema allows. Anything else — no such line, another id in the
manifest, a changed file — is planned the usual way, so the regex only has to be safe,
never complete.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..bounded import MAX_CASE_BYTES, Refused, read_regular
from ..errors import OutputError, display_path
from ..hashing import file_sha256
from ..naming import nouveau_name
from ..output.manifest import effective_entry, is_current, is_edited, on_disk, read_manifest
from .fingerprints import Fingerprints
from .options import Policy, SetOptions, Unchanged
from .report import CaseOutcome

_ID_LINE = re.compile(rb"(?m)^id:[ \t]*([\"']?)([A-Za-z0-9][A-Za-z0-9._-]{0,63})\1[ \t]*(?:#.*)?\r?$")


def keyed(path: Path, prints: Fingerprints) -> tuple[bytes, str]:
    """The case file's bytes and the key of everything its documents are built from
    ("" for a file that cannot be read or is empty)."""
    try:
        data = read_regular(path, MAX_CASE_BYTES)  # bounded, never a FIFO: the load reports it
    except (OSError, Refused):
        data = b""
    return data, prints.case_key(data) if data else ""


def cached(
    path: Path,
    data: bytes,
    key: str,
    options: SetOptions,
    policy: Policy,
    hashed: Callable[[Path], str | None] = file_sha256,
) -> Unchanged | None:
    """The plan of a case whose inputs are those of the manifest and whose files are as
    recorded: nothing to do, found without parsing the YAML. None when that is not so.
    ``hashed``: how the files on disk are hashed (``on_disk``)."""
    match = _ID_LINE.search(data) if key else None
    if not match:
        return None
    case_id = match.group(2).decode("ascii")
    target = options.output_root.resolve() / case_id
    if target.is_symlink():  # planned the usual way, which refuses it
        return None
    try:
        manifest = read_manifest(target)
    except (OutputError, OSError):  # not readable: the case is planned the usual way
        return None
    if manifest.case_key != key or manifest.case_id != case_id or not manifest.documents:
        return None
    outcome = CaseOutcome(path, case_id, target, parsed=False)
    shown = display_path(path)
    outcome.warning_lines = [
        f"{shown}:{w.get('ligne')}:{w.get('colonne')}: {w.get('message')}" for w in manifest.warnings
    ]
    for name, entry in sorted(manifest.documents.items()):
        disk = on_disk(target, name, hashed)
        if effective_entry(entry, disk) is not entry:
            return None
        edited = is_edited(entry, disk)
        inputs = entry.nouveau.entrees if edited and entry.nouveau else entry.ecrit.entrees
        # A check reports an edited file as a difference: it plans the case.
        if not is_current(entry, disk, inputs, options.force) or (edited and not policy.writes):
            return None
        if options.outside(case_id, name):
            outcome.outside.append(name)
        elif edited:
            outcome.beside.append((name, nouveau_name(name), False))
        else:
            outcome.unchanged.append(name)
    return Unchanged(outcome, case_id, target)
