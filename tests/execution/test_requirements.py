"""Can we take it?: special requirements (certifications, packaging, Validate errors) read from
the lines' Spec and the order's Notes and Check, as the Feasibility sheet shows them."""

from __future__ import annotations

from orderdesk.actions.context import RunContext
from orderdesk.actions.execution import can_we_take_it
from orderdesk.schema import Feasibility, OrderLines, Orders
from tests.execution.cases import BOOKED, BOOKED_LINE, TODAY, block_rows, line, order, tables


def _rows(memory_register, orders, lines):
    register = memory_register(tables([BOOKED, *orders], [BOOKED_LINE, *lines]))
    can_we_take_it(RunContext.of(register, today=TODAY))
    names = {str(c): c.attr for c in Feasibility.columns()}
    rows = block_rows(register.reopen(), Feasibility.sheet, Feasibility.table_name)
    return {r["Order ID"]: {names[k]: v for k, v in r.items()} for r in rows}


def _with(row, **cells):
    return {**row, **cells}


def test_certifications_and_packaging_are_conditions_with_their_reason(memory_register):
    rows = _rows(
        memory_register,
        [
            _with(order("SO-C", "received"), **{Orders.notes: "gift box, 24 per carton"}),
            _with(order("SO-V", "received"), **{Orders.check: "1 error, 2 warnings"}),
        ],
        [
            _with(line("SO-C", "P-1", 100), **{OrderLines.spec: "M8 steel, CE and EN 71-3"}),
            _with(line("SO-V", "P-1", 100), **{OrderLines.spec: "M8 steel"}),
        ],
    )
    cert = rows["SO-C"]
    assert cert["decision"] == "accept with conditions"
    assert "requirements: certifications CE, EN 71-3 asked (P-1 spec)" in cert["reasons"]
    assert "requirements: special packaging gift box asked (order notes)" in cert["reasons"]
    assert "supplier's CE, EN 71-3 certificates on file" in cert["conditions"]
    assert "packaging artwork for gift box approved" in cert["conditions"]
    checked = rows["SO-V"]
    assert checked["decision"] == "accept with conditions"
    assert "Validate found 1 error, 2 warnings (Check)" in checked["reasons"]
    assert "certifications" not in checked["reasons"]


def test_plain_specs_and_notes_ask_for_nothing(memory_register):
    # "piece", "uncle" (lookalikes of CE, UL) and a warning-only Check are not requirements
    rows = _rows(
        memory_register,
        [
            _with(
                order("SO-P", "received"),
                **{Orders.notes: "one piece per bag, cell phone case", Orders.check: "2 warnings"},
            )
        ],
        [_with(line("SO-P", "P-1", 100), **{OrderLines.spec: "M8 steel, uncle's colour"})],
    )
    row = rows["SO-P"]
    assert row["decision"] == "accept"
    assert "requirements" not in row["reasons"]
