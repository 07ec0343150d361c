"""Stage 2 — validate: JSON Schema first, then the business rules.

Schema errors are translated into French and located at the line and column where the
offending value (or unknown key) was written (``schema_errors``). Business rules run only on
a case that the schema accepts, so each rule can rely on the structure; each rule is a plain
function returning ``CaseError`` values, listed in ``RULES`` in the order they report (errors
are sorted by position; two at the same place keep this order).
"""

from __future__ import annotations

from ..case_types import Case
from ..errors import CaseError, CaseInvalid
from ..load import LoadedCase
from ..schema import coerce
from .common import Rule
from .rules_bien import property_dates_fit_the_law, property_facts_are_stated
from .rules_case import (
    amounts_have_at_most_two_decimals,
    case_id_can_name_a_folder,
    copropriete_shares_fit,
    dates_are_in_order,
    direction_marks_are_closed,
    lot_numbers_are_unique,
)
from .rules_documents import (
    caf_convention_has_its_parties,
    clause_settings_are_coherent,
    copropriete_information_is_complete,
    diagnostics_are_listed,
    formal_sections_have_their_facts,
    modern_extract_is_complete,
    vote_is_coherent,
)
from .rules_families import caf_allocation_is_identified, resale_insurance_states_its_terms
from .rules_fiscal import (
    psla_price_follows_the_contract,
    reduced_vat_rate_has_its_basis,
    tax_rates_are_known_at_the_act_date,
)
from .rules_lts import (
    buyers_spouses_are_named,
    commune_seller_is_paid_and_authorised,
    lts_sale_has_its_titles,
    parties_powers_are_stated,
)
from .rules_parties import (
    allocation_needs_caf_number,
    buyers_are_born_before_the_act,
    co_acquereur_shares_add_up,
    commune_seller_has_a_session,
    each_buyer_appears_once,
    married_buyers_state_their_regime,
)
from .rules_products import (
    buy_back_request_is_admissible,
    financing_adds_up_to_the_price,
    price_components_match_product,
    product_data_is_present,
    product_dates_are_in_order,
    regulatory_guarantees_fit_the_product,
    relogement_form_is_stated,
    resale_insurance_is_described,
    vefa_schedule_respects_r261_14,
)
from .rules_registre import register_extract_has_its_figures
from .rules_sale_conditions import (
    copropriete_sale_information_is_complete,
    hlm_dwelling_may_be_sold,
    portage_states_the_occupation,
)
from .schema_errors import schema_errors

__all__ = ["RULES", "Rule", "schema_errors", "validate"]

RULES: list[Rule] = [
    amounts_have_at_most_two_decimals,
    case_id_can_name_a_folder,
    direction_marks_are_closed,
    lot_numbers_are_unique,
    price_components_match_product,
    co_acquereur_shares_add_up,
    buyers_are_born_before_the_act,
    each_buyer_appears_once,
    married_buyers_state_their_regime,
    allocation_needs_caf_number,
    commune_seller_has_a_session,
    vote_is_coherent,
    dates_are_in_order,
    copropriete_shares_fit,
    buy_back_request_is_admissible,
    product_data_is_present,
    financing_adds_up_to_the_price,
    regulatory_guarantees_fit_the_product,
    relogement_form_is_stated,
    resale_insurance_is_described,
    caf_convention_has_its_parties,
    copropriete_information_is_complete,
    diagnostics_are_listed,
    vefa_schedule_respects_r261_14,
    product_dates_are_in_order,
    clause_settings_are_coherent,
    modern_extract_is_complete,
    register_extract_has_its_figures,
    copropriete_sale_information_is_complete,
    hlm_dwelling_may_be_sold,
    portage_states_the_occupation,
    property_facts_are_stated,
    property_dates_fit_the_law,
    reduced_vat_rate_has_its_basis,
    psla_price_follows_the_contract,
    tax_rates_are_known_at_the_act_date,
    formal_sections_have_their_facts,
    resale_insurance_states_its_terms,
    caf_allocation_is_identified,
    lts_sale_has_its_titles,
    commune_seller_is_paid_and_authorised,
    buyers_spouses_are_named,
    parties_powers_are_stated,
]
"""The business rules, in the order of the former single module (the order of report)."""


def validate(loaded: LoadedCase) -> tuple[Case, list[CaseError]]:
    """Check a loaded case; return the coerced case and its warnings, or raise ``CaseInvalid``."""
    errors = schema_errors(loaded)
    if errors:
        raise CaseInvalid(errors)
    case: Case = coerce(loaded.data)  # the schema holds: the shapes of case_types apply
    found: list[CaseError] = []
    for check in RULES:
        found.extend(check(case, loaded))
    if any(e.is_error for e in found):
        raise CaseInvalid([e for e in found if e.is_error])
    return case, found
