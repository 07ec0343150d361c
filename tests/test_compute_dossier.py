"""Stage 3 over a case: the VEFA schedule (CCH R.261-14), the anti-speculation clause
(CCH L.443-12-1), with the delay read from the dated parameters, the AL smoothing (rapport
n° 93/4-18) and the financing of the price."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from actegen.compute.anti_speculation import anti_speculation
from actegen.compute.vefa import echeancier_vefa
from actegen.parameters import lookup
from actegen.pipeline import explain_case

from .helpers import ROOT

D = Decimal


def test_the_anti_speculation_delay_is_five_years_in_every_version_read():
    for when in (date(1997, 1, 1), date(2010, 6, 1), date(2023, 10, 12)):
        assert lookup("anti_speculation.duree_annees", when).as_int == 5
    a = anti_speculation(D("106500"), D("142000"), date(2023, 10, 12), "EUR")
    assert a.ecart == D("35500") and a.date_fin == date(2028, 10, 12)
    assert anti_speculation(D("150000"), D("142000"), date(2023, 10, 12), "EUR").ecart == 0


def test_the_vefa_calls_add_up_to_the_price_and_signing_pays_the_stage_reached():
    schedule = {
        "stade_atteint": "fondations",
        "echeancier": [
            {"stade": "fondations", "pourcentage_cumule": D("35")},
            {"stade": "hors_d_eau", "pourcentage_cumule": D("70")},
            {"stade": "achevement", "pourcentage_cumule": D("95")},
            {"stade": "livraison", "pourcentage_cumule": D("100")},
        ],
    }
    v = echeancier_vefa(D("200000.01"), schedule, "EUR")
    assert [e.montant_cumule for e in v.etapes] == [
        D("70000.00"),
        D("140000.01"),
        D("190000.01"),
        D("200000.01"),
    ]
    assert sum(e.montant_appel for e in v.etapes) == D("200000.01")
    assert v.exigible_signature == D("70000.00") and v.solde == D("130000.01")
    assert v.stade_atteint_libelle == "Achèvement des fondations"


def test_the_al_smoothing_keeps_the_household_share_and_repays_the_loan():
    """Rapport n° 93/4-18, annexe UES: instalments follow the AL the CAF expects year by year."""
    _, _, results = explain_case(ROOT / "cases" / "girimbelles-1993.yaml")
    lot1 = results.lots[0]
    assert lot1.lissage is not None and lot1.pret is not None
    lis = lot1.lissage
    assert lis.echeancier.total_capital == lot1.pret.pret.capital
    assert {a.part_menage for a in lis.annees} == {Decimal("1241.71")}
    assert [a.echeance - a.al for a in lis.annees] == [Decimal("1241.71")] * 15
    assert lis.annees[0].al == Decimal("997") and lis.annees[-1].al == Decimal("360")
    assert "Lissage de l’allocation de logement" in [s.titre for s in lot1.sections]
    without_al = results.lots[3]  # lot 4: no AL, no smoothing
    assert without_al.lissage is None


def test_the_financing_section_makes_the_price():
    _, _, results = explain_case(ROOT / "cases" / "psla-coop-2024.yaml")
    lot = results.lots[0]
    section = next(s for s in lot.sections if s.titre == "Financement du prix")
    values = [ligne.valeur for ligne in section.lignes]
    assert values == [
        Decimal("189400"),
        Decimal("7650"),
        Decimal("11750"),
        Decimal("150000"),
        Decimal("20000"),
        Decimal("189400"),
    ]
