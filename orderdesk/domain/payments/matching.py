"""Receipts ↔ open invoices: which invoice(s) did this money pay, how sure are we, and why.

Vectorised in three steps, each a handful of joins over whole frames:

1. Candidates. Invoice, order and customer-PO numbers found in the remittance text (and the
   EndToEndId, where customers also put them); the customer found from the payer's name (its
   name or one of its aliases, normalised) or from an account that paid the customer before; and,
   for a receipt with neither, the open invoices of exactly that amount.
2. Hypotheses, each with a confidence made of its evidence: one invoice; the invoices named in the
   remittance together; the open invoices of a named order together; a customer's oldest open
   invoices together. The amount either fits exactly, short by bank charges within the tolerance,
   at the ECB rate of the value date within the FX tolerance (receipt in another currency), as the
   deposit share of the payment terms, as part of the outstanding, or not at all.
3. The best hypothesis per receipt; at or above the threshold it is applied, below it is a
   suggestion for a person. Receipts are applied in value-date order, one per invoice per round,
   and the rest are matched again against what is then still open: two instalments for one
   invoice settle it, an invoice is never paid twice, and running the match again on its own
   result changes nothing.

Evidence points (summed, capped at 1): invoice number 0.60, order or PO number 0.50; payer is
the customer 0.30 (name, alias or known account) or 0.20 (first letters only); amount exact 0.35,
bank charges / FX / deposit 0.30, part payment 0.25 with an invoice number (0.10 with an order
number, nothing otherwise), more than is open −0.30; only invoice (set) of the customer with that amount +0.20 (+0.10 for a
run of oldest invoices); payer is a different known customer −0.30; the named invoice only
part-paid while another of the payer's is exactly the amount −0.30 (and that other one −0.15);
another hypothesis as good −0.15. So an invoice number with the exact amount is 0.95, the customer's name with the only
invoice of that amount 0.85, an amount alone at most 0.55.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.domain.payments.entries import MatchStatus
from orderdesk.domain.payments.names import (
    cut_name_keys,
    name_keys,
    per_unique,
    reference_key,
    text_ngrams,
)
from orderdesk.domain.reference import fx
from orderdesk.domain.reference.codes import minor_units
from orderdesk.domain.reference.payment_terms import payment_term
from orderdesk.schema import BankEntries, Customers, InvoiceKind, Invoices, Orders

RatesFn = Callable[[pd.Series, pd.Series, pd.Series], pd.DataFrame]

# --- evidence points --------------------------------------------------------------------------

REF_INVOICE, REF_ORDER, REF_PO = 3, 2, 1  # how a reference was found (higher = stronger)
REF_POINTS = {0: 0.0, REF_PO: 0.50, REF_ORDER: 0.50, REF_INVOICE: 0.60}
PAYER_POINTS = {0: 0.0, 1: 0.20, 2: 0.30}
UNIQUE_POINTS = 0.20
RUN_UNIQUE_POINTS = 0.10
OTHER_CUSTOMER_PENALTY = 0.30
CONFLICT_PENALTY = 0.30
AMBIGUITY_PENALTY = 0.15
SUGGEST_FLOOR = 0.30  # below: "unmatched", with what was found in the reasons
MAX_ROUNDS = 60
CENT = 0.005  # half a minor unit: amounts closer than this are equal


class Fit(IntEnum):
    """How a receipt's amount fits the outstanding of a set of invoices (higher = better)."""

    NONE = 0  # no rate to compare, or nothing to compare with
    OVER = 1  # more than is open
    PARTIAL = 2  # part of what is open
    DEPOSIT = 3  # the deposit share of the payment terms, of an invoice for the whole order
    FX = 4  # another currency, at the ECB rate of the value date, within the FX tolerance
    CHARGES = 5  # short by no more than the bank-charge tolerance
    EXACT = 6


AMOUNT_POINTS = {
    Fit.NONE: 0.0,
    Fit.OVER: -0.30,  # never applied: what would the rest pay?
    Fit.PARTIAL: 0.0,  # by reference strength, below
    Fit.DEPOSIT: 0.30,
    Fit.FX: 0.30,
    Fit.CHARGES: 0.30,
    Fit.EXACT: 0.35,
}
PARTIAL_POINTS = {0: 0.0, REF_PO: 0.10, REF_ORDER: 0.10, REF_INVOICE: 0.25}
SETTLING = (Fit.EXACT, Fit.CHARGES, Fit.FX)  # the invoice is settled in full


class Kind(IntEnum):
    SINGLE = 1
    REFSET = 2  # the invoices named in the remittance, together
    ORDERSET = 3  # the open invoices of a named order, together
    ORDERS = 5  # the open invoices of several named orders, together
    RUN = 4  # a customer's oldest open invoices, together


@dataclass(frozen=True)
class MatchPolicy:
    """The Settings that govern matching (base currency, tolerances, threshold)."""

    base_currency: str = "USD"
    charge_tolerance: Decimal = Decimal(50)  # in the base currency
    fx_tolerance: Decimal = Decimal("0.01")  # share of the amount
    threshold: Decimal = Decimal("0.85")


@dataclass(frozen=True)
class Allocation:
    """Part of a receipt applied to one invoice, in the invoice's currency (it includes the
    bank charges or FX difference that settle the invoice in full)."""

    invoice: str
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Match:
    entry: str
    status: MatchStatus
    confidence: float
    reasons: str
    allocations: tuple[Allocation, ...] = ()

    @property
    def invoices(self) -> str:
        """'INV-1 7000.00 USD, INV-2 2975.00 USD', or '-' when none."""
        return ", ".join(f"{a.invoice} {a.amount} {a.currency}" for a in self.allocations) or "-"

    def as_json(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "status": self.status.value,
            "confidence": self.confidence,
            "reasons": self.reasons,
            "allocations": [
                {"invoice": a.invoice, "amount": str(a.amount), "currency": a.currency}
                for a in self.allocations
            ],
        }


# --- inputs -----------------------------------------------------------------------------------


def _objects(series: pd.Series) -> np.ndarray:
    """A column as a numpy object array with None for blanks (fast scalar access, no NaN)."""
    arr: np.ndarray = series.astype(object).to_numpy(copy=True)
    arr[pd.isna(arr)] = None
    return arr


