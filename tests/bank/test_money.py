"""Money at the edges of matching is Decimal: what a receipt applies, and the amounts its reasons
print, are the same figure, rounded half up from the decimal the register's float stands for."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from orderdesk.domain.payments.entries import MatchStatus
from orderdesk.domain.payments.ledger import format_allocations
from orderdesk.domain.payments.matching import Matcher, MatchPolicy
from orderdesk.schema import BankEntries, Customers, Invoices, Orders


def test_a_part_payment_prints_the_amount_it_applies() -> None:
    invoices = pd.DataFrame(
        {
            Invoices.invoice_no: ["INV-2026-0042"],
            Invoices.order_id: ["SO-2026-0042"],
            Invoices.customer: ["CU-1"],
            Invoices.kind: ["full"],
            Invoices.currency: ["USD"],
            Invoices.amount: [1000.0],
            Invoices.issue_date: [pd.Timestamp(2026, 9, 1)],
            Invoices.due_date: [pd.Timestamp(2026, 10, 1)],
        }
    )
    orders = pd.DataFrame(
        {
            Orders.order_id: ["SO-2026-0042"],
            Orders.customer: ["CU-1"],
            Orders.customer_po: [None],
            Orders.payment_terms: ["TT100"],
            Orders.deposit_pct: [float("nan")],
        }
    )
    customers = pd.DataFrame(
        {Customers.customer_id: ["CU-1"], Customers.name: ["Acme"], Customers.aliases: [None]}
    )
    day = pd.Timestamp(2026, 10, 15)
    receipt = pd.DataFrame(
        {
            BankEntries.entry_ref: ["R"],
            # 2.675 is 2.67499999… as a float: formatted as a float it would print 2.67
            BankEntries.amount: [2.675],
            BankEntries.currency: ["USD"],
            BankEntries.payer: [None],
            BankEntries.payer_account: [None],
            BankEntries.remittance: ["INV-2026-0042"],
            BankEntries.end_to_end_id: [None],
            BankEntries.value_date: [day],
            BankEntries.booking_date: [day],
        }
    )
    matcher = Matcher(invoices, invoices[Invoices.amount], orders, customers, MatchPolicy())
    (m,) = matcher.match(receipt)
    assert m.status is MatchStatus.MATCHED  # invoice number 0.60 + part payment 0.25
    assert [(a.invoice, a.amount) for a in m.allocations] == [("INV-2026-0042", Decimal("2.68"))]
    assert format_allocations(m.allocations) == "INV-2026-0042: 2.68"
    assert "part payment: 2.68 of 1,000.00 USD outstanding" in m.reasons
