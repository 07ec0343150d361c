"""Rules on the products: each product's price and own data, the financing, the guarantees,
the VEFA schedule (CCH R.261-14) and the products' dates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from ..case_types import Case
from ..compute.garanties import eligibilite_rachat
from ..errors import CaseError, ParameterError
from ..load import LoadedCase
from ..money import HUNDRED
from ..parameters import lookup
from ..produits import (
    PRODUITS_ASSURANCE_REVENTE,
    PRODUITS_RACHAT,
    PRODUITS_RELOGEMENT,
    act_date,
    debut_garanties,
)
from .common import clause_off, err

_LTS_COMPONENTS = ("prix_de_revient", "subventions", "capital_rembourse", "foncier")


def price_components_match_product(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """The LTS formula (rapport n° 93/4-18) needs its components; the other products a sale price."""
    produit = case["operation"]["produit"]
    for i, lot in enumerate(case["lots"]):
        prix = lot["prix"]
        base = ("lots", i, "prix")
        if produit == "lts":
            for name in _LTS_COMPONENTS:
                if name not in prix:
                    yield err(
                        loaded,
                        base,
                        f"composante « {name} » manquante : un LTS est vendu selon la formule de la délibération",
                    )
            if "prix_de_vente" in prix:
                yield err(
                    loaded,
                    base + ("prix_de_vente",),
                    "pour un LTS, le prix est calculé par la formule : retirer prix_de_vente",
                )
            if all(n in prix for n in _LTS_COMPONENTS):
                crd = prix["prix_de_revient"] - prix["subventions"] - prix["capital_rembourse"]
                if crd < 0:
                    yield err(
                        loaded,
                        base + ("capital_rembourse",),
                        "le capital restant dû (prix de revient − subventions − capital remboursé) serait négatif",
                    )
                elif crd + prix.get("loyers_impayes", 0) + prix["foncier"] + prix.get("travaux", 0) <= 0:
                    yield err(
                        loaded,
                        base + (("loyers_impayes",) if "loyers_impayes" in prix else ("foncier",)),
                        "le prix hors frais de vente (capital restant dû + loyers impayés + foncier + travaux) "
                        "serait nul ou négatif : une vente se fait pour un prix",
                    )
            if (
                "emprunt" in prix
                and "capital_rembourse" in prix
                and prix["capital_rembourse"] > prix["emprunt"]
            ):
                yield err(loaded, base + ("capital_rembourse",), "le capital remboursé dépasse l'emprunt")
        elif produit == "portage":
            if "portage" not in lot:
                yield err(
                    loaded, ("lots", i), "champ « portage » manquant : acquisition et revente du lot porté"
                )
        else:
            if "prix_de_vente" not in prix:
                yield err(loaded, base, "champ « prix_de_vente » manquant pour ce produit")
            elif prix["prix_de_vente"] == 0:  # refused, not warned: no act is written for nothing
                yield err(
                    loaded, base + ("prix_de_vente",), "prix de vente nul : une vente se fait pour un prix"
                )
        if produit == "psla" and "date_levee_option" not in lot:
            yield err(
                loaded, ("lots", i), "PSLA : la date de levée d'option (date_levee_option) est obligatoire"
            )


def buy_back_request_is_admissible(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """A buy-back request: an event of the product's list, within 12 months of the event and
    within the guarantee's duration (CCH R.443-2, arrêté du 26 mars 2004 art. 4, « Qu’est-ce que la sécurisation Hlm ? »)."""
    produit = case["operation"]["produit"]
    for i, lot in enumerate(case["lots"]):
        demande = lot.get("demande_rachat")
        if demande is None:
            continue
        path = ("lots", i, "demande_rachat")
        if produit not in PRODUITS_RACHAT:
            yield err(loaded, path, f"aucune garantie de rachat réglementaire pour le produit « {produit} »")
            continue
        act = debut_garanties(case, lot)
        try:
            result = eligibilite_rachat(
                produit=produit,
                date_acte=act,
                evenement=demande["evenement"],
                date_evenement=demande["date_evenement"],
                date_demande=demande["date_demande"],
                residence_principale=demande["residence_principale"],
                toujours_proprietaire=demande["toujours_proprietaire"],
                lettre_recommandee=demande.get("lettre_recommandee", True),
            )
        except ParameterError as exc:
            yield err(loaded, path, str(exc))
            continue
        for motif in result.motifs:
            yield err(loaded, path, f"garantie de rachat non mobilisable : {motif}")


