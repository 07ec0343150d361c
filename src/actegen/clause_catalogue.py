"""The clause catalogue: which clauses the library holds, which file (variant) a lot takes,
and how a case tunes them — no Jinja here, so that ``validate`` can ask the same questions as
the documents (is this clause switched off? which copropriété variant applies?).

Each clause is its own small Word file in ``templates/clauses/`` (one per variant when the
wording depends on the product or the date); ``documents/clauses.py`` renders them.
A case tunes the library under ``clauses:`` (operation level, then lot level, which wins):
``{active: false}`` removes a clause, ``{texte: …}`` replaces its wording, ``{titre: …}``
renames it, and a name that is not in the library, with ``titre`` and ``texte``, adds a clause
of the case's own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .case_types import Case, Lot
from .parameters import lookup

FREE_CLAUSE = "_clause_libre"


PARTIES: tuple[str, ...] = ("parties", "expose", "bien", "conditions", "fin")
"""Where the acte places a clause: after the identification of the parties, at the end of the
exposé, after the description of the property (before the price), after the charges et
conditions, or at the end (the last clauses, the clôture and the signatures)."""


@dataclass(frozen=True)
class ClauseSpec:
    """A clause of the library: its name in a case, which file (variant) a lot takes, and the
    part of the acte it is placed in (``PARTIES``)."""

    nom: str
    titre: str
    fichier: Callable[[dict[str, Any]], str | None]  # acte context → file stem, or None
    partie: str = "conditions"


def copropriete_variant(produit: str, act_date: date, vefa: bool) -> str:
    """The CCH L.721-2 documents (loi ALUR) once in force, the syndic's état daté before."""
    if vefa:
        return "copropriete_neuve"
    ours = lookup("copropriete.information_acquereur_l721_2", act_date).as_bool
    return "copropriete" if ours else "copropriete_etat_date"


def diagnostics_variant(act_date: date, vefa: bool, occupant: bool) -> str:
    """The dossier de diagnostic technique (CCH L.271-4) once in force; the occupant's clause before."""
    if vefa:
        return "diagnostics_vefa"
    if not lookup("diagnostics.dossier_diagnostic_technique", act_date).as_bool and occupant:
        return "diagnostics_occupant"
    return "diagnostics"


VENDEURS_PROFESSIONNELS: frozenset[str] = frozenset({"coop_hlm", "bailleur", "operateur_portage"})
"""Sellers who sell as professionals (Hlm organisms, the portage cooperative): their buyer keeps
the garantie des vices cachés (C. civ. 1641–1643, the professional is presumed to know the
defects); a commune sells as a non-professional."""


def property_facts(case: Case, lot: Lot) -> dict[str, Any]:
    """The facts on the property (``bien``): the operation's, then the lot's, key by key."""
    return {**case.get("bien", {}), **lot.get("bien", {})}


def retractation_days(act_date: date) -> int:
    """The buyer's cooling-off period (CCH L.271-1) at the act's date; 0 before the article."""
    return lookup("bien.retractation.delai_jours", act_date).as_int


def ten_years_after(start: date) -> date:
    """The last day of the ten years from ``start`` (C. civ. 1792-4-1, formerly 2270)."""
    try:
        end = start.replace(year=start.year + 10)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + 10, day=28)
    return end


def construction_within_ten_years(facts: dict[str, Any], act_date: date) -> bool:
    """The seller built or had built within ten years of the act (C. assur. L.243-2)."""
    c = facts.get("construction")
    return c is not None and act_date < ten_years_after(c["date_reception"])


def charges_variant(vendeur_type: str, vefa: bool) -> str:
    """VEFA (charges from delivery), a professional seller (no exclusion of latent defects),
    or a non-professional seller."""
    if vefa:
        return "charges_conditions_vefa"
    if vendeur_type in VENDEURS_PROFESSIONNELS:
        return "charges_conditions_professionnel"
    return "charges_conditions"


def _charges(ctx: dict[str, Any]) -> str:
    return charges_variant(ctx["vendeur"]["type"], ctx["jouissance"] == "vefa")


def _copropriete(ctx: dict[str, Any]) -> str | None:
    if "copropriete" not in ctx["lot"]:
        return None
    return copropriete_variant(ctx["produit"], ctx["acte"]["date"], ctx["jouissance"] == "vefa")


def _diagnostics(ctx: dict[str, Any]) -> str:
    return diagnostics_variant(
        ctx["acte"]["date"], ctx["jouissance"] == "vefa", ctx["jouissance"] == "occupant"
    )


