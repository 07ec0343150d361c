"""The formal sections' facts (``documents/fin_acte.py``): the annexes are computed from what
the acte mentions, the wording follows the act's date."""

from __future__ import annotations

from pathlib import Path

from actegen.documents import build_jobs
from actegen.pipeline import explain_case

from .helpers import CASES


def _formalites(case: Path) -> dict:
    checked = explain_case(case)
    job = next(j for j in build_jobs(checked.case, checked.results) if j.family == "acte_de_vente")
    return job.context["formalites"]


def test_annexes_follow_the_facts_of_each_acte():
    vefa = _formalites(CASES / "vefa-accession-2025.yaml")["annexes"]
    assert vefa[0].startswith("une copie certifiée conforme d’une décision du conseil d'administration")
    assert "les plans et la notice descriptive du bien vendu" in vefa
    assert "l’attestation de garantie financière d’achèvement" in vefa
    assert any(a.startswith("l’attestation d’assurance dommages-ouvrage (la SMABTP") for a in vefa)
    assert "l’offre de prêt à taux zéro de la Caisse d'Épargne Île-de-France" in vefa
    lts = _formalites(CASES / "girimbelles-1993.yaml")["annexes"]
    assert lts == [
        "une copie certifiée conforme d’une délibération du conseil municipal n°\u00a093/4-18 en date du 24 juillet 1993,"
        " rendue exécutoire par sa transmission au représentant de l’État le 3 août 1993"
        " (article 2 de la loi n°\u00a082-213 du 2 mars 1982)",
        "le mandat donné à la Société Dionysienne d'Aménagement et de Construction",
        # lot 1's instalments follow the AL: the acte refers to the convention's schedule
        "une copie de la convention de versement de l’allocation de logement au PRÊTEUR, avec son échéancier",
        "la note de calcul du lot 1",
    ]
    brs = _formalites(CASES / "brs-ofs-2024.yaml")["annexes"]
    assert (
        "une copie du bail réel solidaire" in brs
        and "les plans et la notice descriptive du bien vendu" not in brs
    )


def test_the_service_and_the_declarations_are_those_of_the_act_date():
    lts = _formalites(CASES / "girimbelles-1993.yaml")
    assert lts["au_service_publicite"] == "à la conservation des hypothèques de Saint-Denis"
    assert "commission" not in lts["capacite_personne_physique"]
    assert "sauvegarde de justice, ni sous curatelle, ni sous tutelle" in lts["capacite_personne_physique"]
    psla = _formalites(CASES / "psla-coop-2024.yaml")
    assert psla["au_service_publicite"] == "au service de la publicité foncière de Nantes 2"
    assert "habilitation familiale" in psla["capacite_personne_physique"]
    assert psla["capacite_personne_morale"].startswith("ne faire l’objet d’aucune procédure de sauvegarde")
