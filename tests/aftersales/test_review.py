"""Post-order review: the figures of a hand-computed order, through the Review order action."""

from __future__ import annotations

import datetime as dt

import pytest

from orderdesk.actions.aftersales_review import review_orders
from orderdesk.actions.context import RunContext
from orderdesk.domain.aftersales import review as R
from orderdesk.domain.aftersales.review import ReviewInputs
from orderdesk.schema import (
    Complaints,
    Invoices,
    LCDiscrepancies,
    OrderLines,
    Orders,
    QuoteLines,
    Reviews,
    Suppliers,
)

TODAY = dt.date(2026, 12, 2)


def order(oid: str, stage: str = "closed", **cells: object) -> dict:
    row = {
        Orders.order_id: oid,
        Orders.customer: "CU-1",
        Orders.stage: stage,
        Orders.currency: "USD",
        Orders.order_date: dt.date(2026, 10, 1),
        Orders.promised_ship: dt.date(2026, 10, 31),
        Orders.shipped_on: dt.date(2026, 11, 3),
        Orders.quote_id: "Q-1",
        Orders.quote_version: 1,
        Orders.order_total: 1000.0,
    }
    row.update({getattr(Orders, k): v for k, v in cells.items()})
    return row


def tables() -> dict:
    return {
        Orders: [order("SO-1"), order("SO-2", stage="shipped")],
        OrderLines: [
            {
                OrderLines.order_id: oid,
                OrderLines.line_no: 1,
                OrderLines.sku: "A",
                OrderLines.qty: 100,
                OrderLines.unit_price: 10.0,
                OrderLines.amount: 1000.0,
                OrderLines.supplier: "SU-1",
                OrderLines.unit_cost: 7.0,
                OrderLines.delivered_qty: 100,
            }
            for oid in ("SO-1", "SO-2")
        ],
        Suppliers: [
            {Suppliers.supplier_id: "SU-1", Suppliers.name: "F", Suppliers.currency: "USD"}
        ],
        QuoteLines: [
            # the quote's build-up: 8.00 a unit, of which freight and insurance 0.75
            {
                QuoteLines.quote_id: "Q-1",
                QuoteLines.version: 1,
                QuoteLines.line_no: 1,
                QuoteLines.sku: "A",
                QuoteLines.qty: 100,
                QuoteLines.unit_price: 10.0,
                QuoteLines.material: 6.0,
                QuoteLines.labour: 1.0,
                QuoteLines.packaging: 0.25,
                QuoteLines.inland_freight: 0.2,
                QuoteLines.main_freight: 0.5,
                QuoteLines.insurance: 0.05,
                QuoteLines.unit_cost: 8.0,
            }
        ],
        Invoices: [
            {
                Invoices.invoice_no: "INV-1",
                Invoices.order_id: "SO-1",
                Invoices.customer: "CU-1",
                Invoices.kind: "deposit",
                Invoices.issue_date: dt.date(2026, 10, 1),
                Invoices.due_date: dt.date(2026, 10, 5),
                Invoices.currency: "USD",
                Invoices.amount: 300.0,
                Invoices.paid: 300.0,
                Invoices.outstanding: 0.0,
                Invoices.last_payment: dt.date(2026, 10, 5),
            },
            {
                Invoices.invoice_no: "INV-2",
                Invoices.order_id: "SO-1",
                Invoices.customer: "CU-1",
                Invoices.kind: "balance",
                Invoices.issue_date: dt.date(2026, 11, 3),
                Invoices.due_date: dt.date(2026, 11, 20),
                Invoices.currency: "USD",
                Invoices.amount: 700.0,
                Invoices.paid: 700.0,
                Invoices.outstanding: 0.0,
                Invoices.last_payment: dt.date(2026, 11, 30),
            },
        ],
        Complaints: [
            {
                Complaints.complaint_id: "C-1",
                Complaints.order_id: "SO-1",
                Complaints.date: dt.date(2026, 11, 25),
                Complaints.cause: "quality",
                Complaints.claim_amount: 50.0,
            }
        ],
    }