def _upper(series: pd.Series) -> np.ndarray:
    return per_unique(
        _objects(series), lambda v: str(v).strip().upper() if isinstance(v, str) else ""
    )


def _entries(frame: pd.DataFrame) -> pd.DataFrame:
    remit = _objects(frame[BankEntries.remittance])
    e2e = _objects(frame[BankEntries.end_to_end_id])
    text = np.array(
        [f"{r or ''} {x or ''}" for r, x in zip(remit.tolist(), e2e.tolist(), strict=True)],
        dtype=object,
    )
    value = pd.to_datetime(frame[BankEntries.value_date]).fillna(
        pd.to_datetime(frame[BankEntries.booking_date])
    )
    acct = per_unique(
        _objects(frame[BankEntries.payer_account]),
        lambda v: str(v).replace(" ", "").upper() if isinstance(v, str) else "",
    )
    return pd.DataFrame(
        {
            "ref": frame[BankEntries.entry_ref].astype(str).to_numpy(dtype=object),
            "amount": frame[BankEntries.amount].astype(float).to_numpy(),
            "eccy": _upper(frame[BankEntries.currency]),
            "vdate": value.to_numpy(dtype="datetime64[ns]"),
            "payer": _objects(frame[BankEntries.payer]),
            "payer_acct": acct,
            "text": text,
        }
    )


def _deposit_shares(orders: pd.DataFrame) -> np.ndarray:
    """Each order's deposit share: its Deposit %, else its payment terms' (NaN when none)."""
    deposits: dict[str, float] = {}
    terms = _objects(orders[Orders.payment_terms])
    for t in set(terms.tolist()):
        term = payment_term(t) if isinstance(t, str) else None
        if term is not None:
            deposits[t] = float(term.deposit)
    from_terms = np.array([deposits.get(t, np.nan) for t in terms.tolist()], dtype=float)
    share = orders[Orders.deposit_pct].astype(float).to_numpy()
    share = np.where(np.isnan(share), from_terms, share)
    return np.where((share > 0) & (share < 1), share, np.nan)


def _invoices(invoices: pd.DataFrame, outstanding: pd.Series, orders: pd.DataFrame) -> pd.DataFrame:
    order_ids = orders[Orders.order_id].astype(str).to_numpy(dtype=object)
    shares = dict(zip(order_ids.tolist(), _deposit_shares(orders).tolist(), strict=True))
    terms = dict(
        zip(order_ids.tolist(), _objects(orders[Orders.payment_terms]).tolist(), strict=True)
    )
    order = _objects(invoices[Invoices.order_id])
    kind = per_unique(
        _objects(invoices[Invoices.kind]), lambda v: str(v).strip().lower() if v else ""
    )
    due = pd.to_datetime(invoices[Invoices.due_date]).fillna(
        pd.to_datetime(invoices[Invoices.issue_date])
    )
    return pd.DataFrame(
        {
            "inv": invoices[Invoices.invoice_no].astype(str).to_numpy(dtype=object),
            "order": order,
            "customer": _objects(invoices[Invoices.customer]),
            "full": (kind == InvoiceKind.FULL.value) | (kind == ""),
            "due": due.to_numpy(dtype="datetime64[ns]"),
            "iccy": _upper(invoices[Invoices.currency]),
            "total": invoices[Invoices.amount].astype(float).to_numpy(),
            "open": outstanding.astype(float).to_numpy(),
            "share": np.array([shares.get(o, np.nan) for o in order.tolist()], dtype=float),
            "terms": np.array([terms.get(o) for o in order.tolist()], dtype=object),
        }
    )


def _reference_index(inv: pd.DataFrame, orders: pd.DataFrame) -> tuple[pd.Index, pd.DataFrame]:
    """The distinct reference keys, and (code of key → invoice position, how it was found:
    invoice, order or PO number)."""
    n = len(inv)
    ids = orders[Orders.order_id].astype(str).to_numpy(dtype=object)
    inv_keys = reference_key(inv["inv"].to_numpy())
    order_keys = np.concatenate(
        [reference_key(ids), reference_key(_objects(orders[Orders.customer_po]))]
    )
    codes, uniq = pd.factorize(np.concatenate([inv_keys, order_keys]))
    usable = np.asarray(uniq, dtype=object) != ""
    by_invoice = pd.DataFrame({"k": codes[:n], "i": np.arange(n), "via": REF_INVOICE})
    order_pos, _ = pd.factorize(np.concatenate([ids, inv["order"].to_numpy(dtype=object)]))
    by_order = pd.DataFrame(
        {
            "k": codes[n:],
            "o": np.concatenate([order_pos[: len(ids)], order_pos[: len(ids)]]),
            "via": np.repeat([REF_ORDER, REF_PO], len(ids)),
        }
    ).merge(pd.DataFrame({"o": order_pos[len(ids) :], "i": np.arange(n)}), on="o")
    index = pd.concat([by_invoice, by_order[["k", "i", "via"]]], ignore_index=True)
    index = index.loc[(index["k"].to_numpy() >= 0) & usable[index["k"].to_numpy()]]
    index = index.sort_values("via", ascending=False, kind="stable")
    return pd.Index(uniq), index.drop_duplicates(["k", "i"]).reset_index(drop=True)


def _customer_names(customers: pd.DataFrame) -> pd.DataFrame:
    """Every name a customer pays under (its name and aliases), keyed for lookup."""
    ids = _objects(customers[Customers.customer_id])
    names = _objects(customers[Customers.name])
    aliases = _objects(customers[Customers.aliases])
    who: list[object] = []
    what: list[object] = []
    for cid, name, alias in zip(ids.tolist(), names.tolist(), aliases.tolist(), strict=True):
        for one in [name, *(re.split(r"[;\n]", alias) if isinstance(alias, str) else [])]:
            if isinstance(one, str) and one.strip():
                who.append(cid)
                what.append(one)
    names = np.array(what, dtype=object)
    keys = pd.concat([name_keys(names), cut_name_keys(names)], ignore_index=True)
    keys["customer"] = np.array(who, dtype=object)[keys["row"].to_numpy()]
    return keys[["key", "customer", "strength"]]


