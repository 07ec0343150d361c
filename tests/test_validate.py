"""Schema and business rules: every problem reported at once, located, in French."""

from __future__ import annotations

import pytest

from actegen.errors import CaseInvalid
from actegen.load import load_text
from actegen.validate import validate

from .helpers import GIRIMBELLES


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _messages(text: str) -> list[str]:
    with pytest.raises(CaseInvalid) as info:
        validate(load_text(text, "copie.yaml"))
    return [str(e) for e in info.value.errors]


def test_shipped_case_is_valid():
    text = GIRIMBELLES.read_text(encoding="utf-8")
    case, warnings = validate(load_text(text, "g.yaml"))
    assert len(case["lots"]) == 14
    assert all(w.severity == "avertissement" for w in warnings)


def test_unknown_key_and_text_for_a_number_are_both_reported(girimbelles_text):
    text = girimbelles_text.replace("      foncier: 132000\n", "      foncier: cent trente-deux mille\n", 1)
    text = text.replace(
        "  lieu_acte: Saint-Denis\n", "  lieu_acte: Saint-Denis\n  lieu_acet: Saint-Denis\n", 1
    )
    messages = _messages(text)
    assert len(messages) == 2
    typo_line = _line_of(text, "  lieu_acet:")
    price_line = _line_of(text, "      foncier: cent")
    assert messages[0] == (
        f"copie.yaml:{typo_line}:3: operation : champ inconnu ; vouliez-vous dire "
        "« lieu_acte » ? (champs permis : commune, date_acte, departement, devise, lieu_acte, nom, objet, "
        "office, orthographe, produit, programme, service_publicite_fonciere, …)"
    )
    assert messages[1].startswith(
        f"copie.yaml:{price_line}:16: lots[0].prix.foncier : un nombre attendu, trouvé un texte"
    )


def test_missing_required_field_names_it(girimbelles_text):
    text = girimbelles_text.replace("  lieu_acte: Saint-Denis\n", "", 1)
    (message,) = _messages(text)
    assert "operation : champ obligatoire manquant : « lieu_acte »" in message


def test_third_decimal_is_refused_not_rounded(girimbelles_text):
    text = girimbelles_text.replace("frais_de_vente: 19860.14", "frais_de_vente: 19860.145", 1)
    (message,) = _messages(text)
    assert message.endswith(
        "lots[0].prix.frais_de_vente : au plus deux décimales (les centimes) sont permises"
    )


def test_missing_lts_component_is_a_business_error(girimbelles_text):
    text = girimbelles_text.replace("      subventions: 88000\n", "", 1)
    (message,) = _messages(text)
    assert "lots[0].prix : composante « subventions » manquante" in message


def test_bad_date_and_bad_enum(girimbelles_text):
    text = girimbelles_text.replace("date_acte: 1993-12-15", "date_acte: 1993-02-30", 1)
    text = text.replace("produit: lts", "produit: location", 1)
    messages = _messages(text)
    assert any("operation.date_acte : date attendue au format AAAA-MM-JJ" in m for m in messages)
    assert any(
        "operation.produit : valeur non permise ; valeurs possibles : lts, accession_sociale" in m
        for m in messages
    )


def test_duplicate_lot_numbers(girimbelles_text):
    text = girimbelles_text.replace("  - numero: 2\n", "  - numero: 1\n", 1)
    (message,) = _messages(text)
    assert "lots[1].numero : numéro de lot déjà utilisé par lots[0]" in message


def test_shares_must_add_up(girimbelles_text):
    anchor = "        profession: aide-soignante\n"
    text = girimbelles_text.replace(
        "        profession: maçon\n", "        profession: maçon\n        quote_part: 60\n", 1
    )
    text = text.replace(anchor, anchor + "        quote_part: 50\n", 1)
    (message,) = _messages(text)
    assert "les quotes-parts des co-acquéreurs (quote_part) ne font pas 100 %" in message


def test_married_buyer_without_regime(girimbelles_text):
    start = girimbelles_text.index("        regime_matrimonial:")
    end = girimbelles_text.index("\n", start) + 1
    text = girimbelles_text[:start] + girimbelles_text[end:]
    (message,) = _messages(text)
    assert "lots[0].acquereurs[0].situation_matrimoniale : régime matrimonial" in message


def test_vote_not_adopted(girimbelles_text):
    text = girimbelles_text.replace("    unanimite: true\n", "    pour: 10\n    contre: 12\n", 1)
    (message,) = _messages(text)
    assert "seance.vote.pour : la délibération n'est pas adoptée" in message
