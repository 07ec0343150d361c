"""The taxes of a sale (compute.fiscalite) and the PSLA price from its contract
(compute.location_accession)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from actegen.compute.fiscalite import fiscalite
from actegen.compute.location_accession import anniversaires, prix_location_accession


def test_vefa_price_splits_into_ht_and_tva_with_its_reduced_rate_basis():
    f = fiscalite(
        produit="accession_sociale", prix=D("246000"), date_acte=date(2025, 3, 20),
        tva_incluse=True, taux_tva_pourcent=D("5.5"),
    )  # fmt: skip
    assert (f.regime, f.prix_ht, f.montant_tva) == ("tva", D("233175.36"), D("12824.64"))
    assert f.taux_reduit and f.fondement_tva.startswith("2° du III de l’article 278 sexies")
    assert f.delai_complement_annees == 15
    # taxe de publicité foncière 0,70 % + 2,14 % of it: 0,715 % in all; CSI 0,10 %
    assert [d.montant for d in f.droits] == [D("1722"), D("37")]
    assert f.csi == D("246.00") and f.taux_csi == D("0.001")
    assert f.provision == f.total_droits + f.csi + f.emoluments_ht + f.tva_emoluments + f.debours


def test_brs_has_no_reversal_period_of_art_284_ii():
    f = fiscalite(
        produit="brs",
        prix=D("168000"),
        date_acte=date(2024, 9, 26),
        tva_incluse=True,
        taux_tva_pourcent=D("5.5"),
    )
    assert f.fondement_tva.startswith("4° du III") and f.delai_complement_annees is None


def test_normal_rate_gives_no_reduced_rate_basis():
    f = fiscalite(
        produit="accession_sociale", prix=D("120000"), date_acte=date(2025, 3, 20),
        tva_incluse=True, taux_tva_pourcent=D("20"),
    )  # fmt: skip
    assert not f.taux_reduit and f.fondement_tva is None and f.prix_ht == D("100000.00")


def test_old_home_bears_droit_commun_dmto():
    f = fiscalite(produit="vente_hlm", prix=D("106500"), date_acte=date(2023, 10, 12))
    assert f.regime == "droits" and f.prix_ht is None
    assert [(d.taux, d.montant) for d in f.droits] == [
        (D("0.045"), D("4793")),
        (D("0.012"), D("1278")),
        (D("0.0237"), D("114")),
    ]
    assert f.total_droits == D("6185")
    assert f.articles_plus_value == "articles 150\u00a0U et suivants du Code général des impôts"


def test_lts_1993_duties_on_the_price_excluding_fees_at_the_rapports_rates():
    f = fiscalite(
        produit="lts", prix=D("182550.14"), date_acte=date(1993, 12, 15),
        prix_hors_frais=D("162690"), frais_de_vente=D("19860.14"), currency="FRF",
    )  # fmt: skip
    assert [(d.taux, d.montant) for d in f.droits] == [
        (D("0.0062"), D("1008.68")),
        (D("0.0711"), D("11567.26")),
        (D("0.0001"), D("16.27")),
    ]
    assert f.prix == D("162690") and f.provision == D("19860.14") and f.csi is None
    assert f.articles_plus_value == "articles 150\u00a0A et suivants du Code général des impôts"


def _contrat(**over):
    base = {
        "date_contrat": date(2021, 9, 1), "prix_initial": D("195257.73"), "minoration_annuelle": D("1.5"),
        "part_acquisitive": D("7650"), "zone": "B1", "surface_utile_m2": D("68.5"),
        "plafond_prix_m2_ht": D("2826"), "nombre_personnes": 1,
        "revenu_fiscal_reference": D("22480"), "plafond_ressources": D("24124"),
    }  # fmt: skip
    return {**base, **over}


def test_psla_price_is_the_initial_price_less_each_anniversary():
    la = prix_location_accession(_contrat(), date(2024, 4, 2), D("0.055"))
    assert la.dates_anniversaires == (date(2022, 9, 1), date(2023, 9, 1))
    assert la.prix_minore == D("189400.00") and la.solde == D("181750.00")
    assert la.prix_ht == D("179526.07") and la.prix_ht_m2 == D("2620.82")
    assert la.prix_sous_plafond and la.ressources_sous_plafond and la.avertissements == ()


def test_psla_ceilings_and_a_low_minoration_are_flagged():
    la = prix_location_accession(
        _contrat(
            minoration_annuelle=D("1"), plafond_prix_m2_ht=D("2500"), revenu_fiscal_reference=D("30000")
        ),
        date(2024, 4, 2),
        D("0.055"),
    )
    assert la.prix_minore == D("191352.58")
    assert len(la.avertissements) == 3 and not la.prix_sous_plafond and not la.ressources_sous_plafond


def test_anniversaries_count_the_day_itself_and_february_29():
    assert anniversaries_len(date(2020, 2, 29), date(2021, 2, 28)) == 1
    assert anniversaires(date(2021, 9, 1), date(2022, 8, 31)) == ()
    assert anniversaires(date(2021, 9, 1), date(2022, 9, 1)) == (date(2022, 9, 1),)


def anniversaries_len(debut: date, fin: date) -> int:
    return len(anniversaires(debut, fin))
