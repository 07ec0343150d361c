"""Rules of the bulletin d'assurance revente and of the convention CAF (issue 13, point 5): the
facts those documents must state — the allocation paid to the lender and the household it
depends on, the AL the CAF expects year by year, the intermediaries and the contract's terms —
are asked for by name, never left blank or guessed."""

from __future__ import annotations

from collections.abc import Iterator

from ..case_types import Case
from ..errors import CaseError
from ..load import LoadedCase
from ..parameters import lookup
from ..produits import PRODUITS_ASSURANCE_REVENTE, act_date
from .common import err

# The contract's facts the bulletin prints, with the rule that asks for them.
_CONTRAT = (
    ("siege_assureur", "le siège social de l'assureur", "C. assur. L.112-2"),
    (
        "immatriculation_assureur",
        "la forme et l'immatriculation de l'assureur",
        "identification de l'assureur",
    ),
    ("evenements_garantis", "les événements garantis", "C. assur. L.112-4"),
    ("exclusions", "les exclusions", "C. assur. L.112-2 et L.112-4"),
    ("delai_carence", "le délai de carence (ou « aucun »)", "conditions du contrat"),
    ("calcul_indemnite", "le calcul de l'indemnité", "C. assur. R.112-1"),
    ("declaration_sinistre", "la déclaration du sinistre", "C. assur. R.112-1"),
    ("reclamations", "le service des réclamations", "C. assur. L.112-2"),
    ("mediateur", "le médiateur", "C. assur. L.112-2"),
)
# Since the DDA (1 October 2018): the intermediaries' identification (C. assur. L.521-2).
_DDA = (
    ("orias_courtier", "le numéro ORIAS du courtier"),
    ("statut_courtier", "le statut du courtier"),
    ("orias_distributeur", "le numéro ORIAS de l'organisme vendeur"),
    ("statut_distributeur", "le statut de l'organisme vendeur comme distributeur"),
)
# Formulas whose cover the source states (the Chubb contract, « Qu'est-ce que la sécurisation
# Hlm ? »): the others (PSLA) give theirs in assurance_revente.couverture.
_FORMULES_SOURCEES = frozenset({"accession_sociale", "brs"})


def resale_insurance_states_its_terms(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """The bulletin identifies the insurer and the intermediaries and states the contract's
    events, exclusions, indemnity and claims procedure (notarial review, §2.3); a formula whose
    cover the source does not give (PSLA, B11) states the contract's own."""
    contrat = case.get("assurance_revente")
    produit = case["operation"]["produit"]
    if not (contrat and case.get("garanties", {}).get("assurance_revente")):
        return
    if produit not in PRODUITS_ASSURANCE_REVENTE:
        return
    signed = [
        lot["assurance_revente"]["date_souscription"] for lot in case["lots"] if "assurance_revente" in lot
    ]
    if not signed:
        return
    dda = lookup("assurance_revente.distribution_dda", min(signed)).as_bool
    missing = [(k, what, src) for k, what, src in _CONTRAT if k not in contrat]
    if dda:
        missing += [(k, what, "C. assur. L.521-2") for k, what in _DDA if k not in contrat]
    for key, what, source in missing:
        yield err(
            loaded,
            ("assurance_revente",),
            f"bulletin d'assurance revente : {what} (assurance_revente.{key}) est obligatoire ({source})",
        )
    vefa = produit == "accession_sociale" and any(
        "vefa" in lot and "assurance_revente" in lot for lot in case["lots"]
    )
    if (
        vefa
        and lookup("assurance_revente.prise_effet_vefa", min(signed)).value == "contrat"
        and "prise_effet_vefa" not in contrat
    ):
        yield err(
            loaded,
            ("assurance_revente",),
            "bulletin d'assurance revente d'un logement en VEFA : indiquer quand la garantie prend effet, "
            "d'après la notice du contrat (assurance_revente.prise_effet_vefa : signature_acte ou livraison)",
        )
    if produit not in _FORMULES_SOURCEES and "couverture" not in contrat:
        yield err(
            loaded,
            ("assurance_revente",),
            "assurance revente : la source ne donne pas la couverture de la formule de ce produit ; indiquer "
            "celle du contrat (assurance_revente.couverture : taux_pct, plafond)",
        )


def caf_allocation_is_identified(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """The convention CAF pays a named allocation under its own article (notarial review, B13): the
    allocation de logement familiale (CSS L.542-1; L.755-21 in the overseas départements) goes
    to a household with a child (L.512-3), the allocation de logement sociale (L.831-1)
    otherwise; the AL the CAF expects year by year starts with the household's AL and fits the
    loan (rapport n° 93/4-18, annexe UES)."""
    fin = case.get("financement", {})
    if "taux_annuel" not in fin:
        return
    for i, lot in enumerate(case["lots"]):
        menage = lot.get("menage", {})
        al = menage.get("allocation_logement", 0)
        if not al or al <= 0:
            continue
        here = ("lots", i, "menage")
        nature = menage.get("allocation_logement_nature")
        if nature is None:
            yield err(
                loaded,
                here + ("allocation_logement",),
                "allocation logement versée au prêteur : indiquer sa nature (allocation_logement_nature : "
                "familiale ou sociale), dont dépend l'article de la convention CAF",
            )
        enfants = menage.get("enfants_a_charge")
        if enfants is None:
            yield err(
                loaded,
                here + ("allocation_logement",),
                "composition du ménage : indiquer le nombre d'enfants à charge (enfants_a_charge), dont dépend "
                "la nature de l'allocation de logement",
            )
        elif (
            enfants > 0
            and nature == "sociale"
            and not lookup("aides_logement.code_construction", act_date(case, lot)).as_bool
        ):
            yield err(
                loaded,
                here + ("allocation_logement_nature",),
                "un ménage ayant un enfant à charge relève de l'allocation de logement familiale (Code de la "
                "sécurité sociale, art. L.542-1 ; art. L.755-21 dans les départements d'outre-mer), non de "
                "l'allocation de logement sociale",
            )
        evolution = menage.get("allocation_logement_evolution")
        if not evolution:
            continue
        if evolution[0] != al:
            yield err(
                loaded,
                here + ("allocation_logement_evolution", 0),
                "la première année de l'allocation logement prévue doit être l'allocation logement du ménage "
                "(allocation_logement)",
            )
        years = fin.get("duree_annees") or lookup("pret_ues.duree_annees", act_date(case, lot)).as_int
        if len(evolution) > years:
            yield err(
                loaded,
                here + ("allocation_logement_evolution",),
                f"allocation logement prévue sur {len(evolution)} ans pour un prêt de {years} ans",
            )
