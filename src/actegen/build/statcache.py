"""Content digests remembered by file status, so that a re-run does not re-read the templates.

Hashing the templates, the clause library and actegen's code by their content takes most
of a no-op re-run (about 280 files, the zips inflated). As git's index and ccache's direct
mode do, a file whose (device, inode, size, mtime, ctime) are those recorded when it was
hashed is taken to have the recorded digest; any other file is hashed by its content, as
without the cache, so a re-zipped template with the same content keeps its digest.

It never makes a changed file look unchanged: writing a file sets its mtime and ctime, and
ctime cannot be set back (``os.utime`` sets it to now). The « racy » case — a file changed
again within the timestamps' granularity of the moment it was hashed — is closed by not
recording a file whose mtime or ctime is less than ``RACY_NS`` before the run began:
any later change then gets a later time.

A cache is one JSON file of the user's cache folder (``user_cache``, ``~/.cache/actegen``):
``empreintes.json`` for the inputs (templates, parameters, actegen's code), ``sorties/<root>.json`` for the documents of each output root. It is written whole
(mode 0600) and renamed into place; one that cannot be read, parsed or written is ignored,
at the cost of hashing. A file is named there by a hash of its path: a document's name
carries a household's name, which goes nowhere but into its output folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from .._version import __version__
from ..hashing import file_sha256
from ..user_cache import cache_folder, write_whole

RACY_NS = 2_000_000_000
"""A file changed this recently (mtime or ctime, before the run) is hashed but not recorded:
no file system the cache trusts has timestamps coarser than 2 s (FAT's)."""

MAX_ENTRIES = 2_000
"""The cache keeps the files of this run, then the most recent others up to this count: a
few installations or template folders (about 450 files each), read in a millisecond or two."""

_FORMAT = f"actegen-empreintes/1 {__version__}"
_HEX64 = re.compile(r"[0-9a-f]{64}")

StatKey = list[int]  # [st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns]


def stat_key(st: os.stat_result) -> StatKey:
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def path_key(path: str) -> str:
    """How the cache names the file at ``path`` (absolute): not by its name (see above)."""
    return hashlib.sha256(os.fsencode(path)).hexdigest()[:32]


def cache_file(name: str = "empreintes.json") -> Path | None:
    """Where a cache lives (by default the inputs': templates, parameters, actegen's code),
    or None: no cache folder (``user_cache``)."""
    folder = cache_folder()
    return None if folder is None else folder / name


def outputs_cache_file(root: Path) -> Path | None:
    """The cache of the documents of one output root, of them only: its size is the set's."""
    return cache_file(f"sorties/{path_key(os.path.abspath(root))}.json")


class StatCache:
    """The digests of one ``Fingerprints.of``, or of one no-op's documents: looked up by path
    and status, recorded on ``save``."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._since = time.time_ns() - RACY_NS  # files changed since then are not recorded
        self._old: dict[str, list[object]] = self._load()
        self._seen: dict[str, list[object]] = {}
        self._new = False

    def _load(self) -> dict[str, list[object]]:
        if self._path is None:
            return {}
        try:
            data = json.loads(self._path.read_bytes())
        except (OSError, ValueError):  # absent, unreadable, not JSON (UnicodeDecodeError too)
            return {}
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            return {}
        entries = data.get("fichiers")
        return entries if isinstance(entries, dict) else {}

    def digest(self, path: str, st: os.stat_result, compute: Callable[[], str | None]) -> str | None:
        """The content digest of the file at ``path`` (absolute) whose status is ``st``:
        the recorded one if its status is unchanged, else ``compute()`` (recorded if old enough)."""
        key, name = stat_key(st), path_key(path)
        entry = self._old.get(name)
        if isinstance(entry, list) and len(entry) == 6 and entry[:5] == key:
            digest = entry[5]
            if isinstance(digest, str) and _HEX64.fullmatch(digest):
                self._seen[name] = entry
                return digest
        digest = compute()
        if digest is not None and st.st_mtime_ns < self._since and st.st_ctime_ns < self._since:
            self._seen[name] = [*key, digest]
            self._new = True
        return digest

    def file_sha256(self, path: Path) -> str | None:
        """``hashing.file_sha256`` of ``path``, a regular file taken from the cache; anything
        else (absent, a folder, a FIFO) hashed or refused as without it."""
        try:
            st = os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            return None  # what file_sha256 says of it
        except OSError:
            return file_sha256(path)
        if not stat.S_ISREG(st.st_mode):
            return file_sha256(path)
        name = os.fspath(path)
        return self.digest(
            name if os.path.isabs(name) else os.path.abspath(name), st, partial(file_sha256, path)
        )

    def save(self) -> None:
        """Write the cache if this run hashed a file it can record; never fails the render."""
        if self._path is None or not self._new:
            return
        others = [(p, e) for p, e in self._old.items() if p not in self._seen]
        room = max(0, MAX_ENTRIES - len(self._seen))
        entries = others[max(0, len(others) - room) :] + list(self._seen.items())
        text = json.dumps({"format": _FORMAT, "fichiers": dict(entries)}, separators=(",", ":"))
        write_whole(self._path, text.encode("utf-8"))  # not written: the next run hashes again
