"""Every order's facts a document prints, gathered in one pass over the register's tables.

The documents and Check L/C read an order the same way: its lines in line order, as they ship
(a lower Accepted Qty is what goes), packed into cartons with their weights, the Products
sheet's Chinese names, the customer, the payments received, its Shipments and LCs rows, and
whether the customer and the goods are new/repeat and standard/custom (which contract clauses
apply). Gathering that per order costs a few table filters each; `gather` does it once for the
whole register (one sort, one pack, one grouping per table), and `RegisterFacts.of` hands out
one order's `OrderFacts`. Both the documents action and the L/C check use it, so the commercial
invoice OrderDesk prints and the one it checks against a credit are the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

import pandas as pd
from pandas.core.dtypes.cast import maybe_box_native  # type: ignore[attr-defined]  # unstubbed

from orderdesk.domain.documents import clauses as C
from orderdesk.domain.documents.packing import Problem, pack, quantity
from orderdesk.domain.validation.model import Finding
from orderdesk.ports import TableData, python_values
from orderdesk.schema import (
    Customers,
    DocKind,
    Invoices,
    LCs,
    OrderLines,
    Orders,
    Products,
    Shipments,
    Stage,
)

if TYPE_CHECKING:
    from orderdesk.domain.documents.content import LcDefaults, OrderFacts

L = OrderLines
ZH = "_description_zh"  # a line's Chinese description (Products sheet), in the line's record
PRINTED = "_printed"  # a line's cells as a document prints them (`Printed`), in its record


@dataclass(frozen=True)
class OrderLinesFacts:
    """One order's OrderLines rows as the documents print them (records: column → value as in
    the frame, "row" = sheet row)."""

    ordered: Sequence[Mapping[str, Any]] = ()  # in line order, as ordered
    shipped: Sequence[Mapping[str, Any]] = ()  # as they ship: qty = Accepted Qty where lower
    packed: Sequence[Mapping[str, Any]] = ()  # the shipped lines packed (cartons, weights …)
    pack_problems: Sequence[Problem] = ()  # what stops a line from being packed


NO_LINES = OrderLinesFacts()


@dataclass(frozen=True, slots=True)
class Printed:
    """A line's cells as every document prints them, worked out once a line for the whole
    register rather than once a line per document (the CI and the PL, a document and its
    draft): its text trimmed (origin and unit in capitals), its quantities and price as exact
    decimals (None where the cell is blank)."""

    no: int | None
    sku: str
    description: str
    spec: str
    hs_code: str
    origin: str
    unit: str
    unit_price: Decimal | None
    amount: Decimal | None  # the register's Amount
    qty: Decimal | None
    ordered: Decimal | None  # the ordered quantity, where fewer ship


def blank(value: Any) -> bool:
    """A cell a document leaves empty: None, NaN or only spaces."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and value != value  # NaN (numpy's too)


def text(value: Any) -> str:
    """A cell as a document prints text: trimmed, "" when blank."""
    return "" if blank(value) else str(value).strip()


def _texts(values: Sequence[Any], upper: bool = False) -> list[str]:
    """A text column as printed (`text`, in capitals when `upper`); most cells are already
    text, trimmed in place."""
    out = [v.strip() if type(v) is str else text(v) for v in values]
    return [v.upper() for v in out] if upper else out


def _numbers(values: Sequence[Any], convert: Any) -> list[Decimal | None]:
    """A number column as decimals, None where blank: each distinct value converted once
    (quantities and prices repeat line after line; a Decimal is immutable, so shared)."""
    seen: dict[Any, Decimal] = {}
    out: list[Decimal | None] = []
    for v in values:
        if blank(v) or v is pd.NA:
            out.append(None)
        elif v == 0:  # 0.0 and -0.0 are one key but print as 0 and -0
            out.append(convert(v))
        elif v in seen:
            out.append(seen[v])
        else:
            out.append(seen.setdefault(v, convert(v)))
    return out


def _exact(value: Any) -> Decimal:
    """A number cell as the exact decimal Excel shows (repr of the float)."""
    return Decimal(repr(float(value)))


# A line's `Printed` cells but its quantities: no, the text columns, unit price, amount.
_Cells = tuple[int | None, str, str, str, str, str, str, Decimal | None, Decimal | None]


