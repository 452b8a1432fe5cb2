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
run of oldest invoices); payer is a different known customer −0.30; another hypothesis as good
−0.15. So an invoice number with the exact amount is 0.95, the customer's name with the only
invoice of that amount 0.85, an amount alone at most 0.55.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.domain.payments.entries import MatchStatus
from orderdesk.domain.payments.names import (
    name_keys,
    reference_key,
    text_ngrams,
    usable_reference,
)
from orderdesk.domain.reference import fx
from orderdesk.domain.reference.payment_terms import payment_term
from orderdesk.domain.trade import money
from orderdesk.schema import BankEntries, Customers, InvoiceKind, Invoices, Orders

RatesFn = Callable[[pd.Series, pd.Series, pd.Series], pd.DataFrame]

# --- evidence points --------------------------------------------------------------------------

REF_INVOICE, REF_ORDER, REF_PO = 3, 2, 1  # how a reference was found (higher = stronger)
REF_POINTS = {0: 0.0, REF_PO: 0.50, REF_ORDER: 0.50, REF_INVOICE: 0.60}
PAYER_POINTS = {0: 0.0, 1: 0.20, 2: 0.30}
UNIQUE_POINTS = 0.20
RUN_UNIQUE_POINTS = 0.10
OTHER_CUSTOMER_PENALTY = 0.30
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


# --- inputs -----------------------------------------------------------------------------------


def _entries(frame: pd.DataFrame) -> pd.DataFrame:
    text = (
        frame[BankEntries.remittance].astype("string").fillna("")
        + " "
        + frame[BankEntries.end_to_end_id].astype("string").fillna("")
    )
    value = frame[BankEntries.value_date].fillna(frame[BankEntries.booking_date])
    return pd.DataFrame(
        {
            "ref": frame[BankEntries.entry_ref].astype(str).to_numpy(),
            "amount": frame[BankEntries.amount].astype(float).to_numpy(),
            "eccy": frame[BankEntries.currency].astype("string").str.upper().to_numpy(),
            "vdate": pd.to_datetime(value).to_numpy(),
            "payer": frame[BankEntries.payer].astype("string").to_numpy(),
            "payer_acct": frame[BankEntries.payer_account]
            .astype("string")
            .str.replace(" ", "", regex=False)
            .str.upper()
            .to_numpy(),
            "text": text.to_numpy(),
        }
    )


def _deposit_shares(orders: pd.DataFrame) -> pd.Series:
    """Each order's deposit share: its Deposit %, else its payment terms' (NaN when none)."""
    terms = orders[Orders.payment_terms].astype("string")
    deposits: dict[str, float] = {}
    for t in terms.dropna().unique():
        term = payment_term(str(t))
        if term is not None:
            deposits[str(t)] = float(term.deposit)
    from_terms = terms.map(deposits)
    share = orders[Orders.deposit_pct].astype(float).fillna(from_terms.astype(float))
    return share.where((share > 0) & (share < 1))


def _invoices(invoices: pd.DataFrame, outstanding: pd.Series, orders: pd.DataFrame) -> pd.DataFrame:
    shares = pd.Series(
        _deposit_shares(orders).to_numpy(), index=orders[Orders.order_id].astype(str)
    )
    shares = shares[~shares.index.duplicated()]
    terms = pd.Series(
        orders[Orders.payment_terms].astype("string").to_numpy(),
        index=orders[Orders.order_id].astype(str),
    )
    terms = terms[~terms.index.duplicated()]
    order = invoices[Invoices.order_id].astype("string")
    kind = invoices[Invoices.kind].astype("string").str.strip().str.lower()
    out = pd.DataFrame(
        {
            "inv": invoices[Invoices.invoice_no].astype(str).to_numpy(),
            "order": order.to_numpy(),
            "customer": invoices[Invoices.customer].astype("string").to_numpy(),
            "full": (kind.fillna(InvoiceKind.FULL.value) == InvoiceKind.FULL.value).to_numpy(),
            "due": pd.to_datetime(
                invoices[Invoices.due_date].fillna(invoices[Invoices.issue_date])
            ).to_numpy(),
            "iccy": invoices[Invoices.currency].astype("string").str.upper().to_numpy(),
            "total": invoices[Invoices.amount].astype(float).to_numpy(),
            "open": outstanding.astype(float).to_numpy(),
            "share": order.map(shares).astype(float).to_numpy(),
            "terms": order.map(terms).to_numpy(),
        }
    )
    return out


