"""Dated parameters: values at a date, references, scales, and one broken file per error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from actegen import parameters as P
from actegen.errors import ParameterError
from actegen.parameters import Scale, load_parameters


def test_every_shipped_parameter_loads_with_a_reference_on_every_value():
    names = P.names()
    assert len(names) >= 60
    for name in names:
        periods = P.history(name)
        assert periods, name
        for pv in periods:
            assert pv.references, f"{name} au {pv.start} sans référence"
            assert pv.description


def test_assurance_revente_ceiling_changes_on_1_april_2018():
    before = P.lookup("assurance_revente.plafond_indemnite", date(2018, 3, 31))
    after = P.lookup("assurance_revente.plafond_indemnite", date(2018, 4, 1))
    assert before.value == Decimal("40000")
    assert before.end == date(2018, 4, 1)
    assert after.value == Decimal("35000")
    assert after.start == date(2018, 4, 1) and after.end is None
    assert "40\u202f000" in before.reference and "35\u202f000" in after.reference


def test_values_are_decimal_from_the_yaml_text_never_float():
    taux = P.get("pret_ues.taux_annuel", date(1993, 7, 24))
    assert isinstance(taux, Decimal) and taux == Decimal("0.105")
    assert str(P.get("frais_vente.droits_enregistrement", date(1993, 7, 24))) == "0.0711"
    assert P.get("pret_ues.duree_annees", date(1993, 7, 24)) == 15
    assert P.get("garantie_rachat.annee_6_minoree", date(2010, 1, 1)) is True
    assert P.get("garantie_relogement.psla.plafond_ressources", date(2010, 1, 1)) == "PLUS"
    assert "mobilite_professionnelle" not in P.get("garantie_rachat.vente_hlm.evenements", date(2020, 1, 1))


def test_seed_004_bareme_and_ues_values():
    at = date(1993, 7, 24)
    assert P.get("frais_vente.taxe_publicite_fonciere", at) == Decimal("0.0062")
    assert P.get("frais_vente.salaire_conservateur", at) == Decimal("0.0001")
    assert P.get("frais_vente.timbre_et_copie", at) == 3000
    assert P.get("frais_vente.dossier_ues", at) == 1200
    assert P.get("frais_vente.caution_taux", at) == Decimal("0.02")
    assert P.get("frais_vente.mandataire_sodiac", at) == 3500
    assert P.get("paiement_ues.part_signature", at) + P.get("paiement_ues.part_consignee", at) == 1
    assert P.get("paiement_ues.mois_pris_en_charge_mutuelle", at) == 5
    assert P.get("solvabilite.taux_effort_max", at) == Decimal("0.25")
    assert P.get("pret_ues.convention", at) == "annuite_annuelle_sur_12"


def test_no_value_before_the_first_date():
    with pytest.raises(ParameterError, match="aucune valeur en vigueur au 2012-12-31"):
        P.get("csi.taux", date(2012, 12, 31))


def test_a_null_value_ends_a_parameter():
    assert P.get("frais_vente.timbre_et_copie", date(2001, 12, 31)) == 3000
    with pytest.raises(ParameterError, match="abrogée le 2002-01-01"):
        P.get("frais_vente.timbre_et_copie", date(2002, 1, 1))
    with pytest.raises(ParameterError, match="abrogée le 2013-01-01"):
        P.get("frais_vente.salaire_conservateur", date(2013, 1, 1))
    assert P.get("dmto.taux_departemental_majore", date(2028, 3, 31)) == Decimal("0.05")
    with pytest.raises(ParameterError):
        P.get("dmto.taux_departemental_majore", date(2028, 4, 1))


def test_unknown_parameter():
    with pytest.raises(ParameterError, match="paramètre inconnu : nope"):
        P.get("nope", date(2020, 1, 1))


def test_notary_scale_by_tranches_at_two_dates():
    old = P.get("emoluments_notaire.vente", date(2020, 12, 31))
    new = P.get("emoluments_notaire.vente", date(2021, 1, 1))
    assert isinstance(old, Scale) and isinstance(new, Scale)
    assert [b.rate for b in old.brackets][-1] == Decimal("0.00814")
    assert [b.threshold for b in new.brackets] == [0, 6500, 17000, 60000]
    # 6 500 × 3,870 % + 10 500 × 1,596 % + 43 000 × 1,064 % + 40 000 × 0,799 %
    assert new.calc(Decimal("100000")) == Decimal("1196.2500")
    tranches = new.tranches(Decimal("10000"))
    assert [t.assiette for t in tranches] == [Decimal("6500"), Decimal("3500")]
    assert new.calc(Decimal("0")) == 0


def test_group_reference_is_inherited_and_value_reference_replaces_it():
    at = date(2010, 1, 1)
    base = P.lookup("garantie_rachat.accession_sociale.taux_base", at)
    assert any("R*443-2" in r for r in base.references)
    plafond = P.lookup("assurance_revente.plafond_indemnite", at)
    assert len(plafond.references) == 1 and "40\u202f000" in plafond.references[0]


# ----------------------------------------------------------------- broken files


def _write(tmp_path: Path, text: str, name: str = "essai.yaml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


GOOD = """\
description: essai
taux:
  description: un taux
  unit: /1
  reference: texte de loi
  values:
    2000-01-01: {value: "0.1"}
