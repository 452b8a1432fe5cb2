"""The trade in the sample hangs together the way a desk's register does: stages by age, lines that
match their products' cartons, shipments, invoices by payment terms, receipts, complaints."""

from __future__ import annotations

import math
import re
from decimal import Decimal

import numpy as np
import pandas as pd

from orderdesk.defaults import policy_rows
from orderdesk.domain.reference import codes
from orderdesk.domain.reference.payment_terms import PAYMENT_TERMS
from orderdesk.sample import SAMPLE_AS_OF
from orderdesk.schema import (
    ApprovalLog,
    BankEntries,
    Carriers,
    Complaints,
    Customers,
    Invoices,
    OrderLines,
    Orders,
    Products,
    QuoteLines,
    Quotes,
    Shipments,
    Stage,
    SupplierRequests,
)
from tests.sample.conftest import Written

AS_OF = pd.Timestamp(SAMPLE_AS_OF)


def _planted_keys(written: Written, rule: str) -> set[tuple[object, ...]]:
    return {p.key for p in written.sample.planted if p.rule == rule}


def test_orders_span_18_months_with_a_realistic_stage_mix(sample300: Written) -> None:
    orders = sample300.frames[Orders]
    dates = orders[Orders.order_date]
    assert dates.max() <= AS_OF
    assert dates.min() >= AS_OF - pd.DateOffset(months=18)
    assert dates.min() <= AS_OF - pd.DateOffset(months=17)  # the whole span is used
    assert orders[Orders.order_id].is_unique
    stages = orders[Orders.stage].map(Stage.read)
    # Every stage but 'received' (orders Import PO makes from customers' files, not sample data).
    assert set(stages) == set(Stage) - {Stage.RECEIVED}
    old = stages[dates < AS_OF - pd.DateOffset(months=6)]
    assert (old.isin([Stage.CLOSED, Stage.INVOICED, Stage.CANCELLED])).all()
    recent = stages[dates > AS_OF - pd.DateOffset(days=30)]
    assert recent.isin([Stage.DRAFT, Stage.CONFIRMED, Stage.IN_PRODUCTION]).mean() > 0.6
    assert (stages == Stage.CLOSED).mean() > 0.5
    # Shipped orders carry their B/L date; open ones do not.
    shipped = stages.map(lambda s: s.at_least(Stage.SHIPPED))
    assert orders.loc[shipped, Orders.shipped_on].notna().all()
    assert orders.loc[~shipped, Orders.shipped_on].isna().all()


def test_lines_match_their_products(written: Written) -> None:
    lines = written.frames[OrderLines]
    products = written.frames[Products].set_index(Products.sku)

    def product(col: str) -> pd.Series:
        return lines[OrderLines.sku].map(products[col])

    per_carton = product(Products.carton_qty)
    assert (lines[OrderLines.carton_qty] == per_carton).all()
    assert (lines[OrderLines.cartons] == np.ceil(lines[OrderLines.qty] / per_carton)).all()
    box = (
        product(Products.carton_l_cm)
        * product(Products.carton_w_cm)
        * product(Products.carton_h_cm)
    )
    assert np.allclose(lines[OrderLines.cbm], lines[OrderLines.cartons] * box / 1e6, atol=0.001)
    unit_kg = product(Products.unit_net_kg)
    assert np.allclose(lines[OrderLines.net_kg], lines[OrderLines.qty] * unit_kg, atol=0.01)
    tare = product(Products.carton_gross_kg) - per_carton * unit_kg
    gross = lines[OrderLines.net_kg] + lines[OrderLines.cartons] * tare
    assert np.allclose(lines[OrderLines.gross_kg], gross, atol=0.02)
    assert (lines[OrderLines.unit] == product(Products.unit)).all()
    # The HS code is the product's, except the planted slip.
    differs = lines[lines[OrderLines.hs_code] != product(Products.hs_code)]
    found = {(r[OrderLines.order_id], r[OrderLines.line_no]) for _, r in differs.iterrows()}
    assert found == _planted_keys(written, "HS-UNKNOWN")
    assert lines.groupby(OrderLines.order_id).size().between(1, 6).all()
    assert lines[OrderLines.qty].gt(0).all() and lines[OrderLines.unit_price].gt(0).all()


