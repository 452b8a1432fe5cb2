"""Each rule fires on exactly the cell that is wrong, and on nothing in a correct register.

The register is the hand-made one in `registers.py`; each case breaks one thing and names the
one finding a clerk should see: rule, sheet, row, column letter and header. Column letters are
those of a new register (Orders: A Order ID, B Customer, C Customer PO … see schema order).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orderdesk.defaults import policy_rows
from orderdesk.domain.validation import Severity
from orderdesk.ports import Register
from orderdesk.schema import (
    BankEntries,
    Customers,
    Invoices,
    LCBanks,
    OrderLines,
    Orders,
    Shipments,
    Suppliers,
)
from tests.validation.conftest import Tables, findings, where

SO1, SO2, SO3, SO4 = 0, 1, 2, 3  # positions in the Orders list: sheet rows 2, 3, 4, 5


def order(i: int, **changes: Any) -> Callable[[Tables], None]:
    def change(t: Tables) -> None:
        for attr, value in changes.items():
            col = getattr(Orders, attr)
            if value is None:
                t[Orders][i].pop(col, None)
            else:
                t[Orders][i][col] = value

    return change


def line(i: int, **changes: Any) -> Callable[[Tables], None]:
    def change(t: Tables) -> None:
        for attr, value in changes.items():
            col = getattr(OrderLines, attr)
            if value is None:
                t[OrderLines][i].pop(col, None)
            else:
                t[OrderLines][i][col] = value

    return change


def both(*changes: Callable[[Tables], None]) -> Callable[[Tables], None]:
    def change(t: Tables) -> None:
        for c in changes:
            c(t)

    return change


def customer(i: int, **changes: Any) -> Callable[[Tables], None]:
    def change(t: Tables) -> None:
        for attr, value in changes.items():
            t[Customers][i][getattr(Customers, attr)] = value

    return change


def supplier(i: int, **changes: Any) -> Callable[[Tables], None]:
    def change(t: Tables) -> None:
        for attr, value in changes.items():
            t[Suppliers][i][getattr(Suppliers, attr)] = value

    return change


def test_the_correct_register_has_no_findings(broken: Callable[..., Path]) -> None:
    assert findings(broken(lambda t: None)) == []


# (case, change, expected findings as (rule, sheet, row, letter, header))
CASES: list[tuple[str, Callable[[Tables], Any], list[tuple[str, str, int, str, str]]]] = [
    # required fields per stage
    (
        "marks missing, ready to ship",
        order(SO2, shipping_marks=None),
        [("REQ-SHIPPING-MARKS", "Orders", 3, "S", "Shipping Marks")],
    ),
    (
        "HS code missing, ready to ship",
        line(2, hs_code=None),
        [("REQ-HS-CODE", "OrderLines", 4, "F", "HS Code")],
    ),
    ("spec missing, confirmed", line(0, spec=None), [("REQ-SPEC", "OrderLines", 2, "E", "Spec")]),
    (
        "customer PO missing, confirmed",
        order(SO1, customer_po=None),
        [("REQ-CUSTOMER-PO", "Orders", 2, "C", "Customer PO")],
    ),
    (
        "cartons missing, ready to ship",
        line(2, cartons=None),
        [("REQ-CARTONS", "OrderLines", 4, "S", "Cartons")],
    ),
    (
        "supplier due missing, in production",
        line(4, supplier_due=None),
        [("REQ-SUPPLIER-DUE", "OrderLines", 6, "N", "Supplier Due")],
    ),
    (
        "FOB place missing, confirmed",
        order(SO1, named_place=None),
        [("REQ-NAMED-PLACE", "Orders", 2, "H", "Named Place")],
    ),
    ("a draft needs no shipping data", order(SO3, currency=None, incoterm=None), []),
    (
        "FOB Ningbo in the Incoterm cell names the place",
        order(SO1, incoterm="FOB Ningbo", named_place=None),
        [],
    ),
    # the sheet itself
    (
        "a date that is not a date",
        order(SO1, requested_delivery="next month"),
        [("CELL-UNREADABLE", "Orders", 2, "O", "Requested Delivery")],
    ),
    (
        "an unknown stage",
        order(SO1, stage="pending"),
        [("STAGE-UNKNOWN", "Orders", 2, "E", "Stage")],
    ),
    (
        "the same line number twice",
        line(1, line_no=1),
        [("ID-DUPLICATE", "OrderLines", 3, "B", "Line")],
    ),
    # reference data
    ("currency", order(SO1, currency="EUX"), [("CURRENCY-UNKNOWN", "Orders", 2, "F", "Currency")]),
    (
        "country",
        order(SO1, ship_to_country="SP"),
        [("COUNTRY-UNKNOWN", "Orders", 2, "W", "Ship-to Country")],
    ),
    ("unit", line(0, unit="PIECES"), [("UNIT-UNKNOWN", "OrderLines", 2, "I", "Unit")]),
    ("incoterm", order(SO1, incoterm="FOBB"), [("INCOTERM-UNKNOWN", "Orders", 2, "G", "Incoterm")]),
    (
        "FOB by air",
        order(SO1, transport_mode="air"),
        [("INCOTERM-MODE", "Orders", 2, "G", "Incoterm")],
    ),
    ("FOB by inland waterway is fine", order(SO1, transport_mode="inland waterway"), []),
    ("FCA by air is fine", order(SO1, incoterm="FCA", transport_mode="air"), []),
    (
        "CIF without a place",
        order(SO2, named_place=None),
        [("INCOTERM-PLACE", "Orders", 3, "H", "Named Place")],
    ),
    (
        "DAP without a place, even on a draft",
        order(SO3, incoterm="DAP"),
        [("INCOTERM-PLACE", "Orders", 4, "H", "Named Place")],
    ),
    (
        "HS 851712 (split in HS 2022)",
        line(2, hs_code="851712"),
        [("HS-UNKNOWN", "OrderLines", 4, "F", "HS Code")],
    ),
    ("HS with a national extension", line(2, hs_code="8302.10.00"), []),
    (
        "port not a LOCODE",
        order(SO2, port_of_discharge="Valencia"),
        [("LOCODE-FORM", "Orders", 3, "R", "Port of Discharge")],
    ),
    (
        "container check digit",
        lambda t: t[Shipments][0].update({Shipments.container_no: "MSCU1234567"}),
        [("CONTAINER-CHECK", "Shipments", 2, "G", "Container No")],
    ),
    (
        "payment terms nobody can read",
        order(SO1, payment_terms="cash on delivery"),
        [("PAYMENT-TERMS-UNKNOWN", "Orders", 2, "J", "Payment Terms")],
    ),
    ("payment terms as typed", order(SO1, payment_terms="T/T 30/70 before shipment"), []),
    (
        "e-mail",
        customer(0, email="compras(at)ibericas.es"),
        [("EMAIL-FORM", "Customers", 2, "H", "Email")],
    ),
    (
        "transport mode",
        order(SO1, transport_mode="by truck"),
        [("TRANSPORT-MODE-UNKNOWN", "Orders", 2, "I", "Transport Mode")],
    ),
    # consistency (amounts computed by hand: 2000 × 1.45 = 2900, 1000 × 3.00 = 3000)
    (
        "line amount",
        both(line(0, amount=2950.0), order(SO1, order_total=5950.0)),
        [("AMOUNT-MISMATCH", "OrderLines", 2, "K", "Amount")],
    ),
    (
        "line amount within half a cent",
        both(line(0, amount=2900.004), order(SO1, order_total=5900.004)),
        [],
    ),
    (
        "line amount a cent out",
        both(line(0, amount=2900.01), order(SO1, order_total=5900.01)),
        [("AMOUNT-MISMATCH", "OrderLines", 2, "K", "Amount")],
    ),
    (
        "order total",
        order(SO1, order_total=5990.0),
        [("TOTAL-MISMATCH", "Orders", 2, "X", "Order Total")],
    ),
    (
        "promised ship date after the requested delivery",
        order(SO1, requested_delivery=dt.date(2026, 4, 1)),
        [("DATE-ORDER", "Orders", 2, "P", "Promised Ship Date")],
    ),
    (
        "requested delivery before the order, nothing promised yet (a draft)",
        order(SO3, requested_delivery=dt.date(2026, 3, 1)),
        [("DATE-ORDER", "Orders", 4, "O", "Requested Delivery")],
    ),
    (
        "promised ship date before the order",
        order(SO1, promised_ship=dt.date(2026, 3, 1)),
        [("DATE-ORDER", "Orders", 2, "P", "Promised Ship Date")],
    ),
    (
        "deposit against the terms",
        order(SO1, deposit_pct=0.2),
        [("DEPOSIT-TERMS", "Orders", 2, "K", "Deposit %")],
    ),
    (
        "the same PO on two orders of one customer",
        order(SO3, customer="CU-ES", customer_po="PO 4500123"),
        [
            ("PO-DUPLICATE", "Orders", 2, "C", "Customer PO"),
            ("PO-DUPLICATE", "Orders", 4, "C", "Customer PO"),
        ],
    ),
    ("quantity", line(3, qty=0), [("QTY-NOT-POSITIVE", "OrderLines", 5, "H", "Qty")]),
    ("price", line(3, unit_price=-1), [("PRICE-NOT-POSITIVE", "OrderLines", 5, "J", "Unit Price")]),
    (
        "a confirmed order without lines",
        lambda t: t[OrderLines].pop(4),
        [("NO-LINES", "Orders", 5, "A", "Order ID")],
    ),
    # records
    (
        "customer",
        order(SO3, customer="CU-XX"),
        [("CUSTOMER-UNKNOWN", "Orders", 4, "B", "Customer")],
    ),
    ("sku", line(3, sku="KW-9999"), [("SKU-UNKNOWN", "OrderLines", 5, "C", "SKU")]),
    (
        "supplier",
        line(4, supplier="SU-999"),
        [("SUPPLIER-UNKNOWN", "OrderLines", 6, "L", "Supplier")],
    ),
    (
        "a shipment of no order",
        lambda t: t[Shipments][0].update({Shipments.order_id: "SO-2026-0099"}),
        [("ORDER-UNKNOWN", "Shipments", 2, "B", "Order ID")],
    ),
    # risk. CU-FR scores 45: band C asks for 30 % (defaults: A 80+ 0 %, B 60+ 20 %, C 40+ 30 %).
    (
        "deposit below the credit band",
        order(SO1, customer="CU-FR", payment_terms="TT20-80 BL", deposit_pct=0.2),
        [("DEPOSIT-BELOW-BAND", "Orders", 2, "K", "Deposit %")],
    ),
    (
        "the terms' deposit below the band",
        order(SO1, customer="CU-FR", payment_terms="TT20-80 BL", deposit_pct=None),
        [("DEPOSIT-BELOW-BAND", "Orders", 2, "J", "Payment Terms")],
    ),
    ("deposit at the band's minimum", order(SO1, customer="CU-FR", deposit_pct=0.3), []),
    # CU-ES scores 85 (band A, no minimum); paying 45 days late on average costs it 40 points:
    # 45 is band C (30 %), so a 20 % deposit is too little. Paying 5 days late costs nothing.
    (
        "a late payer is banded lower",
        both(
            customer(0, avg_days_late=45),
            order(SO1, payment_terms="TT20-80 BL", deposit_pct=0.2),
        ),
        [("DEPOSIT-BELOW-BAND", "Orders", 2, "K", "Deposit %")],
    ),
    (
        "late within the grace days",
        both(
            customer(0, avg_days_late=5),
            order(SO1, payment_terms="TT20-80 BL", deposit_pct=0.2),
        ),
        [],
    ),
    (
        "a customer without a credit score gets the strictest band",
        both(
            customer(0, credit_score=None),
            order(SO1, payment_terms="TT20-80 BL", deposit_pct=0.2),
        ),
        [("DEPOSIT-BELOW-BAND", "Orders", 2, "K", "Deposit %")],
    ),
    # CU-CN: order SO-2 4,000 USD, of which 1,200 invoiced and paid: exposure 2,800 USD.
    (
        "credit limit just below the exposure",
        customer(1, credit_limit=2799),
        [("CREDIT-LIMIT", "Orders", 3, "X", "Order Total")],
    ),
    (
        "credit limit, an order without a total",
        both(customer(1, credit_limit=2799), order(SO2, order_total=None)),
        [("CREDIT-LIMIT", "Orders", 3, "B", "Customer")],
    ),
    ("credit limit equal to the exposure", customer(1, credit_limit=2800), []),
    (
        "an L/C bank not accepted",
        order(SO4, lc_bank="Banco Popular"),
        [("LC-BANK", "Orders", 5, "L", "L/C Bank")],
    ),
    (
        "an L/C without a bank",
        order(SO4, lc_bank=None),
        [("LC-BANK", "Orders", 5, "L", "L/C Bank")],
    ),
    ("an accepted bank by its BIC", order(SO4, lc_bank="BNPAFRPPXXX"), []),
    (
        "a blocked customer",
        customer(2, blocked=True),
        [("CUSTOMER-BLOCKED", "Orders", 4, "B", "Customer")],
    ),
    (
        "a blocked supplier",
        supplier(1, blocked=True),
        [("SUPPLIER-BLOCKED", "OrderLines", 6, "L", "Supplier")],
    ),
    (
        # SU-001 also supplies SO-2's line (ready to ship): that line is not new, not reported.
        "a Very Poor supplier on a new line",
        both(supplier(0, standing="Very Poor"), line(0, supplier="SU-001")),
        [("SUPPLIER-VERY-POOR", "OrderLines", 2, "L", "Supplier")],
    ),
    # cancelled orders are out of reach
    ("a cancelled order is not checked", order(SO1, stage="cancelled", currency="EUX"), []),
]


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_fires_on_exactly_the_bad_cell(
    broken_in_memory: Callable[..., Register],
    change: Callable[[Tables], Any],
    expected: list[tuple[str, ...]],
) -> None:
    got = [where(f) for f in findings(broken_in_memory(change))]
    assert sorted(got) == sorted(expected)


def test_the_credit_limit_counts_invoices_and_orders_in_the_base_currency(
    broken_in_memory: Callable[..., Register],
) -> None:
    """CU-ES: SO-1 (5,900 EUR, 2024-03-01) confirmed, with a 1,000 EUR deposit invoice still
    open. Exposure = the open invoice + what is not yet invoiced of the order (5,900 − 1,000),
    at the ECB rate of the day, taken from the currency_converter package directly."""
    from currency_converter import CurrencyConverter

    day = dt.date(2024, 3, 1)
    usd = CurrencyConverter()
    open_invoice = usd.convert(1000, "EUR", "USD", date=day)
    not_invoiced = usd.convert(5900 - 1000, "EUR", "USD", date=day)
    exposure = open_invoice + not_invoiced

    def change(limit: float) -> Callable[[Tables], None]:
        def apply(t: Tables) -> None:
            t[Orders][SO1][Orders.order_date] = day
            t[Invoices].append(
                {
                    Invoices.invoice_no: "INV-2024-0007",
                    Invoices.order_id: "SO-2026-0001",
                    Invoices.customer: "CU-ES",
                    Invoices.kind: "deposit",
                    Invoices.issue_date: day,
                    Invoices.currency: "EUR",
                    Invoices.amount: 1000.0,
                }
            )
            t[Customers][0][Customers.credit_limit] = limit

        return apply

    over = findings(broken_in_memory(change(round(exposure - 1)), name="over.xlsx"))
    assert [where(f) for f in over] == [("CREDIT-LIMIT", "Orders", 2, "X", "Order Total")]
    assert f"USD {exposure:,.2f}" in over[0].message
    under = findings(broken_in_memory(change(round(exposure + 1)), name="under.xlsx"))
    assert under == []


def test_reference_checks_on_settings_and_bank_entries(
    memory_register: Callable[..., Register],
) -> None:
    from tests.validation.registers import clean

    tables: Tables = clean()
    tables[LCBanks] = [dict(r) for r in policy_rows()[LCBanks]]
    tables[LCBanks][0][LCBanks.bic] = "HSBCHK"  # six characters: not a BIC
    tables[BankEntries] = [
        {
            BankEntries.entry_ref: "E-1",
            BankEntries.booking_date: dt.date(2026, 3, 2),
            BankEntries.amount: 1200.0,
            BankEntries.currency: "USD",
            BankEntries.payer_account: "DE89370400440532013001",  # check digits off by one
        },
        {
            BankEntries.entry_ref: "E-2",
            BankEntries.booking_date: dt.date(2026, 3, 3),
            BankEntries.amount: 500.0,
            BankEntries.currency: "USD",
            BankEntries.payer_account: "DE89 3704 0044 0532 0130 00",
        },
    ]
    got = [where(f) for f in findings(memory_register(tables))]
    assert sorted(got) == sorted(
        [
            ("IBAN-CHECK", "BankEntries", 2, "H", "Payer Account"),
            ("BIC-CHECK", "Settings", 2, _lcbank_bic_letter(), "BIC"),
        ]
    )


def _lcbank_bic_letter() -> str:
    from orderdesk.adapters.grid import column_letter
    from orderdesk.schema import placement

    return column_letter(placement(LCBanks).first_col + 1)


def test_findings_name_sheet_row_column_and_value(
    broken_in_memory: Callable[..., Register],
) -> None:
    found = findings(broken_in_memory(order(SO1, currency="EUX")))
    (f,) = found
    assert f.severity is Severity.ERROR
    assert f.order_id == "SO-2026-0001"
    assert f.value == "EUX"
    for part in ("Orders", "row 2", "Currency", "F2", "EUX"):
        assert part in f.message


def test_unreadable_cells_are_not_reported_as_empty(broken: Callable[..., Path]) -> None:
    got = findings(broken(line(0, qty="two thousand")))
    assert [(f.rule, f.value) for f in got] == [("CELL-UNREADABLE", "two thousand")]


def test_a_late_payers_band_says_why(broken_in_memory: Callable[..., Register]) -> None:
    late = both(
        customer(0, avg_days_late=45), order(SO1, payment_terms="TT20-80 BL", deposit_pct=0.2)
    )
    (finding,) = findings(broken_in_memory(late))
    assert "minimum deposit of credit band C" in finding.message
    assert "has credit score 85, 45 after late payments" in finding.message
