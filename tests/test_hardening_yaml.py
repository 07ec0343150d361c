"""Hostile YAML, end to end: every such file is refused with exit 1, located messages, no
traceback and nothing written (issue 7, « Hardening »: one module per family of attack); a
UTF-8 byte order mark is accepted and changes nothing.

The family: tags that would build Python objects, alias bombs, duplicate keys, encodings and
byte order marks, size, empty files, raw control characters, nesting, directories and missing
files. Hostile *values* in a well-formed file are in ``test_hardening_values``; personal data
in messages and documents in ``test_hardening_personal_data``.

``refuse`` asserts the whole outcome of a refusal; the other hardening modules use it too.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path

import pytest

from .helpers import GIRIMBELLES, run_cli

LOCATED = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")
REFUSED_SUMMARY = "1 dossier : 0 document écrit, 0 inchangé, 0 ignoré, 0 en échec ; 1 dossier en erreur\n"


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder`` with its content hash and modification time, and every
    folder: equal snapshots mean no file or folder was created, removed, rewritten or touched.

    A folder's own time is left out: the render's lock file (``.actegen.lock``) comes and
    goes in the output root even when a case is refused.
    """
    out: dict[str, tuple[str, int]] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_dir():
            out[name + "/"] = ("dossier", 0)
            continue
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except PermissionError:
            digest = "illisible"
        out[name] = (digest, path.stat().st_mtime_ns)
    return out


def _matches(expected: str | re.Pattern[str], line: str) -> bool:
    return bool(expected.fullmatch(line)) if isinstance(expected, re.Pattern) else expected == line


