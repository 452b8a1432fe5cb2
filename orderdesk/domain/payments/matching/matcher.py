"""The matcher: builds its index once per register state, and matches receipts in rounds —
the sure ones are applied (one receipt per invoice per round, in value-date order) and the
rest are matched again against what is then still open."""

from __future__ import annotations

import numpy as np
import pandas as pd

from orderdesk.domain.collector import collector_paused
from orderdesk.domain.payments.entries import MatchStatus
from orderdesk.domain.payments.matching import candidates
from orderdesk.domain.payments.matching.candidates import Receipts
from orderdesk.domain.payments.matching.hypotheses import Columns, Round, hypotheses
from orderdesk.domain.payments.matching.index import InvoiceIndex
from orderdesk.domain.payments.matching.model import (
    MAX_ROUNDS,
    SUGGEST_FLOOR,
    Fit,
    Match,
    MatchPolicy,
    RatesFn,
)
from orderdesk.domain.payments.matching.reasons import Pool, Reasons
from orderdesk.domain.payments.matching.scoring import choose, one_per_invoice, score
from orderdesk.domain.reference import fx


class Matcher:
    """Match receipts against open invoices. Build once per register state, call `match`; a
    Matcher holds only its inputs and policy, so calls do not affect each other."""

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
        self.index = InvoiceIndex(invoices, outstanding, orders, customers, known_accounts)

    def match(self, entries: pd.DataFrame) -> list[Match]:
        """One Match per row of `entries` (BankEntries columns: receipts to match), in order."""
        if entries.empty:
            return []
        with collector_paused():
            return self._match(entries)

    def _match(self, entries: pd.DataFrame) -> list[Match]:
        receipts = Receipts.of(entries)
        found = candidates.find(self.index, receipts)
        open_now = self.index.open.copy()  # taken down as receipts are applied
        this = Round(self.index, receipts, found, self.policy, self.rates)
        why = Reasons(self.index, receipts, found, self.policy, open_now)
        sure = found.who.loc[found.who["strength"].to_numpy() == 2, "e"].to_numpy()
        threshold = float(self.policy.threshold) - 1e-9
        results: dict[int, Match] = {}
        remaining = np.arange(len(receipts))
        last: tuple[Columns, Pool] | None = None
        for _round in range(MAX_ROUNDS):
            head, allocs = hypotheses(this, open_now, remaining)
            best, members = choose(score(head, sure), allocs)
            pool = Pool(members)
            last = (best, pool)
            ready = best["hid"][best["score"] >= threshold]
            taken = one_per_invoice(ready, members, receipts.vdate) if len(ready) else set()
            if not taken:
                break
            took = np.fromiter(taken, dtype=np.int64)
            chosen = np.isin(members["hid"], ready) & np.isin(members["e"], took)
            np.subtract.at(open_now, members["i"][chosen], members["amt"][chosen])
            applied = _rows(best, np.isin(best["e"], took))
            matched = [MatchStatus.MATCHED] * len(applied["e"])
            results.update(
                zip(applied["e"].tolist(), why.results(applied, pool, matched), strict=True)
            )
            remaining = np.setdiff1d(remaining, took)
            if remaining.size == 0:
                break
        if last is not None:
            best, pool = last
            rest = _rows(best, ~np.isin(best["e"], list(results)))
            suggest = (rest["score"] >= SUGGEST_FLOOR) & (rest["fit"] > Fit.NONE)
            status = [MatchStatus.SUGGESTED if s else MatchStatus.UNMATCHED for s in suggest]
            results.update(zip(rest["e"].tolist(), why.results(rest, pool, status), strict=True))
        return [results.get(e) or why.nothing(e) for e in range(len(receipts))]


def _rows(columns: Columns, where: np.ndarray) -> Columns:
    return {k: v[where] for k, v in columns.items()}
