"""Receipt ↔ invoice matching, case by case, with the answers worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from orderdesk.domain.payments.entries import MatchStatus
from orderdesk.domain.payments.matching import Match, Matcher, MatchPolicy
from orderdesk.schema import BankEntries, Customers, Invoices, Orders

CUSTOMERS = pd.DataFrame(
    {
        Customers.customer_id: ["CU-1", "CU-2", "CU-3"],
        Customers.name: ["Acme Trading GmbH", "Importaciones Ibéricas S.L.", "Nordic Home AB"],
        Customers.aliases: ["Acme Holding; ACME EUROPE", None, None],
    }
)


def orders(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        rows,
        columns=[Orders.order_id, Orders.customer, Orders.customer_po, Orders.payment_terms],
    ).assign(**{Orders.deposit_pct: float("nan")})


def invoices(*rows: tuple[str, str, str, str, str, float]) -> pd.DataFrame:
    """(invoice, order, customer, kind, currency, amount); issued 2026-09-01, due 2026-10-01."""
    frame = pd.DataFrame(
        rows,
        columns=[
            Invoices.invoice_no,
            Invoices.order_id,
            Invoices.customer,
            Invoices.kind,
            Invoices.currency,
            Invoices.amount,
        ],
    )
    frame[Invoices.issue_date] = pd.Timestamp(2026, 9, 1)
    frame[Invoices.due_date] = pd.Timestamp(2026, 10, 1)
    return frame


def receipts(*rows: tuple[str, float, str, str | None, str | None]) -> pd.DataFrame:
    """(ref, amount, currency, payer, remittance), value date 2026-10-15."""
    frame = pd.DataFrame(
        rows,
        columns=[
            BankEntries.entry_ref,
            BankEntries.amount,
            BankEntries.currency,
            BankEntries.payer,
            BankEntries.remittance,
        ],
    )
    frame[BankEntries.value_date] = pd.Timestamp(2026, 10, 15)
    frame[BankEntries.booking_date] = pd.Timestamp(2026, 10, 15)
    frame[BankEntries.payer_account] = None
    frame[BankEntries.end_to_end_id] = None
    return frame


def match(
    inv: pd.DataFrame, ords: pd.DataFrame, rec: pd.DataFrame, **policy: object
) -> list[Match]:
    m = Matcher(inv, inv[Invoices.amount], ords, CUSTOMERS, MatchPolicy(**policy))  # type: ignore[arg-type]
    return m.match(rec)


def applied(m: Match) -> list[tuple[str, Decimal]]:
    return [(a.invoice, a.amount) for a in m.allocations]


ORDERS = orders(
    ("SO-2026-0001", "CU-1", "4500012345", "TT30-70 BS"),
    ("SO-2026-0002", "CU-2", "IMP-2026-118", "TT100"),
    ("SO-2026-0003", "CU-3", "NH-55-2026", "OA30"),
)


def test_invoice_number_and_exact_amount() -> None:
    inv = invoices(("INV-2026-0001", "SO-2026-0002", "CU-2", "full", "USD", 5000.0))
    (m,) = match(
        inv,
        ORDERS,
        receipts(("R1", 5000.0, "USD", "IMPORTACIONES IBERICAS SL", "Factura inv 2026 0001")),
    )
    assert m.status is MatchStatus.MATCHED
    assert applied(m) == [("INV-2026-0001", Decimal("5000.00"))]
    # invoice number 0.60 + payer 0.30 + exact 0.35, capped at 1
    assert m.confidence == 1.0
    assert "INV-2026-0001 in the remittance" in m.reasons
    assert "payer 'IMPORTACIONES IBERICAS SL' is customer CU-2" in m.reasons


def test_deposit_and_balance_invoices_by_order_number() -> None:
    inv = invoices(
        ("INV-2026-0021", "SO-2026-0001", "CU-1", "deposit", "USD", 3000.0),
        ("INV-2026-0022", "SO-2026-0001", "CU-1", "balance", "USD", 7000.0),
    )
    dep, bal = match(
        inv,
        ORDERS,
        receipts(
            ("R1", 3000.0, "USD", None, "PO 4500012345 DEPOSIT"),
            ("R2", 7000.0, "USD", "ACME TRADING", "BALANCE PO4500012345"),
        ),
    )
    assert applied(dep) == [("INV-2026-0021", Decimal("3000.00"))]
    assert dep.status is MatchStatus.MATCHED  # PO 0.50 + exact 0.35 = 0.85
    assert dep.confidence == 0.85
    assert applied(bal) == [("INV-2026-0022", Decimal("7000.00"))]


def test_thirty_percent_deposit_of_a_full_invoice_then_the_balance() -> None:
    inv = invoices(("INV-2026-0007", "SO-2026-0001", "CU-1", "full", "USD", 12345.67))
    # 30 % of 12,345.67 = 3,703.70 (rounded to the cent); the balance is 8,641.97
    dep, bal = match(
        inv,
        ORDERS,
        receipts(
            ("R1", 3703.70, "USD", "ACME TRADING GMBH", "INV-2026-0007 DEPOSIT"),
            ("R2", 8641.97, "USD", "ACME TRADING GMBH", "INV-2026-0007 BALANCE"),
        ),
    )
    assert dep.status is MatchStatus.MATCHED and bal.status is MatchStatus.MATCHED
    assert applied(dep) == [("INV-2026-0007", Decimal("3703.70"))]
    assert "30% deposit of INV-2026-0007" in dep.reasons and "TT30-70 BS" in dep.reasons
    # applied after the deposit: exactly what is then open
    assert applied(bal) == [("INV-2026-0007", Decimal("8641.97"))]
    assert "amount = outstanding 8,641.97 USD" in bal.reasons


def test_part_payments_then_the_rest_short_by_charges() -> None:
    inv = invoices(("INV-2026-0009", "SO-2026-0003", "CU-3", "full", "USD", 10000.0))
    rec = receipts(
        ("R1", 4000.0, "USD", "NORDIC HOME AB", "INV-2026-0009 PART 1"),
        ("R2", 5980.0, "USD", "NORDIC HOME AB", "INV-2026-0009 REST"),
    )
    rec.loc[1, BankEntries.value_date] = pd.Timestamp(2026, 10, 20)
    r1, r2 = match(inv, ORDERS, rec)
    assert applied(r1) == [("INV-2026-0009", Decimal("4000.00"))]
    # after 4,000: 6,000 open, 5,980 received, 20.00 short is bank charges: settled in full
    assert applied(r2) == [("INV-2026-0009", Decimal("6000.00"))]
    assert "short by 20.00 USD: bank charges" in r2.reasons


def test_one_receipt_for_two_named_invoices() -> None:
    inv = invoices(
        ("INV-2026-0101", "SO-2026-0003", "CU-3", "full", "USD", 1200.0),
        ("INV-2026-0102", "SO-2026-0003", "CU-3", "full", "USD", 800.5),
    )
    (m,) = match(
        inv, ORDERS, receipts(("R", 2000.5, "USD", "Nordic Home", "INV-2026-0101 INV-2026-0102"))
    )
    assert m.status is MatchStatus.MATCHED
    assert applied(m) == [
        ("INV-2026-0101", Decimal("1200.00")),
        ("INV-2026-0102", Decimal("800.50")),
    ]


def test_charges_beyond_the_tolerance_are_a_part_payment() -> None:
    inv = invoices(("INV-2026-0005", "SO-2026-0003", "CU-3", "full", "USD", 1000.0))
    within, beyond = match(
        inv,
        ORDERS,
        receipts(
            ("A", 950.0, "USD", None, "INV-2026-0005"), ("B", 949.0, "USD", None, "INV-2026-0005")
        ),
    )
    # A: 50.00 short = the tolerance → settles; B alone (another run) would be a part payment
    assert applied(within) == [("INV-2026-0005", Decimal("1000.00"))]
    (b,) = match(inv, ORDERS, receipts(("B", 949.0, "USD", None, "INV-2026-0005")))
    assert applied(b) == [("INV-2026-0005", Decimal("949.00"))]
    assert "part payment: 949.00 of 1,000.00 USD" in b.reasons
    # the invoice was settled by A: B is told, and not applied
    assert beyond.status is not MatchStatus.MATCHED
    assert "INV-2026-0005 named in the remittance is already paid" in beyond.reasons


def test_euro_receipt_for_a_dollar_invoice_at_the_ecb_rate() -> None:
    # ECB 2026-10-15: the rate is read from the shipped history; 10,000.00 USD at it in EUR
    from orderdesk.domain.reference.fx import fx_rate

    rate = fx_rate("USD", "EUR", dt.date(2026, 10, 15)).rate
    eur = float((Decimal(10000) * rate).quantize(Decimal("0.01")))
    inv = invoices(("INV-2026-0088", "SO-2026-0002", "CU-2", "full", "USD", 10000.0))
    near, far = match(
        inv,
        ORDERS,
        receipts(
            ("NEAR", round(eur * 0.995, 2), "EUR", "Importaciones Ibericas", "INV-2026-0088"),
            ("FAR", round(eur * 0.97, 2), "EUR", "Importaciones Ibericas", "INV-2026-0088"),
        ),
    )
    assert near.status is MatchStatus.MATCHED  # 0.5 % off: within the 1 % FX tolerance
    assert applied(near) == [("INV-2026-0088", Decimal("10000.00"))]
    assert "at the ECB rate" in near.reasons and "within 1.0%" in near.reasons
    assert "already paid" in far.reasons  # 3 % off would be a part payment, but INV-FX is paid


def test_payer_name_alias_and_cut_name() -> None:
    inv = invoices(
        ("INV-2026-0031", "SO-2026-0001", "CU-1", "full", "USD", 4321.0),
        ("INV-2026-0022", "SO-2026-0001", "CU-1", "full", "USD", 999.0),
    )
    alias, cut = match(
        inv,
        ORDERS,
        receipts(
            ("R1", 4321.0, "USD", "ACME EUROPE", "PAYMENT"),  # an alias in Customers
            ("R2", 999.0, "USD", "ACME TRADING GMBH &", "TRANSFER"),  # cut by the bank
        ),
    )
    # payer 0.30 + exact 0.35 + the only open invoice of that amount 0.20 = 0.85
    assert alias.status is MatchStatus.MATCHED and alias.confidence == 0.85
    assert applied(alias) == [("INV-2026-0031", Decimal("4321.00"))]
    assert applied(cut) == [("INV-2026-0022", Decimal("999.00"))]


def test_ambiguous_amount_is_only_suggested() -> None:
    inv = invoices(
        ("INV-2026-0041", "SO-2026-0003", "CU-3", "full", "USD", 500.0),
        ("INV-2026-0042", "SO-2026-0003", "CU-3", "full", "USD", 500.0),
    )
    (m,) = match(inv, ORDERS, receipts(("R", 500.0, "USD", "NORDIC HOME AB", "THANKS")))
    assert m.status is MatchStatus.SUGGESTED
    assert applied(m) == [("INV-2026-0041", Decimal("500.00"))]
    assert "INV-2026-0042 fits as well" in m.reasons


def test_amount_alone_and_a_stranger_are_never_applied() -> None:
    inv = invoices(("INV-2026-0051", "SO-2026-0003", "CU-3", "full", "USD", 777.77))
    amount_only, stranger = match(
        inv,
        ORDERS,
        receipts(("R1", 777.77, "USD", "SOMEONE ELSE LTD", "X"), ("R2", 12.0, "USD", None, None)),
    )
    assert amount_only.status is MatchStatus.SUGGESTED  # exact 0.35 + unique 0.20 = 0.55
    assert amount_only.confidence == 0.55
    assert stranger.status is MatchStatus.UNMATCHED and not stranger.allocations


def test_named_invoice_of_another_customer_is_doubted() -> None:
    inv = invoices(("INV-2026-0061", "SO-2026-0003", "CU-3", "full", "USD", 1500.0))
    (m,) = match(inv, ORDERS, receipts(("R", 1500.0, "USD", "ACME TRADING GMBH", "INV-2026-0061")))
    # 0.60 + 0.35 = 0.95, less 0.30 because the payer is a different known customer
    assert m.status is MatchStatus.SUGGESTED and m.confidence == 0.65
    assert "but the payer is customer CU-1" in m.reasons


def test_overpayment_is_not_applied() -> None:
    inv = invoices(("INV-2026-0071", "SO-2026-0003", "CU-3", "full", "USD", 1000.0))
    (m,) = match(inv, ORDERS, receipts(("R", 1500.0, "USD", "NORDIC HOME AB", "INV-2026-0071")))
    assert m.status is not MatchStatus.MATCHED
    assert "500.00 USD more than the 1,000.00 outstanding" in m.reasons


@pytest.mark.parametrize("threshold", ["0.5", "0.99"])
def test_the_threshold_from_settings_decides(threshold: str) -> None:
    inv = invoices(("INV-2026-0081", "SO-2026-0003", "CU-3", "full", "USD", 250.0))
    (m,) = match(
        inv,
        ORDERS,
        receipts(("R", 250.0, "USD", None, "SO-2026-0003")),
        threshold=Decimal(threshold),
    )
    # order number 0.50 + exact 0.35 = 0.85
    assert m.confidence == 0.85
    expected = (
        MatchStatus.MATCHED if Decimal(threshold) <= Decimal("0.85") else MatchStatus.SUGGESTED
    )
    assert m.status is expected


def test_matching_its_own_result_again_changes_nothing() -> None:
    """Applied receipts reduce what is open; matching the rest again gives the same answer."""
    inv = invoices(
        ("INV-2026-0091", "SO-2026-0003", "CU-3", "full", "USD", 1000.0),
        ("INV-2026-0092", "SO-2026-0003", "CU-3", "full", "USD", 1000.0),
    )
    rec = receipts(
        ("A", 1000.0, "USD", "NORDIC HOME AB", "INV-2026-0091"),
        ("B", 1000.0, "USD", "NORDIC HOME AB", "?"),
    )
    first = match(inv, ORDERS, rec)
    open_after = inv[Invoices.amount] - [1000.0, 0.0]
    m = Matcher(inv, open_after, ORDERS, CUSTOMERS, MatchPolicy())
    again = m.match(rec.iloc[[1]])
    assert (again[0].status, again[0].allocations) == (first[1].status, first[1].allocations)


def test_one_receipt_for_two_named_orders() -> None:
    ords = orders(
        ("SO-2026-0062", "CU-3", "EOL-0769", "OA30"),
        ("SO-2026-0066", "CU-3", "EOL-0773", "OA30"),
    )
    inv = invoices(
        ("INV-2026-0117", "SO-2026-0062", "CU-3", "full", "USD", 11207.83),
        ("INV-2026-0118", "SO-2026-0066", "CU-3", "full", "USD", 12199.07),
    )
    (m,) = match(
        inv, ords, receipts(("R", 23406.90, "USD", "NORDIC HOME", "PO EOL-0769 / EOL-0773"))
    )
    # 11,207.83 + 12,199.07 = 23,406.90: both orders' invoices, settled
    assert m.status is MatchStatus.MATCHED
    assert applied(m) == [
        ("INV-2026-0117", Decimal("11207.83")),
        ("INV-2026-0118", Decimal("12199.07")),
    ]
    assert "orders SO-2026-0062, SO-2026-0066 named in the remittance" in m.reasons