def test_supplier_dates_follow_the_stage(sample300: Written) -> None:
    lines = sample300.frames[OrderLines]
    stage = (
        lines[OrderLines.order_id]
        .map(
            dict(
                zip(
                    sample300.frames[Orders][Orders.order_id],
                    sample300.frames[Orders][Orders.stage],
                    strict=True,
                )
            )
        )
        .map(Stage.read)
    )
    placed = stage.map(lambda s: s.at_least(Stage.IN_PRODUCTION))
    assert lines.loc[placed, OrderLines.supplier_due].notna().all()
    ready = stage.map(lambda s: s.at_least(Stage.READY_TO_SHIP))
    assert lines.loc[ready, OrderLines.supplier_delivered].notna().all()
    delivered = lines[lines[OrderLines.supplier_delivered].notna()]
    assert (delivered[OrderLines.supplier_delivered] <= AS_OF).all()
    assert (delivered[OrderLines.accepted_qty] <= delivered[OrderLines.delivered_qty]).all()
    assert (delivered[OrderLines.delivered_qty] <= delivered[OrderLines.qty]).all()


def test_suppliers_differ_in_performance(sample300: Written) -> None:
    """What the scorecard should find: some suppliers deliver on time, some do not."""
    lines = sample300.frames[OrderLines]
    done = lines[lines[OrderLines.supplier_delivered].notna()]
    on_time = (done[OrderLines.supplier_delivered] <= done[OrderLines.supplier_due]).groupby(
        done[OrderLines.supplier]
    )
    rate = on_time.mean()[on_time.size() >= 10]
    assert rate.max() >= 0.9 and rate.min() <= 0.7, rate
    quality = (
        (done[OrderLines.accepted_qty] / done[OrderLines.delivered_qty])
        .groupby(done[OrderLines.supplier])
        .mean()
    )
    assert quality.max() - quality.min() > 0.02
    # Price: against what other factories charged for the same SKU in the same quarter, some
    # are clearly cheaper and some dearer.
    priced = lines[lines[OrderLines.unit_cost].notna() & lines[OrderLines.supplier_due].notna()]
    quarter = priced[OrderLines.supplier_due].dt.to_period("Q")
    mean = priced.groupby([priced[OrderLines.sku], quarter, priced[OrderLines.supplier]])[
        OrderLines.unit_cost
    ].mean()
    ratios: dict[str, list[float]] = {}
    for (_sku, _q), group in mean.groupby(level=[0, 1]):
        costs = group.droplevel([0, 1])
        for supplier, cost in costs.items():
            others = costs.drop(supplier)
            if len(others):
                ratios.setdefault(str(supplier), []).append(cost / others.median())
    level = pd.Series({s: np.mean(r) for s, r in ratios.items() if len(r) >= 3})
    assert level.max() - level.min() > 0.08, level


def test_shipments(sample300: Written) -> None:
    ships = sample300.frames[Shipments]
    carriers = {row[Carriers.carrier] for row in policy_rows()[Carriers]}
    assert set(ships[Shipments.carrier]) <= carriers
    ocean = ships[ships[Shipments.mode] == "ocean"]
    assert set(ocean[Shipments.carrier]) == {"MAEU", "MSCU", "HLCU"}
    boxes = ocean[Shipments.container_no].dropna()
    wrong = {n for n in boxes if not codes.is_container_no(n)}
    assert wrong == {p.value for p in sample300.sample.planted if p.rule == "CONTAINER-CHECK"}
    assert boxes.is_unique
    sailed = ocean[ocean[Shipments.atd].notna()]
    assert (
        sailed[[Shipments.bl_no, Shipments.booking_ref, Shipments.container_no]].notna().all().all()
    )
    express = ships[ships[Shipments.mode] == "express"]
    assert len(express) > 0 and (express[Shipments.carrier] == "DHL").all()
    awb = express[Shipments.tracking_no]
    assert awb.str.fullmatch(r"\d{10}").all()
    assert all(int(n[:9]) % 7 == int(n[9]) for n in awb)
    # The B/L date is the order's ship date.
    shipped_on = sample300.frames[Orders].set_index(Orders.order_id)[Orders.shipped_on]
    assert (sailed[Shipments.atd].values == shipped_on[sailed[Shipments.order_id]].values).all()
    assert (ships[Shipments.eta] > ships[Shipments.etd]).all()
    # Days at sea fit the lane: Ningbo to North Europe takes a month, Izmir to Rotterdam not.
    at_sea = (ocean[Shipments.eta] - ocean[Shipments.etd]).dt.days
    assert at_sea.between(2, 45).all()
    to_europe = ocean[Shipments.port_of_discharge].isin(["DEHAM", "NLRTM", "BEANR", "GBFXT"])
    from_china = ocean[Shipments.port_of_loading].str.startswith("CN")
    assert (at_sea[to_europe & from_china] >= 28).all()
    # Turkey and India are nearer Europe; Vietnam sails about as long as China (HCMC–Felixstowe
    # some 30 days, plus a vessel's usual slip).
    assert (at_sea[to_europe & ~from_china] <= 33).all()


