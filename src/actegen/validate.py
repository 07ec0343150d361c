"""Stage 2 — validate: JSON Schema first, then the business rules.

Schema errors are translated into French and located at the line and column where the
offending value (or unknown key) was written. Business rules run only on a case that
the schema accepts, so each rule can rely on the structure; each rule is a plain
function returning ``CaseError`` values, listed in ``RULES``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator, FormatChecker

from .errors import CaseError, CaseInvalid, FieldPath
from .load import LoadedCase
from .schema import case_schema, coerce

_TYPE_FR = {
    "string": "un texte",
    "number": "un nombre",
    "integer": "un nombre entier",
    "boolean": "true ou false",
    "object": "une liste de champs (clé: valeur)",
    "array": "une liste (lignes commençant par « - »)",
    "null": "une valeur vide",
}


def _type_of(value: Any) -> str:
    """The kind of a value, in French, without its content (it may be personal data)."""
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, int):
        return "un nombre entier"
    if isinstance(value, Decimal):
        return "un nombre décimal"
    if isinstance(value, str):
        return "un texte"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "une liste de champs"
    return type(value).__name__


def _expected(types: Any) -> str:
    if isinstance(types, list):
        return " ou ".join(_TYPE_FR.get(t, t) for t in types)
    return _TYPE_FR.get(types, str(types))


def _message(err: jsonschema.ValidationError) -> tuple[str, FieldPath | None]:
    """A French message for a schema error, and the path of the key to point at, if any."""
    v, inst, arg = err.validator, err.instance, err.validator_value
    schema = err.schema if isinstance(err.schema, dict) else {}
    desc = schema.get("description", "")
    hint = f" ({desc})" if desc and v in ("type", "minLength") else ""
    if v == "type":
        return f"{_expected(arg)} attendu, trouvé {_type_of(inst)}{hint}", None
    if v == "required":
        missing = [k for k in arg if isinstance(inst, dict) and k not in inst]
        name = missing[0] if missing else "?"
        sub = schema.get("properties", {}).get(name, {})
        what = sub.get("description", "")
        return f"champ obligatoire manquant : « {name} »" + (f" — {what}" if what else ""), None
    if v == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(inst) - set(allowed)) if isinstance(inst, dict) else []
        name = extra[0] if extra else "?"
        close = _closest(name, allowed)
        tip = f" ; vouliez-vous dire « {close} » ?" if close else ""
        listed = ", ".join(allowed) if len(allowed) <= 12 else ", ".join(allowed[:12]) + ", …"
        return f"champ inconnu « {name} »{tip} (champs permis : {listed})", (name,)
    if v == "enum":
        return "valeur non permise ; valeurs possibles : " + ", ".join(str(x) for x in arg), None
    if v == "const":
        return f"la seule valeur possible est {arg}", None
    if v == "minimum":
        return f"doit être supérieur ou égal à {arg}", None
    if v == "maximum":
        return f"doit être inférieur ou égal à {arg}", None
    if v == "minLength":
        return f"ne doit pas être vide{hint}", None
    if v == "minItems":
        return f"au moins {arg} élément(s) attendu(s)", None
    if v == "maxItems":
        return f"au plus {arg} élément(s) permis", None
    if v == "pattern":
        return f"forme non valable : {schema.get('description', arg)}", None
    if v == "format":
        if arg == "date":
            return "date attendue au format AAAA-MM-JJ (ex. 1993-07-24), et qui existe", None
        return f"format {arg} attendu", None
    return f"valeur refusée par le schéma ({v})", None


def _closest(name: str, allowed: list[str]) -> str | None:
    import difflib

    match = difflib.get_close_matches(name, allowed, n=1, cutoff=0.75)
    return match[0] if match else None


_validator: Draft202012Validator | None = None


def _schema_validator() -> Draft202012Validator:
    global _validator
    if _validator is None:
        _validator = Draft202012Validator(case_schema(), format_checker=FormatChecker())
    return _validator


def schema_errors(loaded: LoadedCase) -> list[CaseError]:
    """Every schema violation of the case, located and in French."""
    out: list[CaseError] = []
    for err in _schema_validator().iter_errors(loaded.data):
        path: FieldPath = tuple(err.absolute_path)
        message, key = _message(err)
        if key is not None:
            path = path + key
            source = loaded.source_of(path, key=True)
        else:
            source = loaded.source_of(path)
        out.append(CaseError(source, path, message))
    return out


# --- business rules -------------------------------------------------------------------------

Rule = Callable[[dict[str, Any], LoadedCase], Iterator[CaseError]]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


def _err(loaded: LoadedCase, path: FieldPath, message: str, *, warning: bool = False) -> CaseError:
    return CaseError(loaded.source_of(path), path, message, "avertissement" if warning else "erreur")


def _walk_numbers(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, Decimal]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk_numbers(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk_numbers(v, path + (i,))
    elif isinstance(value, Decimal):
        yield path, value


@rule
def amounts_have_at_most_two_decimals(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    """A price is written to the centime: a third decimal is a typing mistake, never rounded away."""
    for path, value in _walk_numbers(loaded.data, ()):
        if value != value.quantize(Decimal("0.01")):
            yield _err(loaded, path, "au plus deux décimales (les centimes) sont permises")


@rule
def lot_numbers_are_unique(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    seen: dict[str, int] = {}
    for i, lot in enumerate(case["lots"]):
        key = str(lot["numero"])
        if key in seen:
            yield _err(loaded, ("lots", i, "numero"), f"numéro de lot déjà utilisé par lots[{seen[key]}]")
        else:
            seen[key] = i


_LTS_COMPONENTS = ("prix_de_revient", "subventions", "capital_rembourse", "foncier")


@rule
def price_components_match_product(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    """The LTS formula (seed 004) needs its components; the other products a sale price."""
    produit = case["operation"]["produit"]
    for i, lot in enumerate(case["lots"]):
        prix = lot["prix"]
        base = ("lots", i, "prix")
        if produit == "lts":
            for name in _LTS_COMPONENTS:
                if name not in prix:
                    yield _err(loaded, base, f"composante « {name} » manquante : un LTS est vendu selon la formule de la délibération")
            if "prix_de_vente" in prix:
                yield _err(loaded, base + ("prix_de_vente",), "pour un LTS, le prix est calculé par la formule : retirer prix_de_vente")
            if all(n in prix for n in _LTS_COMPONENTS):
                crd = prix["prix_de_revient"] - prix["subventions"] - prix["capital_rembourse"]
                if crd < 0:
                    yield _err(loaded, base + ("capital_rembourse",), "le capital restant dû (prix de revient − subventions − capital remboursé) serait négatif")
            if "emprunt" in prix and "capital_rembourse" in prix and prix["capital_rembourse"] > prix["emprunt"]:
                yield _err(loaded, base + ("capital_rembourse",), "le capital remboursé dépasse l'emprunt")
        elif produit == "portage":
            if "portage" not in lot:
                yield _err(loaded, ("lots", i), "champ « portage » manquant : acquisition et revente du lot porté")
        else:
            if "prix_de_vente" not in prix:
                yield _err(loaded, base, "champ « prix_de_vente » manquant pour ce produit")
        if produit == "psla" and "date_levee_option" not in lot:
            yield _err(loaded, ("lots", i), "PSLA : la date de levée d'option (date_levee_option) est obligatoire")


@rule
def co_acquereur_shares_add_up(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    for i, lot in enumerate(case["lots"]):
        shares = [a.get("quote_part") for a in lot["acquereurs"]]
        given = [s for s in shares if s is not None]
        if not given:
            continue
        if len(given) != len(shares):
            yield _err(loaded, ("lots", i, "acquereurs"), "quote-part indiquée pour un co-acquéreur seulement : l'indiquer pour chacun")
        elif sum(given) != 100:
            yield _err(loaded, ("lots", i, "acquereurs", 0, "quote_part"), f"les quotes-parts font {sum(given)} % au lieu de 100 %")


@rule
def married_buyers_state_their_regime(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    """The act states the régime matrimonial of a married or pacsé buyer (capacity to acquire)."""
    for i, lot in enumerate(case["lots"]):
        for j, a in enumerate(lot["acquereurs"]):
            if a["situation_matrimoniale"] in ("marie", "pacse") and "regime_matrimonial" not in a:
                yield _err(loaded, ("lots", i, "acquereurs", j, "situation_matrimoniale"), "régime matrimonial (regime_matrimonial) obligatoire pour une personne mariée ou pacsée")


@rule
def allocation_needs_caf_number(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    """The CAF–UES–allocataire convention names the allocataire by his CAF number."""
    for i, lot in enumerate(case["lots"]):
        al = lot.get("menage", {}).get("allocation_logement", 0)
        if al and al > 0 and not any("numero_caf" in a for a in lot["acquereurs"]):
            yield _err(loaded, ("lots", i, "menage", "allocation_logement"), "allocation logement indiquée mais aucun acquéreur n'a de numéro CAF (numero_caf)")


@rule
def commune_seller_has_a_session(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    if case["vendeur"]["type"] == "commune" and "seance" not in case:
        yield _err(loaded, ("vendeur", "type"), "un vendeur commune vend sur délibération : la séance du conseil (seance) est obligatoire")


@rule
def vote_is_coherent(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    seance = case.get("seance")
    if not seance:
        return
    vote = seance["vote"]
    counts = [k for k in ("pour", "contre", "abstentions") if k in vote]
    if vote.get("unanimite") and counts:
        yield _err(loaded, ("seance", "vote"), "vote à l'unanimité : ne pas donner aussi pour / contre / abstentions")
    if not vote.get("unanimite"):
        if "pour" not in vote:
            yield _err(loaded, ("seance", "vote"), "indiquer « unanimite: true » ou le nombre de voix « pour » (et contre, abstentions)")
        elif vote["pour"] <= vote.get("contre", 0):
            yield _err(loaded, ("seance", "vote", "pour"), "la délibération n'est pas adoptée : les voix pour ne dépassent pas les voix contre")
    members, present = seance.get("membres_en_exercice"), seance.get("presents")
    if members is not None and present is not None:
        if present > members:
            yield _err(loaded, ("seance", "presents"), "plus de présents que de conseillers en exercice")
        elif present <= members // 2:
            yield _err(loaded, ("seance", "presents"), "quorum non atteint : la majorité des membres en exercice doit être présente (CGCT L.2121-17)")


@rule
def dates_are_in_order(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    act = case["operation"]["date_acte"]
    auth = case["vendeur"]["autorisation"]["date"]
    if act < auth:
        yield _err(loaded, ("operation", "date_acte"), "la date des actes précède l'autorisation de vendre")
    seance = case.get("seance")
    if seance and seance["date_certification"] < seance["date"]:
        yield _err(loaded, ("seance", "date_certification"), "l'extrait est certifié avant la séance")


@rule
def copropriete_shares_fit(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    for i, lot in enumerate(case["lots"]):
        copro = lot.get("copropriete")
        if copro and copro["tantiemes"] > copro["tantiemes_total"]:
            yield _err(loaded, ("lots", i, "copropriete", "tantiemes"), "les tantièmes du lot dépassent le total de la copropriété")


@rule
def buy_back_request_is_admissible(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    """A buy-back request: an event of the product's list, within 12 months of the event and
    within the guarantee's duration (CCH R.443-2, arrêté du 26 mars 2004 art. 4, seed 003)."""
    from .compute.garanties import eligibilite_rachat
    from .parameters import ParameterError

    produit = case["operation"]["produit"]
    for i, lot in enumerate(case["lots"]):
        demande = lot.get("demande_rachat")
        if demande is None:
            continue
        path = ("lots", i, "demande_rachat")
        if produit not in ("accession_sociale", "psla", "vente_hlm"):
            yield _err(loaded, path, f"aucune garantie de rachat réglementaire pour le produit « {produit} »")
            continue
        act = lot.get("date_levee_option") if produit == "psla" else None
        act = act or lot.get("date_acte", case["operation"]["date_acte"])
        try:
            result = eligibilite_rachat(
                produit=produit, date_acte=act, evenement=demande["evenement"],
                date_evenement=demande["date_evenement"], date_demande=demande["date_demande"],
                residence_principale=demande["residence_principale"],
                toujours_proprietaire=demande["toujours_proprietaire"],
                lettre_recommandee=demande.get("lettre_recommandee", True))
        except ParameterError as exc:
            yield _err(loaded, path, str(exc))
            continue
        for motif in result.motifs:
            yield _err(loaded, path, f"garantie de rachat non mobilisable : {motif}")


def validate(loaded: LoadedCase) -> tuple[dict[str, Any], list[CaseError]]:
    """Check a loaded case; return the coerced case and its warnings, or raise ``CaseInvalid``."""
    errors = schema_errors(loaded)
    if errors:
        raise CaseInvalid(errors)
    case = coerce(loaded.data)
    found: list[CaseError] = []
    for check in RULES:
        found.extend(check(case, loaded))
    if any(e.is_error for e in found):
        raise CaseInvalid([e for e in found if e.is_error])
    return case, found