def declarations_fiscales_variant(produit: str, regime: str) -> str:
    """The tax section: the LTS of 1993 (rapport's barème), a sale under TVA immobilière (CGI
    art. 257, 278 sexies, 284, 1594 F quinquies A, 879, 1384 A), or droits de mutation."""
    if produit == "lts":
        return "declarations_fiscales_lts"
    return "declarations_fiscales_tva" if regime == "tva" else "declarations_fiscales_droits"


def _declarations_fiscales(ctx: dict[str, Any]) -> str | None:
    fiscal = ctx["calc"].get("fiscalite")
    return None if fiscal is None else declarations_fiscales_variant(ctx["produit"], fiscal["regime"])


def _when(condition: Callable[[dict[str, Any]], bool], stem: str | Callable[[dict[str, Any]], str]):
    def choose(ctx: dict[str, Any]) -> str | None:
        if not condition(ctx):
            return None
        return stem(ctx) if callable(stem) else stem

    return choose


def donnees_personnelles_variant(act_date: date) -> str | None:
    """The RGPD notice (art. 13) from 25 May 2018, the loi n° 78-17 notice (art. 32) from
    7 August 2004, nothing before (``donnees_personnelles.regime``)."""
    regime = lookup("donnees_personnelles.regime", act_date).value
    return {"rgpd": "donnees_personnelles", "loi_1978": "donnees_personnelles_loi_1978"}.get(str(regime))


