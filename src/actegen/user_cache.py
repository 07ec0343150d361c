"""The user's cache folder: what actegen keeps between runs only to go faster, and may lose.

``ACTEGEN_CACHE_DIR`` names another folder (``off``, ``0`` or empty: no cache); else
``$XDG_CACHE_HOME/actegen`` (an absolute ``XDG_CACHE_HOME`` only, as the XDG spec says), else
``~/.cache/actegen``; with no home, no cache. Two caches live there: the digests of files by
their status (``build.statcache``) and the prepared templates (``render.code_cache``).
Neither changes a byte of what a render writes; either may be emptied at any time.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "ACTEGEN_CACHE_DIR"
_OFF = frozenset({"", "0", "off", "no", "non", "false"})


def cache_folder() -> Path | None:
    """actegen's folder in the user's cache, or None when there is to be no cache."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in _OFF else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.environ.get("HOME", "")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "actegen"


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to the cache file ``path``, whole or not at all (a temporary file of
    mode 0600 renamed, in a folder of mode 0700); never raises: a cache that cannot be
    written (a read-only or full home, a file where the folder should be) is not used."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # this process's own
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:
            fh.write(data)
        os.replace(temporary, path)
    except (OSError, ValueError):  # this run goes without
        try:
            os.unlink(temporary)
        except OSError:
            pass  # never made, or the folder went read-only: nothing more to do
