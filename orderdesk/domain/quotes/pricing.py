"""Cost build-up and suggested price of quote lines, over all lines at once.

Per unit, in the quote currency Q, for a product whose costs are kept in its Cost Currency C.
rate(X→Q) is the ECB reference fixing on the quote date (the latest fixing on or before it).

    material       = Material Cost × material index × rate(C→Q)
                     (the index is the product's Material Index driver in Settings → Cost drivers,
                      1.00 = the level at which Material Cost was set; no index named = 1)
    labour         = Labour Cost × rate(C→Q)                 (blank = 0: goods bought finished)
    packaging      = Packaging Cost × rate(C→Q)              (blank = 0)
    unit CBM       = Carton L × W × H (cm) / 1,000,000 / Carton Qty
    inland freight = inland per CBM × unit CBM × rate         every term except EXW: the seller
                                                              takes the goods to the port/carrier
    main freight   = C- and D-terms only (the seller pays the main carriage):
                     sea, and road/rail/multimodal in containers:
                         freight per 40ft / CBM per 40ft × unit CBM × rate
                     air: air freight per kg × chargeable kg × rate,
                         chargeable kg = max(gross kg per unit, unit CBM × 167)   (IATA 1:6000)
    insurance      = CIF and CIP only: insurance rate × 110 % × P, P being the line's CIF price
    unit cost      = the sum of the above

Suggested price P* for the target margin m (the line's Target Margin, else Settings), with the FX
buffer b and the insurance share s = 1.1 × insurance rate (CIF/CIP; 0 otherwise):

    P* = (K_fx × (1 + b) + K_q) / (1 − m − s)
       = price_for_margin(K_fx, m + s, b) + price_for_margin(K_q, m + s)      (orderdesk.domain.trade)

K_fx is the cost converted from another currency, K_q the cost already in Q: the buffer covers
an FX move, and a USD freight on a USD quote has none. P* is rounded half up to Q's minor unit.
At P*, insurance is s × P*, so the premium is 0.3 % of 110 % of the CIF value as insurers write it.

The margin at a price P (the offered Unit Price, else P*) is gross margin on price,
(P − unit cost at P) / P (`trade.margin`); below Settings → margin floor the line is flagged.
The cost at today's fixing is what the margin is measured against, so P* earns a little more than
m today and m after an FX move of b against the seller.

D-terms (DAP, DPU, DDP) carry the main freight to the port of discharge; delivery on from there
and DDP's import duties are not cost drivers here and must be added to the offered price.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.domain import trade
from orderdesk.domain.quotes.models import CostBuildUp, PricingPolicy
from orderdesk.domain.reference.fx import rates_vector
from orderdesk.domain.reference.incoterms import INCOTERMS, TransportMode
from orderdesk.domain.reference.incoterms import incoterm as incoterm_rule
from orderdesk.schema import Column, CostDrivers, Products, QuoteLines, Quotes, Table

# Cost driver names (rows of Settings → Cost drivers), matched without regard to case/spacing.
FREIGHT_PER_40FT = "freight per 40ft"
CBM_PER_40FT = "cbm per 40ft"
AIR_PER_KG = "air freight per kg"
INLAND_PER_CBM = "inland per cbm"
KG_PER_CBM_AIR = 167.0  # IATA volumetric factor: 6,000 cm³ per kg
INSURED_SHARE_OF_CIF = Decimal("1.1")

# Output columns besides the QuoteLines build-up columns.
FX_RATE = "fx_rate"  # cost currency → quote currency
FX_FIXING = "fx_fixing"  # the ECB fixing day used
DRIVERS_AS_OF = "drivers_as_of"
K_FX = "cost_converted"  # unit cost excl. insurance converted from another currency
K_Q = "cost_in_quote_ccy"  # unit cost excl. insurance already in the quote currency
INS_SHARE = "insurance_share"  # s: insurance as a share of the price
PRICE = "price"  # the price the margin is measured at
OK = "priced"

BUILD_UP: tuple[Column, ...] = (
    QuoteLines.material,
    QuoteLines.labour,
    QuoteLines.packaging,
    QuoteLines.inland_freight,
    QuoteLines.main_freight,
    QuoteLines.insurance,
    QuoteLines.unit_cost,
    QuoteLines.suggested_price,
    QuoteLines.margin_pct,
    QuoteLines.below_floor,
)


@dataclass(frozen=True)
class Problem:
    """Why a line cannot be priced: the cell at fault (table, sheet row, column) and what."""

    table: type[Table]
    row: int | None
    column: Column
    value: Any
    text: str
    line_row: int | None = None  # the QuoteLines row it stops


@dataclass
class Pricing:
    frame: pd.DataFrame  # index = QuoteLines rows; BUILD_UP columns and the extras above
    problems: list[Problem] = field(default_factory=list)

    def build_up(self, row: int, currency: str) -> CostBuildUp | None:
        line = self.frame.loc[row]
        if not line[OK]:
            return None
        d = {c.attr: dec(line[str(c)]) for c in BUILD_UP if c is not QuoteLines.below_floor}
        return CostBuildUp(
            currency=currency,
            material=d["material"],
            labour=d["labour"],
            packaging=d["packaging"],
            inland_freight=d["inland_freight"],
            main_freight=d["main_freight"],
            insurance=d["insurance"],
            unit_cost=d["unit_cost"],
            suggested_price=d["suggested_price"],
            price=dec(line[PRICE]),
            margin=d["margin_pct"],
            below_floor=bool(line[str(QuoteLines.below_floor)]),
        )


def dec(value: Any, places: int = 6) -> Decimal:
    return Decimal(repr(round(float(value), places)))


def norm_name(text: object) -> str:
    """A driver, bank or category name compared without case or spacing; blank → ""."""
    if not isinstance(text, str):
        return ""
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class Driver:
    value: float
    currency: str | None
    as_of: pd.Timestamp
    row: int


def drivers_by_name(drivers: pd.DataFrame) -> dict[str, Driver]:
    out: dict[str, Driver] = {}
    for row, name, value, ccy, as_of in zip(
        drivers.index,
        drivers[CostDrivers.driver],
        drivers[CostDrivers.value],
        drivers[CostDrivers.currency],
        drivers[CostDrivers.as_of],
        strict=True,
    ):
        key = norm_name(name)
        if key and key not in out and not pd.isna(value):
            out[key] = Driver(float(value), ccy if isinstance(ccy, str) else None, as_of, int(row))
    return out


def insurance_share(incoterm: pd.Series, policy: PricingPolicy) -> pd.Series:
    """s: the insurance premium as a share of the price (CIF/CIP), 0 for other terms."""
    rules = incoterm.map(lambda c: incoterm_rule(c) if isinstance(c, str) else None)
    insured = rules.map(lambda r: bool(r is not None and r.seller_insurance))
    share = float(INSURED_SHARE_OF_CIF * policy.insurance_rate)
    return insured.astype("bool").map({True: share, False: 0.0}).astype("float64")


def build_up(
    lines: pd.DataFrame,
    quotes: pd.DataFrame,
    products: pd.DataFrame,
    drivers: pd.DataFrame,
    policy: PricingPolicy,
    *,
    fx_on: dt.date | None = None,
) -> Pricing:
    """Price quote lines (a QuoteLines frame, index = sheet row) with their quotes' terms.

    `fx_on` replaces each quote's date for the FX fixing (re-pricing at today's rates).
    """
    m = _joined(lines, quotes, products)
    n = len(m)
    q_ccy = m[Quotes.currency].astype("string").str.upper()
    on = (
        pd.Series(pd.Timestamp(fx_on), index=m.index) if fx_on is not None else m[Quotes.quote_date]
    )
    named = drivers_by_name(drivers)
    problems: list[Problem] = []

    def driver(name: str, needed: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
        """value, rate to the quote currency, as-of, where needed; NaN elsewhere."""
        d = named.get(name)
        if d is None:
            if needed.any():
                problems.append(
                    Problem(
                        CostDrivers,
                        None,
                        CostDrivers.driver,
                        name,
                        f"Settings → Cost drivers has no '{name}' row",
                    )
                )
            nan = pd.Series(np.nan, index=m.index)
            return nan, nan, pd.Series(pd.NaT, index=m.index)
        ccy = pd.Series(d.currency or policy.base_currency, index=m.index)
        rates = rates_vector(ccy, q_ccy, on)
        rates.index = m.index
        _report_fx(rates["rate"], needed & on.notna(), ccy, q_ccy, problems, CostDrivers, d.row)
        return (
            pd.Series(d.value, index=m.index),
            rates["rate"],
            pd.Series(d.as_of, index=m.index),
        )

    terms = m[Quotes.incoterm].astype("string").str.upper().str.split().str[0]
    known_term = terms.isin(list(INCOTERMS))
    carriage = terms.map(
        lambda c: bool(INCOTERMS[c].seller_main_carriage) if c in INCOTERMS else False
    ).astype("bool")
    inland_paid = known_term & (terms != "EXW")
    air = m[Quotes.transport_mode].astype("string").str.strip().str.lower() == TransportMode.AIR
    air = air.fillna(False).astype("bool")
    ins_share = insurance_share(terms, policy)

    # Product costs in the quote currency.
    c_ccy = m[Products.cost_currency].astype("string").str.upper()
    cost_rates = rates_vector(c_ccy, q_ccy, on)
    cost_rates.index = m.index
    rc = cost_rates["rate"]
    index_name = m[Products.material_index].map(norm_name)
    index_value = index_name.map(lambda k: named[k].value if k in named else np.nan)
    index_value = index_value.where(index_name != "", 1.0).astype("float64")
    index_as_of = index_name.map(lambda k: named[k].as_of if k in named else pd.NaT)
    material = m[Products.material_cost] * index_value * rc
    labour = m[Products.labour_cost].fillna(0.0) * rc
    packaging = m[Products.packaging_cost].fillna(0.0) * rc

    # Volumes and weights per unit.
    per_carton = m[Products.carton_qty].astype("Float64").astype("float64")
    per_carton = per_carton.where(per_carton > 0)
    unit_cbm = (
        m[Products.carton_l_cm] * m[Products.carton_w_cm] * m[Products.carton_h_cm] / 1e6
    ) / per_carton
    gross = (m[Products.carton_gross_kg] / per_carton).fillna(m[Products.unit_net_kg])
    # Air charges the larger of actual and volumetric weight; without a weight there is no rate.
    chargeable = pd.concat([gross, unit_cbm * KG_PER_CBM_AIR], axis=1).max(axis=1)
    chargeable = chargeable.where(gross.notna())

    sea_freight = carriage & ~air
    air_freight = carriage & air
    inland_v, inland_r, inland_as_of = driver(INLAND_PER_CBM, inland_paid)
    f40_v, f40_r, f40_as_of = driver(FREIGHT_PER_40FT, sea_freight)
    cbm40_v, _, cbm40_as_of = driver(CBM_PER_40FT, sea_freight)
    air_v, air_r, air_as_of = driver(AIR_PER_KG, air_freight)

    inland = (inland_v * unit_cbm * inland_r).where(inland_paid, 0.0)
    sea = f40_v / cbm40_v * unit_cbm * f40_r
    by_air = air_v * chargeable * air_r
    main = sea.where(sea_freight, by_air.where(air_freight, 0.0))

    # What is converted (FX buffer applies) and what is already in the quote currency.
    def foreign(ccy: pd.Series | str | None) -> pd.Series:
        c = pd.Series(ccy if ccy is not None else policy.base_currency, index=m.index)
        return (c.astype("string").str.upper() != q_ccy).fillna(True).astype("bool")

    product_fx = foreign(c_ccy)
    inland_fx = foreign(_ccy(named, INLAND_PER_CBM, policy))
    freight_fx = foreign(_ccy(named, FREIGHT_PER_40FT, policy))
    air_fx = foreign(_ccy(named, AIR_PER_KG, policy))
    main_fx = freight_fx.where(~air, air_fx)
    product_cost = material + labour + packaging
    k_fx = (
        product_cost.where(product_fx, 0.0)
        + inland.where(inland_fx, 0.0)
        + main.where(main_fx, 0.0)
    )
    k_q = (
        product_cost.where(~product_fx, 0.0)
        + inland.where(~inland_fx, 0.0)
        + main.where(~main_fx, 0.0)
    )

    # Problems: each names the cell at fault.
    target = m[QuoteLines.target_margin].fillna(float(policy.target_margin))
    checks: list[tuple[pd.Series, type[Table], str, Column, str]] = [
        (
            m["_has_quote"].eq(False),
            QuoteLines,
            "_line_row",
            QuoteLines.quote_id,
            "no Quotes row for this quote version",
        ),
        (m["_has_product"].eq(False), QuoteLines, "_line_row", QuoteLines.sku, "not in Products"),
        (
            ~(m[QuoteLines.qty] > 0),
            QuoteLines,
            "_line_row",
            QuoteLines.qty,
            "quantity must be above 0",
        ),
        (m["_has_quote"] & ~known_term, Quotes, "_quote_row", Quotes.incoterm, "not an Incoterm"),
        (
            m["_has_quote"] & q_ccy.isna(),
            Quotes,
            "_quote_row",
            Quotes.currency,
            "no quote currency",
        ),
        (
            m["_has_quote"] & m[Quotes.quote_date].isna() & (fx_on is None),
            Quotes,
            "_quote_row",
            Quotes.quote_date,
            "no quote date (the FX fixing is the quote date's)",
        ),
        (
            m["_has_product"] & m[Products.material_cost].isna(),
            Products,
            "_product_row",
            Products.material_cost,
            "blank: the cost build-up needs it",
        ),
        (
            m["_has_product"] & c_ccy.isna(),
            Products,
            "_product_row",
            Products.cost_currency,
            "blank: in which currency are the product's costs?",
        ),
        (
            m["_has_product"] & (index_name != "") & index_value.isna(),
            Products,
            "_product_row",
            Products.material_index,
            "is not a driver in Settings → Cost drivers",
        ),
        (
            m["_has_product"] & (inland_paid | sea_freight) & unit_cbm.isna(),
            Products,
            "_product_row",
            Products.carton_l_cm,
            "carton size (L, W, H cm) and Carton Qty are needed for the freight share",
        ),
        (
            m["_has_product"] & air_freight & chargeable.isna(),
            Products,
            "_product_row",
            Products.carton_gross_kg,
            "a weight (Carton Gross kg or Unit Net kg) is needed for air freight",
        ),
        (
            ~(target + ins_share < 1) | (target < 0),
            QuoteLines,
            "_line_row",
            QuoteLines.target_margin,
            "a target margin must be from 0% to below 100% (less the insurance share)",
        ),
    ]
    for mask, table, row_col, column, text in checks:
        for i in np.flatnonzero(mask.fillna(False).to_numpy(dtype=bool)):
            src = m.iloc[i]
            value = src.get(str(column))
            row = src[row_col]
            problems.append(
                Problem(
                    table,
                    None if pd.isna(row) else int(row),
                    column,
                    None if _blank(value) else value,
                    text,
                    int(src["_line_row"]),
                )
            )
    priceable = m["_has_quote"] & m["_has_product"] & c_ccy.notna() & on.notna()
    _report_fx(rc, priceable, c_ccy, q_ccy, problems, Quotes, None)

    bad_lines = {p.line_row for p in problems if p.line_row is not None}
    needed_ok = (
        k_fx.notna()
        & k_q.notna()
        & m["_has_quote"]
        & m["_has_product"]
        & ~m["_line_row"].isin(bad_lines)
    )
    # Driver problems (no line row) stop every line that needs the driver: k is NaN there.

    out = pd.DataFrame(index=m.index)
    for col, values in (
        (QuoteLines.material, material),
        (QuoteLines.labour, labour),
        (QuoteLines.packaging, packaging),
        (QuoteLines.inland_freight, inland),
        (QuoteLines.main_freight, main),
    ):
        out[str(col)] = values.round(4).where(needed_ok)
    out[FX_RATE] = rc
    out[FX_FIXING] = cost_rates["fixing"].to_numpy()
    as_of = pd.concat(
        [
            index_as_of.where(index_name != ""),
            inland_as_of.where(inland_paid),
            f40_as_of.where(sea_freight),
            cbm40_as_of.where(sea_freight),
            air_as_of.where(air_freight),
        ],
        axis=1,
    )
    out[DRIVERS_AS_OF] = pd.to_datetime(as_of.max(axis=1))
    out[K_FX] = k_fx
    out[K_Q] = k_q
    out[INS_SHARE] = ins_share
    out[OK] = needed_ok

    insurance, unit_cost, suggested, price, margin, below = ([np.nan] * n for _ in range(6))
    share = INSURED_SHARE_OF_CIF * policy.insurance_rate
    columns = (k_fx, k_q, target, ins_share, m[QuoteLines.unit_price], q_ccy.astype(object))
    arrays = [c.to_numpy(dtype=object) for c in columns]
    for i in np.flatnonzero(needed_ok.to_numpy(dtype=bool)):
        kf, kq, tm, insured, offered, ccy = (a[i] for a in arrays)
        p = _price_line(
            dec(kf),
            dec(kq),
            dec(tm),
            share if insured else Decimal(0),
            None if pd.isna(offered) or offered <= 0 else dec(offered),
            str(ccy),
            policy,
        )
        insurance[i], unit_cost[i], suggested[i], price[i], margin[i], below[i] = p
    out[str(QuoteLines.insurance)] = pd.Series(insurance, index=m.index, dtype="float64")
    out[str(QuoteLines.unit_cost)] = pd.Series(unit_cost, index=m.index, dtype="float64")
    out[str(QuoteLines.suggested_price)] = pd.Series(suggested, index=m.index, dtype="float64")
    out[PRICE] = pd.Series(price, index=m.index, dtype="float64")
    out[str(QuoteLines.margin_pct)] = pd.Series(margin, index=m.index, dtype="float64")
    out[str(QuoteLines.below_floor)] = pd.array(
        [None if pd.isna(b) else bool(b) for b in below], dtype="boolean"
    )
    out.index = lines.index
    return Pricing(out, _unique(problems))


def _price_line(
    k_fx: Decimal,
    k_q: Decimal,
    target: Decimal,
    share: Decimal,
    offered: Decimal | None,
    currency: str,
    policy: PricingPolicy,
) -> tuple[float, float, float, float, float, bool]:
    """insurance, unit cost, suggested price, price, margin, below floor — for one line."""
    suggested = trade.money(
        trade.price_for_margin(k_fx, target + share, policy.fx_buffer)
        + trade.price_for_margin(k_q, target + share),
        currency,
    )
    price = offered if offered is not None else suggested
    insurance = share * price
    cost = k_fx + k_q + insurance
    margin = trade.margin(price, cost)
    return (
        float(round(insurance, 4)),
        float(round(cost, 4)),
        float(suggested),
        float(price),
        float(round(margin, 4)),
        margin < policy.margin_floor,
    )


def margin_at(price: pd.Series, cost_ex_insurance: pd.Series, ins_share: pd.Series) -> pd.Series:
    """Gross margin at a price, the insurance (a share of the price) included in the cost."""
    return (price - cost_ex_insurance - ins_share * price) / price.where(price > 0)


def _ccy(named: dict[str, Driver], name: str, policy: PricingPolicy) -> str:
    d = named.get(name)
    return (d.currency if d and d.currency else policy.base_currency).upper()


def _blank(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _report_fx(
    rate: pd.Series,
    needed: pd.Series,
    base: pd.Series,
    quote: pd.Series,
    problems: list[Problem],
    table: type[Table],
    row: int | None,
) -> None:
    missing = needed.fillna(False).astype("bool") & rate.isna() & quote.notna()
    for b, q in sorted(
        {(str(x), str(y)) for x, y in zip(base[missing], quote[missing], strict=True)}
    ):
        column = CostDrivers.currency if table is CostDrivers else Quotes.currency
        problems.append(
            Problem(table, row, column, f"{b}/{q}", f"no ECB reference rate for {b} → {q}")
        )


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for p in problems:
        key = (p.table, p.row, p.column, p.text, p.line_row)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


_PRODUCT_COLS: tuple[Column, ...] = (
    Products.sku,
    Products.category,
    Products.cost_currency,
    Products.material_cost,
    Products.labour_cost,
    Products.packaging_cost,
    Products.material_index,
    Products.carton_qty,
    Products.carton_l_cm,
    Products.carton_w_cm,
    Products.carton_h_cm,
    Products.unit_net_kg,
    Products.carton_gross_kg,
)
_QUOTE_COLS: tuple[Column, ...] = (
    Quotes.quote_id,
    Quotes.version,
    Quotes.currency,
    Quotes.incoterm,
    Quotes.transport_mode,
    Quotes.quote_date,
)
_LINE_COLS: tuple[Column, ...] = (
    QuoteLines.quote_id,
    QuoteLines.version,
    QuoteLines.line_no,
    QuoteLines.sku,
    QuoteLines.qty,
    QuoteLines.target_margin,
    QuoteLines.unit_price,
)


def _joined(lines: pd.DataFrame, quotes: pd.DataFrame, products: pd.DataFrame) -> pd.DataFrame:
    """Lines with their quote's terms and their product's costs; index = QuoteLines rows."""
    left = lines[[str(c) for c in _LINE_COLS]].copy()
    left["_line_row"] = lines.index.to_numpy()
    hdr = quotes[[str(c) for c in _QUOTE_COLS]].copy()
    hdr["_quote_row"] = quotes.index.to_numpy()
    hdr = hdr.dropna(subset=[str(Quotes.quote_id), str(Quotes.version)])
    hdr = hdr.drop_duplicates([str(Quotes.quote_id), str(Quotes.version)])
    prod = products[[str(c) for c in _PRODUCT_COLS]].copy()
    prod["_product_row"] = products.index.to_numpy()
    prod = prod.dropna(subset=[str(Products.sku)]).drop_duplicates([str(Products.sku)])
    key = [str(QuoteLines.quote_id), str(QuoteLines.version)]
    m = left.merge(hdr, on=key, how="left", indicator="_q")
    m["_has_quote"] = m.pop("_q").eq("both")
    m = m.merge(prod, on=str(QuoteLines.sku), how="left", indicator="_p")
    m["_has_product"] = m.pop("_p").eq("both")
    m.index = pd.Index(range(len(m)))
    return m