LIBRARY: tuple[ClauseSpec, ...] = (
    # PSLA: the levée d'option price from the contract (arrêté du 26 mars 2004; CGI 278 sexies).
    ClauseSpec(
        "location_accession",
        "Location-accession",
        _when(lambda c: c["calc"].get("location_accession") is not None, "location_accession"),
        partie="expose",
    ),
    # Exposé: CCH L.271-1 (loi SRU: 7 days from 1 June 2001, 10 days since loi n° 2015-990),
    # parameter bien.retractation.
    ClauseSpec(
        "retractation",
        "Faculté de rétractation",
        _when(lambda c: c["bien"]["retractation"] is not None, "retractation"),
        partie="expose",
    ),
    # The property (Heading 2, after désignation / origine / propriété-jouissance).
    ClauseSpec(
        "situation_hypothecaire", "Situation hypothécaire", lambda c: "situation_hypothecaire", partie="bien"
    ),
    ClauseSpec("urbanisme", "Urbanisme", lambda c: "urbanisme", partie="bien"),
    # C. urb. L.213-1 / L.213-2 (déclaration d'intention d'aliéner), L.211-4.
    ClauseSpec("droits_preemption", "Droits de préemption", lambda c: "droits_preemption", partie="bien"),
    ClauseSpec("servitudes", "Servitudes", lambda c: "servitudes", partie="bien"),
    # C. assur. L.243-2; C. civ. 1792-1 2°, 1792-4-1 (2270 before 19 June 2008), 1792-5.
    ClauseSpec(
        "garanties_construction",
        "Garanties de construction et assurances",
        _when(
            lambda c: c["jouissance"] != "vefa" and c["bien"]["construction"]["dans_les_dix_ans"],
            "garanties_construction",
        ),
        partie="bien",
    ),
    # Vente Hlm: the dwelling is in the CUS's plan de mise en vente (or the préfet authorised the
    # sale), built or acquired more than ten years ago, under the energy threshold (CCH L.443-7,
    # L.445-1, R.443-11-1); see LISEZMOI for the versions read.
    ClauseSpec(
        "autorisation_vente_hlm",
        "Autorisation de vente",
        _when(lambda c: c["produit"] == "vente_hlm", "autorisation_vente_hlm"),
        partie="expose",
    ),
    ClauseSpec("charges_conditions", "Charges et conditions", _charges),
    # Capacity declarations in the wording of the act's date (parameters capacite.yaml).
    ClauseSpec("capacite", "Capacité", lambda c: "capacite", partie="parties"),
    # Décret n° 55-22 du 4 janvier 1955, art. 5 (persons) and 6 (legal persons).
    ClauseSpec(
        "certification_identite",
        "Certification d’identité",
        lambda c: "certification_identite",
        partie="parties",
    ),
    ClauseSpec(
        "lts_superficie",
        "Renonciation au droit de superficie",
        _when(lambda c: c["produit"] == "lts", "lts_superficie"),
    ),
    ClauseSpec(
        "vefa", "Vente en l'état futur d'achèvement", _when(lambda c: c["jouissance"] == "vefa", "vefa")
    ),
    ClauseSpec(
        "bail_reel_solidaire",
        "Bail réel solidaire",
        _when(lambda c: c["produit"] == "brs", "bail_reel_solidaire"),
    ),
    ClauseSpec(
        "portage_cible",
        "Portage ciblé provisoire",
        _when(lambda c: c["produit"] == "portage", "portage_cible"),
    ),
    # CCH L.721-2 documents; the notice d'information is listed only while the parameter
    # copropriete.notice_information_coproprietaires says an arrêté fixes its content (none found).
    ClauseSpec("copropriete", "Copropriété", _copropriete),
    ClauseSpec(
        # What the seller communicated (CCH L.443-7, last paragraph: 2022 wording not read,
        # so the clause does not say « conformément à »).
        "copropriete_mixte",
        "Copropriété mixte",
        _when(lambda c: c["produit"] == "vente_hlm", "copropriete_mixte"),
    ),
    ClauseSpec(
        "garantie_rachat",
        "Garantie de rachat",
        _when(lambda c: c["garanties"]["rachat"] is not None, lambda c: f"garantie_rachat_{c['produit']}"),
    ),
    ClauseSpec(
        "garantie_relogement",
        "Garantie de relogement",
        _when(
            lambda c: c["garanties"]["relogement"] is not None,
            lambda c: f"garantie_relogement_{c['produit']}",
        ),
    ),
    ClauseSpec(
        "retour_meilleure_fortune",
        "Clause de retour à meilleure fortune",
        _when(lambda c: c["garanties"]["retour_meilleure_fortune"], "retour_meilleure_fortune"),
    ),
    ClauseSpec(
        "assurance_revente",
        "Assurance revente",
        _when(lambda c: c["calc"]["assurance"] is not None, "assurance_revente"),
    ),
    ClauseSpec(
        "anti_speculation",
        "Clause anti-spéculative",
        _when(lambda c: c["calc"]["anti_speculation"] is not None, "anti_speculation"),
    ),
    ClauseSpec("diagnostics", "Diagnostics techniques", _diagnostics),
    # CGI 257, 278 sexies, 284, 1594 D, 1594 F quinquies A, 879, 1384 A (templates/clauses/LISEZMOI.md).
    ClauseSpec("declarations_fiscales", "Déclarations fiscales", _declarations_fiscales, partie="fin"),
    # CGI 150 U (150 A before 2004), 207, 1, 4°.
    ClauseSpec("plus_value", "Plus-value", lambda c: "plus_value", partie="fin"),
    # C. civ. art. 1593; the provision from compute.fiscalite.
    ClauseSpec("frais", "Frais", lambda c: "frais", partie="fin"),
    # Décret n° 55-22, art. 28, 1°, a; the service's name by date (publicite_fonciere.yaml).
    ClauseSpec("publicite_fonciere", "Publicité foncière", lambda c: "publicite_fonciere", partie="fin"),
    ClauseSpec("election_domicile", "Élection de domicile", lambda c: "election_domicile", partie="fin"),
    # RGPD art. 13 / loi n° 78-17 art. 32 by date (donnees_personnelles.yaml).
    ClauseSpec(
        "donnees_personnelles",
        "Données personnelles",
        lambda c: donnees_personnelles_variant(c["acte"]["date"]),
        partie="fin",
    ),
    # The annexes the acte refers to (documents/fin_acte.py).
    ClauseSpec("annexes", "Annexes", lambda c: "annexes", partie="fin"),
    # CGI 850 (wording with art. 1837), 863, 864.
    ClauseSpec(
        "affirmation_sincerite", "Affirmation de sincérité", lambda c: "affirmation_sincerite", partie="fin"
    ),
    # Décret n° 71-941 du 26 novembre 1971, art. 10 (counts, paraph); cloture.yaml.
    # Art. 17 for an acte on electronic support (the case's operation.support_acte).
    ClauseSpec(
        "cloture",
        "Dont acte",
        lambda c: "cloture_electronique" if c["op"].get("support_acte") == "electronique" else "cloture",
        partie="fin",
    ),
)
NAMES: tuple[str, ...] = tuple(spec.nom for spec in LIBRARY)


def settings(case: Case, lot: Lot) -> dict[str, dict[str, Any]]:
    """The case's clause settings, operation level then lot level (which wins), in order."""
    merged: dict[str, dict[str, Any]] = {}
    for source in (case.get("clauses", {}), lot.get("clauses", {})):
        for name, conf in source.items():
            merged[name] = {**merged.get(name, {}), **conf}
    return merged


def paragraphs(text: str) -> list[str]:
    """A case's clause text: paragraphs separated by a blank line, inner line breaks joined."""
    blocks = [
        " ".join(line.strip() for line in block.splitlines() if line.strip())
        for block in text.replace("\r\n", "\n").split("\n\n")
    ]
    return [b for b in blocks if b]
