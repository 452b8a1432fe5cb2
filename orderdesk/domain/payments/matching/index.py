"""What the matcher knows before it sees a receipt, built once per register state: the invoices
with what is still open on them, every reference they can be named by (invoice, order and
customer-PO numbers), every name a customer pays under, and the accounts that paid a customer
before."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from orderdesk.domain.payments.matching.model import REF_INVOICE, REF_ORDER, REF_PO
from orderdesk.domain.payments.names import cut_name_keys, name_keys, per_unique, reference_key
from orderdesk.domain.reference.payment_terms import payment_term
from orderdesk.schema import Customers, InvoiceKind, Invoices, Orders


def objects(series: pd.Series) -> np.ndarray:
    """A column as a numpy object array with None for blanks (fast scalar access, no NaN)."""
    arr: np.ndarray = series.astype(object).to_numpy(copy=True)
    arr[pd.isna(arr)] = None
    return arr


def upper(series: pd.Series) -> np.ndarray:
    return per_unique(
        objects(series), lambda v: str(v).strip().upper() if isinstance(v, str) else ""
    )


class InvoiceIndex:
    """Invoices, orders, customers and known payer accounts as arrays the matching stages join
    on. Read-only once built; what is open changes per `match` call, not here."""

    def __init__(
        self,
        invoices: pd.DataFrame,
        outstanding: pd.Series,
        orders: pd.DataFrame,
        customers: pd.DataFrame,
        known_accounts: pd.DataFrame | None = None,
    ) -> None:
        order_ids = orders[Orders.order_id].astype(str).to_numpy(dtype=object)
        order = objects(invoices[Invoices.order_id])
        # one code per order id, for the Orders rows and the invoices' Order ID alike
        order_code, _ = pd.factorize(np.concatenate([order_ids, order]))
        of_order = _of_order(order_code[: len(order_ids)], order_code[len(order_ids) :])
        kind = per_unique(
            objects(invoices[Invoices.kind]), lambda v: str(v).strip().lower() if v else ""
        )
        due = pd.to_datetime(invoices[Invoices.due_date]).fillna(
            pd.to_datetime(invoices[Invoices.issue_date])
        )
        self.no = invoices[Invoices.invoice_no].astype(str).to_numpy(dtype=object)
        self.order = order
        self.customer = objects(invoices[Invoices.customer])
        self.full = (kind == InvoiceKind.FULL.value) | (kind == "")
        self.due = due.to_numpy(dtype="datetime64[ns]")  # the due date, else the issue date
        self.iccy = upper(invoices[Invoices.currency])
        self.total = invoices[Invoices.amount].astype(float).to_numpy()
        self.open = outstanding.astype(float).to_numpy()  # after the receipts already applied
        terms = objects(orders[Orders.payment_terms])
        deposit_pct = orders[Orders.deposit_pct].astype(float).to_numpy()
        self.share = of_order(_deposit_shares(terms, deposit_pct), np.nan).astype(float)
        self.terms = of_order(terms, None)
        self.customer_code, uniq = pd.factorize(self.customer)
        self.customers = pd.Index(uniq)  # customers with invoices, by code
        # (customer, currency) groups: where a payer's open invoices are searched by amount
        self.ccy_code, ccys = pd.factorize(self.iccy)
        self.ccys = np.asarray(ccys, dtype=object)
        self.n_ccy = max(len(ccys), 1)
        self.group = np.where(
            self.customer_code >= 0, self.customer_code * self.n_ccy + self.ccy_code, -1
        )
        # Every invoice is indexed by its references (a receipt naming an invoice already paid
        # is told so); only open ones are candidates by payer or amount.
        po = objects(orders[Orders.customer_po])
        self.ref_keys, self.refs = _reference_index(self.no, order_ids, po, order_code)
        names = _customer_names(customers)
        codes, uniq = pd.factorize(names["key"].to_numpy())
        self.name_keys = np.asarray(uniq, dtype=object)  # distinct: code k is position k
        self.names = pd.DataFrame(
            {"k": codes, "customer": names["customer"].to_numpy(), "strength_c": names["strength"]}
        )
        accts = known_accounts if known_accounts is not None else pd.DataFrame()
        self.accounts = (
            accts.rename(columns={"account": "payer_acct"}).drop_duplicates()
            if len(accts)
            else pd.DataFrame({"payer_acct": pd.Series(dtype=object), "customer": []})
        )
        self.po = dict(zip(order_ids.tolist(), po.tolist(), strict=True))
        # Plain lists for the reasons, read one receipt at a time.
        self.no_list: list[str] = self.no.tolist()
        self.order_list: list[object] = order.tolist()
        self.customer_list: list[object] = self.customer.tolist()
        self.terms_list: list[object] = self.terms.tolist()
        self.share_list: list[float] = self.share.tolist()
        self.total_list: list[float] = self.total.tolist()

    def __len__(self) -> int:
        return len(self.no)


def _of_order(
    order_rows: np.ndarray, invoice_orders: np.ndarray
) -> Callable[[np.ndarray, object], np.ndarray]:
    """values of the Orders rows → the value of each invoice's order (the last Orders row of a
    repeated id, as a dict built from the rows would have it), `missing` where there is none.
    Both arguments are order codes (-1: blank)."""
    last = np.full(int(max(order_rows.max(initial=-1), invoice_orders.max(initial=-1))) + 1, -1)
    known = order_rows >= 0
    np.maximum.at(last, order_rows[known], np.flatnonzero(known))
    pos = np.where(invoice_orders >= 0, last[invoice_orders], -1)
    found = pos >= 0

    def take(values: np.ndarray, missing: object) -> np.ndarray:
        out = np.full(len(pos), missing, dtype=object)
        out[found] = np.asarray(values, dtype=object)[pos[found]]
        return out

    return take


def _deposit_shares(terms: np.ndarray, deposit_pct: np.ndarray) -> np.ndarray:
    """Each order's deposit share: its Deposit %, else its payment terms' (NaN when none)."""
    codes, uniq = pd.factorize(terms)
    known = [payment_term(t) if isinstance(t, str) else None for t in uniq.tolist()]
    deposits = np.array([np.nan if t is None else float(t.deposit) for t in known] + [np.nan])
    share = np.where(np.isnan(deposit_pct), deposits[codes], deposit_pct)  # code -1: NaN
    return np.where((share > 0) & (share < 1), share, np.nan)


def _reference_index(
    numbers: np.ndarray, ids: np.ndarray, po: np.ndarray, order_code: np.ndarray
) -> tuple[np.ndarray, pd.DataFrame]:
    """Every reference key (the invoices' numbers, the orders' ids, the orders' PO numbers; ""
    for one too short to be used), and (position of the key → invoice position, how it was
    found: invoice, order or PO number). `ids`, `po`: the Orders rows'; `order_code`: codes of
    the Orders rows' ids, then of the invoices' orders. A pair found more than one way is there
    more than once (the matcher keeps the strongest)."""
    n = len(numbers)
    n_orders = len(ids)
    keys = np.concatenate([reference_key(numbers), reference_key(ids), reference_key(po)])
    by_invoice = pd.DataFrame({"p": np.arange(n), "i": np.arange(n), "via": REF_INVOICE})
    of_order = order_code[:n_orders]
    by_order = pd.DataFrame(
        {
            "p": np.arange(n, n + 2 * n_orders),
            "o": np.concatenate([of_order, of_order]),
            "via": np.repeat([REF_ORDER, REF_PO], n_orders),
        }
    ).merge(pd.DataFrame({"o": order_code[n_orders:], "i": np.arange(n)}), on="o")
    index = pd.concat([by_invoice, by_order[["p", "i", "via"]]], ignore_index=True)
    usable = keys[index["p"].to_numpy()] != ""
    return keys, index.loc[usable].reset_index(drop=True)


def _customer_names(customers: pd.DataFrame) -> pd.DataFrame:
    """Every name a customer pays under (its name and aliases), keyed for lookup."""
    ids = objects(customers[Customers.customer_id])
    names = objects(customers[Customers.name])
    aliases = objects(customers[Customers.aliases])
    who: list[object] = []
    what: list[object] = []
    for cid, name, alias in zip(ids.tolist(), names.tolist(), aliases.tolist(), strict=True):
        for one in [name, *(re.split(r"[;\n]", alias) if isinstance(alias, str) else [])]:
            if isinstance(one, str) and one.strip():
                who.append(cid)
                what.append(one)
    found = np.array(what, dtype=object)
    keys = pd.concat([name_keys(found), cut_name_keys(found)], ignore_index=True)
    keys["customer"] = np.array(who, dtype=object)[keys["row"].to_numpy()]
    return keys[["key", "customer", "strength"]]