def refuse(
    tmp_path: Path,
    content: bytes | str | None,
    expected: list[str | re.Pattern[str]],
    *,
    command: str = "render",
    name: str = "dossier.yaml",
    output: Path | None = None,
) -> str:
    """Run ``actegen render NAME -o OUTPUT`` (or ``validate NAME``) in ``tmp_path`` on a case
    that must be refused, and check the whole outcome:

    - exit code 1, no traceback;
    - stderr is exactly the ``expected`` lines, each ``NAME:line:col: message``, then the
      closing line (« N erreur(s) : rien n'a été écrit pour NAME. » or « 1 dossier invalide. »);
    - stdout is the refused-set summary (render) or empty (validate);
    - nothing on disk changed: no output folder created, an existing one (``output`` inside
      ``tmp_path``) keeps every file, byte and modification time, no staging folder left.

    ``content`` None: ``NAME`` is not written (a missing file, a directory). Returns stderr.
    """
    if content is not None:
        (tmp_path / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    output = output or tmp_path / "sortie"
    before = snapshot(tmp_path)
    args = ("render", name, "-o", str(output)) if command == "render" else ("validate", name)
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert lines, "a refusal says why"
    closing = lines.pop()
    for line in lines:
        located = LOCATED.match(line)
        assert located and located["file"] == name, f"not located in {name}: {line!r}"
    assert len(lines) == len(expected) and all(map(_matches, expected, lines)), result.stderr
    if command == "render":
        n = len(lines)
        assert closing == f"{n} erreur{'s' if n > 1 else ''} : rien n'a été écrit pour {name}."
        assert result.stdout == REFUSED_SUMMARY
    else:
        assert closing == "1 dossier invalide."
        assert result.stdout == ""
    assert snapshot(tmp_path) == before, "nothing may be written, moved or touched for a refused case"
    return result.stderr


# --------------------------------------------------------------------------------------
# Tags


@pytest.mark.parametrize(
    ("tag", "resolved"),
    [
        (
            "!!python/object/apply:os.system ['touch {pwned}']",
            "tag:yaml.org,2002:python/object/apply:os.system",
        ),
        (
            "!!python/object/new:os.system {{args: ['touch {pwned}']}}",
            "tag:yaml.org,2002:python/object/new:os.system",
        ),
        ("!!python/name:builtins.eval", "tag:yaml.org,2002:python/name:builtins.eval"),
        ("!!python/tuple [a, b]", "tag:yaml.org,2002:python/tuple"),
        ("!!set {{a, b}}", "tag:yaml.org,2002:set"),
        ("!!binary aGVsbG8=", "tag:yaml.org,2002:binary"),
        ("!custom x", "!custom"),
    ],
)
def test_python_and_custom_tags_are_refused(tmp_path: Path, girimbelles_text: str, tag: str, resolved: str):
    """On a scalar, a sequence or a mapping: refused where written, never constructed (the
    ``touch`` would leave a file in ``tmp_path``, which ``refuse`` checks is unchanged)."""
    tag = tag.format(pwned=tmp_path / "pwned")
    content = girimbelles_text.replace("  nom: LEBRETON\n", f"  nom: {tag}\n", 1)
    refuse(tmp_path, content, [f"dossier.yaml:27:8: notaire.nom : étiquette YAML non autorisée : {resolved}"])
    assert not (tmp_path / "pwned").exists()


# --------------------------------------------------------------------------------------
# Aliases


def test_billion_laughs_is_refused_quickly(tmp_path: Path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    start = time.perf_counter()
    refuse(
        tmp_path,
        "\n".join(lines) + "\n",
        ["dossier.yaml:1:50: document trop gros une fois les alias YAML développés (plus de 100000 nœuds)"],
    )
    assert time.perf_counter() - start < 60  # generous: the point is that it ends at all


def test_merge_keys_and_undefined_aliases_are_refused(tmp_path: Path, girimbelles_text: str):
    merged = girimbelles_text.replace("  nom: LEBRETON\n", "  <<: {nom: LEBRETON}\n", 1)
    refuse(
        tmp_path,
        merged,
        ["dossier.yaml:27:3: notaire : la fusion YAML « << » n'est pas acceptée ; écrire les champs"],
    )
    undefined = girimbelles_text.replace("  nom: LEBRETON\n", "  nom: *inconnu\n", 1)
    refuse(tmp_path, undefined, ["dossier.yaml:27:8: YAML invalide : alias YAML non défini"])


# --------------------------------------------------------------------------------------
# Keys

DUPLICATE_FONCIER = (
    "dossier.yaml:195:7: lots[0].prix.foncier : clé en double (déjà définie ligne 194) ; "
    "une seule valeur est permise"
)


def test_duplicate_price_key_is_an_error(tmp_path: Path, girimbelles_text: str):
    content = girimbelles_text.replace(
        "      foncier: 132000\n", "      foncier: 132000\n      foncier: 1\n", 1
    )
    stderr = refuse(tmp_path, content, [DUPLICATE_FONCIER])
    assert "lots.0.prix.foncier" not in stderr


def test_duplicate_top_level_key_and_non_text_key_are_errors(tmp_path: Path, girimbelles_text: str):
    twice = girimbelles_text.replace("id: girimbelles-1993\n", "id: girimbelles-1993\nid: autre-dossier\n", 1)
    refuse(
        tmp_path,
        twice,
        ["dossier.yaml:11:1: id : clé en double (déjà définie ligne 10) ; une seule valeur est permise"],
    )
    complex_key = girimbelles_text.replace("  nom: LEBRETON\n", "  nom: LEBRETON\n  [a, b]: 1\n", 1)
    refuse(tmp_path, complex_key, ["dossier.yaml:28:3: notaire : une clé doit être un simple mot (texte)"])


def test_refused_case_leaves_the_previous_output_untouched(tmp_path: Path, girimbelles_text: str):
    """The documents of the last good run stay as they were: same files, bytes and dates."""
    out = tmp_path / "sortie"
    (tmp_path / "dossier.yaml").write_text(girimbelles_text, encoding="utf-8")
    first = run_cli("render", "dossier.yaml", "-o", str(out), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert len(list((out / "girimbelles-1993").glob("*.docx"))) == 33
    content = girimbelles_text.replace(
        "      foncier: 132000\n", "      foncier: 132000\n      foncier: 1\n", 1
    )
    refuse(tmp_path, content, [DUPLICATE_FONCIER], output=out)


# --------------------------------------------------------------------------------------
# Encodings


@pytest.mark.parametrize(("encoding", "line"), [("latin-1", 3), ("utf-16", 1)])
def test_file_not_in_utf8_is_refused_with_a_clear_message(
    tmp_path: Path, girimbelles_text: str, encoding: str, line: int
):
    """Refused at the first line that is not UTF-8 (line 3 holds the first « of the file)."""
    refuse(
        tmp_path,
        girimbelles_text.encode(encoding, errors="replace"),
        [
            f"dossier.yaml:{line}:1: le fichier n'est pas encodé en UTF-8 (l'enregistrer en UTF-8 depuis l'éditeur)"
        ],
    )


def test_bom_is_accepted(tmp_path: Path, girimbelles_text: str):
    """A UTF-8 byte order mark (Notepad adds one) changes nothing: same documents, same bytes."""
    case = tmp_path / "bom.yaml"
    case.write_bytes(b"\xef\xbb\xbf" + girimbelles_text.encode("utf-8"))
    result = run_cli("validate", str(case), cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == "bom.yaml : valide\n"
    with_bom = run_cli("render", str(case), "-o", str(tmp_path / "avec"), cwd=tmp_path)
    without = run_cli("render", str(GIRIMBELLES), "-o", str(tmp_path / "sans"), cwd=tmp_path)
    assert with_bom.returncode == 0 and without.returncode == 0, with_bom.stderr + without.stderr
    docs = sorted(p.name for p in (tmp_path / "sans" / "girimbelles-1993").glob("*.docx"))
    assert len(docs) == 33  # hypothesis 4: lots 8, 9, 11 without acte, convention nor note of their own
    assert sorted(p.name for p in (tmp_path / "avec" / "girimbelles-1993").glob("*.docx")) == docs
    for name in docs:
        assert (tmp_path / "avec" / "girimbelles-1993" / name).read_bytes() == (
            tmp_path / "sans" / "girimbelles-1993" / name
        ).read_bytes(), name


# --------------------------------------------------------------------------------------
# Size, emptiness, structure


@pytest.mark.parametrize("command", ["validate", "render"])
def test_oversize_file_is_refused_before_parsing(tmp_path: Path, command: str):
    """A 21 MiB file of NUL bytes: refused by its size, before the YAML reader sees a byte."""
    case = tmp_path / "dossier.yaml"
    with open(case, "wb") as fh:
        fh.write(b"a: [")
        fh.truncate(21 * 1024 * 1024)
    stderr = refuse(
        tmp_path,
        None,
        ["dossier.yaml:1:1: fichier trop volumineux (22020096 octets ; limite 20971520 octets)"],
        command=command,
    )
    assert "fichier trop volumineux" in stderr and "limite" in stderr


@pytest.mark.parametrize("content", ["", "# rien que des commentaires\n\n"])
def test_empty_file_is_refused(tmp_path: Path, content: str):
    refuse(tmp_path, content, ["dossier.yaml:1:1: le fichier est vide"])


def test_tabs_and_second_documents_are_refused(tmp_path: Path, girimbelles_text: str):
    tab = girimbelles_text.replace("  nom: LEBRETON\n", "\tnom: LEBRETON\n", 1)
    refuse(
        tmp_path, tab, ["dossier.yaml:27:1: YAML invalide : tabulation interdite : indenter avec des espaces"]
    )
    # the problem is PyYAML's own text (« but found another document »), after the position
    two = girimbelles_text + "\n---\nid: autre-dossier\n"
    line = girimbelles_text.count("\n") + 2  # the « --- » line
    refuse(tmp_path, two, [re.compile(rf"dossier\.yaml:{line}:1: YAML invalide : .+")])


def test_a_list_or_a_word_instead_of_a_case_is_refused(tmp_path: Path):
    what = (
        "une liste de champs (clé: valeur) attendu, trouvé {} (Un dossier d'opération de vente de logement "
        "social : vendeur, acquéreurs, lots, prix, financement, garanties, séance du conseil.)"
    )
    refuse(tmp_path, "- a\n- b\n", ["dossier.yaml:1:1: " + what.format("une liste")])
    refuse(tmp_path, "bonjour\n", ["dossier.yaml:1:1: " + what.format("un texte")])


@pytest.mark.parametrize("raw", ["\x00", "\x1b", "\x7f"], ids=["NUL", "ESC", "DEL"])
def test_raw_control_characters_in_the_file_are_refused(tmp_path: Path, girimbelles_text: str, raw: str):
    """A control character pasted into the file itself (not the ``"\\x1b"`` escape, see
    ``test_hardening_values``): refused at its line and column like any other, never a traceback."""
    content = girimbelles_text.replace("  nom: LEBRETON\n", f"  nom: LEBRE{raw}TON\n", 1)
    refuse(
        tmp_path,
        content,
        [
            f"dossier.yaml:27:13: caractère interdit dans un fichier YAML (U+{ord(raw):04X}) : "
            "retirer ce caractère invisible, souvent collé depuis un tableur"
        ],
    )


@pytest.mark.parametrize("raw", ["\x85", "\u2028"], ids=["NEL", "LS"])
def test_unicode_line_separators_pasted_in_a_value_are_refused(
    tmp_path: Path, girimbelles_text: str, raw: str
):
    """YAML reads NEL and LINE SEPARATOR (pasted from a word processor) as line breaks.

    The line is left open: PyYAML counts the separator as a line break (it says 29:10 for
    the ``prenoms`` line after it, which editors number 28)."""
    content = girimbelles_text.replace("  nom: LEBRETON\n", f"  nom: LEBRE{raw}TON\n", 1)
    refuse(
        tmp_path, content, [re.compile(r"dossier\.yaml:\d+:\d+: YAML invalide : « : » attendu après la clé")]
    )


@pytest.mark.parametrize(
    "content",
    [
        "a: " + "[" * 3000 + "]" * 3000 + "\n",
        "".join("  " * i + f"k{i}:\n" for i in range(2000)) + "  " * 2000 + "v: 1\n",
    ],
    ids=["flow", "block"],
)
def test_deep_nesting_is_refused(tmp_path: Path, content: str):
    """Thousands of nested lists or mappings: a refusal, never a traceback."""
    refuse(
        tmp_path,
        content,
        ["dossier.yaml:1:1: imbrication trop profonde (listes ou tableaux emboîtés par centaines)"],
    )


# --------------------------------------------------------------------------------------
# Not a file


def test_directory_and_missing_file_are_refused(tmp_path: Path):
    (tmp_path / "vide").mkdir()
    refuse(
        tmp_path,
        None,
        ["vide:1:1: c'est un dossier, pas un fichier de dossier YAML"],
        command="validate",
        name="vide",
    )
    refuse(tmp_path, None, ["absent.yaml:1:1: fichier introuvable"], command="validate", name="absent.yaml")
    refuse(tmp_path, None, ["absent.yaml:1:1: fichier introuvable"], name="absent.yaml")


def test_render_of_a_folder_without_cases_writes_nothing(tmp_path: Path):
    """``render DIR`` renders the cases a folder holds; a folder without any is an error of
    the set (no line to point at), and nothing is written."""
    (tmp_path / "vide").mkdir()
    before = snapshot(tmp_path)
    result = run_cli("render", "vide", "-o", str(tmp_path / "sortie"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "erreur : vide : aucun dossier YAML (*.yaml) dans ce dossier\nrien n'a été écrit pour vide.\n"
    )
    assert result.stdout == REFUSED_SUMMARY
    assert snapshot(tmp_path) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file whatever its mode")
def test_unreadable_file_is_refused(tmp_path: Path, girimbelles_text: str):
    case = tmp_path / "dossier.yaml"
    case.write_text(girimbelles_text, encoding="utf-8")
    case.chmod(0)
    try:
        refuse(tmp_path, None, ["dossier.yaml:1:1: lecture interdite (droits du fichier)"])
    finally:
        case.chmod(0o644)


@pytest.mark.parametrize(
    "value, message",
    [
        ("!!int abc", "nombre entier illisible"),
        ("!!float abc", "nombre illisible"),
        ("1" * 5000, "nombre entier trop long"),
    ],
    ids=["int", "float", "5000-digits"],
)
def test_numbers_python_cannot_read_are_refused_without_their_text(
    tmp_path: Path, girimbelles_text: str, value: str, message: str
):
    content = girimbelles_text.replace("id: girimbelles-1993\n", f"id: {value}\n", 1)
    refuse(tmp_path, content, [f"dossier.yaml:10:5: id : {message}"])
