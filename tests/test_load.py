"""The hardened YAML loader: positions, types, and the refusals of bad input."""

from __future__ import annotations

import gc
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.nodes import ScalarNode

from actegen import load, load_libyaml, yaml_core
from actegen.errors import CaseInvalid
from actegen.load import MAX_CASE_BYTES, load_case, load_text

from .helpers import CASES, GIRIMBELLES


def _errors(text: str) -> list[str]:
    with pytest.raises(CaseInvalid) as info:
        load_text(text, "dossier.yaml")
    return [str(e) for e in info.value.errors]


def test_positions_are_recorded_for_every_node():
    loaded = load_text("a:\n  b: [1, 2]\n  c: texte\n", "dossier.yaml")
    assert loaded.positions[("a", "b", 1)].line == 2
    assert loaded.positions[("a", "b", 1)].column == 10
    assert loaded.positions[("a", "c")].line == 3
    assert loaded.key_positions[("a", "c")].column == 3


def test_decimals_come_from_the_text_never_a_float():
    loaded = load_text("prix: 19860.14\nautre: 0.1\n", "d.yaml")
    assert loaded.data["prix"] == Decimal("19860.14")
    assert loaded.data["autre"] == Decimal("0.1")  # a float would give 0.1000000000000000055…


def test_yaml_1_1_booleans_and_dates_stay_text():
    loaded = load_text("a: non\nb: oui\nc: on\nd: 1993-07-24\ne: true\n", "d.yaml")
    assert loaded.data == {"a": "non", "b": "oui", "c": "on", "d": "1993-07-24", "e": True}


def test_duplicate_key_is_an_error_with_both_lines():
    (message,) = _errors("prix: 1\nfoncier: 2\nprix: 3\n")
    assert (
        message
        == "dossier.yaml:3:1: prix : clé en double (déjà définie ligne 1) ; une seule valeur est permise"
    )


@pytest.mark.parametrize(
    "tagged",
    [
        "a: !!python/object/apply:os.system ['echo pwned']\n",
        "a: !!python/name:os.system\n",
        "a: !perso 1\n",
        "a: !!binary aGVsbG8=\n",
    ],
)
def test_tags_are_refused(tagged):
    (message,) = _errors(tagged)
    assert message.startswith("dossier.yaml:1:4: a : étiquette YAML non autorisée")


def test_alias_bomb_is_refused_quickly():
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    (message,) = _errors("\n".join(lines) + "\n")
    assert "trop gros une fois les alias YAML développés" in message


def test_syntax_error_is_located_and_in_french():
    (message,) = _errors("a: 1\nb: [1, 2\n")
    assert message.startswith("dossier.yaml:3:1: YAML invalide")


def test_control_characters_in_text_are_refused():
    (message,) = _errors('nom: "Dupont\\x07"\n')
    assert message == "dossier.yaml:1:6: nom : caractère de contrôle interdit dans le texte"


