"""The execution area's reader: the register's tables turned into what the domain's decision
tree, capacity book and milestone plan take (issue 20). Reads only; the actions write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from orderdesk.actions.execution_cells import day, flag, number, stages, text
from orderdesk.domain.credit import accepted_banks, credit_bands, effective_score
from orderdesk.domain.execution.book import (
    ASKED_STAGES,
    BOOKED_STAGES,
    booking_day,
    order_line,
    standing_actions,
    supplier_action,
)
from orderdesk.domain.execution.capacity import CapacityBook, Load
from orderdesk.domain.execution.feasibility import (
    Ask,
    CustomerFacts,
    Knowledge,
    Line,
    SupplierFacts,
    Thresholds,
)
from orderdesk.domain.values import parse_decimal
from orderdesk.ports import Register, TableData
from orderdesk.schema import (
    Capacity,
    CreditBands,
    Customers,
    LCBanks,
    OrderLines,
    Orders,
    Products,
    Setting,
    Standings,
    Suppliers,
)
from orderdesk.settings import Policy


@dataclass
class Book:
    """The tables Can we take it reads, read once."""

    orders: TableData
    lines: TableData
    products: pd.DataFrame
    knowledge: Knowledge
    capacity: dict[str, float]

    @classmethod
    def read(cls, register: Register, policy: Policy) -> Book:
        orders, lines = register.read(Orders), register.read(OrderLines)
        products = register.read(Products).frame
        thresholds = Thresholds(
            transit_days=int(policy.get(Setting.TRANSIT_DAYS)),
            default_lead_days=int(policy.get(Setting.DEFAULT_LEAD_DAYS)),
            custom_extra_days=int(policy.get(Setting.CUSTOM_EXTRA_DAYS)),
            tooling_extra_days=int(policy.get(Setting.TOOLING_EXTRA_DAYS)),
        )
        know = Knowledge(
            thresholds=thresholds,
            customers=_customers(register.read(Customers).frame),
            suppliers=_suppliers(register.read(Suppliers).frame, register.read(Standings).frame),
            bands=credit_bands(register.read(CreditBands)),
            banks=accepted_banks(register.read(LCBanks)),
        )
        cap = register.read(Capacity).frame
        capacity = {
            str(c).strip(): float(q)
            for c, q in zip(cap[Capacity.category], cap[Capacity.monthly_capacity], strict=True)
            if text(c) and number(q) is not None
        }
        return cls(orders, lines, products, know, capacity)

    def lines_by_order(self) -> dict[str, list[Line]]:
        return lines_by_order(self.lines.frame, self.products)

    def line(self, sku: str, qty: float) -> Line:
        """One line of a product, as an order's line would be read."""
        frame = pd.DataFrame(
            {
                OrderLines.order_id: ["?"],
                OrderLines.sku: [sku],
                OrderLines.qty: [qty],
                OrderLines.supplier: [None],
                OrderLines.spec: [None],
            }
        )
        return lines_by_order(frame, self.products)["?"][0]

    def capacity_book(
        self, today: dt.date, weeks: int, transit: int, asked: Iterable[str] = ()
    ) -> CapacityBook:
        """The capacity already booked by accepted, unshipped orders (at their promised ship
        date, else their requested delivery less transit); an order asked about again is not
        counted twice."""
        f = self.orders.frame
        booked = stages(f).isin(BOOKED_STAGES) & ~f[Orders.order_id].isin(list(asked))
        ships: dict[str, dt.date] = {}
        for order, ship, want in zip(
            f.loc[booked, Orders.order_id],
            f.loc[booked, Orders.promised_ship],
            f.loc[booked, Orders.requested_delivery],
            strict=True,
        ):
            when = booking_day(day(ship), day(want), transit)
            if isinstance(order, str) and when is not None:
                ships[order] = when
        lines = self.lines_by_order()
        loads = (
            Load(order, line.category, line.qty, when)
            for order, when in ships.items()
            for line in lines.get(order, ())
            if line.category
        )
        return CapacityBook.of(self.capacity, today, weeks, loads)

    def asks(self, order_ids: Iterable[str] | None, today: dt.date) -> list[Ask]:
        f = self.orders.frame
        wanted = set(order_ids) if order_ids is not None else None
        chosen = f if wanted is not None else f[stages(f).isin(ASKED_STAGES)]
        if wanted is not None:
            chosen = f[f[Orders.order_id].isin(wanted)]
        chosen = chosen.sort_values([Orders.order_date, Orders.order_id], na_position="last")
        lines = self.lines_by_order()
        out = []
        for rec in chosen[list(_ASK_COLUMNS)].itertuples(index=False):
            order, customer, ordered, want, dep, terms, bank, notes, check = rec
            out.append(
                Ask(
                    order_id=order,
                    customer=text(customer),
                    start=max(today, day(ordered) or today),
                    lines=tuple(lines.get(order, ())),
                    requested_delivery=day(want),
                    deposit_pct=None if number(dep) is None else parse_decimal(repr(number(dep))),
                    payment_terms=text(terms),
                    lc_bank=text(bank),
                    notes=text(notes),
                    check=text(check),
                )
            )
        return out


