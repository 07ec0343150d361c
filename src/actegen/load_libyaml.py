"""The fast path of ``load``: libyaml's events built straight into data and positions.

libyaml (PyYAML's C extension) gives the same events with the same marks as PyYAML's
pure-Python parser, about ten times faster; ``load_events`` builds them with the same checks,
in the same order, as the reference builder of ``load``. Whatever this path is not known to
read exactly as the reference goes back to it (``Fallback``), which then decides as it always
has: tabs, byte-order marks, unusual line breaks or control characters in the text
(``may_differ``), tags, anchors and aliases, directives, several documents, nesting deeper
than ``FAST_MAX_DEPTH``, any syntax error. So does everything when libyaml is missing
(``CParser`` is None). ``tests/test_load.py`` compares the two paths, value by value and
position by position, on the shipped cases and on generated text.
"""

from __future__ import annotations

import gc
import re
from typing import Any

import yaml
from yaml.error import Mark
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from .errors import CaseError, CaseInvalid, FieldPath, Source
from .yaml_core import (
    LINE_BREAKS,
    MAX_NODES,
    TAG_INT,
    TAG_STR,
    TooBig,
    construct_scalar,
    resolve_plain,
    too_big,
)

FAST_MAX_DEPTH = 100
"""Nesting beyond this (a real case has 6 levels) is left to the pure-Python path."""

CParser: Any = None
"""libyaml's parser; None when PyYAML was built without libyaml (the pure-Python path only)."""
if yaml.__with_libyaml__:
    from yaml import cyaml

    CParser = cyaml.CParser  # type: ignore[attr-defined]  # exported by PyYAML, not by its stubs


