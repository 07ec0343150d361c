"""Acts that should not exist (issue 16, class 6): each refused where written, by several
ways in — a price that is nothing, a buyer born after the act, the same person twice, a
name that Word would display reversed."""

from __future__ import annotations

from pathlib import Path

import pytest

from actegen.validate.rules_case import _unpaired_direction_mark

from .helpers import GIRIMBELLES, case_line
from .test_hardening_yaml import refuse

# Positions in the shipped Girimbelles case, which grows as sections are added.
BUYER = case_line(GIRIMBELLES, "lots", 0, "acquereurs", 0)  # lot 1's first buyer
LOYERS = case_line(GIRIMBELLES, "lots", 0, "prix", "loyers_impayes")

_BIDI = "marque de direction du texte U+{:04X} non appariée : le reste de la ligne s'afficherait dans un autre sens"


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("GRON\u202eDIN", 0x202E),
        ("\u202aA", 0x202A),
        ("\u202bA", 0x202B),
        ("\u202dA", 0x202D),
        ("A\u2066B", 0x2066),
        ("A\u2067B", 0x2067),
        ("A\u2068B", 0x2068),
        ("A\u202cB", 0x202C),  # a closing mark with nothing open
        ("A\u2069B", 0x2069),
        ("\u2067A\u202c", 0x202C),  # an isolate closed as an embedding
        ("\u202eA\u202cB\u202e", 0x202E),  # one pair closed, then one left open
    ],
)
def test_unpaired_direction_marks_are_found(text: str, bad: int):
    assert _unpaired_direction_mark(text) == chr(bad)


@pytest.mark.parametrize(
    "text",
    [
        "GRONDIN",
        "\u202bعلي\u202c",
        "\u2067علي\u2069 et \u2066Ali\u2069",
        "\u202e\u2066x\u2069\u202c",
        "\u200fA",
    ],
)
def test_paired_direction_marks_are_accepted(text: str):
    assert _unpaired_direction_mark(text) is None


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        (
            "        nom: GRONDIN\n",
            '        nom: "GRON\\u202EDIN"\n',
            f"{BUYER + 1}:14: lots[0].acquereurs[0].nom",
        ),
        ("  nom: LEBRETON\n", '  nom: "LE\\u2067BRETON"\n', "27:8: notaire.nom"),
        (
            "        profession: maçon\n",
            '        profession: "ma\\u202Dçon"\n',
            f"{BUYER + 9}:21: lots[0].acquereurs[0].profession",
        ),
    ],
)
def test_an_open_override_in_a_case_is_refused_where_written(
    tmp_path: Path, girimbelles_text: str, old: str, new: str, where: str
):
    assert old in girimbelles_text
    code = int(new.split("\\u")[1][:4], 16)
    stderr = refuse(
        tmp_path,
        girimbelles_text.replace(old, new, 1),
        [f"dossier.yaml:{where} : {_BIDI.format(code)}"],
        command="validate",
    )
    assert "GRON" not in stderr and "BRETON" not in stderr


_BORN_AFTER = "date de naissance postérieure à la date de l'acte"
_TWICE = "la même personne que acquereurs[0] (nom, prénoms et date de naissance) : un acquéreur en double (un alias YAML répété ?)"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "        date_naissance: 1948-03-12\n",
            "        date_naissance: 1993-12-16\n",
            f"{BUYER + 3}:25: lots[0].acquereurs[0].date_naissance : {_BORN_AFTER}",
        ),
        (
            "        date_naissance: 1951-09-02\n",
            "        date_naissance: 2051-09-02\n",
            f"{BUYER + 14}:25: lots[0].acquereurs[1].date_naissance : {_BORN_AFTER}",
        ),
        (  # the copy of a buyer, its name typed in other case
            "        prenoms: Marie-Claire\n        date_naissance: 1951-09-02\n",
            "        prenoms: jean-marc louis\n        date_naissance: 1948-03-12\n",
            f"{BUYER + 11}:9: lots[0].acquereurs[1] : {_TWICE}",
        ),
    ],
    ids=["born-the-day-after", "second-buyer-born-later", "copied-buyer"],
)
def test_impossible_parties_are_refused(
    tmp_path: Path, girimbelles_text: str, old: str, new: str, expected: str
):
    assert old in girimbelles_text
    content = girimbelles_text.replace(old, new, 1)
    refuse(tmp_path, content, [f"dossier.yaml:{expected}"], command="validate")


def test_the_same_person_twice_through_an_alias_is_refused(tmp_path: Path, girimbelles_text: str):
    first, second = (
        "      - civilite: Monsieur\n        nom: GRONDIN\n",
        "      - civilite: Madame\n        nom: GRONDIN\n",
    )
    start = girimbelles_text.index(second)
    end = girimbelles_text.index("    menage:", start)
    content = girimbelles_text[:start] + "      - *grondin\n" + girimbelles_text[end:]
    content = content.replace(
        first, "      - &grondin\n        civilite: Monsieur\n        nom: GRONDIN\n", 1
    )
    stderr = refuse(
        tmp_path, content, [f"dossier.yaml:{BUYER}:9: lots[0].acquereurs[1] : {_TWICE}"], command="validate"
    )
    assert "GRONDIN" not in stderr


_NOT_A_PRICE = (
    "le prix hors frais de vente (capital restant dû + loyers impayés + foncier + travaux) "
    "serait nul ou négatif : une vente se fait pour un prix"
)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "      loyers_impayes: 0\n",
            "      loyers_impayes: -162690\n",
            f"{LOYERS}:23: lots[0].prix.loyers_impayes : {_NOT_A_PRICE}",
        ),
        (
            "      loyers_impayes: 0\n",
            "      loyers_impayes: -999999999\n",
            f"{LOYERS}:23: lots[0].prix.loyers_impayes : {_NOT_A_PRICE}",
        ),
        (
            "      capital_rembourse: 40590\n      loyers_impayes: 0\n      foncier: 132000\n",
            "      capital_rembourse: 71280\n      loyers_impayes: 0\n      foncier: 0\n",
            f"{LOYERS}:23: lots[0].prix.loyers_impayes : {_NOT_A_PRICE}",
        ),
    ],
    ids=["credit-equal-to-the-price", "huge-credit", "all-zero"],
)
def test_a_price_that_is_nothing_is_refused(
    tmp_path: Path, girimbelles_text: str, old: str, new: str, expected: str
):
    assert old in girimbelles_text
    refuse(tmp_path, girimbelles_text.replace(old, new, 1), [f"dossier.yaml:{expected}"], command="validate")
