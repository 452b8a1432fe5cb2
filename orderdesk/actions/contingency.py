"""The contingency library (issue 20): what Log exception suggests for an order's problem —
other suppliers of its product lines ranked by their scorecard score, the alternative routes of
its lane (Settings "Contingency routes", shared with logistics), and air freight instead of sea
with the cost difference from the cost drivers."""

from __future__ import annotations

import pandas as pd

from orderdesk.actions.execution_cells import flag, number, text
from orderdesk.domain.execution import exceptions as X
from orderdesk.ports import Register
from orderdesk.schema import Contingencies, CostDrivers, OrderLines, Orders, Products, Suppliers


class Contingency:
    """The contingency library: other suppliers ranked by score; air instead of sea."""

    def __init__(self, register: Register) -> None:
        self.lines = register.read(OrderLines).frame
        products = register.read(Products).frame
        self.category = dict(zip(products[Products.sku], products[Products.category], strict=True))
        self.default = dict(
            zip(products[Products.sku], products[Products.default_supplier], strict=True)
        )
        s = register.read(Suppliers).frame
        self.suppliers = [
            X.SupplierOption(
                sid,
                text(name) or sid,
                frozenset(c.strip().casefold() for c in str(cats or "").split(";") if c.strip()),
                number(score),
                usable=not flag(blocked) and (text(standing) or "").casefold() != "very poor",
            )
            for sid, name, cats, score, blocked, standing in zip(
                s[Suppliers.supplier_id],
                s[Suppliers.name],
                s[Suppliers.categories],
                s[Suppliers.score],
                s[Suppliers.blocked],
                s[Suppliers.standing],
                strict=True,
            )
            if isinstance(sid, str)
        ]
        o = register.read(Orders).frame
        self.lanes = {
            oid: X.lane_of(text(pol), text(pod))
            for oid, pol, pod in zip(
                o[Orders.order_id],
                o[Orders.port_of_loading],
                o[Orders.port_of_discharge],
                strict=True,
            )
            if isinstance(oid, str)
        }
        r = register.read(Contingencies, optional=True).frame
        self.routes = [
            X.RouteOption(str(lane), str(route), text(kind) or "", cost, text(ccy) or "", int(days))
            for lane, route, kind, cost, ccy, days in zip(
                r[Contingencies.lane].map(text),
                r[Contingencies.route].map(text),
                r[Contingencies.kind],
                r[Contingencies.extra_cost].map(number),
                r[Contingencies.currency],
                r[Contingencies.days_saved].map(number),
                strict=True,
            )
            if lane and route and cost is not None and days is not None
        ]
        d = register.read(CostDrivers).frame
        self.drivers = {
            str(k).strip().casefold(): (number(v), text(c) or "")
            for k, v, c in zip(
                d[CostDrivers.driver], d[CostDrivers.value], d[CostDrivers.currency], strict=True
            )
            if text(k)
        }

    def text(self, order: str, cls: str) -> str:
        mine = self.lines[self.lines[OrderLines.order_id] == order]
        cats = sorted(
            {str(self.category[s]) for s in mine[OrderLines.sku] if text(self.category.get(s))}
        )
        current = {s for s in mine[OrderLines.supplier] if isinstance(s, str)}
        current |= {str(self.default[s]) for s in mine[OrderLines.sku] if text(self.default.get(s))}
        parts = []
        alts = X.alternative_suppliers(cats, current, self.suppliers)
        if alts and cls in ("quality", "delivery"):
            parts.append(
                "other suppliers: "
                + ", ".join(
                    f"{a.supplier} {a.name}"
                    + (f" (score {a.score:.0f})" if a.score is not None else "")
                    for a in alts
                )
            )
        if cls in ("delivery", "logistics"):
            routes = X.alternative_routes(self.lanes.get(order), self.routes)
            if routes:
                parts.append(
                    f"other routes for {routes[0].lane}: "
                    + ", ".join(
                        f"{r.route} ({r.kind + ', ' if r.kind else ''}+{r.currency} "
                        f"{r.extra_cost:,.0f}, {r.days_saved} days saved)"
                        for r in routes
                    )
                )
            air, ccy = self.drivers.get("air freight per kg", (None, ""))
            sea = self.drivers.get("freight per 40ft", (None, ""))[0]
            per = self.drivers.get("cbm per 40ft", (None, ""))[0]
            kg = float(pd.to_numeric(mine[OrderLines.gross_kg], errors="coerce").sum())
            cbm = float(pd.to_numeric(mine[OrderLines.cbm], errors="coerce").sum())
            cost = X.air_instead_of_sea(kg, cbm, air_per_kg=air, sea_per_40ft=sea, cbm_per_40ft=per)
            if cost:
                parts.append(
                    f"air instead of sea: about {ccy} {cost[0]:,.0f} against "
                    f"{cost[1]:,.0f} by sea (+{cost[0] - cost[1]:,.0f})"
                )
        return "; ".join(parts) or "no pre-assessed alternative for this class"