_ASK_COLUMNS = (
    Orders.order_id,
    Orders.customer,
    Orders.order_date,
    Orders.requested_delivery,
    Orders.deposit_pct,
    Orders.payment_terms,
    Orders.lc_bank,
    Orders.notes,
    Orders.check,
)


def lines_by_order(f: pd.DataFrame, p: pd.DataFrame) -> dict[str, list[Line]]:
    """Each order's lines with their product line, spec kind and supplier (the line's, else the
    product's default supplier); a SKU not on the Products sheet is a custom product."""
    cats = dict(zip(p[Products.sku], p[Products.category], strict=True))
    kinds = dict(zip(p[Products.sku], p[Products.product_type], strict=True))
    default_sup = dict(zip(p[Products.sku], p[Products.default_supplier], strict=True))
    out: dict[str, list[Line]] = {}
    for order, sku, qty, sup, spec in zip(
        f[OrderLines.order_id],
        f[OrderLines.sku],
        f[OrderLines.qty],
        f[OrderLines.supplier],
        f[OrderLines.spec],
        strict=True,
    ):
        if not isinstance(order, str) or not isinstance(sku, str):
            continue
        out.setdefault(order, []).append(
            order_line(
                sku,
                number(qty) or 0.0,
                text(sup),
                text(cats.get(sku)),
                text(kinds.get(sku)),
                text(default_sup.get(sku)),
                known=sku in cats,
                spec=text(spec),
            )
        )
    return out


def _customers(frame: pd.DataFrame) -> dict[str, CustomerFacts]:
    return {
        cid: CustomerFacts(blocked=flag(blocked), score=effective_score(score, late))
        for cid, blocked, score, late in zip(
            frame[Customers.customer_id],
            frame[Customers.blocked],
            frame[Customers.credit_score],
            frame[Customers.avg_days_late],
            strict=True,
        )
        if isinstance(cid, str)
    }


def _suppliers(frame: pd.DataFrame, standings: pd.DataFrame) -> dict[str, SupplierFacts]:
    actions = standing_actions(
        {
            str(s): str(a)
            for s, a in zip(standings[Standings.standing], standings[Standings.action], strict=True)
            if text(s) and text(a)
        }
    )
    return {
        sid: SupplierFacts(
            lead_days=None if number(lead) is None else int(number(lead) or 0),
            blocked=flag(blocked),
            standing=text(standing),
            action=supplier_action(text(standing), actions),
        )
        for sid, lead, blocked, standing in zip(
            frame[Suppliers.supplier_id],
            frame[Suppliers.lead_time_days],
            frame[Suppliers.blocked],
            frame[Suppliers.standing],
            strict=True,
        )
        if isinstance(sid, str)
    }
