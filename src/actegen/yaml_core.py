"""The YAML 1.2 core schema as actegen reads it, shared by both parsers of ``load``.

How a plain scalar resolves (``true`` is a boolean, ``non`` and ``1993-07-24`` stay text), how
a scalar becomes a value (``Decimal`` from the text, never a float), and the node limit: the
pure-Python reference (``load``) and the libyaml fast path (``load_libyaml``) must agree on
each of them exactly, so each is written once, here.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from yaml.resolver import BaseResolver

from .errors import CaseError, CaseInvalid, Source

MAX_NODES = 5_000_000
"""Upper bound on constructed nodes (a 10 000-lot case has about 400 000)."""

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NOT_XML_CHARS = re.compile("[\ud800-\udfff\ufffe\uffff]")
"""What YAML escapes can write (``"\\uFFFE"``, ``"\\uD800"``) and XML 1.0 cannot hold as text."""

MAX_TEXT = 100_000
"""Characters in one text value: ten times the longest clause text; beyond, a pasted file."""

TAG_STR = "tag:yaml.org,2002:str"
TAG_INT = "tag:yaml.org,2002:int"
TAG_FLOAT = "tag:yaml.org,2002:float"
TAG_BOOL = "tag:yaml.org,2002:bool"
TAG_NULL = "tag:yaml.org,2002:null"
TAG_MAP = "tag:yaml.org,2002:map"
TAG_SEQ = "tag:yaml.org,2002:seq"


class CoreResolver(BaseResolver):
    """YAML 1.2 core schema resolution: no yes/no booleans, no timestamps, no sexagesimals."""


CoreResolver.add_implicit_resolver(
    TAG_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
CoreResolver.add_implicit_resolver(TAG_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
CoreResolver.add_implicit_resolver(TAG_INT, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
CoreResolver.add_implicit_resolver(
    TAG_FLOAT,
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"),
)


_IMPLICIT = CoreResolver.yaml_implicit_resolvers


def resolve_plain(text: str) -> str:
    """The tag ``BaseResolver.resolve`` gives a plain (implicit) scalar, without its overhead.

    Same table, same order, same regexes: the resolvers are keyed by the first character
    (``""`` for the empty scalar) and none is a wildcard.
    """
    for tag, regexp in _IMPLICIT.get(text[:1], ()):
        if regexp.match(text):
            return tag
    return TAG_STR


def construct_scalar(tag: str, text: str) -> tuple[Any, str | None]:
    """The value of a scalar of ``tag`` written ``text``, and what is wrong with it if anything."""
    if tag == TAG_STR:
        if _CONTROL_CHARS.search(text):
            return text, "caractère de contrôle interdit dans le texte"
        bad = _NOT_XML_CHARS.search(text)
        if bad:
            return "", f"caractère U+{ord(bad.group()):04X} impossible dans un document Word (ni texte XML)"
        if len(text) > MAX_TEXT:
            return "", f"texte trop long : au plus {MAX_TEXT:_} caractères".replace("_", "\u202f")
        # An escaped carriage return ("\r", "\r\n") is a line break, as YAML's own line breaks are.
        return text.replace("\r\n", "\n").replace("\r", "\n"), None
    if tag == TAG_NULL:
        return None, None
    if tag == TAG_BOOL:
        return text.lower() == "true", None
    if tag == TAG_INT:
        if len(text) > 40:  # far beyond any amount; Python refuses over 4 300 digits anyway
            return None, "nombre entier trop long"
        try:
            return int(text), None
        except ValueError:  # an explicit ``!!int`` on text that is not a number
            return None, "nombre entier illisible"
    if tag == TAG_FLOAT:
        try:
            value = Decimal(text)
        except InvalidOperation:  # an explicit ``!!float`` on text that is not a number
            return None, "nombre illisible"
        if not value.is_finite():  # ``!!float inf``, ``!!float nan``: no amount, no comparison
            return None, "nombre infini ou indéfini (NaN) : un montant s'écrit en chiffres"
        return value, None
    return None, f"étiquette YAML non autorisée : {tag}"


class TooBig(Exception):
    """More nodes than a limit allows; carries where, and which limit."""

    def __init__(self, source: Source, limit: int, depth: int = 0) -> None:
        self.source = source
        self.limit = limit
        self.depth = depth  # collections left open by the node's events (libyaml path)


def too_big(big: TooBig) -> CaseInvalid:
    """The error users read for a ``TooBig``, on either path."""
    return CaseInvalid(
        [
            CaseError(
                big.source,
                (),
                f"document trop gros une fois les alias YAML développés (plus de {big.limit} nœuds)",
            )
        ]
    )


LINE_BREAKS = re.compile("\r\n|\r|\n")
