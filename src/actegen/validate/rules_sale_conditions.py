"""Rules of the sale's conditions (issue 13): the facts the copropriété clause (CCH L.721-2,
loi du 10 juillet 1965 art. 14-2, 20 II, 29-1), the Hlm sale's authorisation and works
information (CCH L.443-7, R.443-11-1) and the portage occupation undertaking print — each
asked for by name, at its place, rather than left blank in an acte."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from ..case_types import Case
from ..clause_catalogue import copropriete_variant
from ..compute.dates import add_years
from ..errors import CaseError
from ..load import LoadedCase
from ..parameters import lookup
from ..produits import act_date
from .common import clause_off, err

_L721_2 = (
    "charges_exercices",
    "sommes_dues_acquereur",
    "impayes_syndicat",
    "dette_fournisseurs",
    "fiche_synthetique",
)
_L443_7 = (
    "origine_logement",
    "date_achevement_ou_acquisition",
    "consommation_energie_primaire",
    "charges_deux_dernieres_annees",
    "travaux_evaluation",
)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def copropriete_sale_information_is_complete(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """Since the loi ALUR the acte relates the L.721-2 financial items and the art. 20 II
    certificate; the fonds de travaux exists only from 1 January 2017 and its last
    contribution is stated with it; the fiche synthétique is due from every syndicate from
    1 January 2019."""
    produit = case["operation"]["produit"]
    for i, lot in enumerate(case["lots"]):
        co = lot.get("copropriete")
        if co is None or "vefa" in lot or clause_off(case, lot, "copropriete"):
            continue
        when = act_date(case, lot)
        if copropriete_variant(produit, when, False) != "copropriete":
            continue
        here = ("lots", i, "copropriete")
        needed = list(_L721_2)
        if lookup("copropriete.certificat_article_20_ii", when).as_bool:
            needed.append("certificat_article_20_ii")
        if "fonds_travaux" in co:
            if not lookup("copropriete.fonds_travaux", when).as_bool:
                yield err(
                    loaded,
                    here + ("fonds_travaux",),
                    "le fonds de travaux (loi du 10 juillet 1965, art. 14-2) n'existe qu'à compter du "
                    "1er janvier 2017 : retirer « fonds_travaux » d'un acte antérieur",
                )
            else:
                needed.append("derniere_cotisation_fonds_travaux")
        for key in needed:
            if key not in co:
                yield err(
                    loaded,
                    here,
                    f"champ « {key} » obligatoire : la clause de copropriété le mentionne "
                    "(CCH L.721-2 ; loi du 10 juillet 1965, art. 20, II)",
                )
        if (
            co.get("fiche_synthetique") is False
            and lookup("copropriete.fiche_synthetique_obligatoire", when).as_bool
        ):
            yield err(
                loaded,
                here + ("fiche_synthetique",),
                "tout syndicat établit la fiche synthétique de la copropriété depuis le 1er janvier 2019 "
                "(loi du 10 juillet 1965, art. 8-2) : elle est annexée à l'acte",
            )


def hlm_dwelling_may_be_sold(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """A vente Hlm relates its authorisation (CUS plan de mise en vente or préfet), the ten
    years since completion or acquisition, the energy threshold, and the works information
    of L.443-7; the dwelling must meet the conditions."""
    if case["operation"]["produit"] != "vente_hlm":
        return
    lots = [
        (i, lot)
        for i, lot in enumerate(case["lots"])
        if "vente_hlm" in lot and not clause_off(case, lot, "autorisation_vente_hlm")
    ]
    if lots and "autorisation_vente_hlm" not in case["vendeur"]:
        yield err(
            loaded,
            ("vendeur",),
            "vente Hlm : l'autorisation de vendre (autorisation_vente_hlm : plan de mise en vente de la "
            "convention d'utilité sociale ou décision du préfet, commune et garants consultés) est "
            "obligatoire (CCH L.443-7)",
        )
    for i, lot in lots:
        vh = lot["vente_hlm"]
        here = ("lots", i, "vente_hlm")
        missing = [k for k in _L443_7 if k not in vh]
        for key in missing:
            yield err(
                loaded,
                here,
                f"champ « {key} » obligatoire : l'acte d'une vente Hlm le mentionne (CCH L.443-7)",
            )
        when = act_date(case, lot)
        if "date_achevement_ou_acquisition" in vh:
            years = lookup("vente_hlm.anciennete_minimale_annees", when).as_int
            if add_years(_day(vh["date_achevement_ou_acquisition"]), years) >= when:
                yield err(
                    loaded,
                    here + ("date_achevement_ou_acquisition",),
                    f"logement construit ou acquis depuis {years} ans au plus à la date de l'acte : "
                    "il ne peut être vendu (CCH L.443-7)",
                )
        if "consommation_energie_primaire" in vh:
            seuil = lookup("vente_hlm.seuil_energie_primaire", when).as_int
            if seuil > 0 and Decimal(str(vh["consommation_energie_primaire"])) > Decimal(seuil):
                yield err(
                    loaded,
                    here + ("consommation_energie_primaire",),
                    f"consommation d'énergie primaire supérieure à {seuil} kWh par m² et par an : le "
                    "logement ne peut être vendu (CCH R.443-11-1)",
                )


def portage_states_the_occupation(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """The portage resale carries the buyer's undertaking to live in the home (the
    délibération's considérant: « qui les occuperont à titre de résidence principale »)."""
    conv = case.get("portage_convention")
    if conv is None or "occupation_annees" in conv:
        return
    if any("portage" in lot and not clause_off(case, lot, "portage_cible") for lot in case["lots"]):
        yield err(
            loaded,
            ("portage_convention",),
            "champ « occupation_annees » obligatoire : l'acte de revente porte l'engagement de "
            "l'acquéreur d'occuper le logement à titre de résidence principale pendant cette durée",
        )
