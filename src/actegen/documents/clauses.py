"""The clause library: which clauses an acte carries, from which Word file, with what text.

Design: each clause is its own small Word file in ``templates/clauses/`` (one per variant when
the wording depends on the product or the date: ``garantie_rachat_psla.docx``…), written in
the acte's styles with Jinja tags. For each lot, actegen picks the clauses that apply (product,
guarantees chosen, copropriété, date of the act), renders each with the acte's context
(``fragments.render_fragment``) and hands the acte template the list ``clauses``, placed with
``{{p clause.xml }}``. An office edits a clause once, in Word, for all its acts; with
``--templates DIR`` it puts its own in ``DIR/clauses/`` and the missing ones are taken from the
shipped library. ``templates/clauses/LISEZMOI.md`` is the notary's guide.

A case tunes the library under ``clauses:`` (operation level, then lot level, which wins):
``{active: false}`` removes a clause, ``{texte: …}`` replaces its wording (paragraphs separated
by a blank line; the title stays), ``{titre: …}`` renames it, and a name that is not in the
library, with ``titre`` and ``texte``, adds a clause of the case's own. Replaced and added
clauses are laid out by ``clauses/_clause_libre.docx``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from ..errors import TemplateError
from ..render import shipped_templates_dir
from .fragments import Fragment, render_fragment

COPROPRIETE_L721_2 = date(2014, 3, 27)
"""CCH L.721-2 (loi n° 2014-366 du 24 mars 2014, dite ALUR, in force on 27 March 2014): the
documents of the copropriété the buyer must be given before the sale."""

DIAGNOSTICS_OBLIGATOIRES = date(2006, 11, 1)
"""CCH L.271-4 (ordonnance n° 2005-655 du 8 juin 2005): the dossier de diagnostic technique
is annexed to the act of sale from 1 November 2006."""

FREE_CLAUSE = "_clause_libre"


@dataclass(frozen=True)
class ClauseSpec:
    """A clause of the library: its name in a case, and which file (variant) a lot takes."""

    nom: str
    titre: str
    fichier: Callable[[dict[str, Any]], str | None]  # acte context → file stem, or None


def copropriete_variant(produit: str, act_date: date, vefa: bool) -> str:
    if vefa:
        return "copropriete_neuve"
    return "copropriete" if act_date >= COPROPRIETE_L721_2 else "copropriete_etat_date"


def diagnostics_variant(act_date: date, vefa: bool, occupant: bool) -> str:
    if vefa:
        return "diagnostics_vefa"
    if act_date < DIAGNOSTICS_OBLIGATOIRES and occupant:
        return "diagnostics_occupant"
    return "diagnostics"


def _copropriete(ctx: dict[str, Any]) -> str | None:
    if "copropriete" not in ctx["lot"]:
        return None
    return copropriete_variant(ctx["produit"], ctx["acte"]["date"], ctx["jouissance"] == "vefa")


def _diagnostics(ctx: dict[str, Any]) -> str:
    return diagnostics_variant(ctx["acte"]["date"], ctx["jouissance"] == "vefa", ctx["jouissance"] == "occupant")


def _when(condition: Callable[[dict[str, Any]], bool], stem: str | Callable[[dict[str, Any]], str]):
    def choose(ctx: dict[str, Any]) -> str | None:
        if not condition(ctx):
            return None
        return stem(ctx) if callable(stem) else stem
    return choose


LIBRARY: tuple[ClauseSpec, ...] = (
    ClauseSpec("lts_superficie", "Renonciation au droit de superficie",
               _when(lambda c: c["produit"] == "lts", "lts_superficie")),
    ClauseSpec("vefa", "Vente en l'état futur d'achèvement",
               _when(lambda c: c["jouissance"] == "vefa", "vefa")),
    ClauseSpec("bail_reel_solidaire", "Bail réel solidaire",
               _when(lambda c: c["produit"] == "brs", "bail_reel_solidaire")),
    ClauseSpec("portage_cible", "Portage ciblé provisoire",
               _when(lambda c: c["produit"] == "portage", "portage_cible")),
    ClauseSpec("copropriete", "Copropriété", _copropriete),
    ClauseSpec("copropriete_mixte", "Copropriété mixte",
               _when(lambda c: c["produit"] == "vente_hlm", "copropriete_mixte")),
    ClauseSpec("garantie_rachat", "Garantie de rachat",
               _when(lambda c: c["garanties"]["rachat"] is not None, lambda c: f"garantie_rachat_{c['produit']}")),
    ClauseSpec("garantie_relogement", "Garantie de relogement",
               _when(lambda c: c["garanties"]["relogement"] is not None,
                     lambda c: f"garantie_relogement_{c['produit']}")),
    ClauseSpec("retour_meilleure_fortune", "Clause de retour à meilleure fortune",
               _when(lambda c: c["garanties"]["retour_meilleure_fortune"], "retour_meilleure_fortune")),
    ClauseSpec("assurance_revente", "Assurance revente",
               _when(lambda c: c["calc"]["assurance"] is not None, "assurance_revente")),
    ClauseSpec("anti_speculation", "Clause anti-spéculative",
               _when(lambda c: c["calc"]["anti_speculation"] is not None, "anti_speculation")),
    ClauseSpec("diagnostics", "Diagnostics techniques", _diagnostics),
)
NAMES: tuple[str, ...] = tuple(spec.nom for spec in LIBRARY)


def settings(case: dict[str, Any], lot: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The case's clause settings, operation level then lot level (which wins), in order."""
    merged: dict[str, dict[str, Any]] = {}
    for source in (case.get("clauses", {}), lot.get("clauses", {})):
        for name, conf in source.items():
            merged[name] = {**merged.get(name, {}), **conf}
    return merged


