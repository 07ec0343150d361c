"""Stage 2 — validate: JSON Schema first, then the business rules.

Schema errors are translated into French and located at the line and column where the
offending value (or unknown key) was written. Business rules run only on a case that
the schema accepts, so each rule can rely on the structure; each rule is a plain
function returning ``CaseError`` values, listed in ``RULES``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator, FormatChecker

from .clause_catalogue import NAMES, copropriete_variant, diagnostics_variant, settings
from .compute.garanties import eligibilite_rachat
from .errors import CaseError, CaseInvalid, FieldPath
from .french import format_amount
from .load import LoadedCase
from .naming import WINDOWS_RESERVED_NAMES
from .parameters import ParameterError
from .produits import (
    PRODUITS_ASSURANCE_REVENTE,
    PRODUITS_RACHAT,
    PRODUITS_RELOGEMENT,
    act_date,
    debut_garanties,
    jouissance,
)
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


NOMBRE_MAX = Decimal("999999999.99")
"""The largest amount a case may hold: an act spells every amount in letters (up to
999 999 999 999, ``french.MAX_SPELLED``), and totals add many of them; beyond a billion a
figure of a social-housing sale is a typing mistake."""


@rule
def numbers_are_within_what_an_act_can_spell(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    for path, value in _walk_numbers(case, ()):  # the coerced case: every schema number is a Decimal
        if abs(value) > NOMBRE_MAX:
            yield _err(loaded, path, "nombre trop grand : au plus 999 999 999,99 (montant à vérifier)")


@rule
def case_id_can_name_a_folder(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    """The id names the output folder as it is: Windows has no folder called ``con`` or ``nul``."""
    if str(case["id"]).upper() in WINDOWS_RESERVED_NAMES:
        yield _err(loaded, ("id",), "nom réservé par Windows (CON, PRN, AUX, NUL, COM1…, LPT1…) : "
                                    "il ne peut pas nommer le dossier de sortie")


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
    """The LTS formula (rapport 93/4-18) needs its components; the other products a sale price."""
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
    within the guarantee's duration (CCH R.443-2, arrêté du 26 mars 2004 art. 4, « Qu'est-ce que la
    sécurisation Hlm ? »)."""
    produit = case["operation"]["produit"]
    for i, lot in enumerate(case["lots"]):
        demande = lot.get("demande_rachat")
        if demande is None:
            continue
        path = ("lots", i, "demande_rachat")
        if produit not in PRODUITS_RACHAT:
            yield _err(loaded, path, f"aucune garantie de rachat réglementaire pour le produit « {produit} »")
            continue
        act = debut_garanties(case, lot)
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


# --- rules of the document families (issue 5) -------------------------------------------------
# A value a document prints must be in the case: each rule below names the field a family
# needs, at the place where it belongs, rather than letting a blank reach an act.

def _amount(value: Decimal, case: dict[str, Any]) -> str:
    try:
        return format_amount(value, case["operation"]["devise"])
    except ValueError:  # a third decimal: reported by its own rule
        return str(value)


def _clause_off(case: dict[str, Any], lot: dict[str, Any], name: str) -> bool:
    """The case removed the library's clause or replaced its text (the library's fields are then unused)."""
    conf = settings(case, lot).get(name, {})
    return conf.get("active") is False or "texte" in conf