def test_invoices_follow_payment_terms(written: Written) -> None:
    orders = written.frames[Orders].set_index(Orders.order_id)
    invoices = written.frames[Invoices]
    assert invoices[Invoices.invoice_no].is_unique
    for order_id, group in invoices.groupby(Invoices.order_id):
        o = orders.loc[order_id]
        term = PAYMENT_TERMS[o[Orders.payment_terms]]
        assert Stage.read(o[Orders.stage]) not in (Stage.DRAFT, Stage.CANCELLED)
        kinds = dict(zip(group[Invoices.kind], group[Invoices.amount], strict=True))
        total = Decimal(repr(float(o[Orders.order_total])))
        if 0 < term.deposit < 1:
            expected = (total * term.deposit).quantize(Decimal("0.01"))
            assert math.isclose(kinds["deposit"], float(expected), abs_tol=1.0)
            if "balance" in kinds:
                assert math.isclose(
                    kinds["deposit"] + kinds["balance"], o[Orders.order_total], abs_tol=0.01
                )
        else:
            assert set(kinds) == {"full"} and math.isclose(
                kinds["full"], o[Orders.order_total], abs_tol=0.01
            )
        assert (group[Invoices.currency] == o[Orders.currency]).all()
        assert (group[Invoices.due_date] >= group[Invoices.issue_date]).all()
    # Balances due against a B/L copy are issued once the goods have sailed.
    balance = invoices[invoices[Invoices.kind] == "balance"].merge(
        orders[[Orders.payment_terms, Orders.shipped_on]],
        left_on=Invoices.order_id,
        right_index=True,
    )
    after_bl = balance[balance[Orders.payment_terms].str.endswith("BL")]
    assert (after_bl[Invoices.issue_date] >= after_bl[Orders.shipped_on]).all()


def test_ledger_before_bank_sync_adds_up(sample300: Written) -> None:
    invoices = sample300.frames[Invoices]
    before = invoices[invoices[Invoices.issue_date] < pd.Timestamp(sample300.sample.bank_from)]
    after = invoices[invoices[Invoices.issue_date] >= pd.Timestamp(sample300.sample.bank_from)]
    assert np.allclose(
        before[Invoices.paid] + before[Invoices.outstanding], before[Invoices.amount]
    )
    assert set(before[Invoices.status]) == {"paid", "part paid", "open"} or set(
        before[Invoices.status]
    ) <= {"paid", "part paid", "open"}
    assert after[[Invoices.paid, Invoices.outstanding, Invoices.status]].isna().all().all()


