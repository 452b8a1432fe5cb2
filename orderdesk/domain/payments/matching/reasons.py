"""Step 4: a receipt's Match — status, confidence, the allocations in Decimal, and the reasons a
person reads in BankEntries: what was found, how the amount fits, and what speaks against it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from orderdesk.domain.payments.entries import MatchStatus
from orderdesk.domain.payments.matching.candidates import Candidates, Receipts
from orderdesk.domain.payments.matching.hypotheses import Columns, offsets
from orderdesk.domain.payments.matching.index import InvoiceIndex
from orderdesk.domain.payments.matching.model import (
    CENT,
    REF_INVOICE,
    REF_ORDER,
    REF_PO,
    Allocation,
    Fit,
    Kind,
    Match,
    MatchPolicy,
)
from orderdesk.domain.reference.codes import minor_units


class Pool:
    """The member rows of a round's hypotheses sorted by (hypothesis id, invoice): the members
    of many hypotheses are found at once, as spans."""

    def __init__(self, members: Columns) -> None:
        order = np.lexsort((members["i"], members["hid"]))
        self.hid = members["hid"][order]
        self.i = members["i"][order]
        self.amt = members["amt"][order]
        self.ccy = members["iccy"][order]

    def spans(self, hid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each hypothesis's members start and end (an empty span for an unknown id)."""
        return np.searchsorted(self.hid, hid, "left"), np.searchsorted(self.hid, hid, "right")


class _Rows:
    """The chosen hypotheses of a round as columns, with their members' span in the pool."""

    def __init__(
        self, best: Columns, pool: Pool, lo: np.ndarray, hi: np.ndarray, numbers: np.ndarray
    ) -> None:
        self.best, self.pool, self.lo, self.hi = best, pool, lo, hi
        self.n = len(best["e"])
        self.e: list[int] = best["e"].tolist()
        self.via, self.kind, self.fit = best["via"], best["kind"], best["fit"]
        self.payer = best["payer"]
        self.total, self.conv = best["total_open"], best["conv"]
        self.rate, self.fixing = best["rate"], best["fixing"]
        self.ccy: list[str] = [str(c) for c in best["iccy"].tolist()]
        self.first: list[int] = pool.i[lo].tolist()  # every hypothesis has a member
        self.count: list[int] = (hi - lo).tolist()
        # the members' invoice numbers, joined (one number for most)
        names = numbers[pool.i[lo]]
        for k in np.flatnonzero(hi - lo > 1).tolist():
            names[k] = _join(numbers[pool.i[lo[k] : hi[k]]].tolist())
        self.names: list[str] = names.tolist()

    def members(self, k: int) -> list[int]:
        return self.pool.i[self.lo[k] : self.hi[k]].tolist()


