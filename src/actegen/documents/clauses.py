"""The clause library: which embedded clauses an act carries, and their text.

A clause is chosen by the case (product, guarantees chosen, copropriété or not); a case
can switch one off (``clauses: {nom: {active: false}}``) or replace its text
(``clauses: {nom: {texte: …}}``), at the operation level or per lot.
"""

from __future__ import annotations

from typing import Any


def _settings(case: dict[str, Any], lot: dict[str, Any], name: str) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    merged.update(case.get("clauses", {}).get(name, {}))
    merged.update(lot.get("clauses", {}).get(name, {}))
    return merged


def clauses_for(case: dict[str, Any], lot: dict[str, Any], lot_calc: dict[str, Any]) -> list[dict[str, Any]]:
    """The clauses of one act, in order, each as a title and its paragraphs."""
    chosen: list[dict[str, Any]] = []
    for name, title, paragraphs in _candidates(case, lot, lot_calc):
        settings = _settings(case, lot, name)
        if settings.get("active") is False:
            continue
        if "texte" in settings:
            paragraphs = [p.strip() for p in settings["texte"].split("\n\n") if p.strip()]
        chosen.append({"nom": name, "titre": title, "paragraphes": paragraphs})
    return chosen


def _candidates(case: dict[str, Any], lot: dict[str, Any], lot_calc: dict[str, Any]):
    """Yield (name, title, paragraphs) of the clauses that apply; refined by the documents issue."""
    if case["operation"]["produit"] == "lts":
        yield ("lts_superficie", "Renonciation au droit de superficie", [
            "En tant que de besoin, le VENDEUR renonce au profit de l'ACQUÉREUR au droit de superficie "
            "qu'il détenait sur le lot, de sorte que l'ACQUÉREUR réunit sur sa tête la pleine propriété du "
            "tréfonds et des constructions.",
        ])
