"""What preparing a template costs, kept across runs: its compiled Jinja code, its data.

Every process of a render reads, cleans and compiles each template it renders
(``prepared``): some 0.3 s per worker for the shipped templates, paid again at each run
although the templates rarely change. This cache keeps, in files, the code objects Jinja
compiles a template source to and the data a template's .docx gives the prepared path, so
that a warm run reads them back instead.

An entry is named by the sha256 of everything that shapes it — the exact source compiled
(or the template's bytes), the environment it was compiled for, and ``fingerprint``: the
versions of Python, Jinja and the libraries, and the bytes of actegen's own code (its
filters are folded into the compiled code where a template applies them to a constant).
An entry is therefore never stale, only unused: a changed template, a new version of
anything gets new entries. Its content is checked (a checksum) when read; anything wrong
with an entry means it is rebuilt, and the cache never fails a render (a read-only home, a
full disk): it is only skipped. The bytes a render produces are the same with or without.

Where: a folder ``templates-<version>`` of the user's cache folder (``user_cache``:
``~/.cache/actegen``, or ``ACTEGEN_CACHE_DIR``; ``off``: no cache).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import marshal
import os
import sys
import types
import zlib
from pathlib import Path

import docx
import docxtpl
import jinja2
import markupsafe
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from .. import sandbox
from .._version import __version__
from ..user_cache import cache_folder, write_whole

_MAGIC = b"actegen cache 1\n"  # then the sha256 of the payload, then the payload
_DIGEST_SIZE = 32


def directory() -> Path | None:
    """The cache's folder for this version of actegen, or None when the cache is off."""
    folder = cache_folder()
    return None if folder is None else folder / f"templates-{__version__}"


@functools.cache
def fingerprint() -> bytes:
    """What shapes every entry besides its own inputs, computed once per process.

    Python's version and bytecode magic; the versions of Jinja (the code it generates),
    markupsafe (constants escaped at compile time), docxtpl, python-docx, lxml, libxml2 and
    zlib (the XML and the compressed members kept); and the bytes of every module of
    actegen — the sandbox rewrites the parsed templates, the environment's filters are run
    at compile time on constants, the prepared data is made by its code: hashing them all
    (some 10 ms) is simpler than knowing which, and never wrong.
    """
    digest = hashlib.sha256()
    for part in (
        sys.version,
        importlib.util.MAGIC_NUMBER.hex(),
        jinja2.__version__,
        docxtpl.__version__,
        docx.__version__,
        repr(etree.LXML_VERSION),
        repr(etree.LIBXML_VERSION),
        zlib.ZLIB_RUNTIME_VERSION,
    ):
        digest.update(part.encode() + b"\0")
    for module in (markupsafe, docx, docxtpl, jinja2):  # their files, for what a version does not say
        try:
            stat = os.stat(module.__file__ or "")
            digest.update(f"{module.__file__} {stat.st_size} {stat.st_mtime_ns}\0".encode())
        except OSError:
            digest.update(b"?\0")
    root = Path(__file__).resolve().parent.parent
    for path in sorted(root.rglob("*.py")):
        try:
            data = path.read_bytes()
        except OSError:
            data = b"?"
        digest.update(f"{path.relative_to(root).as_posix()} {len(data)}\0".encode() + data)
    return digest.digest()


def entry_key(kind: str, *parts: str | bytes) -> str:
    """The name of an entry: the sha256 of the fingerprint, its kind and its inputs."""
    digest = hashlib.sha256(fingerprint())
    for part in (kind, *parts):
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return f"{digest.hexdigest()}.{kind}"


def load(key: str) -> bytes | None:
    """The payload of entry ``key``, or None: the cache off, the entry absent or damaged."""
    folder = directory()
    if folder is None:
        return None
    try:
        data = (folder / key).read_bytes()
    except (OSError, ValueError):
        return None
    head = len(_MAGIC) + _DIGEST_SIZE
    payload = data[head:]
    if not data.startswith(_MAGIC) or data[len(_MAGIC) : head] != hashlib.sha256(payload).digest():
        return None
    return payload


def store(key: str, payload: bytes) -> None:
    """Write entry ``key`` whole or not at all; never raises for the cache's sake: a folder
    that cannot be written is a cache that is not used (``user_cache.write_whole``)."""
    folder = directory()
    if folder is not None:
        write_whole(folder / key, _MAGIC + hashlib.sha256(payload).digest() + payload)


class Compiler:
    """Compiles template sources in one environment, through the cache.

    The same steps as ``env.from_string`` — ``env.compile`` (the sandbox's parse included),
    then ``Template.from_code`` — with the code object kept between them: a template built
    from a cached code object is the one the source compiles to, counted and bounded the
    same way (the sandbox's checks are in the code and the environment, not in the cache).
    """

    def __init__(self, env: SandboxedEnvironment, identity: str):
        """``identity``: what, besides actegen's code, made ``env`` (its settings)."""
        self.env = env
        self._identity = f"{type(env).__module__}.{type(env).__qualname__} {identity}"
        self._codes: dict[str, types.CodeType] = {}  # this process's, by source

    def code(self, source: str) -> types.CodeType:
        """The code object ``source`` compiles to: this process's, the cache's, or compiled
        (then stored). Raises Jinja's ``TemplateSyntaxError``."""
        code = self._codes.get(source)
        if code is not None:
            return code
        # The size limit: Jinja folds a filter applied to constants at compile time, and the
        # bounded filters (``center``…) fold only below it (a test may lower it).
        key = entry_key("code", self._identity, str(sandbox.MAX_VALUE_CHARS), source)
        payload = load(key)
        if payload is not None:
            try:
                loaded = marshal.loads(payload)
            except (EOFError, ValueError, TypeError):
                loaded = None
            if isinstance(loaded, types.CodeType):
                code = loaded
        if code is None:
            code = self.env.compile(source)
            store(key, marshal.dumps(code))
        self._codes[source] = code
        return code

    def from_string(self, source: str) -> jinja2.Template:
        env = self.env
        return env.template_class.from_code(env, self.code(source), env.make_globals(None), None)
