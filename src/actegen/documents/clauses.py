"""The clause library: which clauses an acte carries, from which Word file, with what text.

Design: each clause is its own small Word file in ``templates/clauses/`` (one per variant when
the wording depends on the product or the date: ``garantie_rachat_psla.docx``…), written in
the acte's styles with Jinja tags. For each lot, actegen picks the clauses that apply (product,
guarantees chosen, copropriété, date of the act), renders each with the acte's context
(``fragments.render_fragment``) and hands the acte template the list ``clauses``, placed part
by part (``clauses.parties``, ``clauses.expose``, ``clauses.bien``, ``clauses.conditions``,
``clauses.fin``: ``clause_catalogue.PARTIES``) with ``{{p clause.xml }}``; an office template
that loops over ``clauses`` itself gets them all, in order, at one place. An office edits a clause once, in Word, for all its acts; with
``--templates DIR`` it puts its own in ``DIR/clauses/`` and the missing ones are taken from the
shipped library. ``templates/clauses/LISEZMOI.md`` is the notary's guide.

A case tunes the library under ``clauses:`` (operation level, then lot level, which wins):
``{active: false}`` removes a clause, ``{texte: …}`` replaces its wording (paragraphs separated
by a blank line; the title stays), ``{titre: …}`` renames it, and a name that is not in the
library, with ``titre`` and ``texte``, adds a clause of the case's own. Replaced and added
clauses are laid out by ``clauses/_clause_libre.docx``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import sandbox
from ..case_types import Case, Lot
from ..clause_catalogue import FREE_CLAUSE, LIBRARY, NAMES, PARTIES, paragraphs, settings
from ..errors import TemplateError
from ..parameters import lookup
from ..render.code_cache import Compiler
from ..templates import shipped_templates_dir
from .fin_acte import formalites
from .fragments import Fragment, _Compiled, compile_fragment, render_compiled


class ClauseParts(list[dict[str, Any]]):
    """The clauses of an acte, in order, with one attribute per part of the acte
    (``clauses.fin``…): each clause records its ``partie``."""

    def __getattr__(self, partie: str) -> list[dict[str, Any]]:
        if partie not in PARTIES:
            raise AttributeError(partie)
        return [c for c in self if c["partie"] == partie]

    def __reduce__(self):  # pickled to the workers as a plain list of clauses
        return (ClauseParts, (list(self),))


class ClauseLibrary:
    """The clause files of a templates folder (falling back to the shipped library).

    One library serves one case's documents (``documents.Builder``): each clause file is
    looked up and compiled once for all the lots, not once per lot."""

    def __init__(self, directory: Path | None, compiler: Compiler):
        self.directory = directory
        self.compiler = compiler
        self.shipped = shipped_templates_dir()
        self._compiled: dict[str, _Compiled] = {}  # stem → its file, compiled
        self.rendering = ""  # the clause rendered last, to name it in a memory refusal

    def path(self, stem: str) -> Path:
        for base in ([self.directory] if self.directory is not None else []) + [self.shipped]:
            candidate = base / "clauses" / f"{stem}.docx"
            if candidate.is_file():
                return candidate
        raise TemplateError(f"clauses/{stem}.docx : clause introuvable dans la bibliothèque")

    def render(self, stem: str, context: dict[str, Any], document: str) -> Fragment:
        label = f"clauses/{stem}.docx"
        compiled = self._compiled.get(stem)
        if compiled is None:  # a missing or refused file is not kept: refused again at each lot
            compiled = self._compiled[stem] = compile_fragment(self.path(stem), self.compiler, label)
        self.rendering = label
        return render_compiled(compiled, context, label=label, document=document)

    def free(self, titre: str, paras: list[str], context: dict[str, Any], document: str) -> Fragment:
        return self.render(
            FREE_CLAUSE, {**context, "clause_libre": {"titre": titre, "paragraphes": paras}}, document
        )


def clauses_for(
    case: Case, lot: Lot, context: dict[str, Any], library: ClauseLibrary, document: str
) -> ClauseParts:
    """The clauses of one acte, in the library's order then the case's own (placed with the
    charges et conditions), each as ``{nom, titre, fichier, source, partie, xml}``."""
    conf_all = settings(case, lot)
    context["formalites"] = formalites(case, context)
    # CCH L.721-2: the notice d'information is handed over only once an arrêté fixes its content.
    context["notice_information_copropriete"] = lookup(
        "copropriete.notice_information_coproprietaires", context["acte"]["date"]
    ).as_bool
    # One budget and memory ceiling for all the clauses of the acte (a clause counts for its
    # acte: ``sandbox.guarded``), set up once rather than once per clause file. The limits of
    # steps and time are told by each clause's render (``render_compiled``), naming it; only a
    # MemoryError, which the outer ``guarded`` turns into a limit, reaches here.
    try:
        with sandbox.guarded():
            chosen = _choose(conf_all, context, library, document)
    except sandbox.TemplateLimit as exc:
        raise TemplateError(f"{library.rendering or 'clauses'}: {exc} (document {document})") from None
    chosen.sort(key=lambda c: PARTIES.index(c["partie"]))  # stable: the library's order per part
    # The acte's context also names the case's own wording ``clause_libre`` (the first clause
    # the case wrote, else an empty one): the layout file ``_clause_libre.docx`` is checked
    # against the acte's contexts (``actegen templates check``).
    first = next((c for c in chosen if c["source"] == "dossier"), None)
    context["clause_libre"] = (
        {"titre": first["titre"], "paragraphes": first["paragraphes"]}
        if first
        else {"titre": "", "paragraphes": []}
    )
    return chosen


def _choose(
    conf_all: dict[str, dict[str, Any]], context: dict[str, Any], library: ClauseLibrary, document: str
) -> ClauseParts:
    """The clauses of the library that apply, as the case tunes them, then the case's own."""
    chosen = ClauseParts()
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
        chosen.append(
            {
                "nom": spec.nom,
                "titre": fragment.titre,
                "fichier": f"clauses/{stem}.docx",
                "source": source,
                "partie": spec.partie,
                "paragraphes": paragraphs(conf["texte"]) if "texte" in conf else [],
                "xml": fragment.xml,
            }
        )
    for name, conf in conf_all.items():
        if name in NAMES or conf.get("active") is False or "texte" not in conf or "titre" not in conf:
            continue
        fragment = library.free(conf["titre"], paragraphs(conf["texte"]), context, document)
        chosen.append(
            {
                "nom": name,
                "titre": conf["titre"],
                "fichier": f"clauses/{FREE_CLAUSE}.docx",
                "source": "dossier",
                "partie": "conditions",
                "paragraphes": paragraphs(conf["texte"]),
                "xml": fragment.xml,
            }
        )
    return chosen
