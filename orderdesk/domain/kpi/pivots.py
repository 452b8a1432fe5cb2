"""The helper columns the Pivots sheet slices by (issue 25), computed by the KPI code itself.

A PivotTable can only add up what its table holds. Where a pivot needs a figure the register
does not keep (an order's gross profit in the base currency, a purchase line's on-time flag, an
invoice's aging bucket, a month), OrderDesk writes it into an owned column of that table, from
the same functions the KPI sheet uses over "everything up to today": summed by a pivot, they
give the KPI sheet's figures, and sliced by month or customer, the same figures' parts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from orderdesk.domain.kpi import base as B
from orderdesk.domain.kpi.base import KpiInputs, Window
from orderdesk.domain.kpi.delivery import supplier_lines
from orderdesk.domain.kpi.money import gross_profit, receivables
from orderdesk.domain.suppliers.frames import Finder
from orderdesk.schema import Invoices, OrderLines, Orders, Products, QuoteLines, Quotes

ON_TIME, LATE = "on time", "late"


@dataclass
class PivotColumns:
    """Per table, the helper columns' values: a frame indexed like the table's frame (sheet
    rows), one column per helper column (blank where the row has no such figure)."""

    orders: pd.DataFrame
    lines: pd.DataFrame
    invoices: pd.DataFrame
    quotes: pd.DataFrame


def quarter_labels(dates: pd.Series) -> pd.Series:
    """'2026-Q1' for each date (blank stays blank): a quarter label that sorts as text."""
    when = pd.to_datetime(dates)
    out = pd.Series(pd.NA, index=dates.index, dtype="object")
    ok = when.notna()
    out[ok] = [
        f"{y}-Q{(m - 1) // 3 + 1}" for y, m in zip(when[ok].dt.year, when[ok].dt.month, strict=True)
    ]
    return out


def order_columns(inputs: KpiInputs, today: dt.date) -> pd.DataFrame:
    """Order Month, Customer Country, and for booked orders Order Value and Gross Profit in the
    base currency (`money.gross_profit`, everything up to today)."""
    o = inputs.orders
    first = o[Orders.order_id].notna() & ~o[Orders.order_id].duplicated()
    rows = o.index[first.to_numpy()]  # the sheet rows of `inputs.order_rows`, in order
    profit = gross_profit(inputs, Window(None, today)).orders
    value, gp = np.full(len(rows), np.nan), np.full(len(rows), np.nan)
    booked = profit.index.to_numpy(dtype="int64")  # positions in `order_rows`
    value[booked] = profit["value"].to_numpy()
    gp[booked] = profit["profit"].to_numpy()
    out = pd.DataFrame(index=o.index)
    out[Orders.order_month] = B.month_labels(o[Orders.order_date])
    out[Orders.customer_country] = pd.Series(inputs.order_country, index=rows, dtype=object)
    out[Orders.order_value_base] = pd.Series(value, index=rows).round(2)
    out[Orders.gross_profit_base] = pd.Series(gp, index=rows).round(2)
    return out


def line_columns(inputs: KpiInputs, today: dt.date) -> pd.DataFrame:
    """Due Month (of the Supplier Due date), and Supplier Delivery: "on time" or "late" for the
    lines the supplier on-time KPI counts (`delivery.supplier_lines`, everything up to today)."""
    lines = inputs.lines
    counted, on_date = supplier_lines(inputs, Window(None, today), today)
    flag = np.where(on_date, ON_TIME, LATE).astype(object)
    flag[~counted] = None
    out = pd.DataFrame(index=lines.index)
    out[OrderLines.due_month] = B.month_labels(lines[OrderLines.supplier_due])
    out[OrderLines.supplier_delivery] = flag
    return out


def invoice_columns(inputs: KpiInputs, today: dt.date) -> pd.DataFrame:
    """For each invoice open today: its Aging Bucket and Open amount in the base currency
    (`money.receivables` as of today)."""
    open_now = receivables(inputs, Window(None, today)).invoices
    out = pd.DataFrame(index=inputs.invoices.index)
    out[Invoices.aging_bucket] = open_now[B.BUCKET].reindex(out.index)
    out[Invoices.open_base] = open_now[B.OPEN_AMOUNT].reindex(out.index).round(2)
    return out


def quote_columns(
    quotes: pd.DataFrame, lines: pd.DataFrame, products: pd.DataFrame
) -> pd.DataFrame:
    """Quote Quarter (of the Quote Date), and Category: the product category of the version's
    first line (the lowest line number)."""
    first = lines.sort_values(QuoteLines.line_no, kind="stable").drop_duplicates(
        [QuoteLines.quote_id, QuoteLines.version]
    )
    category = Finder(products, Products.sku, first[QuoteLines.sku])[Products.category]
    by_version = pd.Series(
        category.to_numpy(dtype=object),
        index=pd.MultiIndex.from_arrays(
            [
                first[QuoteLines.quote_id].to_numpy(dtype=object),
                _versions(first[QuoteLines.version]),
            ]
        ),
    )
    by_version = by_version[~by_version.index.duplicated()]
    keys = pd.MultiIndex.from_arrays(
        [quotes[Quotes.quote_id].to_numpy(dtype=object), _versions(quotes[Quotes.version])]
    )
    out = pd.DataFrame(index=quotes.index)
    out[Quotes.category] = by_version.reindex(keys).to_numpy(dtype=object)
    out[Quotes.quote_quarter] = quarter_labels(quotes[Quotes.quote_date])
    return out


def _versions(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").fillna(-1).astype("int64").to_numpy()


def pivot_columns(inputs: KpiInputs, quote_lines: pd.DataFrame, today: dt.date) -> PivotColumns:
    return PivotColumns(
        order_columns(inputs, today),
        line_columns(inputs, today),
        invoice_columns(inputs, today),
        quote_columns(inputs.quotes, quote_lines, inputs.products),
    )
