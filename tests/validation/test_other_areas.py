"""The two rules that ask other areas: QUOTE-NOT-APPROVED asks the quotes area (issue #5) for the
approval state of a quote version, SUPPLIER-VERY-POOR asks the suppliers area (issue #7) which
purchase lines a standing blocks. (The sample register test covers approved quotes and good
suppliers staying quiet on a whole register.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from orderdesk.domain.quotes.chain import GENESIS, link
from orderdesk.ports import Register
from orderdesk.schema import ApprovalLog, QuoteLines, Quotes
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


def _approved_without_digest(quotes: list[dict]) -> Callable[[dict], None]:
    """SO-1 on Q-2026-0009 version 1, approved at all three levels in a correctly chained log
    whose rows carry no Quote Digest; Quotes holds `quotes`."""

    def change(t: dict) -> None:
        order(SO1, quote_id="Q-2026-0009", quote_version=1)(t)
        people = [("lwei", "sales manager"), ("zhangmin", "cost accountant"), ("chenjing", "")]
        entries = [
            {
                ApprovalLog.user: user,
                ApprovalLog.role: role or "commercial",
                ApprovalLog.level: level,
                ApprovalLog.quote_id: "Q-2026-0009",
                ApprovalLog.version: 1,
                ApprovalLog.decision: "approve",
                ApprovalLog.at: dt.datetime(2026, 1, level, 9),
            }
            for level, (user, role) in enumerate(people, 1)
        ]
        t[ApprovalLog] = link(entries, 1, GENESIS)
        t[Quotes] = quotes
        t[QuoteLines] = []

    return change


def test_an_approval_without_a_digest_does_not_count_while_quotes_has_versions(
    broken_in_memory: Callable[..., Register],
) -> None:
    """Quotes holds versions, though not this one: an approval that names no digest could have
    been given to anything, so the order's quote is not approved. With no version in Quotes at
    all there is nothing to compare with, and the approvals count."""
    other = [{Quotes.quote_id: "Q-2026-0001", Quotes.version: 1, Quotes.currency: "USD"}]
    got = findings(broken_in_memory(_approved_without_digest(other)))
    assert [where(f) for f in got] == [("QUOTE-NOT-APPROVED", "Orders", 2, "M", "Quote ID")]
    assert findings(broken_in_memory(_approved_without_digest([]))) == []
