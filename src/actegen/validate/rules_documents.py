"""Rules of the document families (issue 5): a value a document prints must be in the case,
so each rule names the field a family needs, at the place where it belongs, rather than
letting a blank reach an act — the séance and its extract, the CAF convention, the
copropriété and diagnostics clauses, the clause settings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..case_types import Case
from ..clause_catalogue import NAMES, copropriete_variant, diagnostics_variant, donnees_personnelles_variant
from ..errors import CaseError, FieldPath, ParameterError
from ..load import LoadedCase
from ..parameters import lookup
from ..produits import act_date, jouissance
from .common import clause_off, err
from .schema_errors import closest


def vote_is_coherent(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    seance = case.get("seance")
    if not seance:
        return
    vote = seance["vote"]
    counts = [k for k in ("pour", "contre", "abstentions") if k in vote]
    if vote.get("unanimite") and counts:
        yield err(
            loaded, ("seance", "vote"), "vote à l'unanimité : ne pas donner aussi pour / contre / abstentions"
        )
    if not vote.get("unanimite"):
        if "pour" not in vote:
            yield err(
                loaded,
                ("seance", "vote"),
                "indiquer « unanimite: true » ou le nombre de voix « pour » (et contre, abstentions)",
            )
        elif vote["pour"] <= vote.get("contre", 0):
            yield err(
                loaded,
                ("seance", "vote", "pour"),
                "la délibération n'est pas adoptée : les voix pour ne dépassent pas les voix contre",
            )
    members, present = seance.get("membres_en_exercice"), seance.get("presents")
    if members is not None and present is not None:
        if present > members:
            yield err(loaded, ("seance", "presents"), "plus de présents que de conseillers en exercice")
        elif present <= members // 2:
            yield err(
                loaded,
                ("seance", "presents"),
                "quorum non atteint : la majorité des membres en exercice doit être présente (CGCT L.2121-17)",
            )


def caf_convention_has_its_parties(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
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
                yield err(
                    loaded,
                    path,
                    "allocation logement versée au prêteur : la caisse d'allocations familiales (caf) est obligatoire pour la convention tripartite",
                )
            for key, what in (
                ("preteur", "le prêteur"),
                ("siege_preteur", "le siège du prêteur"),
                ("representant_preteur", "le représentant du prêteur"),
            ):
                if key not in fin:
                    yield err(
                        loaded,
                        path,
                        f"convention CAF–prêteur–allocataire : {what} (financement.{key}) est obligatoire",
                    )
            return


def copropriete_information_is_complete(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
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
            yield err(
                loaded,
                here,
                "surface privative (surface_carrez_m2) obligatoire pour un lot de copropriété (loi du 10 juillet 1965, art. 46), sauf cave, garage, parking ou lot de moins de 8 m² (dispense_carrez)",
            )
        if clause_off(case, lot, "copropriete"):
            continue
        variant = copropriete_variant(produit, act_date(case, lot), vefa)
        needed = ["syndic", "charges_courantes_annuelles"]
        if variant != "copropriete_neuve":
            needed.append("sommes_dues_vendeur")
        if variant == "copropriete" and lookup("copropriete.fonds_travaux", act_date(case, lot)).as_bool:
            needed.append("fonds_travaux")
        for key in needed:
            if key not in co:
                yield err(
                    loaded,
                    here,
                    f"champ « {key} » obligatoire : la clause de copropriété de l'acte le mentionne",
                )


def diagnostics_are_listed(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """Since 1 November 2006 the act lists the dossier de diagnostic technique it annexes (CCH L.271-4)."""
    produit = case["operation"]["produit"]
    for i, lot in enumerate(case["lots"]):
        how = jouissance(produit, lot)
        if (
            diagnostics_variant(act_date(case, lot), how == "vefa", how == "occupant") == "diagnostics"
            and "diagnostics" not in lot
            and not clause_off(case, lot, "diagnostics")
        ):
            yield err(
                loaded,
                ("lots", i),
                "dossier de diagnostic technique (diagnostics) obligatoire : l'acte énumère les diagnostics annexés (CCH L.271-4)",
            )


def clause_settings_are_coherent(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """A name outside the library adds a clause of the case's own: it needs its title and text."""
    places: list[tuple[FieldPath, dict[str, Any]]] = [(("clauses",), case.get("clauses", {}))]
    places += [(("lots", i, "clauses"), lot.get("clauses", {})) for i, lot in enumerate(case["lots"])]
    for base, conf_all in places:
        for name, conf in conf_all.items():
            path = base + (name,)
            if conf.get("active") is False and ("texte" in conf or "titre" in conf):
                yield err(
                    loaded,
                    path,
                    "clause retirée (active: false) : ne pas donner aussi son titre ou son texte",
                )
            elif (
                name not in NAMES
                and not ("titre" in conf and "texte" in conf)
                and conf.get("active") is not False
            ):
                close = closest(name, list(NAMES))
                # The closest name when there is one; the whole library (templates/clauses/LISEZMOI.md)
                # only otherwise, as it is long.
                tip = f" ; vouliez-vous dire « {close} » ?" if close else f" (clauses : {', '.join(NAMES)})"
                yield err(
                    loaded,
                    path,
                    f"clause « {name} » absente de la bibliothèque{tip} ; "
                    "pour ajouter une clause propre au dossier, donner son titre et son texte",
                )


