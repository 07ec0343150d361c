"""One broken case per validation message, as data (OpenFisca's one broken file per error).

Each ``tests/data/invalid/<rule>__<what>.yaml`` is a small patch of a shipped case::

    base: cases/girimbelles-1993.yaml
    patch:                        # field → new value (one line, flow style); null deletes it
      seance.date_certification: 1993-07-01
    attendu:                      # every error ``actegen validate`` reports, in order
      - position: "298:23"        # line:column in the patched text
        champ: seance.date_certification
        message: l'extrait est certifié avant la séance

The patch edits the shipped case's text where the field is written (a new field goes after
the last one of its mapping), so the positions are those of the shipped file, shifted only
by the lines a patch adds or removes. A second test reads every ``err(…)`` message of the
rule modules (``src/actegen/validate*``, a module or a package) and requires a broken case
for each: a new rule cannot come without the case that shows its message.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from actegen.errors import format_path

from .helpers import ROOT, run_cli

INVALID = Path(__file__).parent / "data" / "invalid"
BROKEN = sorted(INVALID.glob("*.yaml"))
RULE_SOURCES = ROOT / "src" / "actegen"


# --- the patch ------------------------------------------------------------------------------


def parse_path(text: str) -> tuple[str | int, ...]:
    """``lots[0].prix.foncier`` → ``("lots", 0, "prix", "foncier")`` (the messages' own spelling)."""
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text):
        parts.append(int(index) if index else name)
    assert format_path(tuple(parts)) == text, f"chemin mal formé : {text}"
    return tuple(parts)


