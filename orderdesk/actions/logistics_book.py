"""What the logistics actions read, once per run, as the plain frames the domain takes
(`domain/logistics`): orders with their lane and dates, lines, carton sizes, containers, rate
cards, forwarders' quotes, shipments with their tracking history, contingency routes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from orderdesk.actions.context import RunContext
from orderdesk.domain.logistics.load import STANDARD_CONTAINERS, ContainerType
from orderdesk.domain.logistics.quotes import reliability, shipment_delays
from orderdesk.schema import (
    STAGE_ORDER,
    Column,
    Containers,
    Contingencies,
    ForwarderQuotes,
    Lanes,
    OrderLines,
    Orders,
    Products,
    Setting,
    ShipmentEvents,
    Shipments,
    Stage,
    Table,
)

OPEN = {
    s.value for s in STAGE_ORDER if s.at_least(Stage.CONFIRMED) and not s.at_least(Stage.SHIPPED)
}


def plain(ctx: RunContext, table: type[Table], optional: bool = False) -> pd.DataFrame:
    """A table's frame with its columns named by attribute (`order_id`, `gross_kg` …)."""
    frame = ctx.register.read(table, optional=optional).frame
    return frame.rename(columns={c: c.attr for c in table.columns() if isinstance(c, Column)})


def _text(s: pd.Series) -> pd.Series:
    return s.astype("string").str.strip()


@dataclass
class Book:
    ctx: RunContext

    @cached_property
    def orders(self) -> pd.DataFrame:
        """Index order_id: lane, currency, value, ready, requested, incoterm, forwarder, stage."""
        o = plain(self.ctx, Orders)
        o["order_id"] = _text(o["order_id"])
        o = o[o["order_id"].notna() & (o["order_id"] != "")].drop_duplicates("order_id")
        pol, pod = (
            _text(o["port_of_loading"]).str.upper(),
            _text(o["port_of_discharge"]).str.upper(),
        )
        amounts = self.lines.groupby("order_id")["amount"].sum(min_count=1)
        return pd.DataFrame(
            {
                "lane": (pol + "-" + pod).where(pol.notna() & pod.notna()).to_numpy(),
                "currency": _text(o["currency"])
                .str.upper()
                .fillna(self.ctx.policy.base_currency)
                .to_numpy(),
                "value": o["order_total"].fillna(o["order_id"].map(amounts)).fillna(0.0).to_numpy(),
                "ready": o["promised_ship"].to_numpy(),
                "requested": o["requested_delivery"].to_numpy(),
                "incoterm": _text(o["incoterm"]).str.upper().to_numpy(),
                "forwarder": _text(o["forwarder"]).to_numpy(),
                "stage": _text(o["stage"]).str.lower().to_numpy(),
            },
            index=pd.Index(o["order_id"].to_numpy(), name="order_id"),
        )

    def open_orders(self) -> list[str]:
        return [str(i) for i in self.orders.index[self.orders["stage"].isin(OPEN)]]

    @cached_property
    def lines(self) -> pd.DataFrame:
        lines = plain(self.ctx, OrderLines)
        lines["order_id"] = _text(lines["order_id"])
        lines["sku"] = _text(lines["sku"])
        return lines[["order_id", "sku", "cartons", "gross_kg", "cbm", "amount"]]

    @cached_property
    def cartons(self) -> pd.DataFrame:
        p = plain(self.ctx, Products)
        p["sku"] = _text(p["sku"])
        p = p.rename(
            columns={
                "carton_l_cm": "length_cm",
                "carton_w_cm": "width_cm",
                "carton_h_cm": "height_cm",
            }
        )
        return p[["sku", "length_cm", "width_cm", "height_cm", "stackable"]]

    @cached_property
    def containers(self) -> Sequence[ContainerType]:
        c = plain(self.ctx, Containers, optional=True).dropna(subset=["container", "length_cm"])
        if c.empty:
            return STANDARD_CONTAINERS
        return tuple(
            ContainerType(
                str(r["container"]),
                float(r["length_cm"]),
                float(r["width_cm"]),
                float(r["height_cm"]),
                float(r["door_w_cm"]),
                float(r["door_h_cm"]),
                float(r["payload_kg"]),
                0.9 if pd.isna(r["max_fill"]) else float(r["max_fill"]),
            )
            for r in c.to_dict("records")
        )

    @cached_property
    def lanes(self) -> pd.DataFrame:
        return plain(self.ctx, Lanes, optional=True).dropna(subset=["lane", "mode", "rate"])

    @cached_property
    def quotes(self) -> pd.DataFrame:
        return plain(self.ctx, ForwarderQuotes, optional=True).dropna(subset=["quote_ref", "lane"])

    @cached_property
    def routes(self) -> pd.DataFrame:
        return plain(self.ctx, Contingencies, optional=True).dropna(subset=["lane", "route"])

    @cached_property
    def shipments(self) -> pd.DataFrame:
        s = plain(self.ctx, Shipments)
        s["shipment_id"] = _text(s["shipment_id"])
        s["order_id"] = _text(s["order_id"])
        s["forwarder"] = s["order_id"].map(self.orders["forwarder"])
        pol, pod = (
            _text(s["port_of_loading"]).str.upper(),
            _text(s["port_of_discharge"]).str.upper(),
        )
        s["lane"] = pol + "-" + pod
        return s

    @cached_property
    def delays(self) -> pd.DataFrame:
        events = plain(self.ctx, ShipmentEvents, optional=True)
        events["shipment_id"] = _text(events["shipment_id"])
        return shipment_delays(events, self.shipments)

    @cached_property
    def reliability(self) -> pd.DataFrame:
        tolerance = int(self.ctx.policy.get(Setting.ETA_TOLERANCE_DAYS))
        return reliability(self.delays, self.shipments, tolerance)

    def of_kind(self, kind: str, column: str) -> pd.Series:
        r = self.reliability[self.reliability["kind"] == kind]
        return pd.Series(r[column].to_numpy(dtype=float), index=r["who"].to_numpy(), dtype=float)
