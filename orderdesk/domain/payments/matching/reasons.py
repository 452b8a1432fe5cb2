"""Step 4: a receipt's Match — status, confidence, the allocations in Decimal, and the reasons a
person reads in BankEntries: what was found, how the amount fits, and what speaks against it."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.domain.payments.entries import MatchStatus
from orderdesk.domain.payments.matching.candidates import Candidates, Receipts
from orderdesk.domain.payments.matching.hypotheses import Columns
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
    """The member rows of a round's hypotheses, by hypothesis id, for fast lookup."""

    def __init__(self, members: Columns) -> None:
        order = np.lexsort((members["i"], members["hid"]))
        hid = members["hid"][order]
        self.i = members["i"][order].tolist()
        self.amt = members["amt"][order].tolist()
        self.ccy = members["iccy"][order].tolist()
        uniq, starts = np.unique(hid, return_index=True)
        ends = np.append(starts[1:], len(hid)) if len(hid) else starts
        spans = zip(starts.tolist(), ends.tolist(), strict=True)
        self.span = dict(zip(uniq.tolist(), spans, strict=True))

    def of(self, hid: int) -> tuple[list[int], list[float], list[str]]:
        lo, hi = self.span.get(hid, (0, 0))
        return self.i[lo:hi], self.amt[lo:hi], self.ccy[lo:hi]


class Reasons:
    """Matches and their reasons for the receipts of one `match` call."""

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

    def result(self, row: Any, pool: Pool, status: MatchStatus) -> Match:
        members, amounts, ccys = pool.of(row.hid)
        items: list[Allocation] = []
        if status in (MatchStatus.MATCHED, MatchStatus.SUGGESTED):
            no = self.index.no_list
            for i, amt, ccy in zip(members, amounts, ccys, strict=True):
                value = _money(float(amt), str(ccy))
                if value > 0:
                    items.append(Allocation(no[i], value, str(ccy)))
        tie = pool.of(row.tied_with)[0] if row.tied else []
        reasons = self.reasons(row, members, tie)
        ref = self.receipts.ref_list[row.e]
        return Match(ref, status, round(float(row.score), 2), reasons, tuple(items))

    def reasons(self, row: Any, members: list[int], tie: list[int]) -> str:
        """What was found (the reference, the payer, the invoices paid together), how the
        amount fits, and what speaks against it."""
        names = [self.index.no_list[i] for i in members]
        out = self._found(row, members, names)
        out.append(self._fit(row, members, names))
        out += self._doubts(row, members, tie)
        return "; ".join(out)

    def _found(self, row: Any, members: list[int], names: list[str]) -> list[str]:
        index = self.index
        out: list[str] = []
        kind = int(row.kind)  # plain ints: building enum members per receipt costs
        first = members[0]
        if row.via == REF_INVOICE:
            out.append(f"{_join(names)} in the remittance")
        elif kind == Kind.ORDERS:
            orders = sorted({str(index.order_list[i]) for i in members})
            out.append(f"orders {_join(orders)} named in the remittance")
        elif row.via in (REF_ORDER, REF_PO):
            order = str(index.order_list[first])
            po = index.po.get(order)
            what = (
                f"PO {po} (order {order})"
                if row.via == REF_PO and isinstance(po, str)
                else f"order {order}"
            )
            out.append(f"{what} in the remittance")
        customer = index.customer_list[first]
        payer = self.receipts.payer_list[row.e]
        payer_text = f"payer '{payer}'" if isinstance(payer, str) and payer else "the payer"
        if row.payer == 2:
            out.append(f"{payer_text} is customer {customer}")
        elif row.payer == 1:
            out.append(f"{payer_text} reads like customer {customer} (name cut short)")
        if kind != Kind.SINGLE:
            label: str = {
                int(Kind.REFSET): "the invoices named",
                int(Kind.ORDERSET): "the order's open invoices",
                int(Kind.ORDERS): "the named orders' open invoices",
                int(Kind.RUN): f"the customer's {len(names)} oldest open invoices",
            }[kind]
            out.append(f"pays {label} {_join(names)} together")
        return out

    def _fit(self, row: Any, members: list[int], names: list[str]) -> str:
        """How the receipt's amount fits what is open."""
        index, policy = self.index, self.policy
        ccy = str(row.iccy)
        total = float(row.total_open)
        fit = int(row.fit)
        amount, eccy = self.receipts.amount_list[row.e], self.receipts.ccy_list[row.e]
        if fit == Fit.EXACT:
            return f"amount = outstanding {_amt(total)} {ccy}"
        if fit == Fit.CHARGES:
            return (
                f"short by {_amt(total - row.conv)} {ccy}: bank charges "
                f"(tolerance {_amt(float(policy.charge_tolerance))} {policy.base_currency})"
            )
        if fit == Fit.FX:
            fixing = pd.Timestamp(row.fixing).date().isoformat()
            return (
                f"{eccy} {_amt(amount)} at the ECB rate {row.rate:.6g} of {fixing} = {ccy} "
                f"{_amt(row.conv)}, within {float(policy.fx_tolerance):.1%} of "
                f"{_amt(total)}"
                + (
                    f" (difference {_amt(total - row.conv)})"
                    if abs(total - row.conv) >= CENT
                    else ""
                )
            )
        if fit == Fit.DEPOSIT:
            first = members[0]
            terms = index.terms_list[first]
            return (
                f"{index.share_list[first]:.0%} deposit of {names[0]}: {_amt(row.conv)} of "
                f"{_amt(index.total_list[first])} {ccy}"
                + (f" (terms {terms})" if isinstance(terms, str) else "")
            )
        if fit == Fit.PARTIAL:
            return f"part payment: {_amt(row.conv)} of {_amt(total)} {ccy} outstanding"
        if fit == Fit.OVER:
            return f"{_amt(row.conv - total)} {ccy} more than the {_amt(total)} outstanding"
        return f"no ECB rate to compare {eccy} with {ccy}"

    def _doubts(self, row: Any, members: list[int], tie: list[int]) -> list[str]:
        """What makes the match sure (the only one of its amount) or speaks against it."""
        no = self.index.no_list
        out: list[str] = []
        if row.unique:
            out.append(
                "the only open invoice of that amount"
                if int(row.kind) == Kind.SINGLE
                else "the only run of invoices of that amount"
            )
        if row.other:
            out.append(f"but the payer is customer {_join(self.found.payer_surely.get(row.e))}")
        if row.exact_elsewhere:
            out.append("but another open invoice of the payer is exactly this amount")
        if row.names_other:
            out.append("though the remittance names another invoice")
        if tie:
            out.append(f"{_join([no[i] for i in tie])} fits as well")
        closed = [
            no[i]
            for i in self.found.named.get(row.e)
            if i not in members and self.open_now[i] <= CENT
        ]
        if closed:
            out.append(f"{_join(closed)} named in the remittance is already paid")
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


def rows(columns: Columns, where: np.ndarray | None = None) -> Iterator[Any]:
    """Rows (where `where`) as named tuples of plain Python values. Dates as nanosecond
    integers: making a Timestamp of every row's dates costs more than the reasons that use one
    (pd.Timestamp reads the integer back where it is needed)."""
    names = list(columns)
    row = namedtuple("Row", names)  # type: ignore[misc]  # the names are the columns'
    values = []
    for name in names:
        col = columns[name] if where is None else columns[name][where]
        if col.dtype.kind == "M":
            col = col.view(np.int64)
        values.append(col.tolist())
    return map(row._make, zip(*values, strict=True))


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