def _line_cells(records: Sequence[Mapping[Any, Any]]) -> list[_Cells]:
    """Each line's cells that do not depend on what ships (`Printed` but its quantities),
    worked out a column at a time."""

    def column(c: str) -> list[Any]:
        return [r.get(c) for r in records]

    nos = [None if v is None or v is pd.NA or blank(v) else int(v) for v in column(L.line_no)]
    return cast(
        list[_Cells],
        list(
            zip(
                nos,
                *(_texts(column(c)) for c in _TEXT),
                _texts(column(L.origin), upper=True),
                _texts(column(L.unit), upper=True),
                _numbers(column(L.unit_price), _exact),
                _numbers(column(L.amount), _exact),
                strict=True,
            )
        ),
    )


def _printed(cells: list[_Cells], qty: Sequence[Any], ordered: Sequence[Any]) -> list[Printed]:
    return [
        Printed(*c, q, o)
        for c, q, o in zip(cells, _numbers(qty, quantity), _numbers(ordered, quantity), strict=True)
    ]


_TEXT = (L.sku, L.description, L.spec, L.hs_code)
_PRINTED = frozenset(
    {
        *(L.order_id, L.line_no, L.sku, L.description, L.spec, L.hs_code, L.origin),
        *(L.qty, L.unit, L.unit_price, L.amount, "ordered", ZH),
        *("per", "cartons", "first", "last", "last_qty", "net", "gross", "cbm"),
    }
)


def shipped_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """The lines as they ship: a lower Accepted Qty (what passed incoming inspection) is what
    goes, and the CI and PL print it; the ordered quantity is kept beside it ("ordered")."""
    out = lines.copy()
    qty = out[L.qty].astype("float64")
    accepted = out[L.accepted_qty].astype("float64")
    lower = accepted.notna() & qty.notna() & (accepted < qty) & (accepted >= 0)
    out["ordered"] = qty.where(lower)
    out[L.qty] = qty.where(~lower, accepted)
    return out


def order_lines(lines: pd.DataFrame, products: pd.DataFrame | None) -> dict[str, OrderLinesFacts]:
    """Every order's lines (by order id, trimmed): one sort, one shipped view, one pack and one
    Chinese-name lookup for the whole sheet."""
    if lines.empty or L.order_id not in lines:
        return {}
    key = lines[L.order_id].astype("string").str.strip()
    frame = lines.loc[key.notna().to_numpy()].copy()
    frame[L.order_id] = key[key.notna()].astype(object)
    frame = frame.sort_values([L.order_id, L.line_no], kind="stable")
    zh = _chinese_names(products)
    frame[ZH] = [zh.get(s) if isinstance(s, str) else None for s in frame[L.sku]]
    shipped = shipped_lines(frame)
    packed, problems = pack(shipped, products)
    out: dict[str, dict[str, list[Any]]] = {}

    def put(part: str, recs: list[dict[Any, Any]], rows: list[int]) -> None:
        for row, rec in zip(rows, recs, strict=True):
            rec["row"] = row
            out.setdefault(rec[L.order_id], {}).setdefault(part, []).append(rec)

    rows = [int(r) for r in frame.index]
    ordered = _records(frame[[c for c in frame.columns if c in _PRINTED]])
    # The shipped view differs from the ordered one only in its quantities: the other cells
    # are listed once, and each line's printed text and figures worked out once (`Printed`).
    shipped_qty, as_ordered = shipped[L.qty].tolist(), shipped["ordered"].tolist()
    cells = _line_cells(ordered)
    as_shipped = _printed(cells, shipped_qty, as_ordered)
    put(
        "shipped",
        [
            {**rec, L.qty: q, "ordered": o, PRINTED: line}
            for rec, q, o, line in zip(ordered, shipped_qty, as_ordered, as_shipped, strict=True)
        ],
        rows,
    )
    as_ordered_lines = _printed(cells, [r[L.qty] for r in ordered], [None] * len(ordered))
    for rec, line in zip(ordered, as_ordered_lines, strict=True):
        rec[PRINTED] = line
    put("ordered", ordered, rows)
    packed_rows = [int(r) for r in packed.index]
    put("packed", _records(packed[[c for c in packed.columns if c in _PRINTED]]), packed_rows)
    order_of = dict(zip(frame.index, frame[L.order_id], strict=True))
    for p in problems:
        out[order_of[p.row]].setdefault("pack_problems", []).append(p)
    return {oid: OrderLinesFacts(**parts) for oid, parts in out.items()}