def test_non_utf8_file_is_refused_with_its_line(tmp_path: Path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("nom: Dupont\nville: Montréal\n".encode("latin-1"))
    with pytest.raises(CaseInvalid) as info:
        load_case(path)
    (error,) = info.value.errors
    assert error.source.line == 2
    assert "n'est pas encodé en UTF-8" in error.message


def test_byte_order_mark_is_accepted(tmp_path: Path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffnom: Dupont\n".encode("utf-8"))
    assert load_case(path).data == {"nom": "Dupont"}


def test_oversize_file_is_refused_before_parsing(tmp_path: Path):
    path = tmp_path / "gros.yaml"
    with open(path, "wb") as fh:
        fh.truncate(MAX_CASE_BYTES + 1)
    with pytest.raises(CaseInvalid) as info:
        load_case(path)
    assert "fichier trop volumineux" in info.value.errors[0].message


# --------------------------------------------------------------------------------------
# Two parsers, one result: libyaml (fast) and PyYAML's pure-Python parser (the reference)
#
# ``load_text`` reads through libyaml's events when it can and leaves the rest to the
# pure-Python path (see the module docstrings of ``actegen.load`` and ``actegen.load_libyaml``). Whatever the libyaml path
# returns must be exactly what the reference returns: the same data (types, Decimal texts,
# key order), the same position for every value and key, the same errors at the same places.


def _libyaml(text: str, file: str) -> load.LoadedCase:
    """The libyaml path alone, assembled into a ``LoadedCase`` as ``load_text`` does."""
    return load.LoadedCase(file, *load_libyaml.load_events(text, file))


def _outcome(loader, text: str):
    """Everything a caller can observe of loading ``text``: data, positions, errors, crashes."""
    try:
        loaded = loader(text, "d.yaml")
    except load_libyaml.Fallback:
        raise
    except CaseInvalid as exc:
        return ("refusé", [str(e) for e in exc.errors])
    except Exception as exc:  # noqa: BLE001 - the reference's own crashes (``!!int x``) must stay the same
        return ("plantage", type(exc).__name__, str(exc))
    return ("chargé", repr(loaded.data), list(loaded.positions.items()), list(loaded.key_positions.items()))


def _libyaml_agrees(text: str) -> bool:
    """Compare the two paths on ``text``; False when the libyaml path hands it over."""
    if load_libyaml.may_differ(text):
        return False
    try:
        fast = _outcome(_libyaml, text)
    except load_libyaml.Fallback:
        return False
    assert fast == _outcome(load.load_pure, text), text
    return True


def _reference_only(monkeypatch) -> None:
    """As if PyYAML had been built without libyaml, and make sure the fast path stays unused."""

    def unused(text: str, file: str):
        raise AssertionError("the libyaml path was used")

    monkeypatch.setattr(load_libyaml, "CParser", None)
    monkeypatch.setattr(load_libyaml, "load_events", unused)


def test_libyaml_is_there():
    """The venv's PyYAML wheel carries libyaml; without it every test below compares nothing."""
    assert yaml.__with_libyaml__
    assert load_libyaml.CParser is not None


@pytest.mark.parametrize("case", sorted(CASES.glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_cases_load_identically_through_libyaml(case: Path, monkeypatch):
    text = case.read_text(encoding="utf-8")
    assert _libyaml_agrees(text), "a shipped case must take the fast path"
    fast = load_case(case)
    _reference_only(monkeypatch)
    pure = load_case(case)
    assert repr(fast.data) == repr(pure.data)
    assert fast.positions == pure.positions and fast.key_positions == pure.key_positions
    assert len(fast.positions) > 100


def _events(parser) -> list[tuple]:
    out = []
    while (event := parser.get_event()) is not None:
        out.append(
            (
                type(event).__name__,
                getattr(event, "tag", None),
                getattr(event, "value", None),
                getattr(event, "implicit", None),
                event.start_mark.line,
                event.start_mark.column,
            )
        )
    return out


@pytest.mark.parametrize("case", sorted(CASES.glob("*.yaml")), ids=lambda p: p.stem)
def test_libyaml_marks_every_event_where_pyyaml_does(case: Path):
    """The assumption under the fast path, checked directly: same events, same line and column."""
    text = case.read_text(encoding="utf-8")
    assert _events(load_libyaml.CParser(text)) == _events(load.ComposingLoader(text))


def test_without_libyaml_the_reference_reads_everything(monkeypatch):
    """PyYAML built without libyaml (``yaml.__with_libyaml__`` False): same results, pure path."""
    text = GIRIMBELLES.read_text(encoding="utf-8")
    with_libyaml = _outcome(load_text, text)
    _reference_only(monkeypatch)
    assert _outcome(load_text, text) == with_libyaml
    assert _errors("prix: 1\nprix: 2\n") == [
        "dossier.yaml:2:1: prix : clé en double (déjà définie ligne 1) ; une seule valeur est permise"
    ]


def test_load_text_takes_the_libyaml_path(monkeypatch):
    def no_reference(text: str, file: str):
        raise AssertionError("the pure-Python path was used")

    monkeypatch.setattr(load, "load_pure", no_reference)
    assert load_text("a: {b: [1, 2.50]}\n", "d.yaml").data == {"a": {"b": [1, Decimal("2.50")]}}


# What the core schema makes of plain scalars, and the other guarantees, on both paths.
SCALARS = """\
oui: yes
non: No
on: ON
off: off
y: y
vrai: true
faux: FALSE
bizarre: tRue
rien: ~
nul: Null
vide:
octal: 0o17
hexa: 0x1F
zeros: 017
souligne: 1_000
sexagesimal: 1:30
date: 1993-07-24
horodatage: 2024-01-01T10:00:00Z
infini: .inf
pasnombre: .nan
moitie: .5
moins: -.5
plus: +1
exposant: 1e3
point: 1.
grand: 1E+3
prix: 19860.10
entier: -0
texte: '12'
"""


@pytest.mark.parametrize("path", ["libyaml", "pure"])
def test_core_schema_types_are_the_same_on_both_paths(path: str):
    loader = _libyaml if path == "libyaml" else load.load_pure
    data = loader(SCALARS, "d.yaml").data
    assert data == {
        "oui": "yes",
        "non": "No",
        "on": "ON",
        "off": "off",
        "y": "y",
        "vrai": True,
        "faux": False,
        "bizarre": "tRue",
        "rien": None,
        "nul": None,
        "vide": None,
        "octal": "0o17",
        "hexa": "0x1F",
        "zeros": 17,
        "souligne": "1_000",
        "sexagesimal": "1:30",
        "date": "1993-07-24",
        "horodatage": "2024-01-01T10:00:00Z",
        "infini": ".inf",
        "pasnombre": ".nan",
        "moitie": Decimal(".5"),
        "moins": Decimal("-.5"),
        "plus": 1,
        "exposant": Decimal("1e3"),
        "point": Decimal("1."),
        "grand": Decimal("1E+3"),
        "prix": Decimal("19860.10"),
        "entier": 0,
        "texte": "12",
    }
    assert str(data["prix"]) == "19860.10" and type(data["zeros"]) is int and type(data["vrai"]) is bool
    assert _libyaml_agrees(SCALARS)


def test_tagged_values_are_left_to_the_reference():
    """Tags are scanned differently by libyaml (``[!!str,b]``, ``!&!``): any tag is handed over,
    and the core ones keep their meaning."""
    text = 'chaine: !!str 12\nentier: !!int "12"\nnon_specifique: ! 12\nrien: !!null ""\nvide: !!str\n'
    assert not _libyaml_agrees(text)
    assert load_text(text, "d.yaml").data == {
        "chaine": "12",
        "entier": 12,
        "non_specifique": 12,
        "rien": None,
        "vide": "",
    }
    # libyaml reads [!!str '', b] and !&! as a tag; PyYAML's scanner refuses both
    assert _errors("a: [!!str,b]\n") == [
        "dossier.yaml:2:1: YAML invalide : expected ',' or ']', but got '<stream end>'"
    ]
    assert _errors("a: !&!\n") == ["dossier.yaml:1:5: YAML invalide : expected '!', but found '&'"]
    assert _errors("a: {b: !perso 1}\nc: [!!set {}]\n") == [
        "dossier.yaml:1:8: a.b : étiquette YAML non autorisée : !perso",
        "dossier.yaml:2:5: c[0] : étiquette YAML non autorisée : tag:yaml.org,2002:set",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "prix: 1\nfoncier: 2\nprix: 3\n",
        "a: {b: 1, b: 2}\n'1': x\n1: y\n",
        "[a, b]: 1\ntrue: 2\n~: 3\n1.5: 4\n<<: {c: 5}\nok: 6\n",
        'nom: "Dupont\\x07"\nautre: "\\e[31m"\n',
        "? [a]\n: 1\nb: [2, {c: {}}]\n",
        "- {a: , b: 1}\n- {c: ,\n   d: }\n- [e: ]\n- {f:   # note\n   , g}\n",
        "a:\n- b\n-\n- {}\n",
        "a: 1\r\nb:\r\n  - c: {d: , e: 2}\r\n",
        "a: 1\rb: [2,\r 3]\r",
        "sans_fin_de_ligne:",
        "? a",
        "---\n# rien\n",
        "--- >\n  plié\n  en deux\n\n  lignes\n...\n",
        "a: |2-\n    garde\n   ceci\n",
        "Qui ? : Pourquoi ?\nliste: [a, b]\n",
        "cle: valeur # commentaire\n#\n",
    ],
)
def test_both_paths_agree_on_these(text: str):
    assert _libyaml_agrees(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a:\tb\n", "dossier.yaml:1:3: YAML invalide : tabulation interdite : indenter avec des espaces"),
        ("a: [b?c]\n", "dossier.yaml:1:6: YAML invalide : expected ',' or ']', but got '?'"),
        (
            "a: >#\n  b\n",
            "dossier.yaml:1:5: YAML invalide : expected chomping or indentation indicators, but found '#'",
        ),
        ("a: 1\n---\nb: 2\n", "dossier.yaml:2:1: YAML invalide : but found another document"),
        (
            "%YAML 2.1\n---\na: 1\n",
            "dossier.yaml:1:1: YAML invalide : found incompatible YAML document (version 1.* is required)",
        ),
        ("a: [1, 2\n", "dossier.yaml:2:1: YAML invalide : expected ',' or ']', but got '<stream end>'"),
        ("a: &x 1\nb: *y\n", "dossier.yaml:2:4: YAML invalide : alias YAML non défini"),
    ],
)
def test_what_libyaml_would_read_otherwise_gets_the_reference_message(text: str, message: str):
    """libyaml accepts tabs after « : », « ? » inside a flow word, a comment glued to « > » and
    ``%YAML 2.1``; PyYAML refuses them, and its refusal is what users get."""
    assert _errors(text) == [message]
    assert not _libyaml_agrees(text)


def test_anchors_go_to_the_reference_which_bounds_aliases():
    text = "a: &a [1, 2]\nb: *a\n"
    assert not _libyaml_agrees(text)
    loaded = load_text(text, "d.yaml")
    assert loaded.data == {"a": [1, 2], "b": [1, 2]}
    assert loaded.positions[("b", 1)].line == 1


def test_node_limit_is_the_same_on_both_paths(monkeypatch):
    monkeypatch.setattr(load, "MAX_NODES", 5)
    monkeypatch.setattr(load_libyaml, "MAX_NODES", 5)
    for text in [
        "a: [1, 2, 3, {b: 4, c: [5, 6]}]\n",
        "a: [1, 2, [3, [4, [5, [6]]]]]\nb: [7, 8]\n",
        "a: [1, 2, 3, 4, 5, 6]\nb: [7, 8\n",  # a syntax error after the limit wins
        "a: [1, 2, 3, 4, 5, 6]\nb: &x [7]\nc: *x\n",
    ]:  # so do aliases after it
        reference = _outcome(load.load_pure, text)
        try:
            assert _outcome(_libyaml, text) == reference
        except load_libyaml.Fallback:
            pass
        assert _outcome(load_text, text) == reference
    (message,) = _errors("a: [1, 2, 3, {b: 4, c: [5, 6]}]\n")
    assert (
        message
        == "dossier.yaml:1:14: document trop gros une fois les alias YAML développés (plus de 5 nœuds)"
    )


@pytest.mark.parametrize(
    "depth",
    [load_libyaml.FAST_MAX_DEPTH - 1, load_libyaml.FAST_MAX_DEPTH, load_libyaml.FAST_MAX_DEPTH + 1, 20_000],
)
def test_deep_nesting_is_left_to_the_reference(depth: int):
    """libyaml parses any depth without recursing; the reference keeps deciding past 100 levels."""
    for text in [
        "a: " + "[" * depth + "]" * depth + "\n",
        "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "v: 1\n",
    ]:
        if depth < load_libyaml.FAST_MAX_DEPTH:
            assert _libyaml_agrees(text)
        else:
            with pytest.raises(load_libyaml.Fallback):
                load_libyaml.load_events(text, "d.yaml")


@given(st.text(max_size=12))
def test_plain_scalars_resolve_as_pyyaml_resolves_them(text: str):
    resolver = yaml_core.CoreResolver()
    assert yaml_core.resolve_plain(text) == resolver.resolve(ScalarNode, text, (True, False))


# Generated YAML: fragments in random places, random trees in random styles, shipped cases cut
# and damaged. Many are refused by libyaml or handed over; the rest must agree exactly.

FRAGMENTS = [
    "a:",
    "b:",
    "a: ",
    "1:",
    '"k":',
    "'k':",
    "? ",
    ": ",
    "- ",
    "-",
    "<<:",
    "~:",
    "true:",
    "1.5:",
    "[a]:",
    "{x: 1}:",
    "1",
    "-2",
    "+3",
    "0.1",
    "1e3",
    "1.",
    ".5",
    "0o17",
    "017",
    "1:30",
    "1993-07-24",
    "yes",
    "no",
    "on",
    "non",
    "true",
    "~",
    "null",
    "",
    "x y",
    "x # c",
    "#c",
    '"q"',
    '"a\\x07"',
    '"\\u00e9"',
    '"\\t"',
    '"\\\'"',
    "'s''s'",
    "|",
    "|-",
    ">",
    ">-",
    "|2",
    "|+",
    "[",
    "]",
    "{",
    "}",
    ",",
    "[1, 2]",
    "{a: 1, b}",
    "[a: 1]",
    "[a: ]",
    "{a: , b: }",
    "{a: #c",
    "{? : x}",
    "[? a]",
    "!!str 5",
    "!!int 5",
    "! 12",
    "!",
    "!perso x",
    "!!set {a}",
    "!<tag:x,2000:a b> y",
    "!!str",
    "&a x",
    "*a",
    "---",
    "...",
    "--- x",
    "%YAML 1.2",
    "%YAML 2.1",
    "é",
    "😀",
    "\\",
    "'",
    '"',
    ":x",
    "a:b",
    "-x",
    "?x",
    "a?b",
    "[a?b]",
    "@",
    "`",
    "%",
    "\t",
    "\r",
    "\ufeff",
    "\x85",
    "\x07",
    "\xa0",
    " ",
    '"multi',
    "line'",
    "{a: [1, {b: c}]}",
    '{"a":1}',
    "[a:b]",
    "{a:1}",
    "a : b",
    "- - x",
    "- a: 1",
    "? - a",
    ">#",
    "x#y",
    "a: b: c",
]


@st.composite
def fragment_texts(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        indent = " " * draw(st.sampled_from([0, 0, 1, 2, 3, 4, 6]))
        parts = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=3))
        line = indent + "".join(draw(st.sampled_from(["", " ", "  "])) + part for part in parts)
        lines.append(line + draw(st.sampled_from(["\n", "\n", "\n", "\r\n", "\r", ""])))
    return "".join(lines)


WORDS = st.one_of(
    st.sampled_from(
        [
            "1",
            "-2",
            "0.10",
            "1e3",
            "017",
            "yes",
            "non",
            "true",
            "~",
            "",
            "1993-07-24",
            "x y",
            "é à",
            "x: y",
            "- z",
            "# no",
            "a'b",
            'a"b',
            "[x]",
            "?",
            ":",
            "-",
            "a\nb",
            "a\n\nb",
            " lead",
            "trail ",
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8),
)


def _write_scalar(draw, value: str, indent: int) -> str:
    style = draw(st.sampled_from(["plain", "plain", "single", "double", "literal", "folded"]))
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if style in ("literal", "folded"):
        pad = " " * (indent + draw(st.integers(1, 3)))
        head = ("|" if style == "literal" else ">") + draw(st.sampled_from(["", "-", "+"]))
        return head + "\n" + "\n".join(pad + line for line in value.split("\n"))
    return value.replace("\n", " ")


@st.composite
def tree_texts(draw) -> str:
    """A random tree written in random YAML styles: block and flow, quotes, comments, CRLF."""

    def node(indent: int, depth: int) -> str:
        kind = draw(
            st.sampled_from(
                ["scalar", "scalar", "map", "seq", "flowmap", "flowseq"] if depth < 4 else ["scalar"]
            )
        )
        if kind == "scalar":
            return " " + _write_scalar(draw, draw(WORDS), indent)
        if kind.startswith("flow"):
            items = []
            for _ in range(draw(st.integers(0, 3))):
                key = draw(st.sampled_from(["a", "b", "1", "'q'", '"d"', "c d", "é"]))
                value = draw(st.sampled_from(["1", "x", "'y'", '"z"', "[1]", "{}", "", "0.5", "true", "no"]))
                items.append(f"{key}: {value}" if kind == "flowmap" else value)
            sep = draw(
                st.sampled_from(
                    [", ", ",", " , ", ",\n" + " " * (indent + 1), ", # c\n" + " " * (indent + 1)]
                )
            )
            close = draw(st.sampled_from(["", ","])) if items else ""
            return (
                " "
                + ("{" if kind == "flowmap" else "[")
                + sep.join(items)
                + close
                + ("}" if kind == "flowmap" else "]")
            )
        step = draw(st.sampled_from([1, 2, 2, 4]))
        entries = []
        for _ in range(draw(st.integers(1, 3))):
            if kind == "map":
                key = draw(
                    st.sampled_from(
                        ["a", "b", "a", "1", "'k'", '"k"', "é", "x y", "true", "~", "<<", "1.5", "? k"]
                    )
                )
                head = " " * indent + (key + "\n" + " " * indent + ":" if key.startswith("? ") else key + ":")
            else:
                head = " " * indent + "-"
            child = node(indent + step, depth + 1)
            comment = draw(st.sampled_from(["", "", " # c"]))
            if child.startswith(" "):
                entries.append(head + child + ("" if "\n" in child else comment))
            else:
                entries.append(head + comment + "\n" + child)
        return "\n".join(entries)

    body = node(0, 0)
    body = body[1:] if body.startswith(" ") else body
    text = draw(st.sampled_from(["", "", "---\n", "--- # c\n", "# tête\n\n"])) + body
    text += draw(st.sampled_from(["\n", "\n", "", "\n...\n", "\n\n# fin\n"]))
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


SHIPPED = [path.read_text(encoding="utf-8") for path in sorted(CASES.glob("*.yaml"))]


@st.composite
def damaged_cases(draw) -> str:
    """Up to 60 lines of a shipped case, with fragments put in or characters taken out."""
    lines = draw(st.sampled_from(SHIPPED)).splitlines(keepends=True)
    start = draw(st.integers(0, max(0, len(lines) - 40)))
    text = "".join(lines[start : start + draw(st.integers(1, 60))])
    for _ in range(draw(st.integers(0, 3))):
        pos = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:pos] + draw(st.sampled_from(FRAGMENTS + ["\n", "\n  ", ":", "-", "#"])) + text[pos:]
        else:
            text = text[:pos] + text[pos + draw(st.integers(1, 5)) :]
    return text


@st.composite
def damaged_trees(draw) -> str:
    text = draw(tree_texts())
    for _ in range(draw(st.integers(0, 2))):
        pos = draw(st.integers(0, len(text)))
        text = text[:pos] + draw(st.sampled_from(FRAGMENTS + ["\n", " ", ":", "-", "#", "\n  "])) + text[pos:]
    return text


CHARACTERS = list(" \n\r:-?[]{},#\"'|>!&*a1.\\%@`~é") + ["  ", "\n  ", ": ", "- ", "a: ", "? ", "!!str"]
char_texts = st.lists(st.sampled_from(CHARACTERS), max_size=30).map("".join)


GENERATED = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@GENERATED
@given(fragment_texts())
def test_libyaml_agrees_with_the_reference_on_fragments(text: str):
    _libyaml_agrees(text)


@GENERATED
@given(tree_texts())
def test_libyaml_agrees_with_the_reference_on_random_trees(text: str):
    _libyaml_agrees(text)


@GENERATED
@given(damaged_trees())
def test_libyaml_agrees_with_the_reference_on_damaged_trees(text: str):
    _libyaml_agrees(text)


@GENERATED
@given(char_texts)
def test_libyaml_agrees_with_the_reference_on_character_soup(text: str):
    _libyaml_agrees(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_cases())
def test_libyaml_agrees_with_the_reference_on_damaged_cases(text: str):
    _libyaml_agrees(text)


@settings(max_examples=3, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(tree_texts(), damaged_trees(), damaged_cases()), min_size=90, max_size=90))
def test_the_generators_reach_the_fast_path(texts: list[str]):
    """Most generated texts must really be compared, not all handed over to the reference."""
    assert sum(_libyaml_agrees(text) for text in texts) >= 30


def test_the_collector_is_left_as_it_was():
    """The libyaml path pauses the cyclic garbage collector while it builds, and only then."""
    assert gc.isenabled()
    load_text("a: [1, 2]\n", "d.yaml")
    assert gc.isenabled()
    with pytest.raises(CaseInvalid):
        load_text("a: 1\na: 2\n", "d.yaml")
    assert gc.isenabled()
    gc.disable()
    try:
        load_text("a: [1, 2]\n", "d.yaml")
        assert not gc.isenabled()
    finally:
        gc.enable()
