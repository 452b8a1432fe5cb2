"""The two rules that ask other areas: QUOTE-NOT-APPROVED asks the quotes area (issue #5) for the
approval state, SUPPLIER-VERY-POOR asks the suppliers area (issue #7) which lines a standing
blocks. Here those areas are stood in for by small modules with the same functions, to check
that the rules ask them and report their answers on the right cells."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from orderdesk.domain.validation.rules import quote_approval
from orderdesk.schema import Orders
from tests.validation.conftest import findings, where
from tests.validation.test_rules import SO1, SO2, both, line, order, supplier


def _stand_in(monkeypatch: pytest.MonkeyPatch, name: str, **functions: object) -> list[tuple]:
    """Install a module `name` whose functions record their calls."""
    calls: list[tuple] = []
    module = types.ModuleType(name)
    for attr, value in functions.items():
        if callable(value):

            def recorded(*args: object, _fn=value, _attr=attr) -> object:  # type: ignore[no-untyped-def]
                calls.append((_attr, args))
                return _fn(*args)

            setattr(module, attr, recorded)
        else:
            setattr(module, attr, value)
    parent = name.rpartition(".")[0]
    if parent not in sys.modules:
        monkeypatch.setitem(sys.modules, parent, types.ModuleType(parent))
    monkeypatch.setitem(sys.modules, name, module)
    return calls


def test_an_order_on_a_quote_nobody_approved(broken: Callable[..., Path]) -> None:
    """With the quotes area in the code base, a confirmed order on a quote version with no
    approval in the ApprovalLog is reported; without it, the rule has nobody to ask."""
    path = broken(order(SO1, quote_id="Q-2026-0001", quote_version=2))
    expected = (
        [("QUOTE-NOT-APPROVED", "Orders", 2, "M", "Quote ID")]
        if quote_approval.approvals_available()
        else []
    )
    assert [where(f) for f in findings(path)] == expected


def test_quote_not_approved_reports_what_the_quotes_area_says(
    broken: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def unapproved_orders(orders: pd.DataFrame, state: pd.DataFrame) -> pd.DataFrame:
        hit = orders[orders[Orders.quote_id] == "Q-2026-0001"]
        return pd.DataFrame(
            {
                "row": hit.index,
                "order_id": hit[Orders.order_id],
                "quote_id": hit[Orders.quote_id],
                "version": hit[Orders.quote_version],
                "reason": "quote Q-2026-0001 version 2 is approved at 1 of 3 levels",
            }
        )

    calls = _stand_in(
        monkeypatch,
        quote_approval.APPROVAL,
        approval_state=lambda log, digests: pd.DataFrame(),
        unapproved_orders=unapproved_orders,
        ORDER_ROW="row",
        REASON="reason",
    )
    path = broken(order(SO2, quote_id="Q-2026-0001", quote_version=2))
    got = findings(path)
    assert [where(f) for f in got] == [("QUOTE-NOT-APPROVED", "Orders", 3, "M", "Quote ID")]
    assert got[0].message.endswith("quote Q-2026-0001 version 2 is approved at 1 of 3 levels")
    assert [name for name, _ in calls] == ["approval_state", "unapproved_orders"]


def test_supplier_very_poor_asks_the_suppliers_area_when_it_is_there(
    broken: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from orderdesk.domain.validation.rules import supplier_standing

    calls = _stand_in(
        monkeypatch,
        supplier_standing.STANDING,
        blocked_purchase_lines=supplier_standing._blocked_purchase_lines,
    )
    path = broken(both(supplier(0, standing="Very Poor"), line(0, supplier="SU-001")))
    assert [where(f) for f in findings(path)] == [
        ("SUPPLIER-VERY-POOR", "OrderLines", 2, "L", "Supplier")
    ]
    ((name, (_lines, _orders, standings)),) = calls
    assert name == "blocked_purchase_lines"
    assert standings.loc["SU-001", "Action"] == "block"  # from the Settings standings table


def test_a_delivered_line_is_not_new(broken: Callable[..., Path]) -> None:
    path = broken(
        both(
            supplier(0, standing="Very Poor"),
            line(0, supplier="SU-001", delivered_qty=2000),
        )
    )
    assert findings(path) == []
