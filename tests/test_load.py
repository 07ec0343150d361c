"""The hardened YAML loader: positions, types, and the refusals of bad input."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from actegen.errors import CaseInvalid
from actegen.load import MAX_CASE_BYTES, load_case, load_text


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
    assert message == "dossier.yaml:3:1: prix : clé en double (déjà définie ligne 1) ; une seule valeur est permise"


@pytest.mark.parametrize("tagged", [
    "a: !!python/object/apply:os.system ['echo pwned']\n",
    "a: !!python/name:os.system\n",
    "a: !perso 1\n",
    "a: !!binary aGVsbG8=\n",
])
def test_tags_are_refused(tagged):
    (message,) = _errors(tagged)
    assert message.startswith("dossier.yaml:1:4: a : étiquette YAML non autorisée")


def test_alias_bomb_is_refused_quickly():
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = f"*a{i-1}"
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