def product_data_is_present(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """Each product's act states its own facts: the location-accession contract (PSLA), the
    land trust and its redevance (BRS), the occupant's lease and the reference price (vente
    Hlm), the convention with the town (portage), and how the price is paid."""
    produit = case["operation"]["produit"]
    fin = case.get("financement", {})
    if produit == "brs" and "bail_reel_solidaire" not in case:
        yield err(
            loaded,
            ("operation", "produit"),
            "BRS : décrire le bail réel solidaire et l'organisme de foncier solidaire (bail_reel_solidaire)",
        )
    if produit == "portage" and "portage_convention" not in case:
        yield err(
            loaded,
            ("operation", "produit"),
            "portage : la convention de portage avec la commune (portage_convention) est obligatoire",
        )
    for i, lot in enumerate(case["lots"]):
        here = ("lots", i)
        if produit == "psla" and "location_accession" not in lot:
            yield err(
                loaded, here, "PSLA : le contrat de location-accession (location_accession) est obligatoire"
            )
        if produit == "brs" and "bail_reel_solidaire" not in lot:
            yield err(
                loaded,
                here,
                "BRS : la redevance et l'agrément de l'acquéreur (bail_reel_solidaire) sont obligatoires",
            )
        if produit == "vente_hlm":
            if "vente_hlm" not in lot:
                yield err(
                    loaded,
                    here,
                    "vente Hlm : le statut de l'occupant et le prix de référence (vente_hlm) sont obligatoires",
                )
            if "copropriete" not in lot:
                yield err(
                    loaded, here, "vente Hlm : le lot de la copropriété mixte (copropriete) est obligatoire"
                )
        if "vefa" in lot and produit != "accession_sociale":
            yield err(
                loaded,
                here + ("vefa",),
                "la vente en l'état futur d'achèvement (vefa) ne vaut que pour l'accession sociale",
            )
        if "plan_de_financement" not in lot and not (produit == "lts" and "part_signature" in fin):
            yield err(
                loaded,
                here,
                "le paiement du prix doit être décrit : apport et prêts de l'acquéreur (plan_de_financement)"
                + (" ou paiement par le prêteur (financement.part_signature)" if produit == "lts" else ""),
            )


def financing_adds_up_to_the_price(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """The act lists where the price comes from: the sources must make the price exactly."""
    produit = case["operation"]["produit"]
    if produit == "lts":
        return  # the LTS price is computed; its payment goes through the lender
    for i, lot in enumerate(case["lots"]):
        plan = lot.get("plan_de_financement")
        if plan is None:
            continue
        price = (
            lot["portage"]["prix_revente"]
            if produit == "portage" and "portage" in lot
            else lot["prix"].get("prix_de_vente")
        )
        if price is None:
            continue
        apport = plan.get("apport", Decimal(0))
        loans = sum((p["montant"] for p in plan.get("prets", [])), Decimal(0))
        part = (
            lot["location_accession"]["part_acquisitive"]
            if produit == "psla" and "location_accession" in lot
            else Decimal(0)
        )
        total = apport + loans + part
        if total != price:
            sources = "apport + prêts + part acquisitive" if produit == "psla" else "apport + prêts"
            # No amount: the contribution and the loans are the household's.
            yield err(
                loaded,
                ("lots", i, "plan_de_financement"),
                f"le financement ({sources}) ne fait pas le prix du lot : la somme des sources doit "
                "être égale au prix",
            )


def regulatory_guarantees_fit_the_product(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """Buy-back: CCH R*443-2 (accession sociale), arrêté du 26 mars 2004 (PSLA), CCH
    L.443-15-8 (vente Hlm); relogement: accession sociale and PSLA (« Qu’est-ce que la sécurisation Hlm ? »)."""
    produit = case["operation"]["produit"]
    g = case.get("garanties", {})
    own = "la décrire par une clause propre au dossier (clauses: {nom: {titre: …, texte: …}})"
    if g.get("rachat") and produit not in PRODUITS_RACHAT:
        yield err(
            loaded,
            ("garanties", "rachat"),
            f"pas de garantie de rachat réglementaire pour le produit « {produit} » : {own}",
        )
    if g.get("relogement") and produit not in PRODUITS_RELOGEMENT:
        yield err(
            loaded,
            ("garanties", "relogement"),
            f"pas de garantie de relogement réglementaire pour le produit « {produit} » : {own}",
        )


def relogement_form_is_stated(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """A relogement states its form; the retour à meilleure fortune needs a relogement with
    maintien dans les lieux."""
    produit = case["operation"]["produit"]
    g = case.get("garanties", {})
    if g.get("relogement") and produit in PRODUITS_RELOGEMENT and "forme_relogement" not in g:
        yield err(
            loaded,
            ("garanties", "relogement"),
            "garantie de relogement choisie : préciser sa forme (forme_relogement : au_choix, maintien_dans_les_lieux ou autre_logement)",
        )
    if g.get("retour_meilleure_fortune") and not (
        g.get("relogement") and g.get("forme_relogement") in ("au_choix", "maintien_dans_les_lieux")
    ):
        yield err(
            loaded,
            ("garanties", "retour_meilleure_fortune"),
            "la clause de retour à meilleure fortune suppose une garantie de relogement avec maintien dans les lieux (forme_relogement : au_choix ou maintien_dans_les_lieux)",
        )


def resale_insurance_is_described(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """The resale insurance is offered in VEFA, PSLA and BRS (« Qu’est-ce que la sécurisation Hlm ? »); its bulletin needs
    the contract, each lot's adhesion and each adhérent's phone and e-mail."""
    produit = case["operation"]["produit"]
    g = case.get("garanties", {})
    if not g.get("assurance_revente"):
        return
    if produit not in PRODUITS_ASSURANCE_REVENTE:
        yield err(
            loaded,
            ("garanties", "assurance_revente"),
            f"l'assurance revente n'est proposée qu'en accession sociale (VEFA), PSLA et BRS, pas pour le produit « {produit} »",
        )
        return
    if "assurance_revente" not in case:
        yield err(
            loaded,
            ("garanties", "assurance_revente"),
            "assurance revente choisie : décrire le contrat (assurance_revente : assureur, courtier, numéro…)",
        )
    for i, lot in enumerate(case["lots"]):
        if "assurance_revente" not in lot:
            if not clause_off(case, lot, "assurance_revente"):
                yield err(
                    loaded,
                    ("lots", i),
                    "assurance revente choisie : indiquer l'adhésion de l'acquéreur (assurance_revente), ou retirer la clause pour ce lot (clauses: {assurance_revente: {active: false}})",
                )
            continue
        for j, a in enumerate(lot["acquereurs"]):
            for key, what in (("telephone", "téléphone"), ("courriel", "adresse électronique")):
                if key not in a:
                    yield err(
                        loaded,
                        ("lots", i, "acquereurs", j),
                        f"{what} ({key}) obligatoire : le bulletin d'assurance revente le mentionne",
                    )


_VEFA_ORDER = ("fondations", "hors_d_eau", "achevement", "livraison")


def _vefa_ceiling(stade: str, when: date) -> Decimal:
    """The cumulated share of the price payable at most at a stage, in percent as the case
    writes it (parameter ``vefa.plafond_cumule.<stade>``): 35, 70, 95, 100."""
    pct = lookup(f"vefa.plafond_cumule.{stade}", when).as_decimal * HUNDRED
    return pct.quantize(Decimal(1)) if pct == pct.to_integral_value() else pct.normalize()


def vefa_schedule_respects_r261_14(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """CCH R.261-14: at most 35 % of the price at the foundations, 70 % out of water, 95 % at
    completion; the balance at delivery. Stages in order, cumulated rates rising to 100 %."""
    for i, lot in enumerate(case["lots"]):
        vefa = lot.get("vefa")
        if vefa is None:
            continue
        here = ("lots", i, "vefa", "echeancier")
        act = act_date(case, lot)
        steps = vefa["echeancier"]
        order = [_VEFA_ORDER.index(s["stade"]) for s in steps]
        if order != sorted(set(order)):
            yield err(
                loaded,
                here,
                "stades dans le désordre ou répétés (fondations, hors_d_eau, achevement, livraison)",
            )
            continue
        previous = Decimal(0)
        for j, step in enumerate(steps):
            rate = step["pourcentage_cumule"]
            ceiling = _vefa_ceiling(step["stade"], act)
            if rate > ceiling:
                yield err(
                    loaded,
                    here + (j, "pourcentage_cumule"),
                    f"au plus {ceiling} % du prix au stade « {step['stade']} » (CCH R.261-14)",
                )
            if rate < previous:
                yield err(
                    loaded,
                    here + (j, "pourcentage_cumule"),
                    "les pourcentages cumulés ne peuvent pas diminuer",
                )
            previous = rate
        if steps[-1]["stade"] != "livraison" or steps[-1]["pourcentage_cumule"] != 100:
            yield err(loaded, here, "le dernier stade est la livraison, à 100 % du prix")
        reached = vefa["stade_atteint"]
        if reached != "aucun" and reached not in [s["stade"] for s in steps]:
            yield err(
                loaded, ("lots", i, "vefa", "stade_atteint"), f"stade « {reached} » absent de l'échéancier"
            )


def product_dates_are_in_order(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    produit = case["operation"]["produit"]
    for i, lot in enumerate(case["lots"]):
        act = act_date(case, lot)
        la = lot.get("location_accession")
        if (
            produit == "psla"
            and la is not None
            and "date_levee_option" in lot
            and not la["date_contrat"] <= la["date_entree_dans_les_lieux"] <= lot["date_levee_option"] <= act
        ):
            yield err(
                loaded,
                ("lots", i, "date_levee_option"),
                "dates incohérentes : contrat ≤ entrée dans les lieux ≤ levée d'option ≤ acte",
            )
        hlm = lot.get("vente_hlm")
        if hlm is not None and not (hlm["date_bail"] <= act and hlm["locataire_depuis"] <= act):
            yield err(loaded, ("lots", i, "vente_hlm"), "le bail et l'occupation précèdent la vente")
        vefa = lot.get("vefa")
        if vefa is not None and not vefa["date_reservation"] <= act < vefa["date_achevement_prevue"]:
            yield err(
                loaded, ("lots", i, "vefa"), "dates incohérentes : réservation ≤ acte < achèvement prévu"
            )
        conv = case.get("portage_convention")
        if (
            produit == "portage"
            and conv is not None
            and "portage" in lot
            and lot["portage"]["date_acquisition"] < conv["date"]
        ):
            yield err(
                loaded,
                ("lots", i, "portage", "date_acquisition"),
                "acquisition antérieure à la convention de portage",
            )
        if lot["prix"].get("tva_incluse") and "taux_tva" not in lot["prix"]:
            yield err(
                loaded, ("lots", i, "prix", "tva_incluse"), "prix TVA incluse : indiquer le taux (taux_tva)"
            )
