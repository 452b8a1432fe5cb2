"""On a generated set with known answers, at least 98 % of the receipts are matched automatically
and none is matched wrongly; matching the rest again after applying changes nothing."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pandas as pd
import pytest

from orderdesk.domain.payments.entries import MatchStatus
from orderdesk.domain.payments.matching import Matcher, MatchPolicy
from orderdesk.schema import Invoices
from tests.bank.scenarios import build


@pytest.mark.parametrize("seed", [11, 12])
def test_known_answers(seed: int) -> None:
    s = build(n_receipts=1500, n_open_invoices=4000, seed=seed)
    kinds = Counter(s.kinds.values())
    # the set covers every case the issue names
    for kind in ("exact_invoice", "exact_order", "exact_po", "deposit_of_full", "partial_pair",
                 "two_invoices", "charges", "fx", "payer_only", "typo", "noise"):  # fmt: skip
        assert kinds[kind] > 0, kind
    matcher = Matcher(s.invoices, s.invoices[Invoices.amount], s.orders, s.customers, MatchPolicy())
    results = matcher.match(s.entries)
    right = wrong = 0
    missed: list[str] = []
    for m in results:
        answer = s.answers[m.entry]
        if m.status is not MatchStatus.MATCHED:
            if answer and s.kinds[m.entry] != "payer_only_ambiguous":
                missed.append(f"{s.kinds[m.entry]}: {m.reasons}")
            continue
        got = sorted((a.invoice, a.amount) for a in m.allocations)
        if got == sorted((i, Decimal(a)) for i, a in answer):
            right += 1
        else:
            wrong += 1
    expected = sum(1 for k, a in s.answers.items() if a and s.kinds[k] != "payer_only_ambiguous")
    assert wrong == 0
    assert right / expected >= 0.98, missed[:10]
    noise = [m for m in results if s.kinds[m.entry] == "noise"]
    assert noise and all(m.status is not MatchStatus.MATCHED for m in noise)

    # Re-run on the result: the applied receipts are fixed, what is left is matched against what
    # is still open, and gives the same answers as before.
    paid = pd.Series(0.0, index=s.invoices[Invoices.invoice_no].to_numpy())
    for m in results:
        if m.status is MatchStatus.MATCHED:
            for a in m.allocations:
                paid[a.invoice] += float(a.amount)
    open_now = s.invoices[Invoices.amount] - paid.to_numpy()
    rest = [i for i, m in enumerate(results) if m.status is not MatchStatus.MATCHED]
    again = Matcher(s.invoices, open_now, s.orders, s.customers, MatchPolicy())
    second = again.match(s.entries.iloc[rest])
    assert [(m.status, m.allocations) for m in second] == [
        (results[i].status, results[i].allocations) for i in rest
    ]
