"""Money KPIs: customer profit Pareto, receivables (DSO and aging), quote win rate and margin.

Amounts are converted to the base currency (Settings) at the ECB reference rate of their own date:
order lines at the order date, invoices at the issue date. An amount in a currency without an ECB
rate is left out and counted in the report's notes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from orderdesk.domain.kpi import base as B
from orderdesk.domain.kpi.base import KpiInputs, Window, rate, share
from orderdesk.domain.suppliers.facts import to_base, to_base_coded
from orderdesk.domain.suppliers.frames import Finder, lookup
from orderdesk.schema import (
    Customers,
    Invoices,
    OrderLines,
    Orders,
    Products,
    Quotes,
    QuoteStatus,
    Stage,
    Suppliers,
)

BOOKED = (
    Stage.CONFIRMED,
    Stage.IN_PRODUCTION,
    Stage.READY_TO_SHIP,
    Stage.SHIPPED,
    Stage.INVOICED,
    Stage.CLOSED,
)
PARETO_SHARE = 0.8


@dataclass
class Profit:
    """Gross profit of the booked orders in the window, in the base currency."""

    orders: pd.DataFrame  # one row per booked order: customer code, country, revenue, profit
    customers: pd.Index  # the customer IDs the codes stand for
    by_sku: pd.Series  # gross profit per SKU
    without_cost: int  # lines left out: no Unit Cost
    unconvertible: int  # lines left out: a currency without an ECB rate

    @property
    def total(self) -> float:
        return float(self.orders["profit"].sum())


def gross_profit(inputs: KpiInputs, window: Window) -> Profit:
    """Gross profit of a line = its revenue (Amount, else Qty × Unit Price, in the order's
    currency) − its cost (Qty × Unit Cost, in the supplier's currency), both converted to the base
    currency at the order date. Booked orders: confirmed or later, not cancelled, with an Order
    Date in the window. A line without a Unit Cost cannot be costed and is left out (counted).
    An order's country is its customer's (Customers), else its ship-to country."""
    o = inputs.order_rows
    booked = inputs.orders_at(*BOOKED) & window.holds(o[Orders.order_date]).to_numpy()
    pos_all = inputs.line_order
    keep = booked[np.maximum(pos_all, 0)] & (pos_all >= 0)
    L = inputs.lines[keep]
    pos = pos_all[keep]
    day = pd.Series(o[Orders.order_date].to_numpy()[pos], index=L.index)
    qty = pd.to_numeric(L[OrderLines.qty], errors="coerce").astype("float64")
    amount = pd.to_numeric(L[OrderLines.amount], errors="coerce").astype("float64")
    price = pd.to_numeric(L[OrderLines.unit_price], errors="coerce").astype("float64")
    amount = amount.where(amount.notna(), qty * price)
    unit_cost = pd.to_numeric(L[OrderLines.unit_cost], errors="coerce").astype("float64")
    costed = (unit_cost.notna() & qty.notna() & amount.notna()).to_numpy()
    base = inputs.base_currency
    # One rate per order (its currency at its date), spread over its lines.
    one = pd.Series(1.0, index=o.index)
    order_rate = to_base(one, o[Orders.currency], o[Orders.order_date], base).to_numpy()
    revenue = amount.to_numpy() * order_rate[pos]
    # The cost is in the supplier's currency (blank: the base currency), one code per supplier.
    sup, ids = inputs.line_supplier
    sup_ccy = Finder(inputs.suppliers, Suppliers.supplier_id, ids.to_series())[Suppliers.currency]
    codes, names = pd.factorize(sup_ccy.fillna(base).to_numpy(dtype=object))
    names = np.array([*names, base], dtype=object)  # the last: lines without a supplier
    line_ccy = np.append(codes, len(names) - 1)[sup[keep]]
    cost = to_base_coded(qty * unit_cost, line_ccy, names, day, base).to_numpy()
    ok = costed & ~np.isnan(revenue) & ~np.isnan(cost)
    profit = np.where(ok, revenue - cost, 0.0)

    customer_codes, customer_ids = inputs.order_customer
    per_order = pd.DataFrame(
        {
            "customer": customer_codes,
            "country": pd.Series(inputs.order_country).fillna("").to_numpy(dtype=object),
            "revenue": np.bincount(pos, weights=np.where(ok, revenue, 0.0), minlength=len(o)),
            # every line's amount, costed or not (the order value the pivots show)
            "value": np.bincount(pos, weights=np.nan_to_num(revenue), minlength=len(o)),
            "profit": np.bincount(pos, weights=profit, minlength=len(o)),
        }
    )[booked]
    sku_all, skus = inputs.line_sku
    sku_codes = sku_all[keep]
    has_sku = sku_codes >= 0
    by_sku = pd.Series(
        np.bincount(sku_codes[has_sku], weights=profit[has_sku], minlength=len(skus)),
        index=skus,
    )
    return Profit(per_order, customer_ids, by_sku, int((~costed).sum()), int((costed & ~ok).sum()))


def customer_pareto(profit: Profit, customers: pd.DataFrame) -> pd.DataFrame:
    """Customers ranked by gross profit (highest first), with each one's share of the total, the
    cumulative share, and "yes" in Top 80 % for the customers that together make the first 80 %
    of it: each customer whose predecessors make less than 80 %. Shares need a positive total."""
    by_code = profit.orders.groupby("customer", sort=True)["profit"].sum()
    by_code = by_code[by_code.index >= 0]  # orders without a customer have nobody to rank
    p = pd.Series(by_code.to_numpy(), index=profit.customers[by_code.index.to_numpy()])
    p = p.sort_index().sort_values(ascending=False, kind="stable")
    total = float(p.sum())
    share = p / total if total > 0 else p * np.nan
    cumulative = share.cumsum()
    before = cumulative - share
    ids = p.index.to_series()
    found = Finder(customers, Customers.customer_id, ids)
    return pd.DataFrame(
        {
            B.RANK: np.arange(1, len(p) + 1),
            str(Orders.customer): ids.to_numpy(dtype=object),
            str(Customers.name): found[Customers.name].to_numpy(dtype=object),
            str(Customers.country): found[Customers.country].to_numpy(dtype=object),
            B.GROSS_PROFIT: p.to_numpy(),
            B.SHARE: share.to_numpy(),
            B.CUMULATIVE: cumulative.to_numpy(),
            B.TOP_80: np.where(before.to_numpy() < PARETO_SHARE - 1e-12, "yes", ""),
        }
    )


PARETO_CHART_MOST = 25  # bars a Pareto chart draws at most (a long tail is not read anyway)


@dataclass(frozen=True)
class ParetoChart:
    """What a Pareto chart draws (the most profitable customers, in rank order) and a title
    that says what those bars and their cumulative line show."""

    rows: pd.DataFrame  # rows of `customer_pareto`
    title: str


def pareto_chart(pareto: pd.DataFrame, most: int = PARETO_CHART_MOST) -> ParetoChart:
    """The customers that make 80 % of gross profit, as many as `most`; the title counts the
    bars drawn and where their cumulative share ends, so it never claims what is not drawn."""
    in_set = int((pareto[B.TOP_80] == "yes").sum())
    rows = pareto.head(min(in_set, most))
    n = len(pareto)
    if rows.empty:
        return ParetoChart(rows, "Customer profit Pareto: no gross profit in the window")
    if len(rows) == in_set:
        return ParetoChart(rows, f"Customer profit Pareto: {in_set} of {n} customers make 80 %")
    reach = float(rows[B.CUMULATIVE].iloc[-1])
    return ParetoChart(
        rows,
        f"Customer profit Pareto: the top {len(rows)} of {n} customers make {reach:.0%} "
        f"({in_set} make 80 %)",
    )


def profit_by_country(profit: Profit) -> pd.Series:
    return profit.orders.groupby("country", sort=True)["profit"].sum()


def profit_by_category(profit: Profit, products: pd.DataFrame) -> pd.Series:
    category = Finder(products, Products.sku, profit.by_sku.index.to_series())[Products.category]
    return profit.by_sku.groupby(category.fillna(B.NO_CATEGORY).to_numpy(), sort=True).sum()


# --- receivables ----------------------------------------------------------------------------

AGING_BUCKETS = ("current", "1–30", "31–60", "61–90", "> 90")
DSO_DAYS = 90  # the look-back of the DSO when no --from is given


@dataclass
class Receivables:
    invoices: pd.DataFrame  # open invoices as of the window's end, with days overdue and bucket
    open_total: float
    sales: float  # invoiced in the DSO period
    dso_days: int  # length of the DSO period
    dso: float
    unconvertible: int


def receivables(inputs: KpiInputs, window: Window) -> Receivables:
    """Open receivables, DSO and aging as of the window's end.

    - An invoice's open amount is its Outstanding where the bank matching filled it in, else its
      whole Amount (never matched); invoices issued after the window's end are left out.
    - DSO (days sales outstanding) = open receivables ÷ amount invoiced in the period × days in
      the period, the period being the window (or the 90 days up to its end when no --from).
      Outstanding is today's, so a DSO for a past window is approximate.
    - Days overdue = window end − Due Date (the Issue Date where no due date); buckets current
      (not yet due), 1–30, 31–60, 61–90 and > 90 days.
    """
    inv = inputs.invoices
    end = pd.Timestamp(window.end)
    issued = pd.to_datetime(inv[Invoices.issue_date])
    amount = pd.to_numeric(inv[Invoices.amount], errors="coerce").astype("float64")
    outstanding = pd.to_numeric(inv[Invoices.outstanding], errors="coerce").astype("float64")
    open_amount = outstanding.where(outstanding.notna(), amount)
    base = inputs.base_currency
    fx = to_base(pd.Series(1.0, index=inv.index), inv[Invoices.currency], issued, base)
    open_base, amount_base = open_amount * fx, amount * fx
    unconvertible = int((amount.notna() & amount_base.isna()).sum())

    start = pd.Timestamp(window.start) if window.start else end - pd.Timedelta(days=DSO_DAYS - 1)
    days = (end - start).days + 1
    in_period = issued.notna() & (issued >= start) & (issued <= end)
    sales = float(amount_base[in_period].sum())
    is_open = issued.notna() & (issued <= end) & (open_base > 0.005)
    open_total = float(open_base[is_open].sum())
    dso = open_total / sales * days if sales > 0 else float("nan")

    due = pd.to_datetime(inv[Invoices.due_date])
    due = due.where(due.notna(), issued)
    overdue = (end - due).dt.days
    bucket = pd.cut(
        overdue,
        bins=[-np.inf, 0, 30, 60, 90, np.inf],
        labels=list(AGING_BUCKETS),
    ).astype("object")
    frame = pd.DataFrame(
        {
            str(Invoices.invoice_no): inv[Invoices.invoice_no],
            str(Invoices.order_id): inv[Invoices.order_id],
            str(Invoices.customer): inv[Invoices.customer],
            str(Invoices.due_date): due,
            B.DAYS: overdue,
            B.BUCKET: bucket,
            B.OPEN_AMOUNT: open_base,
        }
    )[is_open.to_numpy()]
    return Receivables(frame, open_total, sales, days, dso, unconvertible)


def aging_by_bucket(r: Receivables) -> pd.DataFrame:
    g = r.invoices.groupby(B.BUCKET, sort=False)
    out = pd.DataFrame({B.OPEN_AMOUNT: g[B.OPEN_AMOUNT].sum(), B.INVOICES: g.size()}).reindex(
        list(AGING_BUCKETS), fill_value=0
    )
    out.index.name = B.BUCKET
    return out


def aging_by_customer(r: Receivables, customers: pd.DataFrame) -> pd.DataFrame:
    table = r.invoices.pivot_table(
        index=str(Invoices.customer),
        columns=B.BUCKET,
        values=B.OPEN_AMOUNT,
        aggfunc="sum",
        fill_value=0.0,
        observed=False,
    ).reindex(columns=list(AGING_BUCKETS), fill_value=0.0)
    table[B.TOTAL] = table.sum(axis=1)
    table = table.sort_values(B.TOTAL, ascending=False, kind="stable")
    names = customers.set_index(Customers.customer_id)[Customers.name]
    table.insert(0, str(Customers.name), lookup(names, table.index.to_series()).to_numpy())
    table.columns.name = None
    return table


# --- quotes -------------------------------------------------------------------------------

DECIDED = (QuoteStatus.WON.value, QuoteStatus.LOST.value, QuoteStatus.EXPIRED.value)


def quote_results(quotes: pd.DataFrame, window: Window) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Quote win rate and margin, by sales owner, over each quote's latest version dated in the
    window: win rate = won ÷ decided (won, lost or expired); average margin = the mean Margin % of
    the won quotes (and of the lost ones, to compare); open = neither. Returns the table by owner
    and the latest versions (for the warnings)."""
    q = quotes[quotes[Quotes.quote_id].notna()]
    version = pd.to_numeric(q[Quotes.version], errors="coerce").fillna(0)
    q = q.assign(_v=version.to_numpy()).sort_values("_v", kind="stable")
    latest = q.drop_duplicates(Quotes.quote_id, keep="last")
    latest = latest[window.holds(latest[Quotes.quote_date])]
    status = latest[Quotes.status].astype("str").str.strip().str.lower()
    margin = pd.to_numeric(latest[Quotes.margin_pct], errors="coerce").astype("float64")
    owner = (
        latest[Quotes.sales_owner]
        .astype("object")
        .where(latest[Quotes.sales_owner].notna(), B.NO_OWNER)
    )
    frame = pd.DataFrame(
        {
            "owner": owner.to_numpy(dtype=object),
            "decided": status.isin(DECIDED).to_numpy(dtype="int64"),
            "won": (status == QuoteStatus.WON.value).to_numpy(dtype="int64"),
            "lost": status.isin(DECIDED[1:]).to_numpy(),
            "margin": margin.to_numpy(),
        }
    )
    frame["margin_won"] = frame["margin"].where(frame["won"] == 1)
    frame["margin_lost"] = frame["margin"].where(frame["lost"])
    g = frame.groupby("owner", sort=True)
    out = pd.DataFrame(
        {
            B.QUOTES_DECIDED: g["decided"].sum(),
            B.QUOTES_WON: g["won"].sum(),
            B.WIN_PCT: rate(g["won"].sum(), g["decided"].sum()),
            B.MARGIN_WON: g["margin_won"].mean(),
            B.MARGIN_LOST: g["margin_lost"].mean(),
            B.QUOTES_OPEN: g.size() - g["decided"].sum(),
        }
    )
    out.index.name = str(Quotes.sales_owner)
    return out, latest.assign(_status=status.to_numpy())


def win_rate(by_owner: pd.DataFrame) -> float:
    return share(float(by_owner[B.QUOTES_WON].sum()), float(by_owner[B.QUOTES_DECIDED].sum()))


def margin_won(latest: pd.DataFrame) -> float:
    won = latest[latest["_status"] == QuoteStatus.WON.value]
    margin = pd.to_numeric(won[Quotes.margin_pct], errors="coerce").dropna()
    return float(margin.mean()) if len(margin) else float("nan")
