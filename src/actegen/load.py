"""Stage 1 — load: YAML text → plain data + the position of every node.

The loader is hardened because case files are typed by people and sent by e-mail:
- only the YAML 1.2 core types: ``true``/``false`` are booleans, but ``non``, ``no``,
  ``on`` stay text; dates stay text (the schema checks their format);
- decimals are built as ``Decimal`` from the scalar's text, never through a float;
- any explicit tag (``!!python/object``, ``!custom``) is refused;
- duplicate keys are errors (YAML's last-wins would silently drop a price);
- alias expansion is bounded (a "billion laughs" file is refused, not expanded);
- a file that is not UTF-8, or larger than ``MAX_CASE_BYTES``, is refused before parsing.

Two parsers, one result. PyYAML's pure-Python parser is the reference: it positions every
node, and its messages are the ones users see. libyaml (PyYAML's C extension) gives the same
events with the same marks about ten times faster, so a case is read through it when it can
be (``_load_libyaml``): its events are built straight into data and positions, with the same
checks as ``_Builder``. Whatever that path is not known to read exactly as the reference goes
to the pure-Python path (``_load_pure``), which then decides as it always has: tabs, byte-order
marks, unusual line breaks or control characters in the text, tags, anchors and aliases,
directives, several documents, nesting deeper than ``_FAST_MAX_DEPTH``, any syntax error (see
``_Fallback``). So does everything when libyaml is missing (``yaml.__with_libyaml__`` False).
``tests/test_load.py`` compares the two paths, value by value and position by position, on the
shipped cases and on generated text.

Errors are returned as ``CaseError`` values located at ``file:line:col``.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
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
    StreamStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .errors import CaseError, CaseInvalid, FieldPath, Source, display_path

MAX_CASE_BYTES = 20 * 1024 * 1024
"""A case of 10 000 lots (the Girimbelles ones, repeated) is about 14 MiB; anything larger is
refused before parsing."""

MAX_NODES = 5_000_000
"""Upper bound on constructed nodes (a 10 000-lot case has about 400 000)."""

MAX_ALIAS_NODES = 100_000
"""Upper bound on nodes built by expanding aliases: stops a "billion laughs" at once."""

_FAST_MAX_DEPTH = 100
"""Nesting beyond this (a real case has 6 levels) is left to the pure-Python path."""

if yaml.__with_libyaml__:
    from yaml.cyaml import CParser as _CParser
else:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class _CoreResolver(BaseResolver):
    """YAML 1.2 core schema resolution: no yes/no booleans, no timestamps, no sexagesimals."""


_CoreResolver.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_CoreResolver.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_CoreResolver.add_implicit_resolver(
    _INT, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_CoreResolver.add_implicit_resolver(
    _FLOAT,
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"),
)


_IMPLICIT = _CoreResolver.yaml_implicit_resolvers


def _resolve_plain(text: str) -> str:
    """The tag ``BaseResolver.resolve`` gives a plain (implicit) scalar, without its overhead.

    Same table, same order, same regexes: the resolvers are keyed by the first character
    (``""`` for the empty scalar) and none is a wildcard.
    """
    for tag, regexp in _IMPLICIT.get(text[:1], ()):
        if regexp.match(text):
            return tag
    return _STR


class _ComposingLoader(Reader, Scanner, Parser, Composer, _CoreResolver):
    """PyYAML's pipeline up to the node graph; we construct values ourselves."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _CoreResolver.__init__(self)


@dataclass
class LoadedCase:
    """The data of a case file, with where each value was written."""

    file: str
    data: Any
    positions: dict[FieldPath, Source] = field(default_factory=dict)
    key_positions: dict[FieldPath, Source] = field(default_factory=dict)

    def source_of(self, path: FieldPath, *, key: bool = False) -> Source:
        """The position of ``path``, or of its nearest written ancestor."""
        table = self.key_positions if key else self.positions
        if key and path in table:
            return table[path]
        p = tuple(path)
        while p:
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), Source(self.file, 1, 1))


