"""Step 3: every hypothesis scored in one pass, the best per receipt, and which of the sure
ones may be applied together.

Evidence for adds up to 1 at most; evidence against is taken off that. A hypothesis as good as
the best one makes both doubtful (the best loses AMBIGUITY_PENALTY and names the other).
"""

from __future__ import annotations

import numpy as np

from orderdesk.domain.payments.matching.hypotheses import Columns
from orderdesk.domain.payments.matching.model import (
    AMBIGUITY_PENALTY,
    AMOUNT_POINTS,
    CONFLICT_PENALTY,
    GOOD_FITS,
    OTHER_CUSTOMER_PENALTY,
    PARTIAL_POINTS,
    PAYER_POINTS,
    REF_INVOICE,
    REF_POINTS,
    RUN_UNIQUE_POINTS,
    SETTLING,
    UNIQUE_POINTS,
    Fit,
    Kind,
)

_AMOUNT_POINTS = np.array([AMOUNT_POINTS[Fit(f)] for f in range(len(Fit))])
_REF_POINTS = np.array([REF_POINTS[v] for v in range(4)])
_PARTIAL_POINTS = np.array([PARTIAL_POINTS.get(v, 0.0) for v in range(4)])
_PAYER_POINTS = np.array([PAYER_POINTS[v] for v in range(3)])


def score(head: Columns, sure_payer: np.ndarray) -> Columns:
    """Scores (0–1) of the hypotheses, and the flags the reasons name. `sure_payer`: the
    receipts whose payer is surely a known customer."""
    e, via, fit, kind, payer = head["e"], head["via"], head["fit"], head["kind"], head["payer"]
    ref_pts = _REF_POINTS[via]
    payer_pts = _PAYER_POINTS[payer]
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
    other = np.isin(e, sure_payer) & (payer < 2)
    # Conflicting evidence: the remittance names an invoice the receipt only part-pays, while
    # another open invoice of the payer is exactly the amount (a typo in the number?): neither
    # is sure enough to apply.
    settling = (ref_pts == 0) & np.isin(fit, SETTLING)
    exact_elsewhere = np.isin(e, e[settling]) & (ref_pts > 0) & (fit == Fit.PARTIAL)
    plausible = (via == REF_INVOICE) & (fit != Fit.EXACT) & (payer == 2)
    names_other = settling & np.isin(e, e[plausible])
    points = np.minimum(ref_pts + payer_pts + amt_pts + np.where(unique, bonus, 0.0), 1.0)
    points = points - np.where(other, OTHER_CUSTOMER_PENALTY, 0.0)
    points = points - np.where(exact_elsewhere, CONFLICT_PENALTY, 0.0)
    points = points - np.where(names_other, CONFLICT_PENALTY / 2, 0.0)
    return {
        **head,
        "unique": unique,
        "other": other,
        "exact_elsewhere": exact_elsewhere,
        "names_other": names_other,
        "score": np.clip(np.round(points, 4), 0.0, 1.0),
    }


def choose(head: Columns, members: Columns) -> tuple[Columns, Columns]:
    """The best hypothesis per receipt (score, then how well the amount fits, fewer invoices,
    older ones), marked `tied` with the runner-up when that is as good; and the members of the
    chosen ones and of their ties."""
    order = np.lexsort(
        (head["hid"], head["due"], head["n"], -head["fit"], -head["score"], head["e"])
    )
    head = {k: v[order] for k, v in head.items()}
    e = head["e"]
    first = np.ones(len(e), dtype=bool)
    first[1:] = e[1:] != e[:-1]
    second = np.zeros(len(e), dtype=bool)
    second[1:] = first[:-1] & ~first[1:]  # the runner-up, right after the best
    best = {k: v[first] for k, v in head.items()}
    at = np.searchsorted(best["e"], e[second])  # the runner-up's receipt among the best
    runner_score = np.full(len(best["e"]), np.nan)
    runner_score[at] = head["score"][second]
    tied_with = np.full(len(best["e"]), -1, dtype=np.int64)
    tied_with[at] = head["hid"][second]
    tied = runner_score >= best["score"] - 1e-9
    best["tied"] = tied
    best["tied_with"] = tied_with
    best["score"] = np.where(tied, np.clip(best["score"] - AMBIGUITY_PENALTY, 0, 1), best["score"])
    wanted = np.concatenate([best["hid"], tied_with[tied]])
    keep = np.isin(members["hid"], wanted)
    return best, {k: v[keep] for k, v in members.items()}


def one_per_invoice(ready: np.ndarray, members: Columns, vdate: np.ndarray) -> set[int]:
    """Of the hypotheses `ready` to apply (ids), the receipts that are alone on each of their
    invoices or come first on all of them (value date, then BankEntries order): an invoice
    takes one receipt per round, and what is open is worked out again before the next."""
    mine = np.isin(members["hid"], ready)
    e = members["e"][mine]
    i = members["i"][mine]
    order = np.lexsort((e, vdate[e]))
    e, i = e[order], i[order]
    _, first, inverse = np.unique(i, return_index=True, return_inverse=True)
    own = e[first][inverse] == e
    bad = np.unique(e[~own])
    return {int(x) for x in np.setdiff1d(np.unique(e), bad)}
