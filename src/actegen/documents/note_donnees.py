"""The sections of a lot's note de calcul beyond its computations: the figures its documents
state without computing them, so that the note holds every amount the acte, the convention
CAF and the bulletin state (issue 13, point 5: the notarial review asks it of the note).

- the figures the documents derive from computed ones: the price an LTS acte states (the
  price excluding fees, less the rent arrears settled apart), the call of each VEFA stage;
- the items of the LTS frais de vente the acte lists with their rate or flat amount, when
  the case gives the total (no barème computed): each one's dated parameter and its source;
- the amounts and rates the case gives and the documents copy (copropriété charges, deposits,
  redevances, quotes-parts…): found through the case schema, whose description of such a
  field says « (montant … » or « (en %) », each with its field and its schema description as
  the line's source. A figure a computed line already shows is not repeated.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ..authoring.typography import typographie
from ..case_types import Case, Lot
from ..compute.dossier import LotResult, Section
from ..compute.explain import TAUX, Explication, Ligne
from ..compute.vefa import EcheancierVefa
from ..french import format_computed
from ..money import HUNDRED, ZERO
from ..parameters import lookup
from ..produits import act_date
from ..schema import case_schema, resolve_ref
from .acte_lts import FRAIS_ENUMERES

CENT = Decimal("0.01")

BAREME = "Frais de vente (barème)"
"""The title of the computed barème section (``compute.dossier._prix``)."""

_SUFFIXES = (" (montant, au plus deux décimales)", " (en %)")


def sections_du_lot(case: Case, lot: Lot, result: LotResult) -> tuple[Section, ...]:
    """The lot's computations, then the figures its documents state without computing them."""
    sections = list(result.sections)
    currency = case["operation"]["devise"]
    if case["operation"]["produit"] == "lts":
        sections.append(_prix_acte_lts(result, currency))
        if not any(s.titre == BAREME for s in sections):
            sections.append(_frais_enumeres(case, lot))
    if result.vefa is not None:
        sections.append(_appels_vefa(result.vefa, currency))
    shown = {_shown(ligne) for s in sections for ligne in s.lignes}
    donnees = tuple(ligne for ligne in _donnees(lot) if _shown(ligne) not in shown)
    if donnees:
        sections.append(Section("Montants donnés par le dossier et repris par les documents", donnees))
    return tuple(sections)


def _prix_acte_lts(result: LotResult, currency: str) -> Section:
    """The acte's price (``acte_lts.lts_context``): the rent arrears are a separate debt."""
    hors_frais = result.prix["prix_hors_frais"]
    loyers = result.prix.get("loyers_impayes", ZERO)
    ex = Explication()
    ex.ajouter(
        "Prix stipulé à l’acte (hors frais de vente et hors loyers impayés, réglés à part)",
        f"{format_computed(hors_frais, currency)} − {format_computed(loyers, currency)} de loyers impayés"
        if loyers
        else "prix hors frais de vente (aucun loyer impayé)",
        hors_frais - loyers,
        references=("Code civil, art. 1593 (frais à la charge de l’acheteur, en sus du prix)",),
    )
    return Section("Prix stipulé à l’acte", ex.lignes())


def _appels_vefa(vefa: EcheancierVefa, currency: str) -> Section:
    """The call of each stage the acte's table shows: this stage's cumulated amount less the
    previous stage's."""
    ex = Explication()
    previous = ZERO
    for etape in vefa.etapes:
        ex.ajouter(
            f"Appel de fonds : {etape.libelle.lower()}",
            f"{format_computed(etape.montant_cumule, currency)} − {format_computed(previous, currency)}",
            etape.montant_appel,
        )
        previous = etape.montant_cumule
    return Section("Échéancier de la VEFA : montant de chaque appel", ex.lignes())


def _frais_enumeres(case: Case, lot: Lot) -> Section:
    """The rate or flat amount of each item the acte lists in the frais de vente it states."""
    when = act_date(case, lot)
    ex = Explication()
    for name, libelle in FRAIS_ENUMERES:
        if name is None:
            continue
        pv = lookup(name, when)
        if pv.value is not None:
            ex.parametre(pv, libelle[0].upper() + libelle[1:])
    return Section("Frais de vente : éléments énumérés par l’acte", ex.lignes())


def _shown(ligne: Ligne) -> tuple[str, object]:
    """A line's value as the documents print it: an amount to the centime, a rate as a
    percentage (the same figure in two units differs)."""
    if isinstance(ligne.valeur, Decimal):
        if ligne.unite == TAUX:
            return ("taux", ligne.valeur.normalize())
        return (ligne.unite, ligne.valeur.quantize(CENT))
    return ("autre", ligne.valeur)


def _donnees(lot: Lot) -> Iterator[Ligne]:
    """Every amount and rate of the lot that the schema describes as one, in the case's order."""
    root = case_schema()
    node = resolve_ref(root["properties"]["lots"]["items"], root)
    yield from _walk(lot, node, root, "")


def _walk(value: Any, node: dict[str, Any], root: dict[str, Any], path: str) -> Iterator[Ligne]:
    node = resolve_ref(node, root)
    if isinstance(value, dict):
        properties = node.get("properties", {})
        for key, item in value.items():
            if key in properties:
                yield from _walk(item, properties[key], root, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        items = node.get("items")
        if isinstance(items, dict):
            for i, item in enumerate(value, 1):
                yield from _walk(item, items, root, f"{path}[{i}]")
    elif isinstance(value, Decimal | int) and not isinstance(value, bool):
        description = str(node.get("description", ""))
        libelle = _libelle(description)
        source = f"donnée du dossier, champ « {path} » du lot"
        if "(en %)" in description:
            yield Ligne(libelle, source, Decimal(value) / HUNDRED, unite=TAUX)
        elif "(montant" in description:
            yield Ligne(libelle, source, Decimal(value))


@functools.lru_cache(maxsize=1024)  # a function of the text alone; the schema has a few hundred
def _libelle(description: str) -> str:
    """A line's label: the schema's description of its field, without the unit's suffix."""
    libelle = description
    for suffix in _SUFFIXES:
        libelle = libelle.replace(suffix, "")
    return typographie(libelle)  # the schema's descriptions are typed plainly