def _source(file: str, node: Node) -> Source:
    return Source(file, node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Walks the node graph into dicts, lists and scalars, recording positions."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[CaseError] = []
        self.positions: dict[FieldPath, Source] = {}
        self.key_positions: dict[FieldPath, Source] = {}
        self.count = 0
        self.alias_count = 0
        self.seen: set[int] = set()
        self.alias_depth = 0

    def error(self, node: Node, path: FieldPath, message: str) -> None:
        self.errors.append(CaseError(_source(self.file, node), path, message))

    def build(self, node: Node, path: FieldPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(_source(self.file, node), MAX_NODES)
        aliased = id(node) in self.seen and not isinstance(node, ScalarNode)
        if aliased:
            self.alias_depth += 1
        if self.alias_depth:
            self.alias_count += 1
            if self.alias_count > MAX_ALIAS_NODES:
                raise _TooBig(_source(self.file, node), MAX_ALIAS_NODES)
        self.seen.add(id(node))
        self.positions[path] = _source(self.file, node)
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, path)
            if isinstance(node, SequenceNode):
                if node.tag != _SEQ:
                    self.error(node, path, f"étiquette YAML non autorisée : {node.tag}")
                    return None
                return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
            return self._scalar(node, path)
        finally:
            if aliased:
                self.alias_depth -= 1

    def _mapping(self, node: MappingNode, path: FieldPath) -> dict[str, Any]:
        if node.tag != _MAP:
            self.error(node, path, f"étiquette YAML non autorisée : {node.tag}")
            return {}
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in (_STR, _INT):
                self.error(key_node, path, "une clé doit être un simple mot (texte)")
                continue
            if key_node.value == "<<":
                self.error(key_node, path, "la fusion YAML « << » n'est pas acceptée ; écrire les champs")
                continue
            key = key_node.value
            child = path + (key,)
            if key in result:
                first = self.key_positions[child]
                self.error(
                    key_node, child,
                    f"clé en double (déjà définie ligne {first.line}) ; une seule valeur est permise",
                )
                continue
            self.key_positions[child] = _source(self.file, key_node)
            result[key] = self.build(value_node, child)
        return result

    def _scalar(self, node: ScalarNode, path: FieldPath) -> Any:
        value, problem = _construct_scalar(node.tag, node.value)
        if problem:
            self.error(node, path, problem)
        return value


def _construct_scalar(tag: str, text: str) -> tuple[Any, str | None]:
    """The value of a scalar of ``tag`` written ``text``, and what is wrong with it if anything."""
    if tag == _STR:
        if _CONTROL_CHARS.search(text):
            return text, "caractère de contrôle interdit dans le texte"
        return text, None
    if tag == _NULL:
        return None, None
    if tag == _BOOL:
        return text.lower() == "true", None
    if tag == _INT:
        if len(text) > 40:      # far beyond any amount; Python refuses over 4 300 digits anyway
            return None, "nombre entier trop long"
        try:
            return int(text), None
        except ValueError:      # an explicit ``!!int`` on text that is not a number
            return None, "nombre entier illisible"
    if tag == _FLOAT:
        try:
            return Decimal(text), None
        except InvalidOperation:  # an explicit ``!!float`` on text that is not a number
            return None, "nombre illisible"
    return None, f"étiquette YAML non autorisée : {tag}"


class _TooBig(Exception):
    def __init__(self, source: Source, limit: int, depth: int = 0) -> None:
        self.source = source
        self.limit = limit
        self.depth = depth  # collections left open by the node's events (libyaml path)


_PROBLEMS_FR = {
    "mapping values are not allowed here": "« : » inattendu (indentation ou guillemets manquants ?)",
    "found character '\\t' that cannot start any token": "tabulation interdite : indenter avec des espaces",
    "could not find expected ':'": "« : » attendu après la clé",
    "expected <block end>, but found '<block mapping start>'": "indentation incohérente",
    "did not find expected key": "clé attendue (indentation incohérente ?)",
    "found undefined alias": "alias YAML non défini",
    "found duplicate anchor": "ancre YAML en double",
}


def _yaml_problem_fr(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or str(exc)).strip()
    for english, french in _PROBLEMS_FR.items():
        if problem.startswith(english):
            return f"YAML invalide : {french}"
    return f"YAML invalide : {problem}"


def load_text(text: str, file: str) -> LoadedCase:
    """Parse YAML ``text`` into a ``LoadedCase``; raise ``CaseInvalid`` on any error."""
    if _CParser is not None and not _libyaml_may_differ(text):
        try:
            return _load_libyaml(text, file)
        except _Fallback:
            pass
    return _load_pure(text, file)


def _too_big(big: _TooBig) -> CaseInvalid:
    return CaseInvalid([CaseError(
        big.source, (),
        f"document trop gros une fois les alias YAML développés (plus de {big.limit} nœuds)",
    )])


def _source_at(text: str, file: str, position: int) -> Source:
    """The line and column of character ``position`` of ``text``."""
    line_start = max(text.rfind("\n", 0, position), text.rfind("\r", 0, position)) + 1
    return Source(file, len(_LINE_BREAKS.findall(text, 0, position)) + 1, position - line_start + 1)


def _load_pure(text: str, file: str) -> LoadedCase:
    """The reference path: PyYAML's pure-Python parser and composer, then ``_Builder``."""
    loader = None
    try:
        loader = _ComposingLoader(text)      # its reader already refuses control characters
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        raise CaseInvalid([CaseError(_source_at(text, file, exc.position), (),
                                     f"caractère interdit dans un fichier YAML (U+{exc.character:04X}) : "
                                     "retirer ce caractère invisible, souvent collé depuis un tableur")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        src = Source(file, mark.line + 1, mark.column + 1) if mark else Source(file, 1, 1)
        raise CaseInvalid([CaseError(src, (), _yaml_problem_fr(exc))]) from None
    except yaml.YAMLError as exc:
        raise CaseInvalid([CaseError(Source(file, 1, 1), (), f"YAML invalide : {exc}")]) from None
    except RecursionError:
        raise CaseInvalid([CaseError(Source(file, 1, 1), (), "imbrication trop profonde (listes ou "
                                     "tableaux emboîtés par centaines)")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise CaseInvalid([CaseError(Source(file, 1, 1), (), "le fichier est vide")])
    builder = _Builder(file)
    try:
        data = builder.build(node, ())
    except _TooBig as big:
        raise _too_big(big) from None
    except RecursionError:
        raise CaseInvalid([CaseError(Source(file, 1, 1), (), "imbrication trop profonde")]) from None
    if builder.errors:
        raise CaseInvalid(builder.errors)
    return LoadedCase(file, data, builder.positions, builder.key_positions)


# Text on which libyaml and the pure-Python parser disagree, or may: tabs (PyYAML refuses them
# inside plain scalars and after « : », libyaml does not), byte-order marks (PyYAML does not
# count them in columns), NEL / LS / PS line breaks, whatever PyYAML's reader refuses (control
# characters, lone surrogates: its message must stay), and a comment glued to a block scalar
# header (``|#``, ``>-#``), which only libyaml accepts.
_LIBYAML_UNSURE_CHARS = re.compile(
    "[^\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_LIBYAML_UNSURE_HEADER = re.compile("[|>][-+0-9]*#")


def _libyaml_may_differ(text: str) -> bool:
    """True when ``text`` holds something the libyaml path leaves to the reference parser."""
    return bool(_LIBYAML_UNSURE_CHARS.search(text) or _LIBYAML_UNSURE_HEADER.search(text))


_LINE_BREAKS = re.compile("\r\n|\r|\n")


class _Fallback(Exception):
    """The libyaml path cannot vouch for this text: read it with the pure-Python path.

    Where libyaml and PyYAML part (found by comparing them, see ``tests/test_load.py``):
    libyaml accepts tabs after « : » and inside words, « ? » inside a word of a flow
    collection (``[a?b]``), a comment glued to a block scalar header (``>#``), ``%YAML 2.1``,
    tags PyYAML's scanner refuses (``!&!``, ``[!!str,b]``), and it words its errors its own
    way. It places some empty nodes elsewhere (handled: ``_after_colon``, ``_eof_mark``).
    Anchors and aliases are left to the reference, which bounds their expansion.
    """


def _load_libyaml(text: str, file: str) -> LoadedCase:
    """Read ``text`` with libyaml's events into the same ``LoadedCase`` as ``_load_pure``.

    Raise ``_Fallback`` for anything the pure-Python path must decide: a syntax error (its
    message is the reference), several documents, an anchor or an alias, deep nesting.
    """
    assert _CParser is not None
    parser = _CParser(text)
    get_event = parser.get_event
    builder = _EventBuilder(text, file, get_event)
    too_big: _TooBig | None = None
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
            raise _Fallback
        if event.version is not None or event.tags:
            raise _Fallback  # %YAML 2.1 is refused by PyYAML only; directives are not for cases
        try:
            data = builder.build(get_event(), (), 0, False)
        except _TooBig as big:
            too_big = big
            _drain(get_event, big.depth)
        else:
            if type(get_event()) is not DocumentEndEvent:  # pragma: no cover - libyaml's grammar
                raise _Fallback
            if type(get_event()) is not StreamEndEvent:
                raise _Fallback  # another document: the pure-Python path words the error
            _expect_end(get_event)
    except (yaml.YAMLError, ValueError):
        # A syntax error, or ``!!int x`` (which the reference lets escape as a ValueError
        # only once the whole text has parsed): the pure-Python path decides.
        raise _Fallback from None
    finally:
        parser.dispose()
        if collecting:
            gc.enable()
    if too_big is not None:
        raise _too_big(too_big)
    if builder.errors:
        raise CaseInvalid(builder.errors)
    return LoadedCase(file, data, builder.positions, builder.key_positions)


def _expect_end(get_event: Any) -> None:
    if get_event() is not None:  # pragma: no cover - libyaml ends after StreamEndEvent
        raise _Fallback


def _drain(get_event: Any, depth: int) -> None:
    """Read the rest of the stream after a ``_TooBig``: the reference parses it all first."""
    if depth > _FAST_MAX_DEPTH:
        raise _Fallback
    for event in iter(get_event, None):
        cls = type(event)
        if cls is MappingStartEvent or cls is SequenceStartEvent:
            depth += 1
            if depth > _FAST_MAX_DEPTH or event.anchor is not None or event.tag is not None:
                raise _Fallback
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            depth -= 1
        elif cls is ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                raise _Fallback
            if event.style == "" and "?" in event.value:
                raise _Fallback  # maybe in a flow collection, where PyYAML ends it at « ? »
        elif cls is AliasEvent:
            raise _Fallback
        elif cls is DocumentStartEvent:
            raise _Fallback


def _untagged_tag(event: ScalarEvent) -> str:
    """The tag PyYAML's composer gives a scalar written without a tag (``_ComposingLoader``)."""
    return _resolve_plain(event.value) if event.implicit[0] else _STR


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
            return Mark(mark.name, i + 1, line, column + 1, None, None)
        else:
            break
    return mark


class _EventBuilder:
    """``_Builder`` over libyaml's event stream instead of a node graph, for alias-free text.

    Same traversal (pre-order), same checks in the same order, same positions (each node's
    start mark), same count of built nodes; it refuses to go on (``_Fallback``) where the two
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
        breaks = _LINE_BREAKS.findall(self.text)
        last = max(self.text.rfind("\n"), self.text.rfind("\r")) + 1
        return Mark(mark.name, mark.index, len(breaks), len(self.text) - last, None, None)

    def build(self, event: Any, path: FieldPath, depth: int, flow: bool) -> Any:
        """The value of the node that begins with ``event``, inside ``depth`` collections.

        ``flow``: the node is inside a flow collection (``[…]``, ``{…}``).
        """
        file = self.file
        cls = type(event)
        if cls is AliasEvent or event.anchor is not None or event.tag is not None:
            raise _Fallback
        mark = event.start_mark
        if mark.index == self.eof:
            mark = self._eof_mark(mark)
        self.count += 1
        if self.count > MAX_NODES:
            opened = depth if cls is ScalarEvent else depth + 1
            raise _TooBig(Source(file, mark.line + 1, mark.column + 1), MAX_NODES, opened)
        source = self.positions[path] = Source(file, mark.line + 1, mark.column + 1)
        if cls is ScalarEvent:
            if flow and event.style == "" and "?" in event.value:
                raise _Fallback  # PyYAML ends a plain scalar at « ? » in a flow collection
            value, problem = _construct_scalar(_untagged_tag(event), event.value)
            if problem:
                self.errors.append(CaseError(source, path, problem))
            return value
        if depth >= _FAST_MAX_DEPTH:
            raise _Fallback
        if cls is SequenceStartEvent:
            items: list[Any] = []
            for i, child in enumerate(iter(self.get_event, None)):
                if type(child) is SequenceEndEvent:
                    return items
                items.append(self.build(child, path + (i,), depth + 1, event.flow_style))
            raise _Fallback  # pragma: no cover - libyaml closes what it opens
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
                raise _Fallback
            mark = key_event.start_mark
            if mark.index == self.eof:  # an empty key at the very end: « ? »
                mark = self._eof_mark(mark)
            key = ""
            tag = None
            if cls is ScalarEvent:
                if flow and (_is_empty_node(key_event)
                             or key_event.style == "" and "?" in key_event.value):
                    raise _Fallback  # « { ? : x } », « {a?b: 1} »: the parsers differ
                key = key_event.value
                tag = _untagged_tag(key_event)
            else:
                self._skip(key_event, depth + 1)
            child = path + (key,)
            if tag != _STR and tag != _INT:
                error = CaseError(Source(file, mark.line + 1, mark.column + 1), path,
                                  "une clé doit être un simple mot (texte)")
            elif key == "<<":
                error = CaseError(Source(file, mark.line + 1, mark.column + 1), path,
                                  "la fusion YAML « << » n'est pas acceptée ; écrire les champs")
            elif key in result:
                first = key_positions[child]
                error = CaseError(
                    Source(file, mark.line + 1, mark.column + 1), child,
                    f"clé en double (déjà définie ligne {first.line}) ; une seule valeur est permise",
                )
            else:
                key_positions[child] = Source(file, mark.line + 1, mark.column + 1)
                value_event = get_event()
                if flow and _is_empty_node(value_event):
                    value_event.start_mark = _after_colon(
                        self.text, key_event.end_mark, value_event.start_mark)
                result[key] = self.build(value_event, child, depth + 1, flow)
                continue
            self.errors.append(error)
            self._skip(get_event(), depth + 1)
        raise _Fallback  # pragma: no cover - libyaml closes what it opens

    def _skip(self, event: Any, depth: int) -> None:
        """Read past the node that begins with ``event`` without building it.

        ``depth`` counts the collections around it. The reference composes the node even
        though it builds nothing from it, so anchors, aliases and deep nesting still matter.
        """
        cls = type(event)
        if cls is AliasEvent or event.anchor is not None or event.tag is not None:
            raise _Fallback
        if cls is ScalarEvent:
            if event.style == "" and "?" in event.value:
                raise _Fallback  # maybe in a flow collection, where PyYAML ends it at « ? »
            return
        open_ = 1
        if depth + open_ > _FAST_MAX_DEPTH:
            raise _Fallback
        for inner in iter(self.get_event, None):
            cls = type(inner)
            if cls is MappingStartEvent or cls is SequenceStartEvent:
                open_ += 1
                if depth + open_ > _FAST_MAX_DEPTH:
                    raise _Fallback
                if inner.anchor is not None or inner.tag is not None:
                    raise _Fallback
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                open_ -= 1
                if not open_:
                    return
            elif cls is AliasEvent or inner.anchor is not None or inner.tag is not None:
                raise _Fallback
            elif inner.style == "" and "?" in inner.value:
                raise _Fallback  # maybe in a flow collection, where PyYAML ends it at « ? »
        raise _Fallback  # pragma: no cover - libyaml closes what it opens


def load_case(path: Path) -> LoadedCase:
    """Read and parse a case file; refuse oversize and non-UTF-8 files before parsing."""
    shown = display_path(path)
    start = Source(shown, 1, 1)
    try:
        size = path.stat().st_size
        if size > MAX_CASE_BYTES:
            raise CaseInvalid([CaseError(
                start, (),
                f"fichier trop volumineux ({size} octets ; limite {MAX_CASE_BYTES} octets)",
            )])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CaseInvalid([CaseError(start, (), "fichier introuvable")]) from None
    except IsADirectoryError:
        raise CaseInvalid([CaseError(start, (), "c'est un dossier, pas un fichier de dossier YAML")]) from None
    except PermissionError:
        raise CaseInvalid([CaseError(start, (), "lecture interdite (droits du fichier)")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CaseInvalid([CaseError(
            Source(shown, line, 1), (),
            "le fichier n'est pas encodé en UTF-8 (l'enregistrer en UTF-8 depuis l'éditeur)",
        )]) from None
    return load_text(text, shown)