def _expand(
    e: np.ndarray, c: np.ndarray, strength: np.ndarray, codes: np.ndarray, keep: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(entry, customer) pairs → (entry, invoice) pairs for the customer's invoices in `keep`:
    a join done with counts and offsets instead of hashing."""
    rows = np.flatnonzero(keep & (codes >= 0))
    order = np.argsort(codes[rows], kind="stable")
    by_customer = rows[order]
    n_codes = int(codes.max()) + 1 if codes.size else 0
    counts = np.bincount(codes[rows], minlength=n_codes)
    starts = np.cumsum(counts) - counts
    n = counts[c] if c.size else np.zeros(0, dtype=np.int64)
    total = int(n.sum())
    first = np.repeat(starts[c] if c.size else n, n)
    offset = np.arange(total) - np.repeat(np.cumsum(n) - n, n)
    return np.repeat(e, n), by_customer[first + offset], np.repeat(strength, n)


def _group_starts(*keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For rows already sorted by `keys`: the group number of each row, and each group's first
    row."""
    n = len(keys[0])
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    change = np.zeros(n, dtype=bool)
    change[0] = True
    for k in keys:
        change[1:] |= k[1:] != k[:-1]
    group = np.cumsum(change) - 1
    return group, np.flatnonzero(change)


# --- the matcher ------------------------------------------------------------------------------

GOOD_FITS = (Fit.EXACT, Fit.CHARGES, Fit.FX, Fit.DEPOSIT)
_AMOUNT_POINTS = np.array([AMOUNT_POINTS[Fit(f)] for f in range(len(Fit))])
_REF_POINTS = np.array([REF_POINTS[v] for v in range(4)])
_PARTIAL_POINTS = np.array([PARTIAL_POINTS.get(v, 0.0) for v in range(4)])
_PAYER_POINTS = np.array([PAYER_POINTS[v] for v in range(3)])


class Matcher:
    """Match receipts against open invoices. Build once per register state, call `match`."""

    def __init__(
        self,
        invoices: pd.DataFrame,
        outstanding: pd.Series,
        orders: pd.DataFrame,
        customers: pd.DataFrame,
        policy: MatchPolicy,
        *,
        rates: RatesFn = fx.rates_vector,
        known_accounts: pd.DataFrame | None = None,
    ) -> None:
        """`invoices` in the Invoices columns with `outstanding` beside it (what is still open
        after the receipts already applied); `known_accounts`: columns account, customer — payer
        accounts that paid a customer's invoices before."""
        self.policy = policy
        self.rates = rates
        # Every invoice is indexed by its references (a receipt naming an invoice already paid
        # is told so); only open ones are candidates by payer or amount.
        self.inv = _invoices(invoices, outstanding, orders).reset_index(drop=True)
        self._ref_keys, self.refs = _reference_index(self.inv, orders)
        names = _customer_names(customers)
        codes, uniq = pd.factorize(names["key"].to_numpy())
        self._name_keys = pd.Index(uniq)
        self.names = pd.DataFrame(
            {"k": codes, "customer": names["customer"].to_numpy(), "strength_c": names["strength"]}
        )
        accts = known_accounts if known_accounts is not None else pd.DataFrame()
        self.accounts = (
            accts.rename(columns={"account": "payer_acct"}).drop_duplicates()
            if len(accts)
            else pd.DataFrame({"payer_acct": pd.Series(dtype=object), "customer": []})
        )
        self._po = dict(
            zip(
                orders[Orders.order_id].astype(str).tolist(),
                _objects(orders[Orders.customer_po]).tolist(),
                strict=True,
            )
        )
        # Plain arrays and lists for the vectorised steps and the per-receipt reasons.
        self._a_iccy = self.inv["iccy"].to_numpy(dtype=object)
        self._a_customer = self.inv["customer"].to_numpy(dtype=object)
        self._a_due = self.inv["due"].to_numpy()
        self._a_order = self.inv["order"].to_numpy(dtype=object)
        self._a_full = self.inv["full"].to_numpy()
        self._a_share = self.inv["share"].to_numpy()
        self._a_total = self.inv["total"].to_numpy()
        self._customer_code, uniq = pd.factorize(self._a_customer)
        self._cust_index = pd.Index(uniq)
        self._no = self.inv["inv"].tolist()
        self._order = self.inv["order"].tolist()
        self._customer = self.inv["customer"].tolist()
        self._terms = self.inv["terms"].tolist()
        self._share = self.inv["share"].tolist()
        self._total = self.inv["total"].tolist()
        self._who = pd.DataFrame({"e": [], "customer": [], "strength": []})
        self._payer_is: dict[int, list[str]] = {}  # receipt → the customers its payer may be
        self._payer_surely: dict[int, list[str]] = {}  # … found by whole name or account
        self._named: dict[int, list[int]] = {}
        self._named_orders: dict[int, list[str]] = {}
        self._open_now = self.inv["open"].to_numpy().copy()

    # -- public --

    def match(self, entries: pd.DataFrame) -> list[Match]:
        """One Match per row of `entries` (BankEntries columns: receipts to match), in order."""
        if entries.empty:
            return []
        E = _entries(entries)
        self._E = _EntryLists(E)
        open_now = self._open_now = self.inv["open"].to_numpy().copy()
        found = self._candidates(E)
        by_order = found.loc[np.isin(found["via"].to_numpy(), [REF_ORDER, REF_PO])]
        self._named_orders = {
            int(e): sorted({str(self._order[i]) for i in ii})
            for e, ii in zip(
                *_grouped_lists(by_order["e"].to_numpy(), by_order["i"].to_numpy()), strict=True
            )
        }
        named = found.loc[found["via"].to_numpy() == REF_INVOICE]
        self._named = {
            int(e): list(i)
            for e, i in zip(
                *_grouped_lists(named["e"].to_numpy(), named["i"].to_numpy()), strict=True
            )
        }
        results: dict[int, Match] = {}
        remaining = np.arange(len(E))
        last: tuple[pd.DataFrame, _Allocs] | None = None
        threshold = float(self.policy.threshold) - 1e-9
        for _round in range(MAX_ROUNDS):
            best, members = self._best(E, found, open_now, remaining)
            pool = _Allocs(members)
            last = (best, pool)
            ready = best.loc[best["score"].to_numpy() >= threshold]
            taken = self._one_per_invoice(ready, members, E) if len(ready) else set()
            if not taken:
                break
            chosen = members.loc[np.isin(members["hid"].to_numpy(), ready["hid"].to_numpy())]
            chosen = chosen.loc[np.isin(chosen["e"].to_numpy(), list(taken))]
            np.subtract.at(open_now, chosen["i"].to_numpy(), chosen["amt"].to_numpy())
            for row in _rows(best.loc[np.isin(best["e"].to_numpy(), list(taken))]):
                results[row.e] = self._result(row, pool, MatchStatus.MATCHED)
            remaining = np.setdiff1d(remaining, np.fromiter(taken, dtype=np.int64))
            if remaining.size == 0:
                break
        if last is not None:
            best, pool = last
            for row in _rows(best):
                if row.e in results:
                    continue
                status = (
                    MatchStatus.SUGGESTED
                    if row.score >= SUGGEST_FLOOR and row.fit > Fit.NONE
                    else MatchStatus.UNMATCHED
                )
                results[row.e] = self._result(row, pool, status)
        return [
            results.get(e) or Match(self._E.ref[e], MatchStatus.UNMATCHED, 0.0, self._nothing(e))
            for e in range(len(E))
        ]

    # -- step 1: candidates --

    def _candidates(self, E: pd.DataFrame) -> pd.DataFrame:
        """(e, i) pairs with the evidence found for them: `via` (reference strength), `payer`
        (0/1/2), `amount_only`; and per entry the customers its payer is (for contradictions)."""
        n_inv = len(self.inv)
        grams = text_ngrams(E["text"].to_numpy())
        code = self._ref_keys.get_indexer(pd.Index(grams["key"].to_numpy()))
        hits = pd.DataFrame({"e": grams["row"].to_numpy()[code >= 0], "k": code[code >= 0]})
        by_ref = hits.merge(self.refs, on="k")[["e", "i", "via"]]
        by_ref = by_ref.sort_values("via", ascending=False, kind="stable")
        by_ref = by_ref.drop_duplicates(["e", "i"])

        payer_keys = name_keys(E["payer"].to_numpy()).rename(columns={"row": "e"})
        payer_keys["k"] = self._name_keys.get_indexer(pd.Index(payer_keys["key"].to_numpy()))
        who = payer_keys.loc[payer_keys["k"].to_numpy() >= 0].merge(self.names, on="k")
        who["strength"] = np.minimum(who["strength"].to_numpy(), who["strength_c"].to_numpy())
        who = who[["e", "customer", "strength"]]
        if len(self.accounts):
            acct = pd.DataFrame({"e": np.arange(len(E)), "payer_acct": E["payer_acct"]})
            acct = acct.loc[acct["payer_acct"] != ""].merge(self.accounts, on="payer_acct")
            acct["strength"] = 2
            who = pd.concat([who, acct[["e", "customer", "strength"]]], ignore_index=True)
        who = who.sort_values("strength", ascending=False).drop_duplicates(["e", "customer"])
        who = who.reset_index(drop=True)
        who["c"] = self._cust_index.get_indexer(who["customer"].to_numpy())  # -1: no invoices
        self._who = who
        # For the reasons of single receipts: looked up per receipt, so made dicts once here.
        self._payer_is = _customers_by_entry(who)
        self._payer_surely = _customers_by_entry(who.loc[who["strength"].to_numpy() == 2])

        # Named invoices, with how sure we are their customer is the payer.
        by_ref["c"] = self._customer_code[by_ref["i"].to_numpy()]
        by_ref = by_ref.merge(who[["e", "c", "strength"]], on=["e", "c"], how="left")
        by_ref["payer"] = by_ref["strength"].fillna(0).astype(np.int64)
        by_ref = by_ref[["e", "i", "via", "payer"]]

        # The payer's open invoices (those not named already).
        is_open = self.inv["open"].to_numpy() > CENT
        known = who.loc[who["c"].to_numpy() >= 0]
        e_pay, i_pay, s_pay = _expand(
            known["e"].to_numpy(),
            known["c"].to_numpy(),
            known["strength"].to_numpy(),
            self._customer_code,
            is_open,
        )
        by_payer = pd.DataFrame({"e": e_pay, "i": i_pay, "strength": s_pay})
        pair_key = by_payer["e"].to_numpy() * n_inv + by_payer["i"].to_numpy()
        ref_key = by_ref["e"].to_numpy() * n_inv + by_ref["i"].to_numpy()
        by_payer = by_payer.loc[~np.isin(pair_key, ref_key)]
        by_payer = pd.DataFrame(
            {
                "e": by_payer["e"].to_numpy(),
                "i": by_payer["i"].to_numpy(),
                "via": 0,
                "payer": by_payer["strength"].to_numpy(),
            }
        )
        pairs = pd.concat([by_ref, by_payer], ignore_index=True)
        pairs["amount_only"] = False

        # Receipts with neither a reference nor a known payer: open invoices of that amount.
        lonely = np.setdiff1d(np.arange(len(E)), pairs["e"].to_numpy())
        if lonely.size:
            cents_e = pd.DataFrame(
                {
                    "e": lonely,
                    "ccy": E["eccy"].to_numpy()[lonely],
                    "c": np.round(E["amount"].to_numpy()[lonely] * 100).astype(np.int64),
                }
            )
            opened = np.flatnonzero(is_open)
            cents_i = pd.DataFrame(
                {
                    "i": opened,
                    "ccy": self._a_iccy[opened],
                    "c": np.round(self.inv["open"].to_numpy()[opened] * 100).astype(np.int64),
                }
            )
            same = cents_e.merge(cents_i, on=["ccy", "c"])[["e", "i"]]
            same = same.assign(via=0, payer=0, amount_only=True)
            pairs = pd.concat([pairs, same], ignore_index=True)
        return pairs.astype({"e": np.int64, "i": np.int64, "via": np.int64, "payer": np.int64})

    # -- step 2: hypotheses and their scores --

    def _rates(
        self, frm: np.ndarray, to: np.ndarray, when: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """ECB cross rates frm→to on each day (1 where the currencies are the same), and the
        fixing used; one lookup per distinct (pair, day)."""
        rate = np.ones(len(frm))
        fixing = when.copy()
        other = np.flatnonzero(frm != to)
        if other.size:
            combos = pd.DataFrame({"frm": frm[other], "to": to[other], "when": when[other]})
            groups = combos.groupby(["frm", "to", "when"], sort=False, dropna=False)
            codes = groups.ngroup().to_numpy()
            u = combos.drop_duplicates().reset_index(drop=True)
            got = self.rates(u["frm"], u["to"], u["when"])
            rate[other] = got["rate"].to_numpy()[codes]
            fixing[other] = got["fixing"].to_numpy()[codes]
        return rate, fixing

    def _fit(
        self, conv: np.ndarray, open_: np.ndarray, tol: np.ndarray, same_ccy: np.ndarray
    ) -> np.ndarray:
        diff = open_ - conv
        fxtol = float(self.policy.fx_tolerance) * open_
        fit = np.full(len(conv), int(Fit.NONE))
        known = ~np.isnan(conv)
        fit[known & (diff < -tol) & same_ccy] = Fit.OVER
        fit[known & (diff < -fxtol) & ~same_ccy] = Fit.OVER
        fit[known & (diff > tol) & same_ccy] = Fit.PARTIAL
        fit[known & (diff > fxtol) & ~same_ccy] = Fit.PARTIAL
        fit[known & ~same_ccy & (np.abs(diff) <= fxtol)] = Fit.FX
        fit[known & same_ccy & (diff > CENT) & (diff <= tol)] = Fit.CHARGES
        fit[known & same_ccy & (diff < -CENT) & (-diff <= tol)] = Fit.OVER  # paid a little more
        fit[known & same_ccy & (np.abs(diff) <= CENT)] = Fit.EXACT
        return fit

    def _best(
        self, E: pd.DataFrame, found: pd.DataFrame, open_now: np.ndarray, remaining: np.ndarray
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The best hypothesis per remaining entry, and the member rows (allocations) of the
        chosen ones and of their ties."""
        keep = np.isin(found["e"].to_numpy(), remaining)
        e = found["e"].to_numpy()[keep]
        i = found["i"].to_numpy()[keep]
        via = found["via"].to_numpy()[keep]
        payer = found["payer"].to_numpy()[keep]
        amount_only = found["amount_only"].to_numpy()[keep]
        open_ = open_now[i]
        live = open_ > CENT
        e, i, via, payer, amount_only, open_ = (
            e[live],
            i[live],
            via[live],
            payer[live],
            amount_only[live],
            open_[live],
        )
        P: dict[str, np.ndarray] = {"e": e, "i": i, "via": via, "payer": payer, "open": open_}
        P["amount_only"] = amount_only
        iccy = self._a_iccy[i]
        eccy = E["eccy"].to_numpy()[e]
        when = E["vdate"].to_numpy()[e]
        rate, fixing = self._rates(eccy, iccy, when)
        base = np.full(len(i), self.policy.base_currency.upper(), dtype=object)
        tol_rate, _ = self._rates(base, iccy, when)
        P["iccy"], P["rate"], P["fixing"] = iccy, rate, fixing
        P["conv"] = E["amount"].to_numpy()[e] * rate
        P["tol"] = float(self.policy.charge_tolerance) * np.nan_to_num(tol_rate)
        P["same"] = eccy == iccy
        fit = self._fit(P["conv"], open_, P["tol"], P["same"])
        # The deposit share of an invoice for the whole order, nothing paid on it yet.
        share = self._a_share[i]
        total = self._a_total[i]
        dep = share * total
        dep_tol = np.where(P["same"], P["tol"], float(self.policy.fx_tolerance) * dep)
        deposit = (
            self._a_full[i]
            & ~np.isnan(share)
            & (np.abs(open_ - total) <= CENT)
            & (np.abs(P["conv"] - dep) <= np.maximum(dep_tol, CENT))
            & (fit == Fit.PARTIAL)
        )
        fit[deposit] = Fit.DEPOSIT
        P["fit"] = fit
        P["due"] = self._a_due[i]
        P["order"] = self._a_order[i]
        P["cust"] = self._customer_code[i]

        heads: list[dict[str, np.ndarray]] = []
        members: list[dict[str, np.ndarray]] = []
        hid0 = 0
        # One invoice each: named ones, and of the others only those whose amount fits.
        single = (via > 0) | np.isin(fit, GOOD_FITS)
        idx = np.flatnonzero(single)
        settle = np.isin(fit[idx], [Fit.EXACT, Fit.CHARGES, Fit.FX, Fit.OVER])
        hid = np.arange(hid0, hid0 + idx.size)
        hid0 += idx.size
        heads.append(
            {
                "hid": hid,
                "e": e[idx],
                "kind": np.full(idx.size, int(Kind.SINGLE)),
                "via": via[idx],
                "payer": payer[idx],
                "fit": fit[idx],
                "conv": P["conv"][idx],
                "rate": rate[idx],
                "fixing": fixing[idx],
                "total_open": open_[idx],
                "iccy": iccy[idx],
                "n": np.ones(idx.size, dtype=np.int64),
                "due": P["due"][idx],
                "cust": P["cust"][idx],
            }
        )
        members.append(
            {
                "hid": hid,
                "e": e[idx],
                "i": i[idx],
                "amt": np.where(settle, open_[idx], P["conv"][idx]),
                "iccy": iccy[idx],
            }
        )
        # Several invoices together.
        named = np.flatnonzero(via == REF_INVOICE)
        hid0 = self._set(P, named, [e[named]], Kind.REFSET, hid0, heads, members)
        by_order = np.flatnonzero((via == REF_ORDER) | (via == REF_PO))
        order_code, _ = pd.factorize(P["order"][by_order])
        hid0 = self._set(
            P, by_order, [e[by_order], order_code], Kind.ORDERSET, hid0, heads, members
        )
        # Several orders named ('PO EOL-0769 / EOL-0773'): their open invoices together.
        if by_order.size:
            pairs = pd.DataFrame({"e": e[by_order], "o": order_code})
            many = pairs.groupby("e")["o"].transform("nunique").to_numpy() >= 2
            if many.any():
                rows = by_order[many]
                hid0 = self._set(P, rows, [e[rows]], Kind.ORDERS, hid0, heads, members)
        # A run of a customer's oldest open invoices, for receipts nothing else fits.
        fitted = np.unique(e[(via > 0) | np.isin(fit, GOOD_FITS)])
        run = np.flatnonzero((payer == 2) & ~amount_only & ~np.isin(e, fitted))
        if run.size:
            ccy_code, _ = pd.factorize(iccy[run])
            order = np.lexsort((i[run], P["due"][run], ccy_code, P["cust"][run], e[run]))
            run = run[order]
            group, starts = _group_starts(e[run], P["cust"][run], ccy_code[order])
            cum = np.cumsum(open_[run])
            offset = np.concatenate([[0.0], cum[starts[1:] - 1]]) if starts.size else np.zeros(0)
            cum = cum - offset[group]
            k = np.arange(run.size) - starts[group] + 1
            fits = self._fit(P["conv"][run], cum, P["tol"][run], P["same"][run])
            hit = (k >= 2) & np.isin(fits, [Fit.EXACT, Fit.CHARGES, Fit.FX])
            first_hit = np.full(len(starts), np.iinfo(np.int64).max)
            np.minimum.at(first_hit, group[hit], k[hit])
            inside = k <= first_hit[group]
            chosen = run[inside & (first_hit[group] < np.iinfo(np.int64).max)]
            if chosen.size:
                grp_keys = [e[chosen], P["cust"][chosen], pd.factorize(iccy[chosen])[0]]
                hid0 = self._set(P, chosen, grp_keys, Kind.RUN, hid0, heads, members, sort=False)
        head = pd.DataFrame({k: np.concatenate([h[k] for h in heads]) for k in heads[0]})
        allocs = pd.DataFrame({k: np.concatenate([m[k] for m in members]) for k in members[0]})
        head = self._score(head)
        return self._choose(head, allocs)

    def _set(
        self,
        P: dict[str, np.ndarray],
        rows: np.ndarray,
        keys: list[np.ndarray],
        kind: Kind,
        hid0: int,
        heads: list[dict[str, np.ndarray]],
        members: list[dict[str, np.ndarray]],
        *,
        sort: bool = True,
    ) -> int:
        """Groups of `rows` (by `keys`) of two or more invoices in one currency, as hypotheses:
        each invoice gets its outstanding; short of the total, the oldest first."""
        if rows.size < 2:
            return hid0
        if sort:
            order = np.lexsort((P["i"][rows], P["due"][rows], *reversed(keys)))
            rows = rows[order]
            keys = [k[order] for k in keys]
        group, starts = _group_starts(*keys)
        size = np.diff(np.append(starts, rows.size))
        ccy_code, _ = pd.factorize(P["iccy"][rows])
        one_ccy = np.maximum.reduceat(ccy_code, starts) == np.minimum.reduceat(ccy_code, starts)
        good_group = (size >= 2) & one_ccy
        if not good_group.any():
            return hid0
        mask = good_group[group]
        rows = rows[mask]
        group, starts = _group_starts(*(k[mask] for k in keys))
        open_ = P["open"][rows]
        total = np.add.reduceat(open_, starts)
        n = np.diff(np.append(starts, rows.size))
        first = rows[starts]
        conv = P["conv"][first]
        fit = self._fit(conv, total, P["tol"][first], P["same"][first])
        hid = np.arange(hid0, hid0 + starts.size)
        via = np.minimum.reduceat(P["via"][rows], starts) if kind is not Kind.RUN else 0 * n
        heads.append(
            {
                "hid": hid,
                "e": P["e"][first],
                "kind": np.full(starts.size, int(kind)),
                "via": via,
                "payer": np.minimum.reduceat(P["payer"][rows], starts),
                "fit": fit,
                "conv": conv,
                "rate": P["rate"][first],
                "fixing": P["fixing"][first],
                "total_open": total,
                "iccy": P["iccy"][first],
                "n": n,
                "due": P["due"][first],
                "cust": P["cust"][first],
            }
        )
        cum = np.cumsum(open_)
        offset = np.concatenate([[0.0], cum[starts[1:] - 1]])
        before = cum - offset[group] - open_
        fill = np.clip(conv[group] - before, 0, open_)
        settles = np.isin(fit[group], [Fit.EXACT, Fit.CHARGES, Fit.FX])
        members.append(
            {
                "hid": hid[group],
                "e": P["e"][rows],
                "i": P["i"][rows],
                "amt": np.where(settles, open_, fill),
                "iccy": P["iccy"][rows],
            }
        )
        return hid0 + starts.size

    def _score(self, head: pd.DataFrame) -> pd.DataFrame:
        e = head["e"].to_numpy()
        via = head["via"].to_numpy()
        fit = head["fit"].to_numpy()
        kind = head["kind"].to_numpy()
        ref_pts = _REF_POINTS[via]
        payer_pts = _PAYER_POINTS[head["payer"].to_numpy()]
        amt_pts = np.where(fit == Fit.PARTIAL, _PARTIAL_POINTS[via], _AMOUNT_POINTS[fit])
        # Uniqueness: among hypotheses without a reference, the only one whose amount fits as
        # well (an exact amount is not made doubtful by another invoice's deposit share).
        good = np.isin(fit, GOOD_FITS) & (ref_pts == 0)
        unique = good.copy()
        if good.any():
            counts = np.zeros((int(e.max()) + 1, len(Fit)), dtype=np.int64)
            np.add.at(counts, (e[good], fit[good]), 1)
            at_least = np.cumsum(counts[:, ::-1], axis=1)[:, ::-1]  # fits as good or better
            unique = good & (at_least[e, fit] == 1)
        bonus = np.where(kind == Kind.RUN, RUN_UNIQUE_POINTS, UNIQUE_POINTS)
        # The payer is a known customer, and not this invoice's.
        sure = self._who.loc[self._who["strength"].to_numpy() == 2, "e"].to_numpy()
        other = np.isin(e, sure) & (head["payer"].to_numpy() < 2)
        # Conflicting evidence: the remittance names an invoice the receipt only part-pays,
        # while another open invoice of the payer is exactly the amount (a typo in the
        # number?): neither is sure enough to apply.
        settling = (ref_pts == 0) & np.isin(fit, [Fit.EXACT, Fit.CHARGES, Fit.FX])
        exact_elsewhere = np.isin(e, e[settling]) & (ref_pts > 0) & (fit == Fit.PARTIAL)
        plausible = (via == REF_INVOICE) & (fit != Fit.EXACT) & (head["payer"].to_numpy() == 2)
        names_other = settling & np.isin(e, e[plausible])
        # Evidence for adds up to 1 at most; evidence against is taken off that.
        score = np.minimum(ref_pts + payer_pts + amt_pts + np.where(unique, bonus, 0.0), 1.0)
        score = score - np.where(other, OTHER_CUSTOMER_PENALTY, 0.0)
        score = score - np.where(exact_elsewhere, CONFLICT_PENALTY, 0.0)
        score = score - np.where(names_other, CONFLICT_PENALTY / 2, 0.0)
        head["unique"] = unique
        head["other"] = other
        head["exact_elsewhere"] = exact_elsewhere
        head["names_other"] = names_other
        head["score"] = np.clip(np.round(score, 4), 0.0, 1.0)
        return head

    def _choose(
        self, head: pd.DataFrame, allocs: pd.DataFrame
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        order = np.lexsort(
            (
                head["hid"].to_numpy(),
                head["due"].to_numpy(),
                head["n"].to_numpy(),
                -head["fit"].to_numpy(),
                -head["score"].to_numpy(),
                head["e"].to_numpy(),
            )
        )
        head = head.iloc[order].reset_index(drop=True)
        e = head["e"].to_numpy()
        first = np.ones(len(head), dtype=bool)
        first[1:] = e[1:] != e[:-1]
        second = np.zeros(len(head), dtype=bool)
        second[1:] = first[:-1] & ~first[1:]  # the runner-up, right after the best
        best = head.loc[first].copy().reset_index(drop=True)
        runner = head.loc[second, ["e", "score", "hid"]]
        tie_score = pd.Series(runner["score"].to_numpy(), index=runner["e"].to_numpy())
        tie_hid = pd.Series(runner["hid"].to_numpy(), index=runner["e"].to_numpy())
        s2 = tie_score.reindex(best["e"].to_numpy()).to_numpy()
        tied = s2 >= best["score"].to_numpy() - 1e-9
        best["tied"] = tied
        best["tied_with"] = (
            tie_hid.reindex(best["e"].to_numpy()).fillna(-1).astype(np.int64).to_numpy()
        )
        best.loc[tied, "score"] = np.clip(best.loc[tied, "score"] - AMBIGUITY_PENALTY, 0, 1)
        wanted = np.concatenate([best["hid"].to_numpy(), best.loc[tied, "tied_with"].to_numpy()])
        allocs = allocs.loc[np.isin(allocs["hid"].to_numpy(), wanted)].reset_index(drop=True)
        return best, allocs

    # -- step 3: apply, one receipt per invoice per round --

    def _one_per_invoice(
        self, ready: pd.DataFrame, allocs: pd.DataFrame, E: pd.DataFrame
    ) -> set[int]:
        mine = allocs.loc[np.isin(allocs["hid"].to_numpy(), ready["hid"].to_numpy())]
        e = mine["e"].to_numpy()
        i = mine["i"].to_numpy()
        order = np.lexsort((e, E["vdate"].to_numpy()[e]))
        e, i = e[order], i[order]
        first_of = pd.Series(e).groupby(i).transform("first").to_numpy()
        own = first_of == e
        bad = np.unique(e[~own])
        return {int(x) for x in np.setdiff1d(np.unique(e), bad)}

    # -- reasons --

    def _result(self, row: Any, pool: _Allocs, status: MatchStatus) -> Match:
        members, amounts, ccys = pool.of(row.hid)
        items: list[Allocation] = []
        if status in (MatchStatus.MATCHED, MatchStatus.SUGGESTED):
            for i, amt, ccy in zip(members, amounts, ccys, strict=True):
                value = _money(float(amt), str(ccy))
                if value > 0:
                    items.append(Allocation(self._no[i], value, str(ccy)))
        tie = pool.of(row.tied_with)[0] if row.tied else []
        reasons = self._reasons(row, members, tie)
        return Match(self._E.ref[row.e], status, round(float(row.score), 2), reasons, tuple(items))

    def _reasons(self, row: Any, members: list[int], tie: list[int]) -> str:
        names = [self._no[i] for i in members]
        out: list[str] = []
        kind = int(row.kind)  # plain ints: building enum members per receipt costs
        first = members[0]
        if row.via == REF_INVOICE:
            out.append(f"{_join(names)} in the remittance")
        elif kind == Kind.ORDERS:
            orders = sorted({str(self._order[i]) for i in members})
            out.append(f"orders {_join(orders)} named in the remittance")
        elif row.via in (REF_ORDER, REF_PO):
            order = str(self._order[first])
            po = self._po.get(order)
            what = (
                f"PO {po} (order {order})"
                if row.via == REF_PO and isinstance(po, str)
                else f"order {order}"
            )
            out.append(f"{what} in the remittance")
        customer = self._customer[first]
        payer = self._E.payer[row.e]
        payer_text = f"payer '{payer}'" if isinstance(payer, str) and payer else "the payer"
        if row.payer == 2:
            out.append(f"{payer_text} is customer {customer}")
        elif row.payer == 1:
            out.append(f"{payer_text} reads like customer {customer} (name cut short)")
        ccy = str(row.iccy)
        total = float(row.total_open)
        fit = int(row.fit)
        if kind != Kind.SINGLE:
            label: str = {
                int(Kind.REFSET): "the invoices named",
                int(Kind.ORDERSET): "the order's open invoices",
                int(Kind.ORDERS): "the named orders' open invoices",
                int(Kind.RUN): f"the customer's {len(names)} oldest open invoices",
            }[kind]
            out.append(f"pays {label} {_join(names)} together")
        amount, eccy = self._E.amount[row.e], self._E.ccy[row.e]
        if fit == Fit.EXACT:
            out.append(f"amount = outstanding {_amt(total)} {ccy}")
        elif fit == Fit.CHARGES:
            out.append(
                f"short by {_amt(total - row.conv)} {ccy}: bank charges "
                f"(tolerance {_amt(float(self.policy.charge_tolerance))} "
                f"{self.policy.base_currency})"
            )
        elif fit == Fit.FX:
            fixing = pd.Timestamp(row.fixing).date().isoformat()
            out.append(
                f"{eccy} {_amt(amount)} at the ECB rate {row.rate:.6g} of {fixing} = {ccy} "
                f"{_amt(row.conv)}, within {float(self.policy.fx_tolerance):.1%} of "
                f"{_amt(total)}"
                + (
                    f" (difference {_amt(total - row.conv)})"
                    if abs(total - row.conv) >= CENT
                    else ""
                )
            )
        elif fit == Fit.DEPOSIT:
            terms = self._terms[first]
            out.append(
                f"{self._share[first]:.0%} deposit of {names[0]}: {_amt(row.conv)} of "
                f"{_amt(self._total[first])} {ccy}"
                + (f" (terms {terms})" if isinstance(terms, str) else "")
            )
        elif fit == Fit.PARTIAL:
            out.append(f"part payment: {_amt(row.conv)} of {_amt(total)} {ccy} outstanding")
        elif fit == Fit.OVER:
            out.append(f"{_amt(row.conv - total)} {ccy} more than the {_amt(total)} outstanding")
        else:
            out.append(f"no ECB rate to compare {eccy} with {ccy}")
        if row.unique:
            out.append(
                "the only open invoice of that amount"
                if kind == Kind.SINGLE
                else "the only run of invoices of that amount"
            )
        if row.other:
            out.append(f"but the payer is customer {_join(self._payer_surely.get(row.e, []))}")
        if row.exact_elsewhere:
            out.append("but another open invoice of the payer is exactly this amount")
        if row.names_other:
            out.append("though the remittance names another invoice")
        if tie:
            out.append(f"{_join([self._no[i] for i in tie])} fits as well")
        closed = [
            self._no[i]
            for i in self._named.get(row.e, [])
            if i not in members and self._open_now[i] <= CENT
        ]
        if closed:
            out.append(f"{_join(closed)} named in the remittance is already paid")
        return "; ".join(out)

    def _nothing(self, e: int) -> str:
        amount = f"{_amt(self._E.amount[e])} {self._E.ccy[e]}"
        named = self._named.get(e)
        if named:
            names = _join([self._no[i] for i in named])
            return f"{names} named in the remittance is already paid (a second payment?)"
        orders = self._named_orders.get(e)
        if orders:
            return (
                f"order {_join(orders)} named in the remittance has nothing open "
                "(a second payment?)"
            )
        sure = self._payer_is.get(e)
        if sure:
            return (
                f"the payer is customer {_join(sure)}, but no open invoice of theirs fits {amount}"
            )
        return (
            "no invoice, order or PO number in the remittance, the payer is no known customer, "
            f"and no open invoice is {amount}"
        )


class _EntryLists:
    """Entry fields as plain lists, for the per-receipt reasons."""

    def __init__(self, E: pd.DataFrame) -> None:
        self.ref = E["ref"].tolist()
        self.payer = E["payer"].tolist()
        self.amount = E["amount"].tolist()
        self.ccy = E["eccy"].tolist()


class _Allocs:
    """Allocation rows grouped by hypothesis id, for fast lookup."""

    def __init__(self, allocs: pd.DataFrame) -> None:
        order = np.lexsort((allocs["i"].to_numpy(), allocs["hid"].to_numpy()))
        hid = allocs["hid"].to_numpy()[order]
        self.i = allocs["i"].to_numpy()[order].tolist()
        self.amt = allocs["amt"].to_numpy()[order].tolist()
        self.ccy = allocs["iccy"].to_numpy()[order].tolist()
        uniq, starts = np.unique(hid, return_index=True)
        ends = np.append(starts[1:], len(hid)) if len(hid) else starts
        spans = zip(starts.tolist(), ends.tolist(), strict=True)
        self.span = dict(zip(uniq.tolist(), spans, strict=True))

    def of(self, hid: int) -> tuple[list[int], list[float], list[str]]:
        lo, hi = self.span.get(hid, (0, 0))
        return self.i[lo:hi], self.amt[lo:hi], self.ccy[lo:hi]


_EXP: dict[str, Decimal] = {}


def _money(amount: float, currency: str) -> Decimal:
    """money() with the currency's exponent looked up once (thousands of receipts)."""
    exp = _EXP.get(currency)
    if exp is None:
        exp = _EXP[currency] = Decimal(1).scaleb(-minor_units(currency))
    return Decimal(repr(amount)).quantize(exp, rounding=ROUND_HALF_UP)


def _grouped_lists(keys: np.ndarray, values: np.ndarray) -> tuple[list[int], list[list[Any]]]:
    """[1, 1, 2], [7, 8, 9] → [1, 2], [[7, 8], [9]]."""
    if keys.size == 0:
        return [], []
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    uniq, starts = np.unique(keys, return_index=True)
    bounds = [*starts.tolist(), len(keys)]
    flat = values.tolist()
    return uniq.tolist(), [flat[a:b] for a, b in pairwise(bounds)]


def _customers_by_entry(who: pd.DataFrame) -> dict[int, list[str]]:
    keys, values = _grouped_lists(who["e"].to_numpy(), who["customer"].astype(str).to_numpy())
    return dict(zip(keys, values, strict=True))


def _rows(frame: pd.DataFrame) -> Iterator[Any]:
    # Dates as nanosecond integers: making a Timestamp of every row's dates costs more than the
    # reasons that use one (pd.Timestamp reads the integer back where it is needed).
    dates = frame.select_dtypes("datetime").columns
    plain = frame.assign(**{c: frame[c].to_numpy().view(np.int64) for c in dates})
    return plain.itertuples(index=False)


def _amt(x: float) -> str:
    return f"{x:,.2f}"


def _join(items: list[str]) -> str:
    return (
        ", ".join(items)
        if len(items) <= 4
        else ", ".join(items[:4]) + f" and {len(items) - 4} more"
    )