@rule
def product_data_is_present(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    """Each product's act states its own facts: the location-accession contract (PSLA), the
    land trust and its redevance (BRS), the occupant's lease and the reference price (vente
    Hlm), the convention with the town (portage), and how the price is paid."""
    produit = case["operation"]["produit"]
    fin = case.get("financement", {})
    if produit == "brs" and "bail_reel_solidaire" not in case:
        yield _err(loaded, ("operation", "produit"), "BRS : décrire le bail réel solidaire et l'organisme de foncier solidaire (bail_reel_solidaire)")
    if produit == "portage" and "portage_convention" not in case:
        yield _err(loaded, ("operation", "produit"), "portage : la convention de portage avec la commune (portage_convention) est obligatoire")
    for i, lot in enumerate(case["lots"]):
        here = ("lots", i)
        if produit == "psla" and "location_accession" not in lot:
            yield _err(loaded, here, "PSLA : le contrat de location-accession (location_accession) est obligatoire")
        if produit == "brs" and "bail_reel_solidaire" not in lot:
            yield _err(loaded, here, "BRS : la redevance et l'agrément de l'acquéreur (bail_reel_solidaire) sont obligatoires")
        if produit == "vente_hlm":
            if "vente_hlm" not in lot:
                yield _err(loaded, here, "vente Hlm : le statut de l'occupant et le prix de référence (vente_hlm) sont obligatoires")
            if "copropriete" not in lot:
                yield _err(loaded, here, "vente Hlm : le lot de la copropriété mixte (copropriete) est obligatoire")
        if "vefa" in lot and produit != "accession_sociale":
            yield _err(loaded, here + ("vefa",), "la vente en l'état futur d'achèvement (vefa) ne vaut que pour l'accession sociale")
        if "plan_de_financement" not in lot and not (produit == "lts" and "part_signature" in fin):
            yield _err(loaded, here, "le paiement du prix doit être décrit : apport et prêts de l'acquéreur (plan_de_financement)"
                       + (" ou paiement par le prêteur (financement.part_signature)" if produit == "lts" else ""))


@rule
def financing_adds_up_to_the_price(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    """The act lists where the price comes from: the sources must make the price exactly."""
    produit = case["operation"]["produit"]
    if produit == "lts":
        return  # the LTS price is computed; its payment goes through the lender
    for i, lot in enumerate(case["lots"]):
        plan = lot.get("plan_de_financement")
        if plan is None:
            continue
        price = lot["portage"]["prix_revente"] if produit == "portage" and "portage" in lot else lot["prix"].get("prix_de_vente")
        if price is None:
            continue
        apport = plan.get("apport", Decimal(0))
        loans = sum((p["montant"] for p in plan.get("prets", [])), Decimal(0))
        part = lot["location_accession"]["part_acquisitive"] if produit == "psla" and "location_accession" in lot else Decimal(0)
        total = apport + loans + part
        if total != price:
            detail = f"apport {_amount(apport, case)} + prêts {_amount(loans, case)}"
            if produit == "psla":
                detail += f" + part acquisitive {_amount(part, case)}"
            yield _err(loaded, ("lots", i, "plan_de_financement"),
                       f"le financement ({detail}) fait {_amount(total, case)}, pas le prix de {_amount(price, case)}")


@rule
def guarantees_fit_the_product(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    """Buy-back: CCH R*443-2 (accession sociale), arrêté du 26 mars 2004 (PSLA), CCH
    L.443-15-8 (vente Hlm); relogement: accession sociale and PSLA; the resale insurance is
    offered in VEFA, PSLA and BRS (« Qu'est-ce que la sécurisation Hlm ? »). Its bulletin needs
    each adhérent's phone and
    e-mail; the retour à meilleure fortune needs a relogement with maintien dans les lieux."""
    produit = case["operation"]["produit"]
    g = case.get("garanties", {})
    own = "la décrire par une clause propre au dossier (clauses: {nom: {titre: …, texte: …}})"
    if g.get("rachat") and produit not in PRODUITS_RACHAT:
        yield _err(loaded, ("garanties", "rachat"), f"pas de garantie de rachat réglementaire pour le produit « {produit} » : {own}")
    if g.get("relogement") and produit not in PRODUITS_RELOGEMENT:
        yield _err(loaded, ("garanties", "relogement"), f"pas de garantie de relogement réglementaire pour le produit « {produit} » : {own}")
    if g.get("relogement") and produit in PRODUITS_RELOGEMENT and "forme_relogement" not in g:
        yield _err(loaded, ("garanties", "relogement"), "garantie de relogement choisie : préciser sa forme (forme_relogement : au_choix, maintien_dans_les_lieux ou autre_logement)")
    if g.get("retour_meilleure_fortune") and not (
            g.get("relogement") and g.get("forme_relogement") in ("au_choix", "maintien_dans_les_lieux")):
        yield _err(loaded, ("garanties", "retour_meilleure_fortune"), "la clause de retour à meilleure fortune suppose une garantie de relogement avec maintien dans les lieux (forme_relogement : au_choix ou maintien_dans_les_lieux)")
    if not g.get("assurance_revente"):
        return
    if produit not in PRODUITS_ASSURANCE_REVENTE:
        yield _err(loaded, ("garanties", "assurance_revente"), f"l'assurance revente n'est proposée qu'en accession sociale (VEFA), PSLA et BRS, pas pour le produit « {produit} »")
        return
    if "assurance_revente" not in case:
        yield _err(loaded, ("garanties", "assurance_revente"), "assurance revente choisie : décrire le contrat (assurance_revente : assureur, courtier, numéro…)")
    for i, lot in enumerate(case["lots"]):
        if "assurance_revente" not in lot:
            if not _clause_off(case, lot, "assurance_revente"):
                yield _err(loaded, ("lots", i), "assurance revente choisie : indiquer l'adhésion de l'acquéreur (assurance_revente), ou retirer la clause pour ce lot (clauses: {assurance_revente: {active: false}})")
            continue
        for j, a in enumerate(lot["acquereurs"]):
            for key, what in (("telephone", "téléphone"), ("courriel", "adresse électronique")):
                if key not in a:
                    yield _err(loaded, ("lots", i, "acquereurs", j), f"{what} ({key}) obligatoire : le bulletin d'assurance revente le mentionne")


@rule
def caf_convention_has_its_parties(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    """A household receiving the AL and repaying the case's loan signs a convention with the
    CAF and the lender (rapport n° 93/4-18): both must be named, with their representative."""
    fin = case.get("financement", {})
    if "taux_annuel" not in fin:
        return
    for i, lot in enumerate(case["lots"]):
        al = lot.get("menage", {}).get("allocation_logement", 0)
        if al and al > 0:
            path = ("lots", i, "menage", "allocation_logement")
            if "caf" not in case:
                yield _err(loaded, path, "allocation logement versée au prêteur : la caisse d'allocations familiales (caf) est obligatoire pour la convention tripartite")
            for key, what in (("preteur", "le prêteur"), ("siege_preteur", "le siège du prêteur"),
                              ("representant_preteur", "le représentant du prêteur")):
                if key not in fin:
                    yield _err(loaded, path, f"convention CAF–prêteur–allocataire : {what} (financement.{key}) est obligatoire")
            return


@rule
def copropriete_information_is_complete(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    """Carrez surface (loi du 10 juillet 1965, art. 46) except cellars, garages, parking and lots
    under 8 m²; the copropriété clause's figures (CCH L.721-2: charges, fonds de travaux — due
    since 1 January 2017 —, sums owed by the seller; the syndic)."""
    produit = case["operation"]["produit"]
    for i, lot in enumerate(case["lots"]):
        co = lot.get("copropriete")
        if co is None:
            continue
        here = ("lots", i, "copropriete")
        vefa = "vefa" in lot
        if not vefa and "surface_carrez_m2" not in co and "dispense_carrez" not in co:
            yield _err(loaded, here, "surface privative (surface_carrez_m2) obligatoire pour un lot de copropriété (loi du 10 juillet 1965, art. 46), sauf cave, garage, parking ou lot de moins de 8 m² (dispense_carrez)")
        if _clause_off(case, lot, "copropriete"):
            continue
        variant = copropriete_variant(produit, act_date(case, lot), vefa)
        needed = ["syndic", "charges_courantes_annuelles"]
        if variant != "copropriete_neuve":
            needed.append("sommes_dues_vendeur")
        if variant == "copropriete" and act_date(case, lot) >= date(2017, 1, 1):
            needed.append("fonds_travaux")
        for key in needed:
            if key not in co:
                yield _err(loaded, here, f"champ « {key} » obligatoire : la clause de copropriété de l'acte le mentionne")


@rule
def diagnostics_are_listed(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    """Since 1 November 2006 the act lists the dossier de diagnostic technique it annexes (CCH L.271-4)."""
    produit = case["operation"]["produit"]
    for i, lot in enumerate(case["lots"]):
        how = jouissance(produit, lot)
        if (diagnostics_variant(act_date(case, lot), how == "vefa", how == "occupant") == "diagnostics"
                and "diagnostics" not in lot and not _clause_off(case, lot, "diagnostics")):
            yield _err(loaded, ("lots", i), "dossier de diagnostic technique (diagnostics) obligatoire : l'acte énumère les diagnostics annexés (CCH L.271-4)")


_VEFA_ORDER = ("fondations", "hors_d_eau", "achevement", "livraison")
_VEFA_MAX = {"fondations": Decimal(35), "hors_d_eau": Decimal(70), "achevement": Decimal(95), "livraison": Decimal(100)}


@rule
def vefa_schedule_respects_r261_14(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    """CCH R.261-14: at most 35 % of the price at the foundations, 70 % out of water, 95 % at
    completion; the balance at delivery. Stages in order, cumulated rates rising to 100 %."""
    for i, lot in enumerate(case["lots"]):
        vefa = lot.get("vefa")
        if vefa is None:
            continue
        here = ("lots", i, "vefa", "echeancier")
        steps = vefa["echeancier"]
        order = [_VEFA_ORDER.index(s["stade"]) for s in steps]
        if order != sorted(set(order)):
            yield _err(loaded, here, "stades dans le désordre ou répétés (fondations, hors_d_eau, achevement, livraison)")
            continue
        previous = Decimal(0)
        for j, step in enumerate(steps):
            rate = step["pourcentage_cumule"]
            if rate > _VEFA_MAX[step["stade"]]:
                yield _err(loaded, here + (j, "pourcentage_cumule"), f"au plus {_VEFA_MAX[step['stade']]} % du prix au stade « {step['stade']} » (CCH R.261-14)")
            if rate < previous:
                yield _err(loaded, here + (j, "pourcentage_cumule"), "les pourcentages cumulés ne peuvent pas diminuer")
            previous = rate
        if steps[-1]["stade"] != "livraison" or steps[-1]["pourcentage_cumule"] != 100:
            yield _err(loaded, here, "le dernier stade est la livraison, à 100 % du prix")
        reached = vefa["stade_atteint"]
        if reached != "aucun" and reached not in [s["stade"] for s in steps]:
            yield _err(loaded, ("lots", i, "vefa", "stade_atteint"), f"stade « {reached} » absent de l'échéancier")


@rule
def product_dates_are_in_order(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    produit = case["operation"]["produit"]
    for i, lot in enumerate(case["lots"]):
        act = act_date(case, lot)
        la = lot.get("location_accession")
        if produit == "psla" and la is not None and "date_levee_option" in lot:
            if not la["date_contrat"] <= la["date_entree_dans_les_lieux"] <= lot["date_levee_option"] <= act:
                yield _err(loaded, ("lots", i, "date_levee_option"), "dates incohérentes : contrat ≤ entrée dans les lieux ≤ levée d'option ≤ acte")
        hlm = lot.get("vente_hlm")
        if hlm is not None and not hlm["date_bail"] <= act or hlm is not None and not hlm["locataire_depuis"] <= act:
            yield _err(loaded, ("lots", i, "vente_hlm"), "le bail et l'occupation précèdent la vente")
        vefa = lot.get("vefa")
        if vefa is not None and not vefa["date_reservation"] <= act < vefa["date_achevement_prevue"]:
            yield _err(loaded, ("lots", i, "vefa"), "dates incohérentes : réservation ≤ acte < achèvement prévu")
        conv = case.get("portage_convention")
        if produit == "portage" and conv is not None and "portage" in lot and lot["portage"]["date_acquisition"] < conv["date"]:
            yield _err(loaded, ("lots", i, "portage", "date_acquisition"), "acquisition antérieure à la convention de portage")
        if lot["prix"].get("tva_incluse") and "taux_tva" not in lot["prix"]:
            yield _err(loaded, ("lots", i, "prix", "tva_incluse"), "prix TVA incluse : indiquer le taux (taux_tva)")


@rule
def clause_settings_are_coherent(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    """A name outside the library adds a clause of the case's own: it needs its title and text."""
    places: list[tuple[FieldPath, dict[str, Any]]] = [(("clauses",), case.get("clauses", {}))]
    places += [(("lots", i, "clauses"), lot.get("clauses", {})) for i, lot in enumerate(case["lots"])]
    for base, conf_all in places:
        for name, conf in conf_all.items():
            path = base + (name,)
            if conf.get("active") is False and ("texte" in conf or "titre" in conf):
                yield _err(loaded, path, "clause retirée (active: false) : ne pas donner aussi son titre ou son texte")
            elif name not in NAMES and not ("titre" in conf and "texte" in conf) and conf.get("active") is not False:
                close = _closest(name, list(NAMES))
                tip = f" ; vouliez-vous dire « {close} » ?" if close else ""
                yield _err(loaded, path, f"clause « {name} » absente de la bibliothèque{tip} (clauses : {', '.join(NAMES)}) ; "
                           "pour ajouter une clause propre au dossier, donner son titre et son texte")


@rule
def modern_extract_is_complete(case: dict[str, Any], loaded: LoadedCase) -> Iterator[CaseError]:
    """A modern extract of the register (here: from 2001, the CJA's appeal mention) states the
    members in office, present and represented, the convocation and the secrétaire de séance
    (CGCT L.2121-10, L.2121-15, L.2121-17); one proxy per councillor (L.2121-20)."""
    seance = case.get("seance")
    if not seance:
        return
    if seance["date"] >= date(2001, 1, 1):
        for key, what in (("membres_en_exercice", "le nombre de conseillers en exercice"),
                          ("presents", "le nombre de présents"), ("date_convocation", "la date de la convocation"),
                          ("secretaire", "le secrétaire de séance")):
            if key not in seance:
                yield _err(loaded, ("seance",), f"{what} ({key}) est obligatoire dans l'extrait du registre des délibérations")
    present, proxies = seance.get("presents"), seance.get("representes", 0)
    if present is not None and proxies > present:
        yield _err(loaded, ("seance", "representes"), "plus de pouvoirs que de présents : un conseiller ne peut détenir qu'un pouvoir (CGCT L.2121-20)")
    vote = seance["vote"]
    cast = vote.get("pour", 0) + vote.get("contre", 0) + vote.get("abstentions", 0)
    if present is not None and cast > present + proxies:
        yield _err(loaded, ("seance", "vote"), f"{cast} voix pour {present + proxies} votants (présents et représentés)")
    if "date_convocation" in seance and seance["date_convocation"] > seance["date"]:
        yield _err(loaded, ("seance", "date_convocation"), "la convocation est postérieure à la séance")
    for key in ("date_transmission_prefecture", "date_publication"):
        if key in seance and seance[key] < seance["date"]:
            yield _err(loaded, ("seance", key), "date antérieure à la séance")