def _normal(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", text.upper())


def test_bank_receipts_and_their_answer_key(sample300: Written) -> None:
    entries = sample300.frames[BankEntries]
    invoices = sample300.frames[Invoices].set_index(Invoices.invoice_no)
    orders = sample300.frames[Orders].set_index(Orders.order_id)
    customers = sample300.frames[Customers].set_index(Customers.customer_id)
    key = {r.entry_ref: r for r in sample300.sample.receipts}
    receipts = entries[entries[BankEntries.amount] > 0]
    assert set(receipts[BankEntries.entry_ref]) == set(key)
    assert (entries[BankEntries.booking_date] >= pd.Timestamp(sample300.sample.bank_from)).all()
    # OrderDesk's match columns are left for bank matching to fill.
    owned = [c for c in BankEntries.columns() if c.owned]
    assert entries[owned].isna().all().all()
    referenced = aliases = combined = short = 0
    for _, e in receipts.iterrows():
        r = key[e[BankEntries.entry_ref]]
        paid = [invoices.loc[no] for no, _ in r.allocations]
        assert all(inv[Invoices.customer] == r.customer for inv in paid)
        owed = sum(float(a) for _, a in r.allocations)
        if not r.other_currency:
            assert e[BankEntries.currency] == paid[0][Invoices.currency]
            assert math.isclose(e[BankEntries.amount] + float(r.bank_charges), owed, abs_tol=0.01)
        text = _normal(e[BankEntries.remittance])
        refs = set()
        for (no, _), inv in zip(r.allocations, paid, strict=True):
            refs |= {
                _normal(no),
                _normal(inv[Invoices.order_id]),
                _normal(orders.loc[inv[Invoices.order_id], Orders.customer_po]),
            }
        referenced += any(ref in text for ref in refs)
        name = customers.loc[r.customer, Customers.name]
        aliases += e[BankEntries.payer] != name
        combined += len(r.allocations) > 1
        short += r.bank_charges > 0
    assert referenced / len(receipts) > 0.85  # a few say only "PAYMENT"
    assert referenced < len(receipts)
    assert aliases > 0 and combined > 0 and short > 0
    assert (entries[BankEntries.amount] < 0).any()  # the bank's own fees


def test_some_customers_pay_late_habitually(sample300: Written) -> None:
    invoices = sample300.frames[Invoices].set_index(Invoices.invoice_no)
    entries = sample300.frames[BankEntries].set_index(BankEntries.entry_ref)
    late: dict[str, list[int]] = {}
    for r in sample300.sample.receipts:
        booked = entries.loc[r.entry_ref, BankEntries.booking_date]
        for no, _ in r.allocations:
            late.setdefault(r.customer, []).append(
                (booked - invoices.loc[no, Invoices.due_date]).days
            )
    mean = {c: sum(v) / len(v) for c, v in late.items() if len(v) >= 3}
    habitual = {c for c, d in mean.items() if d > 15}
    assert 0 < len(habitual) <= 4, mean  # some pay late habitually, not many
    assert sorted(mean.values())[len(mean) // 2] < 8  # most pay about on time


def test_complaints_are_traced_to_the_supplier_of_the_line(written: Written) -> None:
    complaints = written.frames[Complaints]
    assert len(complaints) > 0
    lines = written.frames[OrderLines].set_index([OrderLines.order_id, OrderLines.sku])
    ata = written.frames[Shipments].groupby(Shipments.order_id)[Shipments.ata].max()
    for _, c in complaints.iterrows():
        assert c[Complaints.date] >= ata[c[Complaints.order_id]]
        if c[Complaints.cause] == "documents":  # our own papers: no line, no supplier to blame
            assert pd.isna(c[Complaints.sku]) and pd.isna(c[Complaints.supplier])
            continue
        line = lines.loc[(c[Complaints.order_id], c[Complaints.sku])]
        assert c[Complaints.supplier] in set(pd.Series(line[OrderLines.supplier]).values)
        assert c[Complaints.date] >= ata[c[Complaints.order_id]]


def test_quality_is_what_customers_complain_about_most(sample300: Written) -> None:
    causes = sample300.frames[Complaints][Complaints.cause].value_counts()
    assert causes.index[0] == "quality"
    shipped = sample300.frames[Orders][Orders.shipped_on].notna().sum()
    rate = sample300.frames[Complaints][Complaints.order_id].nunique() / shipped
    assert 0.02 < rate < 0.10  # around the KPI's amber band


def test_supplier_requests_have_answers(sample300: Written) -> None:
    requests = sample300.frames[SupplierRequests]
    assert set(requests[SupplierRequests.kind]) == {"RFQ", "change request"}
    answered = requests[requests[SupplierRequests.answered].notna()]
    assert (answered[SupplierRequests.answered] >= answered[SupplierRequests.sent]).all()
    slow = (answered[SupplierRequests.answered] - answered[SupplierRequests.sent]).dt.days
    by_supplier = slow.groupby(answered[SupplierRequests.supplier]).mean()
    assert by_supplier.max() > 2 * by_supplier.min()
    changes = requests[requests[SupplierRequests.kind] == "change request"]
    assert changes[SupplierRequests.order_id].notna().all()


def test_quotes_and_their_versions(sample300: Written) -> None:
    orders = sample300.frames[Orders]
    quotes = sample300.frames[Quotes].set_index([Quotes.quote_id, Quotes.version])
    lines = sample300.frames[QuoteLines]
    for _, o in orders.iterrows():
        q = quotes.loc[(o[Orders.quote_id], int(o[Orders.quote_version]))]
        assert q[Quotes.status] == "won" and q[Quotes.order_id] == o[Orders.order_id]
        assert q[Quotes.customer] == o[Orders.customer]
        assert q[Quotes.quote_date] <= o[Orders.order_date]
        for v in range(1, int(o[Orders.quote_version])):
            assert quotes.loc[(o[Orders.quote_id], v), Quotes.status] == "superseded"
    statuses = set(quotes[Quotes.status])
    assert {"won", "superseded", "lost", "expired", "sent"} <= statuses
    assert (orders[Orders.quote_version] >= 2).mean() > 0.2
    keyed = lines.set_index([QuoteLines.quote_id, QuoteLines.version]).index
    assert set(keyed) == set(quotes.index)
    # The approval history is the quotes area's (orderdesk/sample/approvals.py, tests/quotes).
    assert len(sample300.frames[ApprovalLog]) > len(quotes)
