"""Stage 1 — load: YAML text → plain data + the position of every node.

The loader is hardened because case files are typed by people and sent by e-mail:
- only the YAML 1.2 core types: ``true``/``false`` are booleans, but ``non``, ``no``,
  ``on`` stay text; dates stay text (the schema checks their format);
- decimals are built as ``Decimal`` from the scalar's text, never through a float;
- any explicit tag (``!!python/object``, ``!custom``) is refused;
- duplicate keys are errors (YAML's last-wins would silently drop a price);
- alias expansion is bounded (a "billion laughs" file is refused, not expanded);
- a file that is not UTF-8, or larger than ``MAX_CASE_BYTES``, is refused before parsing.

This module is the reference: PyYAML's pure-Python parser positions every node, and its
messages are the ones users see (``load_pure``). libyaml reads most cases about ten times
faster with the same result; ``load_text`` takes that path (``load_libyaml``) when it can and
falls back here for whatever it cannot vouch for. The scalar rules both paths share are in
``yaml_core``.

Errors are returned as ``CaseError`` values located at ``file:line:col``.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from . import load_libyaml
from .bounded import MAX_CASE_BYTES, Refused, read_regular
from .errors import CaseError, CaseInvalid, FieldPath, Source, display_path
from .yaml_core import (
    LINE_BREAKS,
    MAX_NODES,
    TAG_INT,
    TAG_MAP,
    TAG_SEQ,
    TAG_STR,
    CoreResolver,
    TooBig,
    construct_scalar,
    too_big,
)

MAX_ALIAS_NODES = 100_000
"""Upper bound on nodes built by expanding aliases: stops a "billion laughs" at once."""


class ComposingLoader(Reader, Scanner, Parser, Composer, CoreResolver):
    """PyYAML's pipeline up to the node graph; we construct values ourselves."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        CoreResolver.__init__(self)


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
            raise TooBig(_source(self.file, node), MAX_NODES)
        aliased = id(node) in self.seen and not isinstance(node, ScalarNode)
        if aliased:
            self.alias_depth += 1
        if self.alias_depth:
            self.alias_count += 1
            if self.alias_count > MAX_ALIAS_NODES:
                raise TooBig(_source(self.file, node), MAX_ALIAS_NODES)
        self.seen.add(id(node))
        self.positions[path] = _source(self.file, node)
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, path)
            if isinstance(node, SequenceNode):
                if node.tag != TAG_SEQ:
                    self.error(node, path, f"étiquette YAML non autorisée : {node.tag}")
                    return None
                return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
            return self._scalar(node, path)  # type: ignore[arg-type]  # neither mapping nor sequence: a scalar
        finally:
            if aliased:
                self.alias_depth -= 1

    def _mapping(self, node: MappingNode, path: FieldPath) -> dict[str, Any]:
        if node.tag != TAG_MAP:
            self.error(node, path, f"étiquette YAML non autorisée : {node.tag}")
            return {}
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in (TAG_STR, TAG_INT):
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
                    key_node,
                    child,
                    f"clé en double (déjà définie ligne {first.line}) ; une seule valeur est permise",
                )
                continue
            self.key_positions[child] = _source(self.file, key_node)
            result[key] = self.build(value_node, child)
        return result

    def _scalar(self, node: ScalarNode, path: FieldPath) -> Any:
        value, problem = construct_scalar(node.tag, node.value)
        if problem:
            self.error(node, path, problem)
        return value


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
    if load_libyaml.CParser is not None and not load_libyaml.may_differ(text):
        try:
            return LoadedCase(file, *load_libyaml.load_events(text, file))
        except load_libyaml.Fallback:
            pass
    return load_pure(text, file)


def _source_at(text: str, file: str, position: int) -> Source:
    """The line and column of character ``position`` of ``text``."""
    line_start = max(text.rfind("\n", 0, position), text.rfind("\r", 0, position)) + 1
    return Source(file, len(LINE_BREAKS.findall(text, 0, position)) + 1, position - line_start + 1)


def load_pure(text: str, file: str) -> LoadedCase:
    """The reference path: PyYAML's pure-Python parser and composer, then ``_Builder``."""
    loader = None
    try:
        loader = ComposingLoader(text)  # its reader already refuses control characters
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        raise CaseInvalid(
            [
                CaseError(
                    _source_at(text, file, exc.position),
                    (),
                    f"caractère interdit dans un fichier YAML (U+{exc.character:04X}) : "
                    "retirer ce caractère invisible, souvent collé depuis un tableur",
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        src = Source(file, mark.line + 1, mark.column + 1) if mark else Source(file, 1, 1)
        raise CaseInvalid([CaseError(src, (), _yaml_problem_fr(exc))]) from None
    except yaml.YAMLError as exc:
        raise CaseInvalid([CaseError(Source(file, 1, 1), (), f"YAML invalide : {exc}")]) from None
    except RecursionError:
        raise CaseInvalid(
            [
                CaseError(
                    Source(file, 1, 1),
                    (),
                    "imbrication trop profonde (listes ou tableaux emboîtés par centaines)",
                )
            ]
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise CaseInvalid([CaseError(Source(file, 1, 1), (), "le fichier est vide")])
    builder = _Builder(file)
    try:
        data = builder.build(node, ())
    except TooBig as big:
        raise too_big(big) from None
    except RecursionError:
        raise CaseInvalid([CaseError(Source(file, 1, 1), (), "imbrication trop profonde")]) from None
    if builder.errors:
        raise CaseInvalid(builder.errors)
    return LoadedCase(file, data, builder.positions, builder.key_positions)


def load_case(path: Path) -> LoadedCase:
    """Read and parse a case file; refuse oversize and non-UTF-8 files before parsing."""
    shown = display_path(path)
    start = Source(shown, 1, 1)
    try:
        raw = read_regular(path, MAX_CASE_BYTES)  # a FIFO, a device, a huge file: refused unread
    except Refused as exc:
        raise CaseInvalid([CaseError(start, (), str(exc))]) from None
    except FileNotFoundError:
        raise CaseInvalid([CaseError(start, (), "fichier introuvable")]) from None
    except IsADirectoryError:
        raise CaseInvalid(
            [CaseError(start, (), "c'est un dossier, pas un fichier de dossier YAML")]
        ) from None
    except PermissionError:
        raise CaseInvalid([CaseError(start, (), "lecture interdite (droits du fichier)")]) from None
    except OSError as exc:  # an I/O error, a path through a file (ENOTDIR), a name too long
        raise CaseInvalid(
            [
                CaseError(
                    start, (), f"lecture impossible ({errno.errorcode.get(exc.errno or 0, 'erreur système')})"
                )
            ]
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CaseInvalid(
            [
                CaseError(
                    Source(shown, line, 1),
                    (),
                    "le fichier n'est pas encodé en UTF-8 (l'enregistrer en UTF-8 depuis l'éditeur)",
                )
            ]
        ) from None
    return load_text(text, shown)
