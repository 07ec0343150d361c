"""Rules on the facts the acte de vente recites (issue 13): the LTS acte initial and repair
works, the commune's comptable and the délibération's transmission to the préfet, the
spouse of a buyer acquiring alone, the OFS signatory's powers, a derogation's object."""

from __future__ import annotations

from collections.abc import Iterator

from ..case_types import Case
from ..documents.comparution import same_regime as _same_regime
from ..errors import CaseError
from ..load import LoadedCase
from .common import err


def lts_sale_has_its_titles(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """An LTS attributaire already holds an acte initial (rapport n° 93/4-18): the acte recites
    it with its publication; repair works in the price are described, with their réception
    or the commune's deadline."""
    if case["operation"]["produit"] != "lts":
        return
    for i, lot in enumerate(case["lots"]):
        if "acte_initial" not in lot:
            yield err(
                loaded,
                ("lots", i),
                "LTS : l'acte initial de l'attributaire (acte_initial : date, notaire, publication) est "
                "obligatoire, l'acte de vente le rappelle",
            )
        travaux = lot["prix"].get("travaux", 0)
        works = lot.get("travaux_remise_en_etat")
        if travaux and travaux > 0 and works is None:
            yield err(
                loaded,
                ("lots", i, "prix", "travaux"),
                "travaux de remise en état compris dans le prix : les décrire (travaux_remise_en_etat)",
            )
        if works is None:
            continue
        if works["etat"] == "realises" and "date_reception" not in works:
            yield err(
                loaded,
                ("lots", i, "travaux_remise_en_etat", "etat"),
                "travaux réalisés : leur date de réception (date_reception) est obligatoire",
            )
        if works["etat"] == "a_realiser" and "date_limite" not in works:
            yield err(
                loaded,
                ("lots", i, "travaux_remise_en_etat", "etat"),
                "travaux à réaliser : la date limite de leur réalisation (date_limite) est obligatoire",
            )


def commune_seller_is_paid_and_authorised(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """A commune's price is received by its comptable public, who alone gives quittance; the
    délibération is exécutoire once transmitted to the préfet (loi n° 82-213, art. 2; CGCT
    L.2131-1), and the acte says so."""
    if case["vendeur"]["type"] != "commune" or "seance" not in case:
        return
    if "comptable_public" not in case["vendeur"]:
        yield err(
            loaded,
            ("vendeur", "type"),
            "vendeur commune : son comptable public (comptable_public) est obligatoire, il reçoit le prix "
            "et en donne quittance",
        )
    seance = case["seance"]
    if "date_transmission_prefecture" not in seance:
        yield err(
            loaded,
            ("seance",),
            "vendeur commune : la date de transmission de la délibération au représentant de l'État "
            "(date_transmission_prefecture) est obligatoire, l'acte mentionne son caractère exécutoire",
        )
    elif seance["date"] <= case["operation"]["date_acte"] < seance["date_transmission_prefecture"]:
        yield err(
            loaded,
            ("seance", "date_transmission_prefecture"),
            "délibération transmise au représentant de l'État après la date de l'acte : elle n'était pas "
            "exécutoire",
        )


def buyers_spouses_are_named(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """An act subject to publication names each party's spouse (décret n° 55-22, art. 5): a
    married or pacsé buyer whose spouse does not buy with him names him (conjoint)."""
    for i, lot in enumerate(case["lots"]):
        people = lot["acquereurs"]
        for j, a in enumerate(people):
            if a["situation_matrimoniale"] not in ("marie", "pacse") or "conjoint" in a:
                continue
            partners = [
                p
                for p in people
                if p is not a
                and p["situation_matrimoniale"] == a["situation_matrimoniale"]
                and _same_regime(p, a)
            ]
            if len(partners) != 1:
                yield err(
                    loaded,
                    ("lots", i, "acquereurs", j, "situation_matrimoniale"),
                    "personne mariée ou pacsée dont le conjoint n'acquiert pas avec elle : le nommer (conjoint)",
                )


def parties_powers_are_stated(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """The OFS intervening in a BRS cession states its signatory's powers; a derogation to
    the rule of hypothesis 4 has no object for a household that does not want to buy."""
    brs = case.get("bail_reel_solidaire")
    if brs is not None and "pouvoirs" not in brs["ofs"]:
        yield err(
            loaded,
            ("bail_reel_solidaire", "ofs"),
            "pouvoirs du signataire de l'organisme de foncier solidaire (pouvoirs) obligatoires",
        )
    for i, lot in enumerate(case["lots"]):
        if "derogation_accession" in lot and not lot.get("menage", {}).get("souhaite_acheter", True):
            yield err(
                loaded,
                ("lots", i, "derogation_accession"),
                "dérogation sans objet : le ménage ne souhaite pas acheter, aucune vente ne peut lui être "
                "consentie",
            )
