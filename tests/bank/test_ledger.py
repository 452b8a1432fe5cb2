"""Invoice state and payment behaviour, from the applied receipts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from orderdesk.domain.credit import effective_score
from orderdesk.domain.payments.ledger import (
    days_late,
    format_allocations,
    invoice_state,
    parse_allocations,
)
from orderdesk.domain.payments.matching import Allocation
from orderdesk.schema import Invoices

TODAY = dt.date(2026, 11, 15)


def test_matched_invoices_text_round_trips() -> None:
    from decimal import Decimal

    items = [
        Allocation("INV-1", Decimal("7000.00"), "USD"),
        Allocation("INV-2", Decimal("5"), "JPY"),
    ]
    text = format_allocations(items)
    assert text == "INV-1: 7000.00; INV-2: 5"
    assert parse_allocations(text) == [("INV-1", Decimal("7000.00")), ("INV-2", Decimal("5"))]
    assert parse_allocations("INV-1; INV-2 ") == [("INV-1", None), ("INV-2", None)]
    assert parse_allocations("INV-1: 1.234,50") == [("INV-1", Decimal("1234.50"))]
    with pytest.raises(ValueError, match="above 0"):
        parse_allocations("INV-1: -5")


def test_state_and_days_late() -> None:
    inv = pd.DataFrame(
        {
            Invoices.invoice_no: ["A", "B", "C", "D"],
            Invoices.customer: ["CU-1", "CU-1", "CU-2", "CU-2"],
            Invoices.amount: [100.0, 200.0, 300.0, 50.0],
            Invoices.due_date: pd.to_datetime(
                ["2026-10-01", "2026-11-10", "2026-12-01", "2026-11-20"]
            ),
        }
    )
    allocs = pd.DataFrame(
        {
            "invoice": ["A", "B", "D"],
            "amount": [100.0, 50.0, 60.0],
            "date": pd.to_datetime(["2026-10-11", "2026-11-01", "2026-11-02"]),
        }
    )
    state = invoice_state(inv, allocs, TODAY)
    assert state[Invoices.status].tolist() == ["paid", "overdue", "open", "overpaid"]
    assert state[Invoices.outstanding].tolist() == [0.0, 150.0, 300.0, -10.0]
    # CU-1: A paid 10 days late, B open 5 days past due → 7.5; CU-2: D paid early (0), C not due
    late = days_late(inv, state, TODAY)
    assert late.to_dict() == {"CU-1": 7.5, "CU-2": 0.0}


def test_payment_behaviour_feeds_the_credit_score() -> None:
    assert effective_score(80, 20.0) == 65  # 15 days beyond the 5 of grace
    assert effective_score(80, 3.0) == 80
    assert effective_score(80, 90.0) == 40  # at most 40 points off
    assert effective_score(None, 10.0) is None
