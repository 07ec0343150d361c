"""The grammar of ``documents.common``: agreement with the parties, place names, articles."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actegen.documents.common import (
    a_lieu,
    agreed,
    buyers_designation,
    de_lieu,
    group_context,
    legal_person_context,
    notary_context,
    person_context,
    place_context,
)

M = {"civilite": "Monsieur", "prenoms": "Jean", "nom": "Payet"}
F = {"civilite": "Madame", "prenoms": "Marie", "nom": "Hoareau"}


@pytest.mark.parametrize(
    ("name", "a", "de"),
    [
        ("Le Port", "au Port", "du Port"),
        ("Le Tampon", "au Tampon", "du Tampon"),
        ("Les Avirons", "aux Avirons", "des Avirons"),
        ("Les Trois-Bassins", "aux Trois-Bassins", "des Trois-Bassins"),
        ("La Possession", "à La Possession", "de La Possession"),
        ("L’Étang-Salé", "à L’Étang-Salé", "de L’Étang-Salé"),
        ("L'Étang-Salé", "à L'Étang-Salé", "de L'Étang-Salé"),  # as typed
        ("Saint-Denis", "à Saint-Denis", "de Saint-Denis"),
        ("Saint-Denis (La Réunion)", "à Saint-Denis (La Réunion)", "de Saint-Denis (La Réunion)"),
        ("Le Port (La Réunion)", "au Port (La Réunion)", "du Port (La Réunion)"),
        ("Aulnay-sous-Bois", "à Aulnay-sous-Bois", "d’Aulnay-sous-Bois"),
        ("Évry", "à Évry", "d’Évry"),
        ("Lens", "à Lens", "de Lens"),
        ("Laval", "à Laval", "de Laval"),
        ("Lesneven", "à Lesneven", "de Lesneven"),
        ("Le Mans", "au Mans", "du Mans"),
        ("Paris 13e", "à Paris 13e", "de Paris 13e"),
    ],
)
def test_place_names_contract(name: str, a: str, de: str) -> None:
    assert (a_lieu(name), de_lieu(name)) == (a, de)


names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéè-", min_size=1, max_size=12).map(str.capitalize)


@given(names)
def test_place_articles_rule(rest: str) -> None:
    assert a_lieu("Le " + rest) == "au " + rest
    assert a_lieu("Les " + rest) == "aux " + rest
    assert a_lieu("La " + rest) == "à La " + rest
    assert de_lieu("Le " + rest) == "du " + rest
    assert de_lieu("Les " + rest) == "des " + rest
    assert a_lieu(rest) == "à " + rest


def test_place_context_adds_the_contracted_forms() -> None:
    ctx = place_context({"lieu_acte": "Le Port", "nom": "x"}, "lieu_acte", "commune")
    assert ctx == {
        "lieu_acte": "Le Port",
        "nom": "x",
        "a_lieu_acte": "au Port",
        "A_lieu_acte": "Au Port",
        "de_lieu_acte": "du Port",
    }


@pytest.mark.parametrize(
    ("people", "word"),
    [
        ([M], "soussigné"),
        ([F], "soussignée"),
        ([M, F], "soussignés"),
        ([F, F], "soussignées"),
        ([F, F, M], "soussignés"),
    ],
)
def test_agreed(people: list[dict], word: str) -> None:
    assert agreed("soussigné", people) == word


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        ([M], ("dénommé", "il", "", "Je soussigné", "déclare", "mon")),
        ([F], ("dénommée", "elle", "", "Je soussignée", "déclare", "mon")),
        ([M, F], ("dénommés", "ils", "l’un d’eux", "Nous soussignés", "déclarons", "notre")),
        ([F, F, F, F], ("dénommées", "elles", "l’une d’elles", "Nous soussignées", "déclarons", "notre")),
    ],
)
def test_group_words(people: list[dict], expected: tuple[str, ...]) -> None:
    g = group_context(people)
    assert (g["denommes"], g["il"], g["un_d_eux"], g["je_soussigne"], g["declare"], g["mon"]) == expected
    assert g["pluriel"] is (len(people) > 1)


def test_buyers_designation() -> None:
    assert buyers_designation([F]) == "Ci-après dénommée «\u202fL’ACQUÉREUR\u202f»."
    assert buyers_designation([M]) == "Ci-après dénommé «\u202fL’ACQUÉREUR\u202f»."
    assert buyers_designation([F, F]) == (
        "Ci-après dénommées ensemble «\u202fL’ACQUÉREUR\u202f», agissant solidairement entre elles."
    )
    assert buyers_designation([{**M, "quote_part": 60}, {**F, "quote_part": 40}]) == (
        "Ci-après dénommés ensemble «\u202fL’ACQUÉREUR\u202f», acquérant en indivision\u00a0: "
        "Jean PAYET à concurrence de 60\u00a0% et Marie HOAREAU à concurrence de 40\u00a0%, "
        "et agissant solidairement entre eux."
    )


def test_notary_agrees_with_her_civilite() -> None:
    notary = {"civilite": "Madame", "prenoms": "Claire", "nom": "MORVAN", "residence": "Le Port"}
    assert notary_context(notary)["soussigne"] == "soussignée"
    assert notary_context({**notary, "civilite": "Monsieur"})["soussigne"] == "soussigné"
    assert notary_context(notary)["a_residence"] == "au Port"


@pytest.mark.parametrize(
    ("denomination", "forme", "article", "represente"),
    [
        ("Commune de Saint-Denis", "collectivité territoriale", "la Commune de Saint-Denis", "représentée"),
        ("Société Dionysienne d’Aménagement", None, "la Société Dionysienne d’Aménagement", "représentée"),
        (
            "Habitat Rhône Solidaire",
            "société anonyme d’habitations à loyer modéré",
            "Habitat Rhône Solidaire",
            "représentée",
        ),
        (
            "Terres Communes Gironde",
            "société coopérative d’intérêt collectif",
            "Terres Communes Gironde",
            "représentée",
        ),
        (
            "Office public de l’habitat de Nantes",
            "établissement public",
            "l’Office public de l’habitat de Nantes",
            "représenté",
        ),
        ("Syndicat mixte du Port", None, "le Syndicat mixte du Port", "représenté"),
        (
            "Coopérative d’Hlm Les Toits de l’Erdre",
            "société anonyme coopérative",
            "la Coopérative d’Hlm Les Toits de l’Erdre",
            "représentée",
        ),
    ],
)
def test_legal_person_gender_and_article(
    denomination: str, forme: str | None, article: str, represente: str
) -> None:
    person = {"denomination": denomination}
    if forme:
        person["forme_juridique"] = forme
    ctx = legal_person_context(person)
    assert ctx["nom_article"] == article
    assert ctx["par_nom"] == "par " + article
    assert ctx["represente"] == represente
    assert ctx["denomme"] == represente.replace("représent", "dénomm")


def test_representative_agrees() -> None:
    seller = {"denomination": "Commune de Saint-Denis", "representant": {**F, "qualite": "Maire"}}
    assert legal_person_context(seller)["representant"]["autorise"] == "autorisée"
    seller["representant"] = {**M, "qualite": "Maire"}
    assert legal_person_context(seller)["representant"]["autorise"] == "autorisé"


def test_person_context_birthplace() -> None:
    person = {**F, "situation_matrimoniale": "celibataire", "lieu_naissance": "Les Avirons"}
    ctx = person_context(person)
    assert (ctx["ne"], ctx["a_lieu_naissance"]) == ("née", "aux Avirons")
