"""The two rules that ask other areas: QUOTE-NOT-APPROVED asks the quotes area (issue #5) for the
approval state of a quote version, SUPPLIER-VERY-POOR asks the suppliers area (issue #7) which
purchase lines a standing blocks. (The sample register test covers approved quotes and good
suppliers staying quiet on a whole register.)"""

from __future__ import annotations

from collections.abc import Callable

from orderdesk.ports import Register
from tests.validation.conftest import findings, where
from tests.validation.test_rules import SO1, SO2, both, line, order, supplier


def test_an_order_on_a_quote_nobody_approved(broken_in_memory: Callable[..., Register]) -> None:
    """A confirmed order on a quote version with no approval in the ApprovalLog."""
    register = broken_in_memory(order(SO1, quote_id="Q-2026-0001", quote_version=2))
    got = findings(register)
    assert [where(f) for f in got] == [("QUOTE-NOT-APPROVED", "Orders", 2, "M", "Quote ID")]
    assert "Q-2026-0001" in got[0].message and "version 2" in got[0].message


def test_a_draft_on_an_unapproved_quote_is_fine(broken_in_memory: Callable[..., Register]) -> None:
    assert findings(broken_in_memory(order(2, quote_id="Q-2026-0001", quote_version=1))) == []


def test_an_unknown_stage_is_reported_once(broken_in_memory: Callable[..., Register]) -> None:
    register = broken_in_memory(
        order(SO2, stage="pending", quote_id="Q-2026-0001", quote_version=1)
    )
    assert [f.rule for f in findings(register)] == ["STAGE-UNKNOWN"]


def test_a_very_poor_supplier_on_a_new_line(broken_in_memory: Callable[..., Register]) -> None:
    # SU-001 also supplies SO-2's line, which is ready to ship: not a new line.
    register = broken_in_memory(both(supplier(0, standing="Very Poor"), line(0, supplier="SU-001")))
    got = findings(register)
    assert [where(f) for f in got] == [("SUPPLIER-VERY-POOR", "OrderLines", 2, "L", "Supplier")]
    assert "Very Poor" in got[0].message


def test_a_delivered_line_is_not_new(broken_in_memory: Callable[..., Register]) -> None:
    register = broken_in_memory(
        both(
            supplier(0, standing="Very Poor"),
            line(0, supplier="SU-001", delivered_qty=2000),
        )
    )
    assert findings(register) == []