def test_a_closed_order_is_reviewed_as_computed_by_hand(memory_register) -> None:
    register = memory_register(tables())
    outcome = review_orders(RunContext.of(register, today=TODAY))
    frame = register.sheets[Reviews.sheet].blocks[0].frame
    assert list(frame[Reviews.order_id]) == ["SO-1"]  # SO-2 is shipped, not closed
    row = frame.iloc[0]
    assert (row[Reviews.cycle_days], row[Reviews.plan_days]) == (33, 30)
    assert row[Reviews.otif] == "no"  # shipped three days after the promised date
    assert row[Reviews.complaints] == 1
    assert row[Reviews.complaint_cost] == 50.0
    assert row[Reviews.quoted_margin] == pytest.approx(0.20)  # (10 − 8) ÷ 10
    # realised: revenue 1,000 (invoiced) − purchases 100 × 7.00 − freight and insurance as
    # quoted 100 × 0.75 − the claim 50 = 175 → 17.5 %
    assert row[Reviews.realised_margin] == pytest.approx(0.175)
    assert row[Reviews.days_late] == 10  # the balance paid 30 Nov, due 20 Nov
    # scores: cycle 70, OTIF 0, complaints 100 − 25 − 5 = 70, margin 100 − 25 = 75, payment 70
    assert row[Reviews.score] == pytest.approx(57.0)
    assert row[Reviews.worst] == "OTIF (0), cycle time (70)"
    assert outcome.findings == 1  # below the bar


def test_discrepancies_feedback_and_purchases_in_another_currency() -> None:
    data = tables()
    frame = lambda t: __import__("pandas").DataFrame(  # noqa: E731
        [{str(k): v for k, v in r.items()} for r in data.get(t, [])],
        columns=[str(c) for c in t.columns()],
    )
    suppliers = frame(Suppliers)
    suppliers[Suppliers.currency] = "CNY"
    lines = frame(OrderLines)
    lines[OrderLines.unit_cost] = 49.0  # CNY
    from orderdesk.domain.reference.fx import fx_rate

    rate = float(fx_rate("CNY", "USD", dt.date(2026, 10, 1)).rate)
    disc = __import__("pandas").DataFrame(
        {
            LCDiscrepancies.order_id: ["SO-1", "SO-1"],
            LCDiscrepancies.severity: ["discrepancy", "note"],
        }
    )
    got = R.review_orders(
        ReviewInputs(
            frame(Orders),
            lines,
            frame(QuoteLines),
            frame(Invoices),
            frame(Complaints),
            suppliers,
            disc,
            {"SO-1": 4.0},
        ),
        TODAY,
    ).iloc[0]
    assert got[Reviews.realised_margin] == pytest.approx(
        (1000 - 100 * (49 * rate + 0.75) - 50) / 1000, abs=1e-4
    )
    assert got[Reviews.doc_discrepancies] == 1  # the note is not a discrepancy
    assert got[Reviews.feedback] == 4.0


def test_a_register_without_orders_or_lines_has_nothing_to_review(memory_register) -> None:
    register = memory_register({})
    outcome = review_orders(RunContext.of(register, today=TODAY))
    assert outcome.summary == "0 closed order(s) reviewed, 0 below 60"


def test_a_closed_order_without_lines_is_reviewed_on_what_is_known(memory_register) -> None:
    data = tables()
    data[OrderLines] = []
    register = memory_register(data)
    review_orders(RunContext.of(register, today=TODAY))
    row = register.sheets[Reviews.sheet].blocks[0].frame.iloc[0]
    # revenue 1,000 invoiced, no purchase booked: only the claim of 50 is a cost
    assert row[Reviews.realised_margin] == pytest.approx(0.95)