def _records(frame: pd.DataFrame) -> list[dict[Any, Any]]:
    """`frame.to_dict("records")`, listed a column at a time (pandas walks a text column cell
    by cell): the same values, numpy and nullable scalars as plain Python ones (an object
    column, whose cells may be numpy scalars, goes through `to_dict` itself)."""
    names = frame.columns.tolist()
    values = [
        list(map(maybe_box_native, frame.iloc[:, i].tolist()))  # what `to_dict` does to a cell
        if pd.api.types.is_object_dtype(frame.dtypes.iloc[i])
        else frame.iloc[:, i].tolist()
        for i, name in enumerate(names)
    ]
    return [dict(zip(names, rec, strict=True)) for rec in zip(*values, strict=True)]


def _chinese_names(products: pd.DataFrame | None) -> dict[str, str]:
    """The Products sheet's Chinese description by SKU (the first row of a SKU that has one)."""
    if products is None or products.empty or Products.description_zh not in products:
        return {}
    zh = (
        products.dropna(subset=[Products.description_zh])
        .drop_duplicates(Products.sku)
        .set_index(Products.sku)[Products.description_zh]
    )
    return {
        sku: text.strip()
        for sku, text in zh.items()
        if isinstance(sku, str) and isinstance(text, str) and text.strip()
    }


def records_by(
    data: TableData, column: Any, *, lower: bool = False
) -> dict[str, list[dict[str, Any]]]:
    """A table's records (plain Python values, "row" = sheet row) grouped by a key column's
    trimmed text, in sheet order."""
    f = data.frame
    if f.empty or column not in f:
        return {}
    cols = [c for c in data.table.columns() if c in f]
    absent = [c.attr for c in data.table.columns() if c not in f]
    keys = f[column].astype("string").str.strip()
    if lower:
        keys = keys.str.lower()
    names = ["row", *(c.attr for c in cols), *absent]
    values = [python_values(c, f[c]) for c in cols]  # a column at a time, not a cell
    blanks = [None] * len(absent)
    out: dict[str, list[dict[str, Any]]] = {}
    for row, k, *rec in zip(f.index.tolist(), keys.tolist(), *values, strict=True):
        if isinstance(k, str):
            out.setdefault(k, []).append(dict(zip(names, [int(row), *rec, *blanks], strict=True)))
    return out


def customer_types(
    orders: pd.DataFrame, customers: Mapping[str, Mapping[str, Any]]
) -> dict[str, str]:
    """ "new" or "repeat" per order: as the Customers sheet says; if blank, "repeat" when the
    customer ordered before (an earlier order date; without a date, any other order)."""
    if orders.empty:
        return {}
    ids = orders[Orders.order_id].astype("string").str.strip()
    who = orders[Orders.customer].astype("string").str.strip()
    when = pd.to_datetime(orders[Orders.order_date])
    first = when.groupby(who).transform("min")
    count = who.groupby(who).transform("size")
    out: dict[str, str] = {}
    for oid, cid, w, f, n in zip(ids, who, when, first, count, strict=True):
        if not isinstance(oid, str) or oid in out:
            continue
        customer = customers.get(str(cid).lower()) if isinstance(cid, str) else None
        given = str((customer or {}).get(Customers.customer_type.attr) or "").strip().lower()
        if given in ("new", "repeat"):
            out[oid] = given
        elif not isinstance(cid, str):
            out[oid] = "new"
        elif pd.isna(w):
            out[oid] = "repeat" if n > 1 else "new"
        else:
            out[oid] = "repeat" if f < w.normalize() else "new"
    return out


def product_types(lines: pd.DataFrame, products: pd.DataFrame | None) -> dict[str, str]:
    """ "custom" for an order any of whose lines is a custom-made product, else "standard"."""
    if products is None or products.empty or lines.empty or Products.product_type not in products:
        return {}
    kind = products[Products.product_type].astype("string").str.strip().str.lower()
    skus = products[Products.sku].astype("string").str.strip()
    custom = set(skus[(kind == "custom").fillna(False)].dropna())
    if not custom:
        return {}
    line_sku = lines[L.sku].astype("string").str.strip()
    oid = lines[L.order_id].astype("string").str.strip()
    hit = line_sku.isin(custom).fillna(False) & oid.notna()
    return {str(o): "custom" for o in oid[hit]}


