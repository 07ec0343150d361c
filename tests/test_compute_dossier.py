"""Stage 3 over a case: the VEFA schedule (CCH R.261-14) and the anti-speculation clause
(CCH L.443-12-1), with the delay read from the dated parameters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from actegen.compute.anti_speculation import anti_speculation
from actegen.compute.vefa import echeancier_vefa
from actegen.parameters import lookup

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
