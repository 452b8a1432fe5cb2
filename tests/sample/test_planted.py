"""The planted problems are there, as described, and nothing else in the sample breaks a rule;
the messy cells read as the values listed. Checked on the written workbooks read back."""

from __future__ import annotations

import math

import pandas as pd
from openpyxl import load_workbook

from orderdesk.defaults import policy_rows
from orderdesk.domain.reference import codes
from orderdesk.domain.reference.fx import fx_rate
from orderdesk.sample import generate
from orderdesk.sample import planted as P
from orderdesk.schema import (
    CreditBands,
    Customers,
    OrderLines,
    Orders,
    Shipments,
    Stage,
    Suppliers,
    Table,
)
from tests.sample import rules
from tests.sample.conftest import Written


def _row(written: Written, table: type[Table], key: tuple[object, ...]) -> pd.Series:
    frame = written.frames[table]
    mask = pd.Series(True, index=frame.index)
    for col, value in zip(table.keys(), key, strict=True):
        mask &= frame[col] == value
    assert mask.sum() == 1, (table.sheet, key)
    return frame[mask].iloc[0]


def test_every_planted_problem_is_placed(written: Written) -> None:
    rules_placed = [p.rule for p in written.sample.planted]
    assert sorted(rules_placed) == sorted(plant.rule for plant in P.PLANTED)


def test_nothing_but_the_planted_problems(written: Written) -> None:
    """Independent checks of every dev-notes rule find the planted records, and only those."""
    assert written.issues == []  # no CELL-UNREADABLE: every messy cell reads
    expected = {(p.rule, p.sheet, p.key) for p in written.sample.planted}
    assert rules.findings(written.frames) == expected


def test_planted_records_are_as_described(written: Written) -> None:
    frames = written.frames
    planted = {p.rule: p for p in written.sample.planted}
    for p in written.sample.planted:
        row = _row(written, p.table, p.key)
        value = row[p.column]
        if p.value is None:
            assert pd.isna(value)
        elif hasattr(value, "date"):
            assert value.date() == p.value
        else:
            assert value == p.value, p

    marks = _row(written, Orders, planted["REQ-SHIPPING-MARKS"].key)
    assert Stage.read(marks[Orders.stage]) is Stage.READY_TO_SHIP
    assert pd.isna(marks[Orders.shipping_marks])
    assert pd.notna(marks[Orders.forwarder]) and pd.notna(marks[Orders.port_of_discharge])

    line = _row(written, OrderLines, planted["HS-UNKNOWN"].key)
    assert line[OrderLines.hs_code] == "851712" and not codes.is_hs_code("851712")
    assert line[OrderLines.sku] == "EL-4005"

    order = _row(written, Orders, planted["CREDIT-LIMIT"].key)
    customer = _row(written, Customers, (order[Orders.customer],))
    usd = order[Orders.order_total] * float(
        fx_rate(order[Orders.currency], "USD", order[Orders.order_date].date()).rate
    )
    assert usd > customer[Customers.credit_limit]
    assert customer[Customers.customer_type] == "new"
    assert (frames[Orders][Orders.customer] == order[Orders.customer]).sum() == 1
    assert Stage.read(order[Orders.stage]) is Stage.CONFIRMED

    order = _row(written, Orders, planted["DATE-ORDER"].key)
    assert order[Orders.promised_ship] > order[Orders.requested_delivery]
    assert order[Orders.order_date] <= order[Orders.requested_delivery]

    order = _row(written, Orders, planted["PO-DUPLICATE"].key)
    same = frames[Orders][
        (frames[Orders][Orders.customer] == order[Orders.customer])
        & (frames[Orders][Orders.customer_po] == order[Orders.customer_po])
    ]
    assert len(same) == 2 and same[Orders.order_date].max() == order[Orders.order_date]

    number = planted["CONTAINER-CHECK"].value
    assert not codes.is_container_no(number)
    assert codes.container_check_digit(number[:10]) != int(number[10])
    ship = _row(written, Shipments, planted["CONTAINER-CHECK"].key)
    assert ship[Shipments.mode] == "ocean" and pd.notna(ship[Shipments.atd])

    order = _row(written, Orders, planted["INCOTERM-MODE"].key)
    assert (order[Orders.incoterm], order[Orders.transport_mode]) == ("FOB", "air")

    line = _row(written, OrderLines, planted["AMOUNT-MISMATCH"].key)
    product = line[OrderLines.qty] * line[OrderLines.unit_price]
    assert abs(line[OrderLines.amount] - product) > 1
    # The order total is the sum of the amounts as typed, so only the line is wrong.
    lines = frames[OrderLines][frames[OrderLines][OrderLines.order_id] == line[OrderLines.order_id]]
    total = _row(written, Orders, (line[OrderLines.order_id],))[Orders.order_total]
    assert math.isclose(lines[OrderLines.amount].sum(), total, abs_tol=0.005)

    order = _row(written, Orders, planted["DEPOSIT-BELOW-BAND"].key)
    score = _row(written, Customers, (order[Orders.customer],))[Customers.credit_score]
    band = max(
        (b for b in policy_rows()[CreditBands] if score >= b[CreditBands.min_score]),
        key=lambda b: b[CreditBands.min_score],
    )
    assert order[Orders.deposit_pct] < band[CreditBands.min_deposit]
    assert order[Orders.payment_terms] == "TT20-80 BL"

    line = _row(written, OrderLines, planted["SUPPLIER-BLOCKED"].key)
    supplier = _row(written, Suppliers, (line[OrderLines.supplier],))
    assert bool(supplier[Suppliers.blocked])
    order = _row(written, Orders, (line[OrderLines.order_id],))
    assert Stage.read(order[Orders.stage]) is Stage.IN_PRODUCTION
    assert pd.isna(line[OrderLines.supplier_delivered])


