"""A template's content hash: its members' names and inflated bytes, each distinct member
inflated once.

Apart from ``fingerprints`` (which imports it where a template is not in ``statcache``): a
no-op re-run finds every template there, and loads no zip reader.
"""

from __future__ import annotations

import hashlib
import os
import stat
import zipfile
import zlib
from pathlib import Path

from ..bounded import MAX_INFLATED_BYTES
from ..docx_zip import compressed_bytes
from ..hashing import file_sha256

_CHUNK = 1 << 20

MemberKey = tuple[int, int, int, int, int, bytes]
"""A member's method, flags, CRC, sizes and compressed bytes' hash: what it inflates to."""


def docx_digest(path: Path, members: dict[MemberKey, bytes] | None = None) -> str | None:
    """A .docx's content hash (members in name order); a file that is not a readable zip
    is hashed by its bytes, so that the render reports it. None: no such file. A FIFO, a
    device or a link loop is never opened (it would block, or never end): it gets a fixed
    digest, and the render refuses it. ``members``: hashes of members already inflated."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError:
        return hashlib.sha256(b"actegen-unreadable").hexdigest()
    if not stat.S_ISREG(mode):
        return hashlib.sha256(b"actegen-special-file").hexdigest()
    known = {} if members is None else members
    try:
        with open(path, "rb") as fh, zipfile.ZipFile(fh) as docx:
            h = hashlib.sha256(b"actegen-docx/1\0")
            infos = docx.infolist()
            if sum(i.file_size for i in infos) > MAX_INFLATED_BYTES:  # a bomb: the render refuses it
                return file_sha256(path)
            for info in sorted(infos, key=lambda i: i.filename):
                raw = compressed_bytes(fh, info)
                key = (
                    (info.compress_type, info.flag_bits, info.CRC, info.file_size, info.compress_size)
                    + (hashlib.sha256(raw).digest(),)
                    if raw is not None
                    else None
                )
                digest = known.get(key) if key is not None else None
                if digest is None:
                    member = hashlib.sha256()
                    with docx.open(info) as stream:
                        while chunk := stream.read(_CHUNK):
                            member.update(chunk)
                    digest = member.digest()
                    if key is not None:
                        known[key] = digest
                h.update(info.filename.encode("utf-8") + b"\0" + digest)
            return h.hexdigest()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,  # zipfile: a compression method it cannot read (not a placeholder)
        RuntimeError,
        ValueError,
        OSError,
    ):
        return file_sha256(path)
