"""The LTS sale as the rapport and the délibération n° 93/4-18 describe it (Saint-Denis, 1993).

Each attributaire already owns his house and a droit de superficie under an acte initial;
the commune cedes the tréfonds and abandons its right on the superficie (délibération,
art. 1er). The acte therefore:

- recites the acte initial with its publication (décret n° 55-22 du 4 janvier 1955, art. 3:
  effet relatif), and sells only the tréfonds and the commune's residual right;
- states as price the price excluding the frais de vente and the rents: the frais are paid
  on top (C. civ. art. 1593) and itemised from the rapport's list; rent arrears are a
  distinct debt, acknowledged (or, for a credit, set off) in a clause of their own;
- has the price paid to the commune's comptable public, who alone gives quittance
  (séparation de l'ordonnateur et du comptable, décret n° 62-1587 du 29 décembre 1962;
  Rép. min. AN n° 17294, JO 23 juin 2003);
- for the consigned 30 %, one construction: a délégation imparfaite (C. civ. art. 1275 in
  force until 1 October 2016) — the UES is bound to pay the commune, the buyer stays debtor
  of what the UES withholds for his unpaid instalments;
- gives the commune's privilège de vendeur (C. civ. art. 2103, 1°, inscribed within two
  months, art. 2108) its second rank by an express cession d'antériorité to the UES, party
  to the acte and lender of the deniers (art. 2103, 2°), since a seller paid in part keeps
  priority for the balance (art. 1252 in force until 1 October 2016).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import french
from ..case_types import Case, Lot
from ..money import HUNDRED, ZERO
from ..parameters import lookup
from .common import capitalized, legal_person_context, representative_context

FRAIS_ENUMERES = (  # also listed, with their parameters, by the lot's note de calcul (note_donnees)
    ("frais_vente.taxe_publicite_fonciere", "la taxe de publicité foncière"),
    ("frais_vente.droits_enregistrement", "les droits d’enregistrement"),
    ("frais_vente.salaire_conservateur", "le salaire du conservateur des hypothèques"),
    (None, "les émoluments du notaire"),
    ("frais_vente.timbre_et_copie", "les frais de timbre et de copie"),
    ("frais_vente.dossier_ues", "les frais de dossier de l’UES"),
    ("frais_vente.caution_taux", "la garantie de caution de la Mutuelle, sur le capital emprunté"),
    ("frais_vente.mandataire_sodiac", "les frais de la SODIAC, mandataire de la commune"),
)


def _frais(when: date) -> list[dict[str, Any]]:
    """The items the frais de vente cover, with the rate or the amount the rapport gives."""
    out: list[dict[str, Any]] = []
    for name, libelle in FRAIS_ENUMERES:
        item: dict[str, Any] = {"libelle": libelle, "taux": None, "montant": None}
        if name is not None:
            pv = lookup(name, when)
            if pv.value is None:
                continue
            if pv.unit == "/1":
                item["taux"] = pv.as_decimal * HUNDRED
            else:
                item["montant"] = pv.as_decimal
        out.append(item)
    return out


def _de(text: str) -> str:
    """« de » before a designation with its article: « du receveur », « de la trésorière »."""
    if text.startswith("le "):
        return "du " + text[3:]
    if text.startswith("les "):
        return "des " + text[4:]
    return "de " + text


def executoire_phrase(case: Case, when: date) -> str:
    """How the commune's délibération became enforceable (transmission to the préfet), by
    the text in force at the act's date; empty when the seller is not a commune."""
    seance = case.get("seance", {})
    if case["vendeur"]["type"] != "commune" or "date_transmission_prefecture" not in seance:
        return ""
    transmise = french.format_date_long(seance["date_transmission_prefecture"])
    if lookup("collectivites.executoire_cgct", when).as_bool:
        texte = "article L.2131-1 du Code général des collectivités territoriales"
    else:
        texte = "article 2 de la loi n° 82-213 du 2 mars 1982"
    return f", rendue exécutoire par sa transmission au représentant de l’État le {transmise} ({texte})"


