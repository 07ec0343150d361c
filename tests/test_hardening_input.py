"""Hostile and malformed input, end to end: exit 1, located messages, no traceback, no output.

One test per family of attack on the case file (issue « Hardening »): tags, alias bombs,
duplicate keys, encodings, size, control characters, hostile values, file names.
"""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from .conftest import GIRIMBELLES, run_cli
from .docx_text import text

LOCATED = re.compile(r"^[^:\n]+\.yaml:\d+:\d+: ")


def _render_refused(tmp_path: Path, content: bytes | str, *, expect: str) -> str:
    case = tmp_path / "dossier.yaml"
    case.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    out = tmp_path / "sortie"
    result = run_cli("render", str(case), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists(), "nothing may be written for an invalid case"
    errors = [l for l in result.stderr.splitlines() if not l.startswith(("1 erreur", "2 erreurs")) and l.strip()]
    errors = [l for l in errors if not re.match(r"^\d+ erreurs? : rien", l)]
    assert errors and all(LOCATED.match(l) for l in errors), result.stderr
    assert expect in result.stderr
    return result.stderr


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['touch /tmp/pwned']",
                                 "!!python/name:builtins.eval", "!!set {a, b}", "!custom x"])
def test_python_and_custom_tags_are_refused(tmp_path: Path, girimbelles_text: str, tag: str):
    content = girimbelles_text.replace("  nom: LEBRETON\n", f"  nom: {tag}\n", 1)
    _render_refused(tmp_path, content, expect="étiquette YAML non autorisée")


