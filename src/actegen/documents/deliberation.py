"""Context of the rapport au conseil municipal and its délibération (one per operation).

The annexes are the seed 004's three tables — simulation of prices, solvency of the
households, payments through the UES — rebuilt from the case's computed figures, with
their totals.
"""

from __future__ import annotations

from typing import Any

from .. import french
from .common import names_of, slug

_ORDINAL_ARTICLES = "ARTICLE PREMIER"


def article_title(n: int) -> str:
    """« ARTICLE PREMIER », then « ARTICLE 2 », « ARTICLE 3 »… as délibérations number them."""
    return _ORDINAL_ARTICLES if n == 1 else f"ARTICLE {n}"


def vote_phrase(vote: dict[str, Any]) -> str:
    if vote.get("unanimite"):
        return "À l'unanimité des votants"
    parts = [f"Pour : {vote['pour']}", f"Contre : {vote.get('contre', 0)}",
             f"Abstentions : {vote.get('abstentions', 0)}"]
    return "À la majorité des suffrages exprimés — " + " — ".join(parts)


def _president_title(president: dict[str, Any]) -> str:
    qualite = president["qualite"]
    return ("Le " if president["civilite"] == "Monsieur" else "La ") + qualite


def context(case: dict[str, Any], results: dict[str, Any]) -> dict[str, Any]:
    seance = case["seance"]
    president = seance["president"]
    commissions = seance.get("rapporteur", {}).get("commissions", [])
    if len(commissions) > 1:
        commissions_text = ", ".join(commissions[:-1]) + " et " + commissions[-1]
    else:
        commissions_text = "".join(commissions)
    annexe = results["annexe"]
    return {
        "op": case["operation"],
        "vendeur": case["vendeur"],
        "seance": seance,
        "articles": [{"titre": article_title(i), "texte": t} for i, t in enumerate(seance["articles"], 1)],
        "vote_phrase": vote_phrase(seance["vote"]),
        "president_titre": _president_title(president),
        "president_designation": ("Monsieur le " if president["civilite"] == "Monsieur" else "Madame la ")
        + president["qualite"],
        "commissions": commissions_text,
        "recours_phrase": _recours_phrase(seance),
        "devise_nom": "francs" if case["operation"]["devise"] == "FRF" else "euros",
        "annexe": annexe,
    }


def _recours_phrase(seance: dict[str, Any]) -> str:
    """Since the CJA (R.421-1, R.421-5) the délai de recours is stated; a 1993 extract did not."""
    if seance["date"].year >= 2001:
        return ("La présente délibération peut faire l'objet d'un recours devant le tribunal administratif "
                "dans un délai de deux mois à compter de sa publication (articles R.421-1 et R.421-5 du code "
                "de justice administrative).")
    return "Ainsi fait et délibéré les jour, mois et an susdits."


def filename(case: dict[str, Any]) -> str:
    numero = case["seance"]["numero_deliberation"]
    return f"deliberation_{slug(numero, limit=24)}.docx"


__all__ = ["context", "filename", "names_of", "french"]