class Reasons:
    """Matches and their reasons for the receipts of one `match` call, made column by column:
    each clause of the reasons is a column over the receipts of a round (blank where it does
    not apply), built with one expression per kind of clause, then the clauses are joined."""

    def __init__(
        self,
        index: InvoiceIndex,
        receipts: Receipts,
        found: Candidates,
        policy: MatchPolicy,
        open_now: np.ndarray,
    ) -> None:
        self.index = index
        self.receipts = receipts
        self.found = found
        self.policy = policy
        self.open_now = open_now  # what is open as the receipts are applied

    def results(self, best: Columns, pool: Pool, status: list[MatchStatus]) -> list[Match]:
        """The Match of each chosen hypothesis in `best` (one per receipt), with `status`."""
        if not len(best["e"]):
            return []
        lo, hi = pool.spans(best["hid"])
        rows = _Rows(best, pool, lo, hi, self.index.no)
        clauses = [
            *self._found(rows),
            self._fit(rows),
            *self._doubts(rows),
        ]
        text = ["; ".join(filter(None, parts)) for parts in zip(*clauses, strict=True)]
        items = self._allocations(pool, lo, hi, status)
        refs = self.receipts.ref[best["e"]].tolist()
        scores = [round(s, 2) for s in best["score"].tolist()]
        return [
            Match(ref, st, score, why, alloc)
            for ref, st, score, why, alloc in zip(refs, status, scores, text, items, strict=True)
        ]

    def _allocations(
        self, pool: Pool, lo: np.ndarray, hi: np.ndarray, status: list[MatchStatus]
    ) -> list[tuple[Allocation, ...]]:
        """Each row's members with what it pays them, in Decimal (none for an unmatched row)."""
        paying = np.array([s in (MatchStatus.MATCHED, MatchStatus.SUGGESTED) for s in status])
        n = np.where(paying, hi - lo, 0)
        at = np.repeat(lo, n) + offsets(n)
        no = self.index.no[pool.i[at]].tolist()
        ccy = pool.ccy[at].tolist()
        money = [_money(a, c) for a, c in zip(pool.amt[at].tolist(), ccy, strict=True)]
        paid = [
            Allocation(i, v, c) if v > 0 else None for i, v, c in zip(no, money, ccy, strict=True)
        ]
        ends = np.cumsum(n).tolist()
        starts = [0, *ends[:-1]]
        return [
            tuple(a for a in paid[s:t] if a is not None) for s, t in zip(starts, ends, strict=True)
        ]

    def _found(self, rows: _Rows) -> list[list[str]]:
        """What was found: the reference, the payer, the invoices paid together."""
        index = self.index
        ref = [""] * rows.n
        for k in np.flatnonzero(rows.via == REF_INVOICE).tolist():
            ref[k] = f"{rows.names[k]} in the remittance"
        for k in np.flatnonzero((rows.via != REF_INVOICE) & (rows.kind == Kind.ORDERS)).tolist():
            orders = sorted({str(index.order_list[i]) for i in rows.members(k)})
            ref[k] = f"orders {_join(orders)} named in the remittance"
        by_order = (rows.via == REF_ORDER) | (rows.via == REF_PO)
        for k in np.flatnonzero(by_order & (rows.kind != Kind.ORDERS)).tolist():
            order = str(index.order_list[rows.first[k]])
            po = index.po.get(order)
            what = (
                f"PO {po} (order {order})"
                if rows.via[k] == REF_PO and isinstance(po, str)
                else f"order {order}"
            )
            ref[k] = f"{what} in the remittance"
        payer = [""] * rows.n
        payers = self.receipts.payer_list
        for k, e, how, first in zip(
            range(rows.n), rows.e, rows.payer.tolist(), rows.first, strict=True
        ):
            if how:
                p = payers[e]
                who = f"payer '{p}'" if isinstance(p, str) and p else "the payer"
                customer = index.customer_list[first]
                payer[k] = (
                    f"{who} is customer {customer}"
                    if how == 2
                    else f"{who} reads like customer {customer} (name cut short)"
                )
        together = [""] * rows.n
        for k in np.flatnonzero(rows.kind != Kind.SINGLE).tolist():
            label = {
                int(Kind.REFSET): "the invoices named",
                int(Kind.ORDERSET): "the order's open invoices",
                int(Kind.ORDERS): "the named orders' open invoices",
                int(Kind.RUN): f"the customer's {rows.count[k]} oldest open invoices",
            }[int(rows.kind[k])]
            together[k] = f"pays {label} {rows.names[k]} together"
        return [ref, payer, together]

    def _fit(self, rows: _Rows) -> list[str]:
        """How the receipt's amount fits what is open."""
        policy, fit = self.policy, rows.fit
        total, conv, ccy = rows.total.tolist(), rows.conv.tolist(), rows.ccy
        out = [""] * rows.n
        for k in np.flatnonzero(fit == Fit.EXACT).tolist():
            out[k] = f"amount = outstanding {_amt(total[k])} {ccy[k]}"
        charges = f"(tolerance {_amt(float(policy.charge_tolerance))} {policy.base_currency})"
        for k in np.flatnonzero(fit == Fit.CHARGES).tolist():
            out[k] = f"short by {_amt(total[k] - conv[k])} {ccy[k]}: bank charges {charges}"
        for k in np.flatnonzero(fit == Fit.FX).tolist():
            out[k] = self._fx(rows, k)
        for k in np.flatnonzero(fit == Fit.DEPOSIT).tolist():
            first = rows.first[k]
            terms = self.index.terms_list[first]
            out[k] = (
                f"{self.index.share_list[first]:.0%} deposit of {self.index.no_list[first]}: "
                f"{_amt(conv[k])} of {_amt(self.index.total_list[first])} {ccy[k]}"
                + (f" (terms {terms})" if isinstance(terms, str) else "")
            )
        for k in np.flatnonzero(fit == Fit.PARTIAL).tolist():
            out[k] = f"part payment: {_amt(conv[k])} of {_amt(total[k])} {ccy[k]} outstanding"
        for k in np.flatnonzero(fit == Fit.OVER).tolist():
            out[k] = (
                f"{_amt(conv[k] - total[k])} {ccy[k]} more than the {_amt(total[k])} outstanding"
            )
        currencies = self.receipts.ccy_list
        for k in np.flatnonzero(fit == Fit.NONE).tolist():
            out[k] = f"no ECB rate to compare {currencies[rows.e[k]]} with {ccy[k]}"
        return out

    def _fx(self, rows: _Rows, k: int) -> str:
        e = int(rows.e[k])
        total, conv, ccy = float(rows.total[k]), float(rows.conv[k]), rows.ccy[k]
        fixing = pd.Timestamp(rows.fixing[k]).date().isoformat()
        return (
            f"{self.receipts.ccy_list[e]} {_amt(self.receipts.amount_list[e])} at the ECB rate "
            f"{float(rows.rate[k]):.6g} of {fixing} = {ccy} {_amt(conv)}, within "
            f"{float(self.policy.fx_tolerance):.1%} of {_amt(total)}"
            + (f" (difference {_amt(total - conv)})" if abs(total - conv) >= CENT else "")
        )

    def _doubts(self, rows: _Rows) -> list[list[str]]:
        """What makes the match sure (the only one of its amount) or speaks against it."""
        no = self.index.no_list
        only = np.where(
            rows.kind == Kind.SINGLE,
            "the only open invoice of that amount",
            "the only run of invoices of that amount",
        )
        unique = np.where(rows.best["unique"], only, "").tolist()
        other = [""] * rows.n
        for k in np.flatnonzero(rows.best["other"]).tolist():
            sure = self.found.payer_surely.get(rows.e[k])
            other[k] = f"but the payer is customer {_join(sure)}"
        elsewhere = np.where(
            rows.best["exact_elsewhere"],
            "but another open invoice of the payer is exactly this amount",
            "",
        ).tolist()
        names_other = np.where(
            rows.best["names_other"], "though the remittance names another invoice", ""
        ).tolist()
        tie = [""] * rows.n
        tied = rows.best["tied"]
        t_lo, t_hi = rows.pool.spans(np.where(tied, rows.best["tied_with"], -1))
        for k in np.flatnonzero(tied & (t_hi > t_lo)).tolist():
            members = rows.pool.i[t_lo[k] : t_hi[k]].tolist()
            tie[k] = f"{_join([no[i] for i in members])} fits as well"
        return [unique, other, elsewhere, names_other, tie, self._closed(rows)]

    def _closed(self, rows: _Rows) -> list[str]:
        """Invoices the remittance names that are paid already (and not part of the match)."""
        out = [""] * rows.n
        named = self.found.named
        at = np.full(len(self.receipts), -1)
        at[rows.e] = np.arange(rows.n)
        k = at[named.e_sorted]
        i = named.values_sorted.astype(np.int64)
        mine = k >= 0
        k, i = k[mine], i[mine]
        n_inv = len(self.index)
        member = np.isin(rows.best["hid"][k] * n_inv + i, rows.pool.hid * n_inv + rows.pool.i)
        paid = ~member & (self.open_now[i] <= CENT)
        no = self.index.no_list
        closed: dict[int, list[str]] = {}
        for row, x in zip(k[paid].tolist(), i[paid].tolist(), strict=True):
            closed.setdefault(row, []).append(no[x])
        for row, names in closed.items():
            out[row] = f"{_join(names)} named in the remittance is already paid"
        return out

    def nothing(self, e: int) -> Match:
        """A receipt no hypothesis was made for: unmatched, with what was found."""
        return Match(self.receipts.ref_list[e], MatchStatus.UNMATCHED, 0.0, self._nothing(e))

    def _nothing(self, e: int) -> str:
        amount = f"{_amt(self.receipts.amount_list[e])} {self.receipts.ccy_list[e]}"
        named = self.found.named.get(e)
        if named:
            names = _join([self.index.no_list[i] for i in named])
            return f"{names} named in the remittance is already paid (a second payment?)"
        orders = sorted({str(self.index.order_list[i]) for i in self.found.named_by_order.get(e)})
        if orders:
            return (
                f"order {_join(orders)} named in the remittance has nothing open "
                "(a second payment?)"
            )
        sure = self.found.payer_is.get(e)
        if sure:
            return (
                f"the payer is customer {_join(sure)}, but no open invoice of theirs fits {amount}"
            )
        return (
            "no invoice, order or PO number in the remittance, the payer is no known customer, "
            f"and no open invoice is {amount}"
        )


_EXP: dict[str, Decimal] = {}


def _money(amount: float, currency: str) -> Decimal:
    """money() with the currency's exponent looked up once (thousands of receipts)."""
    exp = _EXP.get(currency)
    if exp is None:
        exp = _EXP[currency] = Decimal(1).scaleb(-minor_units(currency))
    return Decimal(repr(amount)).quantize(exp, rounding=ROUND_HALF_UP)


_CENTS = Decimal("0.01")


def _amt(x: float) -> str:
    """An amount in the reasons, rounded as an allocation is (half up, from the decimal the
    float stands for), so the reasons and Matched Invoices never differ by a cent."""
    text = repr(x)
    cents = text.find(".")
    if "e" in text or "n" in text or cents < 0 or len(text) - cents <= 3:
        return f"{x:,.2f}"  # nothing to round (or not a finite number)
    return f"{Decimal(text).quantize(_CENTS, rounding=ROUND_HALF_UP):,.2f}"


def _join(items: list[str]) -> str:
    return (
        ", ".join(items)
        if len(items) <= 4
        else ", ".join(items[:4]) + f" and {len(items) - 4} more"
    )