def test_billion_laughs_is_refused_quickly(tmp_path: Path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    start = time.perf_counter()
    _render_refused(tmp_path, "\n".join(lines) + "\n", expect="alias YAML développés")
    assert time.perf_counter() - start < 60  # generous: the point is that it ends at all


def test_duplicate_price_key_is_an_error(tmp_path: Path, girimbelles_text: str):
    content = girimbelles_text.replace("      foncier: 132000\n", "      foncier: 132000\n      foncier: 1\n", 1)
    stderr = _render_refused(tmp_path, content, expect="clé en double")
    assert "lots.0.prix.foncier" not in stderr


def test_latin1_file_is_refused_with_a_clear_message(tmp_path: Path, girimbelles_text: str):
    _render_refused(tmp_path, girimbelles_text.encode("latin-1", errors="replace"),
                    expect="n'est pas encodé en UTF-8")


def test_bom_is_accepted(tmp_path: Path, girimbelles_text: str):
    case = tmp_path / "bom.yaml"
    case.write_bytes(b"\xef\xbb\xbf" + girimbelles_text.encode("utf-8"))
    assert run_cli("validate", str(case)).returncode == 0


def test_oversize_file_is_refused_before_parsing(tmp_path: Path):
    case = tmp_path / "dossier.yaml"
    with open(case, "wb") as fh:
        fh.write(b"a: [")
        fh.truncate(21 * 1024 * 1024)
    result = run_cli("validate", str(case))
    assert result.returncode == 1
    assert "fichier trop volumineux" in result.stderr and "limite" in result.stderr


def test_control_characters_are_refused(tmp_path: Path, girimbelles_text: str):
    content = girimbelles_text.replace("  nom: LEBRETON\n", '  nom: "LEBRE\\x1bTON"\n', 1)
    _render_refused(tmp_path, content, expect="notaire.nom : caractère de contrôle interdit")


HOSTILE = "Dupont & Fils <SARL> \"l'« ancien »\" {{ 7*7 }} {% raw %} ]]> &amp; </w:t>"


def test_hostile_strings_everywhere_come_out_literally(tmp_path: Path, girimbelles_text: str):
    """Every free-text field of the notary, seller and buyers gets XML and Jinja syntax."""
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    content = girimbelles_text
    for old in ("  nom: LEBRETON\n", "  denomination: Commune de Saint-Denis\n",
                "        profession: maçon\n", "    origine_propriete: >-\n"):
        key = old.split(":")[0]
        if old.endswith(">-\n"):
            content = content.replace(old, f'{key}: "{quoted}"\n    origine_ignoree: >-\n', 1)
        else:
            content = content.replace(old, f'{key}: "{quoted}"\n', 1)
    content = content.replace("    origine_ignoree: >-\n", "    # >-\n", 1)
    # drop the folded lines that followed the replaced origine_propriete
    content = re.sub(r"    # >-\n(      .*\n)+", "", content, count=1)
    case = tmp_path / "hostile.yaml"
    case.write_text(content, encoding="utf-8")
    result = run_cli("render", str(case), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / "girimbelles-1993"
    acte = next(folder.glob("acte-de-vente_lot-01_*.docx"))
    body = text(acte)
    assert body.count(HOSTILE) >= 3
    assert HOSTILE.replace("{{ 7*7 }}", "49") not in body  # {{ 7*7 }} is data, never evaluated
    for path in folder.glob("*.docx"):
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None
        Document(str(path))


@pytest.mark.parametrize(("field", "value"), [
    ("id: girimbelles-1993", "id: ../../etc"),
    ("id: girimbelles-1993", "id: /tmp/x"),
    ("  - numero: 1\n", "  - numero: ../../x\n"),
    ("  - numero: 1\n", "  - numero: \"1/../../x\"\n"),
])
def test_values_cannot_escape_the_output_folder(tmp_path: Path, girimbelles_text: str, field: str, value: str):
    _render_refused(tmp_path, girimbelles_text.replace(field, value, 1), expect="forme non valable")


@pytest.mark.parametrize(("name", "expected"), [
    ("../../../etc/passwd", "acte-de-vente_lot-01_etc-passwd.docx"),
    ("CON", "acte-de-vente_lot-01_x-CON.docx"),
    ("ÉLÉONORE/..\\\\NUL", "acte-de-vente_lot-01_ELEONORE-NUL.docx"),
])
def test_names_in_file_names_are_made_safe(tmp_path: Path, girimbelles_text: str, name: str, expected: str):
    content = girimbelles_text.replace("        nom: GRONDIN\n", f"        nom: \"{name}\"\n", 1)
    case = tmp_path / "noms.yaml"
    case.write_text(content, encoding="utf-8")
    result = run_cli("render", str(case), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    produced = {p.name for p in (tmp_path / "out" / "girimbelles-1993").iterdir()}
    assert expected in produced
    assert all(p.parent == tmp_path / "out" / "girimbelles-1993"
               for p in (tmp_path / "out").rglob("*") if p.is_file())


def test_directory_and_missing_file_are_refused(tmp_path: Path):
    for target in (tmp_path, tmp_path / "absent.yaml"):
        result = run_cli("validate", str(target))
        assert result.returncode == 1
        assert "Traceback" not in result.stderr


def test_personal_values_never_appear_in_error_messages(tmp_path: Path, girimbelles_text: str):
    secret = "SecretIncome-4242"
    content = girimbelles_text.replace("      revenus_mensuels: 5050\n", f"      revenus_mensuels: {secret}\n", 1)
    content = content.replace("        numero_caf: \"4100137\"\n", "        numero_caf: \"41A-SECRET\"\n", 1)
    content = content.replace("        date_naissance: 1948-03-12\n", "        date_naissance: 12/03/1948\n", 1)
    case = tmp_path / "prive.yaml"
    case.write_text(content, encoding="utf-8")
    result = run_cli("validate", str(case))
    assert result.returncode == 1
    assert "lots[0].menage.revenus_mensuels : un nombre attendu, trouvé un texte" in result.stderr
    assert "lots[0].acquereurs[0].numero_caf" in result.stderr
    assert "lots[0].acquereurs[0].date_naissance" in result.stderr
    for value in (secret, "41A-SECRET", "12/03/1948"):
        assert value not in result.stderr and value not in result.stdout


def test_warnings_do_not_reveal_household_figures(girimbelles_text: str):
    result = run_cli("validate", str(GIRIMBELLES))
    assert result.returncode == 0
    assert "lots[10].menage.revenus_mensuels : effort du ménage au-dessus du plafond de 25 %" in result.stderr
    assert "39,95" not in result.stderr and "3900" not in result.stderr