def _child(node: yaml.Node, key: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """(key node, value node) of ``key`` in a mapping, (item, item) in a sequence; None if absent."""
    if isinstance(key, int):
        assert isinstance(node, yaml.SequenceNode), key
        return (node.value[key], node.value[key]) if key < len(node.value) else None
    assert isinstance(node, yaml.MappingNode), key
    return next(((k, v) for k, v in node.value if k.value == key), None)


def _end(text: str, node: yaml.Node) -> int:
    """Where the text of ``node`` ends: its last leaf for a block collection, without the
    line breaks that close a block scalar."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in "\r\n":
        end -= 1
    return end


def _edit(text: str, root: yaml.Node, path: tuple[str | int, ...], value: str | None) -> tuple[int, int, str]:
    """The edit (start, end, new text) that gives ``path`` the value ``value`` (None: removes it)."""
    parent = root
    for key in path[:-1]:
        found = _child(parent, key)
        assert found is not None, f"{format_path(path)} : {key} absent du cas de base"
        parent = found[1]
    found = _child(parent, path[-1])
    if found is None:
        assert value is not None, f"{format_path(path)} : rien à supprimer"
        assert isinstance(parent, yaml.MappingNode) and not parent.flow_style and parent.value
        indent = parent.value[0][0].start_mark.column
        end = _end(text, parent)
        return end, end, f"\n{' ' * indent}{path[-1]}: {value}"
    key_node, value_node = found
    if value is not None:
        return value_node.start_mark.index, _end(text, value_node), value
    line_start = text.rfind("\n", 0, key_node.start_mark.index) + 1
    assert not text[line_start : key_node.start_mark.index].strip(), (
        f"{format_path(path)} : seul sur sa ligne"
    )
    end = _end(text, value_node)
    return line_start, end + 1 if text[end : end + 1] == "\n" else end, ""


def patched(base: str, patch: dict[str, str | None]) -> str:
    """``base`` with every edit of ``patch`` (field → value text, None to remove) applied."""
    root = yaml.compose(base, Loader=yaml.SafeLoader)
    edits = sorted((_edit(base, root, parse_path(p), v) for p, v in patch.items()), reverse=True)
    for (_start, end, _), (next_start, _, _) in zip(edits[1:], edits):
        assert end <= next_start, "deux modifications se chevauchent"
    for start, end, new in edits:
        base = base[:start] + new + base[end:]
    return base


def load_broken(path: Path) -> tuple[Path, dict[str, str | None], list[dict[str, str]]]:
    """(base case, patch as value texts, expected errors) of one broken case."""
    text = path.read_text(encoding="utf-8")
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    top = {k.value: v for k, v in root.value}
    assert set(top) == {"base", "patch", "attendu"}, path.name
    patch: dict[str, str | None] = {}
    for key, node in top["patch"].value:
        raw = text[node.start_mark.index : node.end_mark.index]
        assert "\n" not in raw, f"{path.name}: {key.value} : une valeur sur une ligne (style flow)"
        patch[key.value] = None if node.tag == "tag:yaml.org,2002:null" else raw
    data = yaml.safe_load(text)
    return ROOT / data["base"], patch, data["attendu"]


# --- the broken cases -----------------------------------------------------------------------


@pytest.mark.parametrize("broken", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_case_gives_exactly_its_located_errors(broken: Path, tmp_path: Path):
    base, patch, expected = load_broken(broken)
    assert base.parent == ROOT / "cases" and base.is_file(), "a patch of a shipped case"
    case = tmp_path / base.name
    case.write_text(patched(base.read_text(encoding="utf-8"), patch), encoding="utf-8")
    result = run_cli("validate", case.name, cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    reported = result.stderr.splitlines()
    assert reported[-1] == "1 dossier invalide."
    assert reported[:-1] == [
        f"{case.name}:{e['position']}: {e['champ']} : {e['message']}" for e in expected
    ], case.read_text(encoding="utf-8")


def test_the_patch_edits_the_text_in_place():
    base = "a: 1\nb:\n  c: x  # note\n  d: [1, 2]\ne: |\n  texte\nf: 2\n"
    assert patched(base, {"b.c": "y"}) == "a: 1\nb:\n  c: y  # note\n  d: [1, 2]\ne: |\n  texte\nf: 2\n"
    assert patched(base, {"b.d": None, "a": "3"}) == "a: 3\nb:\n  c: x  # note\ne: |\n  texte\nf: 2\n"
    assert (
        patched(base, {"b.g": "{h: 1}"})
        == "a: 1\nb:\n  c: x  # note\n  d: [1, 2]\n  g: {h: 1}\ne: |\n  texte\nf: 2\n"
    )
    assert patched(base, {"e": "court"}) == "a: 1\nb:\n  c: x  # note\n  d: [1, 2]\ne: court\nf: 2\n"
    assert patched("l:\n  - n: 1\n    m: 2\n", {"l[0].m": None}) == "l:\n  - n: 1\n"
    with pytest.raises(AssertionError, match="seul sur sa ligne"):
        patched("l:\n  - n: 1\n    m: 2\n", {"l[0].n": None})


def test_an_error_on_line_100_is_located_at_line_100(tmp_path: Path):
    base = ROOT / "cases" / "vente-hlm-2023.yaml"
    case = tmp_path / base.name
    case.write_text(
        patched(base.read_text(encoding="utf-8"), {"lots[0].plan_de_financement.apport": "7000"}),
        encoding="utf-8",
    )
    result = run_cli("validate", case.name, cwd=tmp_path)
    assert result.stderr.startswith(f"{case.name}:100:7: lots[0].plan_de_financement : le financement"), (
        result.stderr
    )


# --- every message has its broken case ------------------------------------------------------


def _pattern(node: ast.expr) -> str:
    """A regular expression for the messages an ``err`` message argument can give."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(_pattern(v) if isinstance(v, ast.Constant) else "(.+?)" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _pattern(node.left) + _pattern(node.right)
    if isinstance(node, ast.IfExp):
        return f"(?:{_pattern(node.body)}|{_pattern(node.orelse)})"
    return "(.+?)"  # a message made elsewhere (a parameter's error)


def rule_messages() -> dict[tuple[str, int], tuple[str, str]]:
    """(file, line) of each ``err(loaded, path, message)`` call → (its rule, its pattern)."""
    files = list(RULE_SOURCES.glob("validate*.py")) + list(RULE_SOURCES.glob("validate/**/*.py"))
    found: dict[tuple[str, int], tuple[str, str]] = {}
    for file in files:
        for rule in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if not isinstance(rule, ast.FunctionDef):
                continue
            for call in ast.walk(rule):
                if (
                    isinstance(call, ast.Call)
                    and getattr(call.func, "id", None) == "err"
                    and len(call.args) >= 3
                ):
                    found[(file.relative_to(ROOT).as_posix(), call.lineno)] = (
                        rule.name,
                        _pattern(call.args[2]),
                    )
    return found


def _literal_size(pattern: str) -> int:
    return len(re.sub(r"\(\.\+\?\)|\\", "", pattern))


def test_every_validation_message_has_a_broken_case():
    messages = rule_messages()
    assert len(messages) >= 60, "the rules' err calls were not found: update rule_messages()"
    rules = {rule for rule, _ in messages.values()}
    covered: set[tuple[str, int]] = set()
    for broken in BROKEN:
        rule = broken.stem.split("__")[0]
        assert rule in rules, f"{broken.name}: no rule called {rule}"
        shown = set()
        for expected in load_broken(broken)[2]:
            matching = [
                (where, r, _literal_size(p))
                for where, (r, p) in messages.items()
                if re.fullmatch(p, expected["message"])
            ]
            assert matching, f"{broken.name}: {expected['message']!r} is no rule's message"
            best = max(size for _, _, size in matching)
            for where, r, size in matching:
                if size == best:
                    covered.add(where)
                    shown.add(r)
        assert rule in shown, f"{broken.name}: none of its errors comes from {rule}"
    missing = {f"{file}:{line} ({messages[(file, line)][0]})" for file, line in set(messages) - covered}
    assert not missing, f"validation messages without a broken case in tests/data/invalid/: {sorted(missing)}"
