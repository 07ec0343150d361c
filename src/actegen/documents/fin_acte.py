"""What the formal sections of an acte print (``formalites`` in its context): the capacity
declarations and the closing counts in the wording of the act's date, the service where the
acte is published, and the list of its annexes.

The annexes are computed from the facts that make the acte mention them (never a list per
product): the seller's authorisation, the diagnostics, the copropriété documents, the VEFA
guarantees, the lease of a BRS, the buyer's loan offers, the lot's note de calcul (when the
case's notes are per lot, ``note_de_calcul.notes_par_lot``); an acte that says « demeure annexé »
for a document finds it in the « Annexes » clause, so that the list and the text agree."""

from __future__ import annotations

from typing import Any

from ..case_types import Case
from ..clause_catalogue import copropriete_variant
from ..parameters import get
from .note_de_calcul import notes_par_lot

_COPRO = {
    "copropriete": "les documents et informations relatifs à la copropriété remis à l’ACQUÉREUR "
    "(article L.721-2 du Code de la construction et de l’habitation)",
    "copropriete_etat_date": "l’état daté délivré par le syndic de la copropriété",
    "copropriete_neuve": "l’état descriptif de division et le règlement de copropriété",
}


def _de(noun: str) -> str:
    """« de » before a name given with its article (« du Crédit Mutuel », « de la Caisse »)."""
    for article, contracted in (("le ", "du "), ("les ", "des ")):
        if noun.startswith(article):
            return contracted + noun[len(article) :]
    return f"de {noun}"


def annexes_of(ctx: dict[str, Any], note_de_calcul: bool = False) -> list[str]:
    """The annexes of one acte, in the order the acte mentions them; ``note_de_calcul``: the
    lot's note de calcul is annexed (last)."""
    lot = ctx["lot"]
    out = [f"une copie certifiée conforme {ctx['autorisation_phrase']}"]
    if ctx.get("mandataire"):
        out.append(f"le mandat donné à {ctx['mandataire']['nom_article']}")
    if ctx.get("brs"):
        out.append("une copie du bail réel solidaire")
    vefa = lot.get("vefa") if ctx["jouissance"] == "vefa" else None
    if vefa:
        out.append("les plans et la notice descriptive du bien vendu")
        if "garantie_achevement" in vefa:
            out.append("l’attestation de garantie financière d’achèvement")
        if "assurance_dommages_ouvrage" in vefa:
            out.append(f"l’attestation d’assurance dommages-ouvrage ({vefa['assurance_dommages_ouvrage']})")
        if ctx["calc"].get("vefa"):
            out.append("l’attestation du maître d’œuvre constatant l’achèvement du stade atteint")
    if "copropriete" in lot:
        variant = copropriete_variant(ctx["produit"], ctx["acte"]["date"], ctx["jouissance"] == "vefa")
        out.append(_COPRO[variant])
    out += list(lot.get("diagnostics", []))
    if ctx.get("remboursement_lisse"):
        out.append(
            "une copie de la convention de versement de l’allocation de logement au PRÊTEUR, avec son échéancier"
        )
    financing = ctx.get("financement_acquereur") or {}
    for source in financing.get("sources", []):
        pret = source.get("pret")
        if pret:
            out.append(f"l’offre de {pret['nature']} {_de(pret['preteur'])}")
    if note_de_calcul:
        out.append(f"la note de calcul du lot {lot['numero']}")
    return out


def formalites(case: Case, ctx: dict[str, Any]) -> dict[str, Any]:
    """The ``formalites`` of one acte's context (the clauses of partie ``parties`` and ``fin``)."""
    when = ctx["acte"]["date"]
    service = case["operation"].get("service_publicite_fonciere") or ""
    feminine = service.startswith("conservation")
    return {
        "capacite_personne_physique": get("capacite.personne_physique", when),
        "capacite_personne_morale": get("capacite.personne_morale", when),
        "au_service_publicite": ("à la " if feminine else "au ") + service,
        "nombres_rayes": get("cloture.nombres_rayes", when),
        "signature_electronique_notaire": get("cloture.signature_electronique_notaire", when)
        if ctx["op"].get("support_acte") == "electronique"
        else "",
        "annexes": annexes_of(ctx, notes_par_lot(case)),
    }