def preteur_context(case: Case) -> dict[str, Any] | None:
    """The lender who intervenes in the LTS acte: it lends, pays and accepts the antériorité."""
    fin = case.get("financement", {})
    if "representant_preteur" not in fin:
        return None
    name = fin["preteur"]  # with its article (« l'Union d'économie sociale… »)
    ctx = legal_person_context({"denomination": name.split(" ", 1)[-1].split("’", 1)[-1].split("'", 1)[-1]})
    ctx.update(
        nom=capitalized(name.replace("'", "’")),
        siege=fin.get("siege_preteur", ""),
        sigle=fin.get("sigle_preteur"),
        representant=representative_context(fin["representant_preteur"]),
    )
    return ctx


def lts_context(case: Case, lot: Lot, calc: dict[str, Any], when: date) -> dict[str, Any] | None:
    """The figures and facts of the LTS clauses of the acte."""
    if case["operation"]["produit"] != "lts":
        return None
    prix = calc["prix"]
    loyers = prix.get("loyers_impayes", ZERO)
    return {
        "acte_initial": lot.get("acte_initial"),
        "prix": prix["prix_hors_frais"] - loyers,
        "foncier": prix.get("foncier", ZERO),
        "solde_acte_initial": prix.get("capital_restant_du", ZERO),
        "travaux": prix.get("travaux", ZERO),
        "loyers_dus": loyers if loyers > 0 else ZERO,
        "trop_percu": -loyers if loyers < 0 else ZERO,
        "somme_due": prix["prix_hors_frais"],
        "frais": prix.get("frais_de_vente", ZERO),
        "frais_postes": _frais(when),
        "travaux_remise_en_etat": lot.get("travaux_remise_en_etat"),
        "derogation": lot.get("derogation_accession"),
        "plafond_effort": calc["solvabilite"].plafond * HUNDRED if calc.get("solvabilite") else None,
        "comptable_de": _de(case["vendeur"].get("comptable_public", "")),
    }


def surete_paragraphs(case: Case, rank: str) -> list[str]:
    """The consigned balance: its debtor, the commune's privilège and its rank behind the lender."""
    fin = case.get("financement", {})
    sigle = fin.get("sigle_preteur", "PRÊTEUR")
    organe = case["vendeur"]["autorisation"]["organe"]
    paragraphs = [
        "Pour le paiement du solde consigné, l’ACQUÉREUR délègue au VENDEUR, qui l’accepte, le PRÊTEUR, qui "
        "s’oblige envers le VENDEUR à lui payer ce solde au terme du délai de consignation, majoré des intérêts "
        "produits et déduction faite des mensualités impayées de l’ACQUÉREUR qu’il y aura prélevées. Le VENDEUR "
        "ne décharge pas l’ACQUÉREUR : la délégation n’opère pas novation (article 1275 du Code civil). "
        "L’ACQUÉREUR demeure débiteur envers le VENDEUR du solde du prix, et notamment de toute somme déduite "
        "au titre de ses impayés ; chaque paiement du PRÊTEUR le libère d’autant.",
        "À la sûreté du solde du prix, le VENDEUR se réserve le privilège de vendeur, qui sera inscrit à la "
        "conservation des hypothèques dans le délai de deux mois à compter des présentes (article 2108 du Code "
        "civil), ainsi que l’action résolutoire. La garantie hypothécaire que la délibération du "
        f"{organe} autorise à stipuler au profit de la commune est ainsi le privilège que la loi attache au "
        "solde du prix de vente (article 2103, 1° du Code civil) ; il prend rang à la date des présentes.",
    ]
    if rank != "premier":
        paragraphs.append(
            f"Le PRÊTEUR déclare que l’avance ci-dessus est destinée au paiement du prix, et la quittance du "
            f"comptable du VENDEUR constatera que le paiement a été fait de ces deniers : le PRÊTEUR bénéficie "
            f"ainsi du privilège de prêteur de deniers (article 2103, 2° du Code civil), qui sera inscrit dans le "
            f"même délai. Pour que la garantie du VENDEUR vienne en {rank} rang derrière celle du PRÊTEUR, comme "
            f"l’autorise la délibération, le VENDEUR cède au PRÊTEUR ({sigle}), qui accepte, l’antériorité de son "
            "privilège, et renonce en sa faveur à la préférence que l’article 1252 du Code civil réserve au "
            "vendeur payé en partie pour ce qui lui reste dû."
        )
    return paragraphs