def _reference_index(inv: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """key → invoice position, with how it was found (invoice, order or PO number)."""
    by_invoice = pd.DataFrame(
        {"key": reference_key(inv["inv"]), "i": np.arange(len(inv)), "via": REF_INVOICE}
    )
    order_keys = pd.DataFrame(
        {
            "key": reference_key(orders[Orders.order_id]),
            "order": orders[Orders.order_id].astype("string"),
            "via": REF_ORDER,
        }
    )
    po_keys = pd.DataFrame(
        {
            "key": reference_key(orders[Orders.customer_po]),
            "order": orders[Orders.order_id].astype("string"),
            "via": REF_PO,
        }
    )
    per_order = pd.DataFrame({"order": inv["order"], "i": np.arange(len(inv))})
    by_order = pd.concat([order_keys, po_keys]).merge(per_order, on="order")[["key", "i", "via"]]
    index = pd.concat([by_invoice, by_order], ignore_index=True)
    index = index.loc[usable_reference(index["key"])]
    return index.sort_values("via", ascending=False).drop_duplicates(["key", "i"])


def _customer_names(customers: pd.DataFrame) -> pd.DataFrame:
    """Every name a customer pays under (its name and aliases), keyed for lookup."""
    ids = customers[Customers.customer_id].astype("string")
    aliases = customers[Customers.aliases].astype("string").fillna("").str.split(r"[;\n]")
    names = pd.concat(
        [
            pd.DataFrame({"customer": ids, "name": customers[Customers.name].astype("string")}),
            pd.DataFrame({"customer": ids, "name": aliases}).explode("name"),
        ],
        ignore_index=True,
    )
    names = names.loc[names["name"].notna() & names["name"].str.strip().ne("")]
    names = names.reset_index(drop=True)
    keys = name_keys(names["name"])
    keys["customer"] = names["customer"].to_numpy()[keys["row"].to_numpy()]
    return keys[["key", "customer", "strength"]]


# --- the matcher ------------------------------------------------------------------------------


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
        self.refs = _reference_index(self.inv, orders)
        self.names = _customer_names(customers)
        accts = known_accounts if known_accounts is not None else pd.DataFrame()
        self.accounts = (
            accts.rename(columns={"account": "payer_acct"}).drop_duplicates()
            if len(accts)
            else pd.DataFrame({"payer_acct": pd.Series(dtype=object), "customer": []})
        )
        po = pd.Series(
            orders[Orders.customer_po].astype("string").to_numpy(),
            index=orders[Orders.order_id].astype(str),
        )
        self._po = po[~po.index.duplicated()].to_dict()
        # Plain lists for the per-receipt reasons (fast scalar access).
        self._no = self.inv["inv"].tolist()
        self._order = self.inv["order"].tolist()
        self._customer = self.inv["customer"].tolist()
        self._terms = self.inv["terms"].tolist()
        self._share = self.inv["share"].tolist()
        self._total = self.inv["total"].tolist()
        self._who = pd.DataFrame({"e": [], "customer": [], "strength": []})
        self._named: dict[int, list[int]] = {}
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
        named = found.loc[found["via"] > 0, ["e", "i"]]
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
            best, allocs = self._best(E, found, open_now, remaining)
            pool = _Allocs(allocs)
            last = (best, pool)
            ready = best.loc[best["score"] >= threshold]
            taken = self._one_per_invoice(ready, allocs, E) if len(ready) else set()
            if not taken:
                break
            chosen = allocs.loc[allocs["e"].isin(taken) & allocs["hid"].isin(ready["hid"])]
            np.subtract.at(open_now, chosen["i"].to_numpy(), chosen["amt"].to_numpy())
            for row in _rows(best.loc[best["e"].isin(taken)]):
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
            results.get(e)
            or Match(
                self._E.ref[e], MatchStatus.UNMATCHED, 0.0, self._nothing(e, self._named.get(e))
            )
            for e in range(len(E))
        ]

    # -- step 1: candidates --

    def _candidates(self, E: pd.DataFrame) -> pd.DataFrame:
        """(e, i) pairs with the evidence found for them: `via` (reference strength), `payer`
        (0/1/2), `amount_only`; and per entry the customers its payer is (for contradictions)."""
        grams = text_ngrams(pd.Series(E["text"]))
        by_ref = grams.rename(columns={"row": "e"}).merge(self.refs, on="key")[["e", "i", "via"]]
        by_ref = by_ref.groupby(["e", "i"], as_index=False).agg(via=("via", "max"))

        payer_keys = name_keys(pd.Series(E["payer"])).rename(columns={"row": "e"})
        who = payer_keys.merge(self.names, on="key", suffixes=("", "_c"))
        who["strength"] = np.minimum(who["strength"], who["strength_c"])
        who = who[["e", "customer", "strength"]]
        if len(self.accounts):
            acct = (
                pd.DataFrame({"e": np.arange(len(E)), "payer_acct": E["payer_acct"]})
                .dropna()
                .merge(self.accounts, on="payer_acct")
            )
            acct["strength"] = 2
            who = pd.concat([who, acct[["e", "customer", "strength"]]], ignore_index=True)
        who = who.groupby(["e", "customer"], as_index=False).agg(strength=("strength", "max"))
        self._who = who
        is_open = self.inv["open"].to_numpy() > CENT
        per_customer = pd.DataFrame(
            {"customer": self.inv["customer"], "i": np.arange(len(self.inv))}
        ).loc[is_open]
        by_payer = who.merge(per_customer, on="customer")[["e", "i", "strength"]]
        by_payer = by_payer.rename(columns={"strength": "payer"})

        pairs = by_ref.merge(by_payer, on=["e", "i"], how="outer")
        pairs["via"] = pairs["via"].fillna(0).astype(int)
        pairs["payer"] = pairs["payer"].fillna(0).astype(int)
        # The payer of a named invoice may still be its customer under a name we know.
        inv_customer = self.inv["customer"].to_numpy()[pairs["i"].to_numpy()]
        known = who.assign(k=1).set_index(["e", "customer"])["strength"]
        idx = pd.MultiIndex.from_arrays([pairs["e"].to_numpy(), inv_customer])
        pairs["payer"] = np.maximum(
            pairs["payer"].to_numpy(), known.reindex(idx).fillna(0).astype(int).to_numpy()
        )
        pairs["amount_only"] = False

        # Receipts with neither a reference nor a known payer: open invoices of that amount.
        lonely = np.setdiff1d(np.arange(len(E)), pairs["e"].unique())
        if lonely.size:
            cents_e = pd.DataFrame(
                {
                    "e": lonely,
                    "ccy": E["eccy"].to_numpy()[lonely],
                    "c": np.round(E["amount"].to_numpy()[lonely] * 100).astype(np.int64),
                }
            )
            cents_i = pd.DataFrame(
                {
                    "i": np.arange(len(self.inv)),
                    "ccy": self.inv["iccy"],
                    "c": np.round(self.inv["open"].to_numpy() * 100).astype(np.int64),
                }
            ).loc[is_open]
            same = cents_e.merge(cents_i, on=["ccy", "c"])[["e", "i"]]
            same = same.assign(via=0, payer=0, amount_only=True)
            pairs = pd.concat([pairs, same], ignore_index=True)
        return pairs.astype({"e": np.int64, "i": np.int64})

    # -- step 2: hypotheses and their scores --

    def _rate_table(self, frm: np.ndarray, to: np.ndarray, when: np.ndarray) -> pd.DataFrame:
        pairs = pd.DataFrame({"frm": frm, "to": to, "when": when})
        uniq = pairs.drop_duplicates().reset_index(drop=True)
        same = uniq["frm"].to_numpy() == uniq["to"].to_numpy()
        rate = np.ones(len(uniq))
        fixing = uniq["when"].to_numpy().copy()
        if (~same).any():
            other = uniq.loc[~same]
            got = self.rates(other["frm"], other["to"], other["when"])
            rate[~same] = got["rate"].to_numpy()
            fixing[~same] = got["fixing"].to_numpy()
        uniq["rate"], uniq["fixing"] = rate, fixing
        return pairs.merge(uniq, on=["frm", "to", "when"], how="left")

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
        """The best hypothesis per remaining entry, and the allocations of every hypothesis."""
        P = found.loc[found["e"].isin(remaining)].copy()
        P["open"] = open_now[P["i"].to_numpy()]
        P = P.loc[P["open"] > CENT].reset_index(drop=True)
        inv = self.inv
        i = P["i"].to_numpy()
        e = P["e"].to_numpy()
        P["iccy"] = inv["iccy"].to_numpy()[i]
        P["customer"] = inv["customer"].to_numpy()[i]
        P["due"] = inv["due"].to_numpy()[i]
        P["order"] = inv["order"].to_numpy()[i]
        amount = E["amount"].to_numpy()[e]
        eccy = E["eccy"].to_numpy()[e]
        when = E["vdate"].to_numpy()[e]
        conv = self._rate_table(eccy, P["iccy"].to_numpy(), when)
        base = np.full(len(P), self.policy.base_currency.upper(), dtype=object)
        tolr = self._rate_table(base, P["iccy"].to_numpy(), when)
        P["rate"] = conv["rate"].to_numpy()
        P["fixing"] = conv["fixing"].to_numpy()
        P["conv"] = amount * P["rate"].to_numpy()
        P["tol"] = float(self.policy.charge_tolerance) * tolr["rate"].fillna(0).to_numpy()
        P["same"] = eccy == P["iccy"].to_numpy()
        P["fit"] = self._fit(
            P["conv"].to_numpy(), P["open"].to_numpy(), P["tol"].to_numpy(), P["same"].to_numpy()
        )
        # The deposit share of an invoice for the whole order, nothing paid on it yet.
        share = inv["share"].to_numpy()[i]
        total = inv["total"].to_numpy()[i]
        dep = share * total
        dep_tol = np.where(P["same"], P["tol"], float(self.policy.fx_tolerance) * dep)
        deposit = (
            inv["full"].to_numpy()[i]
            & ~np.isnan(share)
            & (np.abs(P["open"].to_numpy() - total) <= CENT)
            & (np.abs(P["conv"].to_numpy() - dep) <= np.maximum(dep_tol, CENT))
            & (P["fit"].to_numpy() == Fit.PARTIAL)
        )
        P.loc[deposit, "fit"] = int(Fit.DEPOSIT)

        singles = P.assign(kind=int(Kind.SINGLE), n=1, total_open=P["open"])
        singles["alloc"] = np.where(
            np.isin(singles["fit"], [Fit.EXACT, Fit.CHARGES, Fit.FX, Fit.OVER]),
            singles["open"],
            singles["conv"],
        )
        hyps = [singles]
        hyps += self._sets(P)
        H = pd.concat(hyps, ignore_index=True)
        H = self._score(H, E)
        return self._choose(H, E)

    def _sets(self, P: pd.DataFrame) -> list[pd.DataFrame]:
        """Several invoices paid by one receipt: those named, an order's, a customer's oldest."""
        out: list[pd.DataFrame] = []
        groups = [
            (Kind.REFSET, P.loc[P["via"] == REF_INVOICE], ["e"]),
            (Kind.ORDERSET, P.loc[P["via"].isin([REF_ORDER, REF_PO])], ["e", "order"]),
        ]
        for kind, part, by in groups:
            if part.empty:
                continue
            g = part.groupby(by)
            size = g["i"].transform("size")
            ccys = g["iccy"].transform("nunique")
            part = part.loc[(size >= 2) & (ccys == 1)]
            if part.empty:
                continue
            out.append(self._as_set(part, by, kind))
        # A run of a customer's oldest open invoices (same currency), paid together.
        run = P.loc[(P["payer"] == 2) & ~P["amount_only"]].sort_values(
            ["e", "customer", "due", "i"]
        )
        if not run.empty:
            key = [run["e"], run["customer"], run["iccy"]]
            run = run.assign(
                cum=run.groupby(key)["open"].cumsum(), k=run.groupby(key).cumcount() + 1
            )
            ends = run.loc[run["k"] >= 2].copy()
            if not ends.empty:
                ends["fit"] = self._fit(
                    ends["conv"].to_numpy(),
                    ends["cum"].to_numpy(),
                    ends["tol"].to_numpy(),
                    ends["same"].to_numpy(),
                )
                ends = ends.loc[np.isin(ends["fit"], list(SETTLING))]
                ends = ends.drop_duplicates(["e", "customer", "iccy"])  # the shortest run
                if not ends.empty:
                    members = run.merge(
                        ends[["e", "customer", "iccy", "k", "fit"]].rename(
                            columns={"k": "kmax", "fit": "set_fit"}
                        ),
                        on=["e", "customer", "iccy"],
                    )
                    members = members.loc[members["k"] <= members["kmax"]]
                    members = members.drop(columns=["cum", "k", "kmax"])
                    out.append(self._as_set(members, ["e", "customer", "iccy"], Kind.RUN))
        return out

    def _as_set(self, part: pd.DataFrame, by: list[str], kind: Kind) -> pd.DataFrame:
        """Members of each set as rows sharing a hypothesis id, with the set's fit and allocation
        (each invoice its outstanding; short of that, the oldest first)."""
        part = part.sort_values([*by, "due", "i"]).copy()
        g = part.groupby(by, sort=False)
        part["total_open"] = g["open"].transform("sum")
        part["n"] = g["i"].transform("size")
        part["via"] = g["via"].transform("min") if kind is not Kind.RUN else 0
        part["payer"] = g["payer"].transform("min")
        part["set"] = g.ngroup()
        part["fit"] = self._fit(
            part["conv"].to_numpy(),
            part["total_open"].to_numpy(),
            part["tol"].to_numpy(),
            part["same"].to_numpy(),
        )
        before = g["open"].cumsum() - part["open"]
        fill = np.clip(part["conv"].to_numpy() - before.to_numpy(), 0, part["open"].to_numpy())
        settles = np.isin(part["fit"], [Fit.EXACT, Fit.CHARGES, Fit.FX])
        part["alloc"] = np.where(settles, part["open"], fill)
        part["kind"] = int(kind)
        return part

    def _score(self, H: pd.DataFrame, E: pd.DataFrame) -> pd.DataFrame:
        if "set" not in H:
            H["set"] = np.nan
        H["set"] = H["set"].fillna(-1).astype(np.int64)
        # One id per hypothesis: a single pair, or a set of a kind.
        H["hid"] = np.where(
            H["kind"] == Kind.SINGLE,
            H.index.to_numpy(),
            -(H["kind"].to_numpy() * 10_000_000 + H["set"].to_numpy()) - 1,
        )
        head = H.drop_duplicates("hid").copy()
        ref_pts = head["via"].map(REF_POINTS).to_numpy()
        payer_pts = head["payer"].map(PAYER_POINTS).to_numpy()
        fit = head["fit"].to_numpy()
        amt_pts = np.array([AMOUNT_POINTS[Fit(f)] for f in fit])
        partial = fit == Fit.PARTIAL
        amt_pts[partial] = head["via"].map(PARTIAL_POINTS).to_numpy()[partial]
        # Uniqueness: among hypotheses without a reference, the only one whose amount fits.
        good = np.isin(fit, [Fit.EXACT, Fit.CHARGES, Fit.FX, Fit.DEPOSIT]) & (ref_pts == 0)
        count = (
            pd.Series(good.astype(int)).groupby(head["e"].to_numpy()).transform("sum").to_numpy()
        )
        unique = good & (count == 1)
        bonus = np.where(head["kind"].to_numpy() == Kind.RUN, RUN_UNIQUE_POINTS, UNIQUE_POINTS)
        # The payer is a known customer, and not this invoice's.
        payer_known = np.isin(head["e"].to_numpy(), self._who.loc[self._who["strength"] == 2, "e"])
        other = payer_known & (head["payer"].to_numpy() < 2)
        score = ref_pts + payer_pts + amt_pts + np.where(unique, bonus, 0.0)
        score = score - np.where(other, OTHER_CUSTOMER_PENALTY, 0.0)
        head["unique"] = unique
        head["other"] = other
        head["score"] = np.clip(np.round(score, 4), 0.0, 1.0)
        H = H.merge(head[["hid", "score", "unique", "other"]], on="hid")
        return H

    def _choose(self, H: pd.DataFrame, E: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        head = H.drop_duplicates("hid").sort_values(
            ["e", "score", "fit", "n", "due", "hid"],
            ascending=[True, False, False, True, True, True],
        )
        best = head.drop_duplicates("e").copy()
        runner = head.loc[~head["hid"].isin(best["hid"])].drop_duplicates("e")
        second = runner[["e", "score", "hid"]].rename(columns={"score": "score_2", "hid": "hid_2"})
        tie = best[["e", "score"]].merge(second, on="e", how="left")
        tied = (tie["score_2"] >= tie["score"] - 1e-9).to_numpy()
        best["tied"] = tied
        best["tied_with"] = tie["hid_2"].fillna(0).astype(np.int64).to_numpy()
        best.loc[tied, "score"] = np.clip(best.loc[tied, "score"] - AMBIGUITY_PENALTY, 0, 1)
        keep = H["hid"].isin(best["hid"]) | H["hid"].isin(best.loc[tied, "tied_with"])
        allocs = H.loc[keep, ["e", "hid", "i", "alloc", "open", "iccy"]].rename(
            columns={"alloc": "amt"}
        )
        return best.reset_index(drop=True), allocs.reset_index(drop=True)

    # -- step 3: apply, one receipt per invoice per round --

    def _one_per_invoice(
        self, ready: pd.DataFrame, allocs: pd.DataFrame, E: pd.DataFrame
    ) -> set[int]:
        mine = allocs.loc[allocs["hid"].isin(ready["hid"])].copy()
        mine["vdate"] = E["vdate"].to_numpy()[mine["e"].to_numpy()]
        mine = mine.sort_values(["vdate", "e"])
        first = mine.drop_duplicates("i")[["i", "e"]]
        mine = mine.merge(first.rename(columns={"e": "first"}), on="i")
        mine["own"] = mine["first"] == mine["e"]
        ok = mine.groupby("e")["own"].all()
        return {int(e) for e in ok.index[ok.to_numpy()]}

    # -- reasons --

    def _result(self, row: Any, pool: _Allocs, status: MatchStatus) -> Match:
        members, amounts, ccys = pool.of(row.hid)
        items: list[Allocation] = []
        if status in (MatchStatus.MATCHED, MatchStatus.SUGGESTED):
            for i, amt, ccy in zip(members, amounts, ccys, strict=True):
                value = money(Decimal(repr(float(amt))), str(ccy))
                if value > 0:
                    items.append(Allocation(self._no[i], value, str(ccy)))
        tie = pool.of(row.tied_with)[0] if row.tied else []
        reasons = self._reasons(row, members, tie)
        return Match(self._E.ref[row.e], status, round(float(row.score), 2), reasons, tuple(items))

    def _reasons(self, row: Any, members: list[int], tie: list[int]) -> str:
        names = [self._no[i] for i in members]
        out: list[str] = []
        kind = Kind(row.kind)
        first = members[0]
        if row.via == REF_INVOICE:
            out.append(f"{_join(names)} in the remittance")
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
        fit = Fit(row.fit)
        if kind is not Kind.SINGLE:
            label = {
                Kind.REFSET: "the invoices named",
                Kind.ORDERSET: "the order's open invoices",
                Kind.RUN: f"the customer's {len(names)} oldest open invoices",
            }[kind]
            out.append(f"pays {label} {_join(names)} together")
        amount, eccy = self._E.amount[row.e], self._E.ccy[row.e]
        if fit is Fit.EXACT:
            out.append(f"amount = outstanding {_amt(total)} {ccy}")
        elif fit is Fit.CHARGES:
            out.append(
                f"short by {_amt(total - row.conv)} {ccy}: bank charges "
                f"(tolerance {_amt(float(self.policy.charge_tolerance))} "
                f"{self.policy.base_currency})"
            )
        elif fit is Fit.FX:
            fixing = pd.Timestamp(row.fixing).date().isoformat()
            out.append(
                f"{eccy} {_amt(amount)} at the ECB rate {row.rate:.6g} of {fixing} = {ccy} "
                f"{_amt(row.conv)}, within {float(self.policy.fx_tolerance):.1%} of "
                f"{_amt(total)} (difference {_amt(total - row.conv)})"
            )
        elif fit is Fit.DEPOSIT:
            terms = self._terms[first]
            out.append(
                f"{self._share[first]:.0%} deposit of {names[0]}: {_amt(row.conv)} of "
                f"{_amt(self._total[first])} {ccy}"
                + (f" (terms {terms})" if isinstance(terms, str) else "")
            )
        elif fit is Fit.PARTIAL:
            out.append(f"part payment: {_amt(row.conv)} of {_amt(total)} {ccy} outstanding")
        elif fit is Fit.OVER:
            out.append(f"{_amt(row.conv - total)} {ccy} more than the {_amt(total)} outstanding")
        else:
            out.append(f"no ECB rate to compare {eccy} with {ccy}")
        if row.unique:
            out.append(
                "the only open invoice of that amount"
                if kind is Kind.SINGLE
                else "the only run of invoices of that amount"
            )
        if row.other:
            them = self._who.loc[(self._who["e"] == row.e) & (self._who["strength"] == 2)]
            out.append(f"but the payer is customer {_join(them['customer'].astype(str).tolist())}")
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

    def _nothing(self, e: int, named: list[int] | None) -> str:
        amount = f"{_amt(self._E.amount[e])} {self._E.ccy[e]}"
        if named:
            names = _join([self._no[i] for i in named])
            return f"{names} named in the remittance is already paid (a second payment?)"
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
        a = allocs.sort_values(["hid", "i"], kind="stable")
        self.hid = a["hid"].to_numpy()
        self.i = a["i"].to_numpy()
        self.amt = a["amt"].to_numpy()
        self.ccy = a["iccy"].to_numpy()

    def of(self, hid: int) -> tuple[list[int], list[float], list[str]]:
        lo = int(np.searchsorted(self.hid, hid, side="left"))
        hi = int(np.searchsorted(self.hid, hid, side="right"))
        return self.i[lo:hi].tolist(), self.amt[lo:hi].tolist(), self.ccy[lo:hi].tolist()


def _grouped_lists(keys: np.ndarray, values: np.ndarray) -> tuple[list[int], list[list[int]]]:
    """[1, 1, 2], [7, 8, 9] → [1, 2], [[7, 8], [9]]."""
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    uniq, starts = np.unique(keys, return_index=True)
    return uniq.tolist(), [part.tolist() for part in np.split(values, starts[1:])]


def _rows(frame: pd.DataFrame) -> Iterator[Any]:
    return frame.itertuples(index=False)


def _amt(x: float) -> str:
    return f"{x:,.2f}"


def _join(items: list[str]) -> str:
    return (
        ", ".join(items)
        if len(items) <= 4
        else ", ".join(items[:4]) + f" and {len(items) - 4} more"
    )