def modern_extract_is_complete(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """A modern extract of the register (here: from 2001, the CJA's appeal mention) states the
    members in office, present and represented, the convocation and the secrétaire de séance
    (CGCT L.2121-10, L.2121-15, L.2121-17); one proxy per councillor (L.2121-20)."""
    seance = case.get("seance")
    if not seance:
        return
    if lookup("deliberation.extrait_moderne", seance["date"]).as_bool:
        for key, what in (
            ("membres_en_exercice", "le nombre de conseillers en exercice"),
            ("presents", "le nombre de présents"),
            ("date_convocation", "la date de la convocation"),
            ("secretaire", "le secrétaire de séance"),
        ):
            if key not in seance:
                yield err(
                    loaded,
                    ("seance",),
                    f"{what} ({key}) est obligatoire dans l'extrait du registre des délibérations",
                )
    present, proxies = seance.get("presents"), seance.get("representes", 0)
    if present is not None and proxies > present:
        yield err(
            loaded,
            ("seance", "representes"),
            "plus de pouvoirs que de présents : un conseiller ne peut détenir qu'un pouvoir (CGCT L.2121-20)",
        )
    vote = seance["vote"]
    cast = vote.get("pour", 0) + vote.get("contre", 0) + vote.get("abstentions", 0)
    if present is not None and cast > present + proxies:
        yield err(
            loaded,
            ("seance", "vote"),
            f"{cast} voix pour {present + proxies} votants (présents et représentés)",
        )
    if "date_convocation" in seance and seance["date_convocation"] > seance["date"]:
        yield err(loaded, ("seance", "date_convocation"), "la convocation est postérieure à la séance")
    for key, when in (
        ("date_transmission_prefecture", seance.get("date_transmission_prefecture")),
        ("date_publication", seance.get("date_publication")),
    ):
        if when is not None and when < seance["date"]:
            yield err(loaded, ("seance", key), "date antérieure à la séance")


def formal_sections_have_their_facts(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """The formal sections of an acte (issue 13): the service where it is published, named as
    on the act's date (conservation des hypothèques until 31 December 2012), and, from
    25 May 2018, the office's data protection officer the RGPD notice gives (art. 13)."""
    seen: set[str] = set()
    service = case["operation"].get("service_publicite_fonciere")
    for lot in case["lots"]:
        when = act_date(case, lot)
        found: list[CaseError] = []
        if not clause_off(case, lot, "publicite_fonciere"):
            name = str(lookup("publicite_fonciere.denomination_service", when).value)
            if service is None:
                found.append(
                    err(
                        loaded,
                        ("operation",),
                        "champ « service_publicite_fonciere » obligatoire : la clause « Publicité "
                        "foncière » de l'acte nomme le service où il est publié",
                    )
                )
            elif not service.startswith(name):
                found.append(
                    err(
                        loaded,
                        ("operation", "service_publicite_fonciere"),
                        f"à la date de l'acte ({when.strftime('%d/%m/%Y')}), le service se nomme "
                        f"« {name} de … » (ordonnance n° 2010-638 du 10 juin 2010 : service de la "
                        "publicité foncière depuis le 1er janvier 2013)",
                    )
                )
        if case["operation"].get("support_acte") == "electronique":
            try:
                lookup("cloture.signature_electronique_notaire", when)
            except ParameterError:
                found.append(
                    err(
                        loaded,
                        ("operation", "support_acte"),
                        "pas d'acte notarié sur support électronique avant le 1er février 2006 "
                        "(décret n° 2005-973 du 10 août 2005) : « papier »",
                    )
                )
        if (
            donnees_personnelles_variant(when) == "donnees_personnelles"
            and not clause_off(case, lot, "donnees_personnelles")
            and "delegue_protection_donnees" not in case["notaire"]
        ):
            found.append(
                err(
                    loaded,
                    ("notaire",),
                    "champ « delegue_protection_donnees » obligatoire : depuis le 25 mai 2018, la "
                    "clause « Données personnelles » donne les coordonnées du délégué à la protection "
                    "des données de l'office (règlement (UE) 2016/679, art. 13)",
                )
            )
        for e in found:
            if e.message not in seen:
                seen.add(e.message)
                yield e