def test_messy_cells_are_typed_as_listed_and_read_as_listed(sample300: Written) -> None:
    messy = sample300.sample.messy
    assert {m.how for m in messy} == {kind.how for kind in P.MESSY}
    book = load_workbook(sample300.path, read_only=True)
    for m in messy:
        row = _row(sample300, m.table, m.key)
        # The file holds the text as typed …
        sheet = book[m.sheet]
        header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True))
        col = header.index(str(m.column))
        first_key = header.index(str(m.table.keys()[0]))
        raw = next(
            r[col]
            for r in sheet.iter_rows(min_row=2, values_only=True)
            if r[first_key] == m.key[0]
            and (len(m.key) == 1 or r[header.index(str(m.table.keys()[1]))] == m.key[1])
        )
        assert raw == m.raw and isinstance(raw, str)
        # … and the register reads the value it means.
        value = row[m.column]
        value = value.date() if hasattr(value, "date") else value
        assert value == m.reads_as, m


def test_small_samples_plant_what_fits() -> None:
    """From about 60 orders every planted problem has a record to sit on; below that the list
    says exactly what was planted."""
    full = generate(60, seed=2)
    assert {p.rule for p in full.planted} == {plant.rule for plant in P.PLANTED}
    tiny = generate(8, seed=2)
    assert len({p.key for p in tiny.planted}) == len(tiny.planted)
    empty = generate(0, seed=2)
    assert empty.planted == [] and len(empty.tables[Orders]) == 0


def test_a_duplicated_po_is_copied_from_an_order_whose_po_is_in_the_register() -> None:
    """A draft often has no PO typed yet: a number copied from its blank cell would be a
    duplicate that Validate cannot see (seed 2 of 3,000 orders once planted one)."""
    from orderdesk.sample import build
    from orderdesk.sample import master as M
    from orderdesk.sample.orders import Order

    customer = next(c for c in M.CUSTOMERS if not c.blocked)
    day = pd.Timestamp("2026-05-04").date()
    typed = Order(day, customer, stage=Stage.CONFIRMED, po="4500-100")
    blank = Order(day, customer, stage=Stage.DRAFT, po="4500-101", show_po=False)
    new = Order(day, customer, stage=Stage.CONFIRMED, po="4500-102")
    placed = build.plant_po_duplicate([typed, blank, new])
    assert [(plant.rule, target[0]) for plant, target in placed] == [("PO-DUPLICATE", new)]
    assert new.po == typed.po and new.po_copied_from == typed.id
    rows = [build.order_row(o) for o in (typed, blank, new)]
    assert [r[Orders.customer_po] for r in rows] == ["4500-100", None, "4500-100"]