def paragraphs(text: str) -> list[str]:
    """A case's clause text: paragraphs separated by a blank line, inner line breaks joined."""
    blocks = [" ".join(line.strip() for line in block.splitlines() if line.strip())
              for block in text.replace("\r\n", "\n").split("\n\n")]
    return [b for b in blocks if b]


class ClauseLibrary:
    """The clause files of a templates folder (falling back to the shipped library)."""

    def __init__(self, directory: Path | None, env: jinja2.Environment):
        self.directory = directory
        self.env = env
        self.shipped = shipped_templates_dir()

    def path(self, stem: str) -> Path:
        for base in ([self.directory] if self.directory is not None else []) + [self.shipped]:
            candidate = base / "clauses" / f"{stem}.docx"
            if candidate.is_file():
                return candidate
        raise TemplateError(f"clauses/{stem}.docx : clause introuvable dans la bibliothèque")

    def render(self, stem: str, context: dict[str, Any], document: str) -> Fragment:
        return render_fragment(self.path(stem), context, self.env, label=f"clauses/{stem}.docx",
                               document=document)

    def free(self, titre: str, paras: list[str], context: dict[str, Any], document: str) -> Fragment:
        return self.render(FREE_CLAUSE, {**context, "clause_libre": {"titre": titre, "paragraphes": paras}},
                           document)


def clauses_for(case: dict[str, Any], lot: dict[str, Any], context: dict[str, Any],
                library: ClauseLibrary, document: str) -> list[dict[str, Any]]:
    """The clauses of one acte, in the library's order then the case's own, each as
    ``{nom, titre, fichier, source, xml}``."""
    conf_all = settings(case, lot)
    chosen: list[dict[str, Any]] = []
    for spec in LIBRARY:
        stem = spec.fichier(context)
        if stem is None:
            continue
        conf = conf_all.get(spec.nom, {})
        if conf.get("active") is False:
            continue
        source = "dossier" if ("texte" in conf or "titre" in conf) else "bibliotheque"
        if "texte" in conf:
            # The wording is the case's: the library file only lends its title, if it can be
            # rendered (the case may lack what the library's text needs).
            titre = conf.get("titre")
            if titre is None:
                try:
                    titre = library.render(stem, context, document).titre or spec.titre
                except TemplateError:
                    titre = spec.titre
            fragment = library.free(titre, paragraphs(conf["texte"]), context, document)
        else:
            fragment = library.render(stem, context, document)
            if "titre" in conf:
                heading = library.free(conf["titre"], [], context, document)
                fragment = Fragment(conf["titre"], heading.parts + fragment.parts[1:])
        chosen.append({"nom": spec.nom, "titre": fragment.titre, "fichier": f"clauses/{stem}.docx",
                       "source": source, "paragraphes": paragraphs(conf["texte"]) if "texte" in conf else [],
                       "xml": fragment.xml})
    for name, conf in conf_all.items():
        if name in NAMES or conf.get("active") is False or "texte" not in conf or "titre" not in conf:
            continue
        fragment = library.free(conf["titre"], paragraphs(conf["texte"]), context, document)
        chosen.append({"nom": name, "titre": conf["titre"], "fichier": f"clauses/{FREE_CLAUSE}.docx",
                       "source": "dossier", "paragraphes": paragraphs(conf["texte"]), "xml": fragment.xml})
    # The acte's context also names the case's own wording ``clause_libre`` (the first clause
    # the case wrote, else an empty one): the layout file ``_clause_libre.docx`` is checked
    # against the acte's contexts (``actegen templates check``).
    first = next((c for c in chosen if c["source"] == "dossier"), None)
    context["clause_libre"] = {"titre": first["titre"], "paragraphes": first["paragraphes"]} if first else \
        {"titre": "", "paragraphes": []}
    return chosen