# Text on which libyaml and the pure-Python parser disagree, or may: tabs (PyYAML refuses them
# inside plain scalars and after « : », libyaml does not), byte-order marks (PyYAML does not
# count them in columns), NEL / LS / PS line breaks, whatever PyYAML's reader refuses (control
# characters, lone surrogates: its message must stay), and a comment glued to a block scalar
# header (``|#``, ``>-#``), which only libyaml accepts.
_LIBYAML_UNSURE_CHARS = re.compile(
    "[^\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_LIBYAML_UNSURE_HEADER = re.compile("[|>][-+0-9]*#")


def may_differ(text: str) -> bool:
    """True when ``text`` holds something the libyaml path leaves to the reference parser."""
    return bool(_LIBYAML_UNSURE_CHARS.search(text) or _LIBYAML_UNSURE_HEADER.search(text))


class Fallback(Exception):
    """The libyaml path cannot vouch for this text: read it with the pure-Python path.

    Where libyaml and PyYAML part (found by comparing them, see ``tests/test_load.py``):
    libyaml accepts tabs after « : » and inside words, « ? » inside a word of a flow
    collection (``[a?b]``), a comment glued to a block scalar header (``>#``), ``%YAML 2.1``,
    tags PyYAML's scanner refuses (``!&!``, ``[!!str,b]``), and it words its errors its own
    way. It places some empty nodes elsewhere (handled: ``_after_colon``, ``_eof_mark``).
    Anchors and aliases are left to the reference, which bounds their expansion.
    """


Built = tuple[Any, dict[FieldPath, Source], dict[FieldPath, Source]]
"""The data of a case, the position of each value, and the position of each key."""


def load_events(text: str, file: str) -> Built:
    """Read ``text`` with libyaml's events into what ``load_pure`` builds: the fields of the
    same ``LoadedCase`` (``load`` assembles it; this module does not import ``load``).

    Raise ``Fallback`` for anything the pure-Python path must decide: a syntax error (its
    message is the reference), several documents, an anchor or an alias, deep nesting.
    """
    assert CParser is not None
    parser = CParser(text)
    get_event = parser.get_event
    builder = _EventBuilder(text, file, get_event)
    oversized: TooBig | None = None
    # Hundreds of thousands of new dicts, lists and positions, none in a cycle: the cyclic
    # collector would only rescan them, a third of the load time at 10 000 lots.
    collecting = gc.isenabled()
    gc.disable()
    try:
        get_event()  # StreamStartEvent
        event = get_event()
        if type(event) is StreamEndEvent:
            _expect_end(get_event)
            raise CaseInvalid([CaseError(Source(file, 1, 1), (), "le fichier est vide")])
        if type(event) is not DocumentStartEvent:  # pragma: no cover - libyaml's grammar
            raise Fallback
        if event.version is not None or event.tags:
            raise Fallback  # %YAML 2.1 is refused by PyYAML only; directives are not for cases
        try:
            data = builder.build(get_event(), (), 0, False)
        except TooBig as big:
            oversized = big
            _drain(get_event, big.depth)
        else:
            if type(get_event()) is not DocumentEndEvent:  # pragma: no cover - libyaml's grammar
                raise Fallback
            if type(get_event()) is not StreamEndEvent:
                raise Fallback  # another document: the pure-Python path words the error
            _expect_end(get_event)
    except (yaml.YAMLError, ValueError):
        # A syntax error, or ``!!int x`` (which the reference lets escape as a ValueError
        # only once the whole text has parsed): the pure-Python path decides.
        raise Fallback from None
    finally:
        parser.dispose()
        if collecting:
            gc.enable()
    if oversized is not None:
        raise too_big(oversized)
    if builder.errors:
        raise CaseInvalid(builder.errors)
    return data, builder.positions, builder.key_positions


def _expect_end(get_event: Any) -> None:
    if get_event() is not None:  # pragma: no cover - libyaml ends after StreamEndEvent
        raise Fallback


def _drain(get_event: Any, depth: int) -> None:
    """Read the rest of the stream after a ``TooBig``: the reference parses it all first."""
    if depth > FAST_MAX_DEPTH:
        raise Fallback
    for event in iter(get_event, None):
        cls = type(event)
        if cls is MappingStartEvent or cls is SequenceStartEvent:
            depth += 1
            if depth > FAST_MAX_DEPTH or event.anchor is not None or event.tag is not None:
                raise Fallback
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            depth -= 1
        elif cls is ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                raise Fallback
            if event.style == "" and "?" in event.value:
                raise Fallback  # maybe in a flow collection, where PyYAML ends it at « ? »
        elif cls is AliasEvent or cls is DocumentStartEvent:
            raise Fallback


def _untagged_tag(event: ScalarEvent) -> str:
    """The tag PyYAML's composer gives a scalar written without a tag (``ComposingLoader``)."""
    return resolve_plain(event.value) if event.implicit[0] else TAG_STR


def _is_empty_node(event: Any) -> bool:
    """An empty node (``a:`` with nothing after it): only these are plain scalars with no text."""
    return type(event) is ScalarEvent and event.implicit[0] and not event.value


def _after_colon(text: str, key_end: Mark, mark: Mark) -> Mark:
    """Where PyYAML places the empty value of a flow mapping entry (``{a: , b: 1}``).

    PyYAML puts it just after the « : », libyaml on the next token (« , » or « } »). Between
    the key and the « : » both scanners skip only spaces, comments and line breaks, so the
    « : » is found by reading on from the key's end. When there is none (``{a, b}``) both
    parsers agree on ``mark``.
    """
    i, line, column = key_end.index, key_end.line, key_end.column
    end = len(text)
    while i < end:
        ch = text[i]
        if ch == " ":
            i += 1
            column += 1
        elif ch == "#":
            while i < end and text[i] not in "\r\n":
                i += 1
        elif ch == "\n" or ch == "\r":
            i += 2 if text.startswith("\r\n", i) else 1
            line += 1
            column = 0
        elif ch == ":":
            return Mark(mark.name, i + 1, line, column + 1, None, None)  # type: ignore[arg-type]  # no buffer: positions only
        else:
            break
    return mark


class _EventBuilder:
    """``load._Builder`` over libyaml's event stream instead of a node graph, for alias-free text.

    Same traversal (pre-order), same checks in the same order, same positions (each node's
    start mark), same count of built nodes; it refuses to go on (``Fallback``) where the two
    parsers could differ.
    """

    def __init__(self, text: str, file: str, get_event: Any) -> None:
        self.text = text
        self.file = file
        self.get_event = get_event
        self.errors: list[CaseError] = []
        self.positions: dict[FieldPath, Source] = {}
        self.key_positions: dict[FieldPath, Source] = {}
        self.count = 0
        # libyaml moves the end of a text that lacks a final line break to a new line;
        # PyYAML leaves it after the last character. Empty nodes can sit there.
        self.eof = len(text) if text and text[-1] not in "\r\n" else -1

    def _eof_mark(self, mark: Mark) -> Mark:
        """PyYAML's mark for the end of the text (libyaml's is ``mark``)."""
        breaks = LINE_BREAKS.findall(self.text)
        last = max(self.text.rfind("\n"), self.text.rfind("\r")) + 1
        return Mark(mark.name, mark.index, len(breaks), len(self.text) - last, None, None)  # type: ignore[arg-type]

    def build(self, event: Any, path: FieldPath, depth: int, flow: bool) -> Any:
        """The value of the node that begins with ``event``, inside ``depth`` collections.

        ``flow``: the node is inside a flow collection (``[…]``, ``{…}``).
        """
        file = self.file
        cls = type(event)
        if cls is AliasEvent or event.anchor is not None or event.tag is not None:
            raise Fallback
        mark = event.start_mark
        if mark.index == self.eof:
            mark = self._eof_mark(mark)
        self.count += 1
        if self.count > MAX_NODES:
            opened = depth if cls is ScalarEvent else depth + 1
            raise TooBig(Source(file, mark.line + 1, mark.column + 1), MAX_NODES, opened)
        source = self.positions[path] = Source(file, mark.line + 1, mark.column + 1)
        if cls is ScalarEvent:
            if flow and event.style == "" and "?" in event.value:
                raise Fallback  # PyYAML ends a plain scalar at « ? » in a flow collection
            value, problem = construct_scalar(_untagged_tag(event), event.value)
            if problem:
                self.errors.append(CaseError(source, path, problem))
            return value
        if depth >= FAST_MAX_DEPTH:
            raise Fallback
        if cls is SequenceStartEvent:
            items: list[Any] = []
            for i, child in enumerate(iter(self.get_event, None)):
                if type(child) is SequenceEndEvent:
                    return items
                items.append(self.build(child, path + (i,), depth + 1, event.flow_style))
            raise Fallback  # pragma: no cover - libyaml closes what it opens
        return self._mapping(path, depth, event.flow_style)

    def _mapping(self, path: FieldPath, depth: int, flow: bool) -> dict[str, Any]:
        """The entries of a mapping whose start event was read, up to its end event."""
        file = self.file
        get_event = self.get_event
        key_positions = self.key_positions
        result: dict[str, Any] = {}
        for key_event in iter(get_event, None):
            cls = type(key_event)
            if cls is MappingEndEvent:
                return result
            if cls is AliasEvent or key_event.anchor is not None or key_event.tag is not None:
                raise Fallback
            mark = key_event.start_mark
            if mark.index == self.eof:  # an empty key at the very end: « ? »
                mark = self._eof_mark(mark)
            key = ""
            tag = None
            if cls is ScalarEvent:
                if flow and (_is_empty_node(key_event) or (key_event.style == "" and "?" in key_event.value)):
                    raise Fallback  # « { ? : x } », « {a?b: 1} »: the parsers differ
                key = key_event.value
                tag = _untagged_tag(key_event)
            else:
                self._skip(key_event, depth + 1)
            child = path + (key,)
            if tag != TAG_STR and tag != TAG_INT:
                error = CaseError(
                    Source(file, mark.line + 1, mark.column + 1),
                    path,
                    "une clé doit être un simple mot (texte)",
                )
            elif key == "<<":
                error = CaseError(
                    Source(file, mark.line + 1, mark.column + 1),
                    path,
                    "la fusion YAML « << » n'est pas acceptée ; écrire les champs",
                )
            elif key in result:
                first = key_positions[child]
                error = CaseError(
                    Source(file, mark.line + 1, mark.column + 1),
                    child,
                    f"clé en double (déjà définie ligne {first.line}) ; une seule valeur est permise",
                )
            else:
                key_positions[child] = Source(file, mark.line + 1, mark.column + 1)
                value_event = get_event()
                if flow and _is_empty_node(value_event):
                    value_event.start_mark = _after_colon(
                        self.text, key_event.end_mark, value_event.start_mark
                    )
                result[key] = self.build(value_event, child, depth + 1, flow)
                continue
            self.errors.append(error)
            self._skip(get_event(), depth + 1)
        raise Fallback  # pragma: no cover - libyaml closes what it opens

    def _skip(self, event: Any, depth: int) -> None:
        """Read past the node that begins with ``event`` without building it.

        ``depth`` counts the collections around it. The reference composes the node even
        though it builds nothing from it, so anchors, aliases and deep nesting still matter.
        """
        cls = type(event)
        if cls is AliasEvent or event.anchor is not None or event.tag is not None:
            raise Fallback
        if cls is ScalarEvent:
            if event.style == "" and "?" in event.value:
                raise Fallback  # maybe in a flow collection, where PyYAML ends it at « ? »
            return
        open_ = 1
        if depth + open_ > FAST_MAX_DEPTH:
            raise Fallback
        for inner in iter(self.get_event, None):
            cls = type(inner)
            if cls is MappingStartEvent or cls is SequenceStartEvent:
                open_ += 1
                if depth + open_ > FAST_MAX_DEPTH:
                    raise Fallback
                if inner.anchor is not None or inner.tag is not None:
                    raise Fallback
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                open_ -= 1
                if not open_:
                    return
            elif cls is AliasEvent or inner.anchor is not None or inner.tag is not None:
                raise Fallback
            elif inner.style == "" and "?" in inner.value:
                raise Fallback  # maybe in a flow collection, where PyYAML ends it at « ? »
        raise Fallback  # pragma: no cover - libyaml closes what it opens