"""


def test_a_good_file_loads(tmp_path):
    ps = load_parameters(_write(tmp_path, GOOD))
    assert ps.get("essai.taux", date(2000, 1, 1)) == Decimal("0.1")
    assert ps.names() == ("essai.taux",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD + "taux:\n  description: bis\n", "clé en double « taux »"),
        (GOOD.replace("  reference: texte de loi\n", ""), "valeur sans référence"),
        (GOOD.replace("  unit: /1\n", ""), "« unit » manquant"),
        (GOOD.replace("unit: /1", "unit: pourcent"), "unité inconnue"),
        (GOOD.replace('{value: "0.1"}', '{value: "dix"}'), "nombre illisible"),
        (GOOD.replace("2000-01-01", "2000-13-01"), "date de début illisible"),
        (GOOD + '    1999-01-01: {value: "0.2"}\n', "ordre chronologique"),
        (GOOD.replace('{value: "0.1"}', '{valeur: "0.1"}'), "attendu « value » ou « brackets »"),
        (GOOD.replace("unit: /1", "unit: bool"), "booléen attendu"),
        (GOOD.replace("unit: /1", "unit: year"), "entier attendu"),
        (
            GOOD.replace('{value: "0.1"}', '{brackets: [{threshold: "10", rate: "0.1"}]}'),
            "seuils croissants à partir de 0",
        ),
        (GOOD.replace("description: essai\n", ""), "« description » manquante"),
        (
            GOOD.replace("reference: texte de loi", "reference: {article: art. 1}"),
            "une référence doit avoir un « titre »",
        ),
        ("description: x\ntaux: [1, 2]\n", "groupe ou paramètre attendu"),
        (
            'description: x\ntaux: {description: d, unit: /1, values: {2000-01-01: {value: "1"}},'
            " reference: r, extra: 1}\n",
            "clés inconnues",
        ),
        ("description: [unclosed\n", "YAML illisible"),
    ],
)
def test_each_broken_file_is_refused_with_its_reason(tmp_path, text, message):
    with pytest.raises(ParameterError, match=message):
        load_parameters(_write(tmp_path, text))


def test_yaml_11_booleans_stay_text_for_a_text_parameter(tmp_path):
    text = GOOD.replace("unit: /1", "unit: text").replace('{value: "0.1"}', "{value: non}")
    assert load_parameters(_write(tmp_path, text)).get("essai.taux", date(2001, 1, 1)) == "non"


# ----------------------------------------------------------------- legal dates (issue 12)

# (parameter, first day of the new rule): the day before gives the former rule.
_SWITCHES = [
    ("suretes.hypotheque_legale_speciale_vendeur", date(2022, 1, 1)),  # ordonnance n° 2021-1192
    ("copropriete.information_acquereur_l721_2", date(2014, 3, 27)),  # loi ALUR, CCH L.721-2
    ("copropriete.fonds_travaux", date(2017, 1, 1)),  # loi du 10 juillet 1965, art. 14-2
    ("diagnostics.dossier_diagnostic_technique", date(2006, 11, 1)),  # CCH L.271-4
    ("deliberation.extrait_moderne", date(2001, 1, 1)),  # CJA R.421-1, R.421-5
    ("deliberation.signature_secretaire", date(2022, 7, 1)),  # CGCT L.2121-23
    ("aides_logement.code_construction", date(2019, 9, 1)),  # ordonnance n° 2019-770
]


@pytest.mark.parametrize(("name", "switch"), _SWITCHES, ids=[n for n, _ in _SWITCHES])
def test_a_legal_date_switches_a_rule_on_its_first_day(name: str, switch: date):
    before = P.lookup(name, date.fromordinal(switch.toordinal() - 1))
    after = P.lookup(name, switch)
    assert before.as_bool is False and before.end == switch
    assert after.as_bool is True and after.start == switch and after.end is None
    assert after.reference and "seed" not in after.reference
    assert P.get(name, date(1993, 7, 24)) is (switch <= date(1993, 7, 24))


def test_legal_dates_whose_source_is_not_confirmed_say_so():
    assert "non relu" in P.lookup("vefa.plafond_cumule.fondations", date(1978, 6, 7)).reference
    assert "non relu" not in P.lookup("vefa.plafond_cumule.fondations", date(1978, 6, 8)).reference
    assert "non relu" in P.lookup("location_accession.minoration_annuelle", date(2024, 6, 14)).reference
    # the DDT date is read (1 November 2006), 2007 being the diagnosticians' certification
    ddt = P.lookup("diagnostics.dossier_diagnostic_technique", date(2006, 11, 1)).reference
    assert "1er novembre 2006" in ddt and "non relu" not in ddt.split(";")[0]


_PARAMETER_FILES = sorted((Path(P.__file__).parent).glob("*.yaml"))


@pytest.mark.parametrize("path", _PARAMETER_FILES, ids=[p.stem for p in _PARAMETER_FILES])
def test_no_parameter_is_left_with_a_bare_to_check_mark(path: Path):
    """Issue 13, point 4: a rule not read says « non relu » with what was tried, never « à vérifier »."""
    assert "à vérifier" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("at", "days"),
    [
        (date(1993, 12, 15), 0),  # 1991-2001: only the sous seing privé sale of a new home
        (date(2001, 5, 31), 0),
        (date(2001, 6, 1), 7),  # CCH L.271-1, loi SRU: version from 1 June 2001
        (date(2015, 8, 7), 7),
        (date(2015, 8, 8), 10),  # loi n° 2015-990
    ],
)
def test_cooling_off_period_of_cch_l271_1_at_each_date(at: date, days: int):
    assert P.lookup("bien.retractation.delai_jours", at).as_int == days


@pytest.mark.parametrize("at", [date(2016, 5, 19), date(2023, 10, 12), date(2024, 9, 26), date(2025, 9, 18)])
def test_no_copropriete_notice_before_an_arrete_fixes_its_content(at: date):
    notice = P.lookup("copropriete.notice_information_coproprietaires", at)
    assert notice.as_bool is False and notice.end is None
    assert "arrêté" in notice.reference


@pytest.mark.parametrize(
    ("stade", "plafond"),
    [("fondations", "0.35"), ("hors_d_eau", "0.70"), ("achevement", "0.95"), ("livraison", "1")],
)
def test_vefa_ceilings_of_cch_r261_14(stade: str, plafond: str):
    name = f"vefa.plafond_cumule.{stade}"
    for at in (date(1967, 12, 22), date(1978, 6, 7), date(1978, 6, 8), date(2025, 1, 1)):
        assert P.get(name, at) == Decimal(plafond)
    assert P.lookup(name, date(1978, 6, 7)).end == date(1978, 6, 8)
    assert "R*261-14" in P.lookup(name, date(2025, 1, 1)).reference
    with pytest.raises(ParameterError, match="aucune valeur en vigueur au 1967-12-21"):
        P.get(name, date(1967, 12, 21))


def test_the_clause_guide_has_no_bare_to_check_mark():
    guide = Path(__file__).parents[1] / "templates" / "clauses" / "LISEZMOI.md"
    assert "à vérifier" not in guide.read_text(encoding="utf-8")