def as_to_ship(orders: pd.DataFrame) -> pd.DataFrame:
    """The orders as the confirmation asks about them: an order confirmed but not yet ready to
    ship stands at ready to ship, so what is asked then (shipping marks, forwarder, ports) the
    customer is asked now. Earlier, later and unreadable stages stay as they are."""
    ranks = orders[Orders.stage].map(lambda s: (Stage.read(s) or Stage.CANCELLED).rank)
    early = (ranks >= Stage.CONFIRMED.rank) & (ranks < Stage.READY_TO_SHIP.rank)
    raised = orders.copy()
    raised.loc[early, Orders.stage] = Stage.READY_TO_SHIP.value
    return raised


def received(invoices: pd.DataFrame) -> dict[tuple[str, str], Decimal]:
    """Paid so far per (order id, currency) on the Invoices sheet."""
    if invoices.empty:
        return {}
    oid = invoices[Invoices.order_id].astype("string").str.strip()
    cur = invoices[Invoices.currency].astype("string").str.upper()
    rows: dict[tuple[str, str], list[int]] = {}
    for i, (o, c) in enumerate(zip(oid.tolist(), cur.tolist(), strict=True)):
        if isinstance(o, str) and isinstance(c, str):
            rows.setdefault((o, c), []).append(i)
    # By position in one array: a label lookup per order costs more than the sum.
    paid = invoices[Invoices.paid].astype("float64").fillna(0).to_numpy()
    return {k: Decimal(repr(float(paid[v].sum()))) for k, v in rows.items()}


@dataclass
class RegisterFacts:
    """What the register says about every order, gathered once (see the module docstring)."""

    orders: dict[str, dict[str, Any]]  # order id → its (first) Orders record
    lines: dict[str, OrderLinesFacts]
    customers: dict[str, dict[str, Any]]  # customer id, lower case → its (first) record
    shipments: dict[str, list[dict[str, Any]]]
    lcs: dict[str, list[dict[str, Any]]]
    paid: dict[tuple[str, str], Decimal]
    customer_types: dict[str, str]
    product_types: dict[str, str]
    today: dt.date
    clause_rows: Sequence[C.ClauseRow] = ()
    findings: Mapping[str, Sequence[Finding]] = field(default_factory=dict)
    lc_defaults: LcDefaults | None = None
    pi_valid_days: int = 30

    def record(self, order_id: str) -> dict[str, Any]:
        return self.orders[order_id.strip()]

    def of(self, order_id: str, kind: DocKind, *, draft: bool = False) -> OrderFacts:
        """One order's `content.OrderFacts` for a document of `kind`."""
        from orderdesk.domain.documents.content import OrderFacts, shipment_facts

        oid = order_id.strip()
        order = self.orders[oid]
        cid = order.get(Orders.customer.attr)
        currency = order.get(Orders.currency.attr)
        legs = self.shipments.get(oid, [])
        return OrderFacts(
            order=order,
            lines=self.lines.get(oid, NO_LINES),
            customer=self.customers.get(str(cid).strip().lower()) if cid is not None else None,
            received=self.paid.get((oid, str(currency).upper()), Decimal(0))
            if currency
            else Decimal(0),
            shipment=shipment_facts(legs, order, self.today)
            if kind in (DocKind.CI, DocKind.PL)
            else None,
            customer_type=self.customer_types.get(oid, "new"),
            product_type=self.product_types.get(oid, "standard"),
            clause_rows=self.clause_rows,
            stage=Stage.read(order.get(Orders.stage.attr)),
            draft=draft,
            findings=self.findings.get(oid, ()),
            lc=next(iter(self.lcs.get(oid, [])[-1:]), None),
            lc_defaults=self.lc_defaults,
            pi_valid_days=self.pi_valid_days,
        )


def gather(
    *,
    orders: TableData,
    lines: TableData,
    customers: TableData,
    products: TableData,
    invoices: TableData,
    shipments: TableData,
    lcs: TableData,
    today: dt.date,
    **settings: Any,
) -> RegisterFacts:
    """Every order's facts from the tables as read (`settings`: clause_rows, findings,
    lc_defaults, pi_valid_days, as `RegisterFacts` names them)."""
    by_customer = {
        k: v[0] for k, v in records_by(customers, Customers.customer_id, lower=True).items()
    }
    return RegisterFacts(
        orders={k: v[0] for k, v in records_by(orders, Orders.order_id).items()},
        lines=order_lines(lines.frame, products.frame),
        customers=by_customer,
        shipments=records_by(shipments, Shipments.order_id),
        lcs=records_by(lcs, LCs.order_id),
        paid=received(invoices.frame),
        customer_types=customer_types(orders.frame, by_customer),
        product_types=product_types(lines.frame, products.frame),
        today=today,
        **settings,
    )
