"""The sample company's customers, suppliers and products, as they stand in the written register."""

from __future__ import annotations

import math

import pytest
from stdnum.ch import vat as ch_vat
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError
from stdnum.gb import vat as gb_vat

from orderdesk.defaults import policy_rows
from orderdesk.domain.reference import codes
from orderdesk.schema import (
    BankEntries,
    Capacity,
    CostDrivers,
    Customers,
    Products,
    Suppliers,
)
from tests.sample.conftest import Written

LANGUAGES = {"en", "zh-CN", "es", "de", "fr", "pt", "ar", "ja"}


def _script(text: str) -> set[str]:
    """Which scripts a name is written in (by Unicode block)."""
    found = set()
    for ch_ in text:
        cp = ord(ch_)
        if 0x4E00 <= cp <= 0x9FFF:
            found.add("han")
        elif 0x3040 <= cp <= 0x30FF:
            found.add("kana")
        elif 0x0600 <= cp <= 0x06FF:
            found.add("arabic")
        elif 0xC0 <= cp <= 0x24F:
            found.add("latin accents")
    return found


def test_customers_span_the_world_in_their_own_languages(sample300: Written) -> None:
    customers = sample300.frames[Customers]
    assert len(customers) >= 30
    assert customers[Customers.country].nunique() >= 12
    assert set(customers[Customers.language]) >= LANGUAGES
    assert set(customers[Customers.customer_type]) == {"new", "repeat"}
    by_language = customers.groupby(Customers.language)
    # Names, contacts and addresses in the customers' own scripts.
    for language, script in (("ar", "arabic"), ("ja", "kana"), ("zh-CN", "han")):
        group = by_language.get_group(language)
        assert all(script in _script(n) or "han" in _script(n) for n in group[Customers.name])
        assert all(_script(a) & {script, "han"} for a in group[Customers.address])
    spanish = by_language.get_group("es")
    assert any("latin accents" in _script(n) for n in spanish[Customers.name])
    assert all(codes.is_email(e) for e in customers[Customers.email])


def test_customers_have_credit_data_and_bank_names(sample300: Written) -> None:
    customers = sample300.frames[Customers]
    assert customers[Customers.credit_limit].gt(0).all()
    assert customers[Customers.credit_score].between(0, 100).all()
    assert customers[Customers.credit_score].nunique() > 20
    # Every customer whose name is not in Latin letters has the Latin name its bank sends.
    for _, c in customers.iterrows():
        if _script(c[Customers.name]) & {"arabic", "kana", "han"}:
            assert isinstance(c[Customers.aliases], str) and c[Customers.aliases].isascii()


def test_vat_numbers_are_valid(sample300: Written) -> None:
    for number in sample300.frames[Customers][Customers.vat_no].dropna():
        checker = (
            ch_vat if number.startswith("CHE") else gb_vat if number.startswith("GB") else eu_vat
        )
        try:
            checker.validate(number)
        except ValidationError as exc:  # pragma: no cover - the message names the number
            pytest.fail(f"{number}: {exc}")


def test_payer_and_company_ibans_are_valid(sample300: Written) -> None:
    entries = sample300.frames[BankEntries]
    for iban in set(entries[BankEntries.payer_account].dropna()) | set(
        entries[BankEntries.account].dropna()
    ):
        assert codes.is_iban(iban), iban


def test_suppliers_mostly_chinese_some_from_vietnam_india_turkey(sample300: Written) -> None:
    suppliers = sample300.frames[Suppliers]
    assert len(suppliers) >= 12
    countries = suppliers[Suppliers.country].value_counts()
    assert countries["CN"] > len(suppliers) / 2
    assert {"VN", "IN", "TR"} <= set(countries.index)
    categories = {c for text in suppliers[Suppliers.categories] for c in text.split("; ")}
    capacity = {row[Capacity.category] for row in policy_rows()[Capacity]}
    assert categories == capacity
    assert suppliers[Suppliers.blocked].sum() == 1


def test_products_have_real_hs_codes_and_fit_the_settings(sample300: Written) -> None:
    products = sample300.frames[Products]
    assert len(products) >= 80
    assert products[Products.sku].is_unique
    bad = [c for c in products[Products.hs_code] if not codes.is_hs_code(c)]
    assert bad == []
    assert products[Products.hs_code].str.fullmatch(r"\d{6}").all()
    capacity = {row[Capacity.category] for row in policy_rows()[Capacity]}
    assert set(products[Products.category]) == capacity
    drivers = {row[CostDrivers.driver] for row in policy_rows()[CostDrivers]}
    assert set(products[Products.material_index]) <= drivers
    assert (products[Products.cost_currency] == "CNY").all()
    for col in (
        Products.material_cost,
        Products.carton_qty,
        Products.carton_l_cm,
        Products.carton_w_cm,
        Products.carton_h_cm,
        Products.unit_net_kg,
    ):
        assert products[col].gt(0).all(), col
    # A carton weighs its contents plus the carton and inner packing.
    contents = products[Products.carton_qty] * products[Products.unit_net_kg]
    assert (products[Products.carton_gross_kg] > contents).all()
    # A product's list price covers its standard cost at any plausible rate.
    cost = products[[Products.material_cost, Products.labour_cost, Products.packaging_cost]].sum(
        axis=1
    )
    assert (products[Products.list_price] * 6.5 > cost).all()
    assert set(products[Products.default_supplier]) <= set(
        sample300.frames[Suppliers][Suppliers.supplier_id]
    )
    assert math.isclose(products[Products.origin].eq("CN").mean(), 0.8, abs_tol=0.15)
