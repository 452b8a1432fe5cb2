"""Step 2: hypotheses — which invoice, or which invoices together, a receipt pays — each with
how its amount fits what is open now.

- one invoice: every invoice named in the remittance; of the payer's open invoices and the
  invoices of that amount only those whose amount fits (exactly, short by bank charges, at the
  ECB rate, or as the deposit share);
- the invoices named in the remittance together; the open invoices of a named order together
  (deposit and balance); those of several named orders together;
- a customer's oldest open invoices together, for a receipt from a known payer nothing else fits.

The payer's open invoices are not paired with the receipt one by one (a customer may have
thousands): what fits is found by a sorted search — the invoices of that customer and currency
whose open amount (or deposit share, or running total of the oldest) lies in the window the
tolerances allow — and only those are scored.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from orderdesk.domain.payments.matching.candidates import Candidates, Receipts
from orderdesk.domain.payments.matching.index import InvoiceIndex
from orderdesk.domain.payments.matching.model import (
    CENT,
    GOOD_FITS,
    REF_INVOICE,
    REF_ORDER,
    REF_PO,
    SETTLING,
    Fit,
    Kind,
    MatchPolicy,
    RatesFn,
)

# Head columns: one row per hypothesis. Member columns: one row per invoice of a hypothesis.
HEAD = ("hid", "e", "kind", "via", "payer", "fit", "conv", "rate", "fixing", "total_open",
        "iccy", "n", "due", "cust")  # fmt: skip
MEMBERS = ("hid", "e", "i", "amt", "iccy")
# A window a little wider than the tolerances: what is in it is then checked exactly.
_SLACK = 1e-6

Columns = dict[str, np.ndarray]


@dataclass(frozen=True)
class Round:
    """Everything a round of one `match` call needs; only `open_now` changes between rounds."""

    index: InvoiceIndex
    receipts: Receipts
    found: Candidates
    policy: MatchPolicy
    rates: RatesFn

    def fit(
        self, conv: np.ndarray, open_: np.ndarray, tol: np.ndarray, same_ccy: np.ndarray
    ) -> np.ndarray:
        """How each converted amount fits what is open (Fit, as ints)."""
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

    def cross_rates(
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

    def amounts(self, e: np.ndarray, iccy: np.ndarray) -> Columns:
        """Receipt e's amount in currency iccy at the rate of its value date, the bank-charge
        tolerance in that currency, and whether no conversion was needed."""
        eccy = self.receipts.eccy[e]
        when = self.receipts.vdate[e]
        rate, fixing = self.cross_rates(eccy, iccy, when)
        base = np.full(len(e), self.policy.base_currency.upper(), dtype=object)
        tol_rate, _ = self.cross_rates(base, iccy, when)
        return {
            "iccy": iccy,
            "rate": rate,
            "fixing": fixing,
            "conv": self.receipts.amount[e] * rate,
            "tol": float(self.policy.charge_tolerance) * np.nan_to_num(tol_rate),
            "same": eccy == iccy,
        }


def hypotheses(r: Round, open_now: np.ndarray, remaining: np.ndarray) -> tuple[Columns, Columns]:
    """Every hypothesis for the remaining receipts against what is open now (heads), and their
    invoices with the amount each gets (members)."""
    pairs = r.found.pairs
    keep = np.isin(pairs["e"].to_numpy(), remaining)
    keep &= open_now[pairs["i"].to_numpy()] > CENT
    direct = pairs.loc[keep]
    named = ~direct["amount_only"].to_numpy()
    by_payer = _payer_pairs(r, open_now, remaining)
    P = _concat(
        _pair_columns(r, open_now, direct.loc[named]),
        by_payer,
        _pair_columns(r, open_now, direct.loc[~named]),
    )
    P["fit"] = _fits(r, P)
    # Of the payer's invoices only those that fit well are hypotheses of their own.
    is_payer = np.zeros(len(P["e"]), dtype=bool)
    start = int(named.sum())
    is_payer[start : start + len(by_payer["e"])] = True
    P = {k: v[~is_payer | np.isin(P["fit"], GOOD_FITS)] for k, v in P.items()}

    e, i, via, fit = P["e"], P["i"], P["via"], P["fit"]
    heads: list[Columns] = []
    members: list[Columns] = []
    # One invoice each: named ones, and of the others only those whose amount fits.
    idx = np.flatnonzero((via > 0) | np.isin(fit, GOOD_FITS))
    settle = np.isin(fit[idx], [Fit.EXACT, Fit.CHARGES, Fit.FX, Fit.OVER])
    hid = np.arange(idx.size)
    heads.append(
        {
            "hid": hid,
            "e": e[idx],
            "kind": np.full(idx.size, int(Kind.SINGLE)),
            "via": via[idx],
            "payer": P["payer"][idx],
            "fit": fit[idx],
            "conv": P["conv"][idx],
            "rate": P["rate"][idx],
            "fixing": P["fixing"][idx],
            "total_open": P["open"][idx],
            "iccy": P["iccy"][idx],
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
            "amt": np.where(settle, P["open"][idx], P["conv"][idx]),
            "iccy": P["iccy"][idx],
        }
    )
    hid0 = idx.size
    # Several invoices together.
    named_rows = np.flatnonzero(via == REF_INVOICE)
    hid0 = _set(r, P, named_rows, [e[named_rows]], Kind.REFSET, hid0, heads, members)
    by_order = np.flatnonzero((via == REF_ORDER) | (via == REF_PO))
    order_code, _ = pd.factorize(P["order"][by_order])
    hid0 = _set(r, P, by_order, [e[by_order], order_code], Kind.ORDERSET, hid0, heads, members)
    # Several orders named ('PO EOL-0769 / EOL-0773'): their open invoices together.
    if by_order.size:
        orders = pd.DataFrame({"e": e[by_order], "o": order_code})
        many = orders.groupby("e")["o"].transform("nunique").to_numpy() >= 2
        if many.any():
            rows = by_order[many]
            hid0 = _set(r, P, rows, [e[rows]], Kind.ORDERS, hid0, heads, members)
    # A run of a customer's oldest open invoices, for receipts nothing else fits.
    fitted = np.unique(e[(via > 0) | np.isin(fit, GOOD_FITS)])
    run = _oldest_runs(r, open_now, np.setdiff1d(remaining, fitted))
    if len(run["e"]):
        keys = [run["e"], run["cust"], run["ccy"]]
        hid0 = _set(
            r, run, np.arange(len(run["e"])), keys, Kind.RUN, hid0, heads, members, sort=False
        )
    head = {k: np.concatenate([h[k] for h in heads]) for k in HEAD}
    allocs = {k: np.concatenate([m[k] for m in members]) for k in MEMBERS}
    return head, allocs


def _pair_columns(r: Round, open_now: np.ndarray, pairs: pd.DataFrame) -> Columns:
    """The columns hypotheses are made of, for (e, i) pairs."""
    e = pairs["e"].to_numpy()
    i = pairs["i"].to_numpy()
    return {
        "e": e,
        "i": i,
        "via": pairs["via"].to_numpy(),
        "payer": pairs["payer"].to_numpy(),
        "open": open_now[i],
        **r.amounts(e, r.index.iccy[i]),
        "due": r.index.due[i],
        "order": r.index.order[i],
        "cust": r.index.customer_code[i],
    }


def _concat(*parts: Columns) -> Columns:
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def _fits(r: Round, P: Columns) -> np.ndarray:
    """Fit of each pair; the deposit share of an invoice for the whole order, nothing paid on
    it yet, where the amount is otherwise only part of what is open."""
    fit = r.fit(P["conv"], P["open"], P["tol"], P["same"])
    i = P["i"]
    share = r.index.share[i]
    total = r.index.total[i]
    dep = share * total
    dep_tol = np.where(P["same"], P["tol"], float(r.policy.fx_tolerance) * dep)
    deposit = (
        r.index.full[i]
        & ~np.isnan(share)
        & (np.abs(P["open"] - total) <= CENT)
        & (np.abs(P["conv"] - dep) <= np.maximum(dep_tol, CENT))
        & (fit == Fit.PARTIAL)
    )
    fit[deposit] = Fit.DEPOSIT
    return fit


class _Sorted:
    """Values in groups, sorted by (group, value): a join on the group and a range of values
    is then two binary searches per query, not a pair per value. Values are replaced by their
    rank among all values, so (group, rank) is one integer."""

    def __init__(self, group: np.ndarray, values: np.ndarray) -> None:
        self.values = np.sort(values)
        self.span = len(values) + 1
        key = group.astype(np.int64) * self.span + np.searchsorted(self.values, values, "left")
        self.order = np.argsort(key, kind="stable")
        self.key = key[self.order]

    def first_at_least(self, group: np.ndarray, lo: np.ndarray) -> np.ndarray:
        rank = np.searchsorted(self.values, lo, "left")
        return np.searchsorted(self.key, group.astype(np.int64) * self.span + rank, "left")

    def first_above(self, group: np.ndarray, hi: np.ndarray) -> np.ndarray:
        rank = np.searchsorted(self.values, hi, "right")
        return np.searchsorted(self.key, group.astype(np.int64) * self.span + rank, "left")

    def within(
        self, group: np.ndarray, lo: np.ndarray, hi: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(query, value position) for every value of the query's group in [lo, hi]."""
        start = self.first_at_least(group, lo)
        n = np.maximum(self.first_above(group, hi) - start, 0)
        query = np.repeat(np.arange(len(group)), n)
        return query, self.order[np.repeat(start, n) + offsets(n)]


def _payer_groups(r: Round, open_now: np.ndarray, who: pd.DataFrame) -> tuple[Columns, Columns]:
    """The open invoices of the customers in `who` by (customer, currency) group, and for each
    (receipt, customer) row of `who` one row per currency that customer has open invoices in,
    with the receipt's amount in that currency."""
    index = r.index
    c = who["c"].to_numpy()
    asked = np.zeros(len(index.customers), dtype=bool)
    asked[c] = True
    live = np.flatnonzero((open_now > CENT) & (index.customer_code >= 0))
    live = live[asked[index.customer_code[live]]]
    group = index.group[live]
    present = np.unique(group)
    # each row of `who` × the groups of its customer
    n_ccy = index.n_ccy
    lo = np.searchsorted(present, c * n_ccy, "left")
    n = np.searchsorted(present, (c + 1) * n_ccy, "left") - lo
    row = np.repeat(np.arange(len(c)), n)
    g = present[np.repeat(lo, n) + offsets(n)]
    e = who["e"].to_numpy()[row]
    queries = {
        "row": row,
        "e": e,
        "g": g,
        "ccy": g % n_ccy,
        "payer": who["strength"].to_numpy()[row],
        **r.amounts(e, index.ccys[g % n_ccy]),
    }
    return {"i": live, "g": group}, queries


def offsets(n: np.ndarray) -> np.ndarray:
    """0, 1, … n[0]-1, 0, 1, … n[1]-1, …: the place of each row within its repeat."""
    return np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)


def _payer_pairs(r: Round, open_now: np.ndarray, remaining: np.ndarray) -> Columns:
    """The payer's open invoices whose amount may fit (a superset: the caller checks each),
    as pair columns in the order of the payer rows, then invoice."""
    who = r.found.who
    who = who.loc[np.isin(who["e"].to_numpy(), remaining) & (who["c"].to_numpy() >= 0)]
    invoices, q = _payer_groups(r, open_now, who)
    f = max(float(r.policy.fx_tolerance), 0.0)
    conv, tol, same = q["conv"], q["tol"], q["same"]
    slack = _SLACK * (np.abs(conv) + 1)
    wide = np.maximum(tol, CENT)
    far = conv / (1 - f) if f < 1 else np.full(len(conv), np.inf)
    # exact, short by charges, or within the FX tolerance: the open amount in a window
    lo = np.where(same, conv - CENT, conv / (1 + f)) - slack
    hi = np.where(same, conv + wide, far) + slack
    by_open = _Sorted(invoices["g"], open_now[invoices["i"]])
    q1, at1 = by_open.within(q["g"], lo, hi)
    hits = [(q1, invoices["i"][at1])]
    # the deposit share of an invoice nothing is paid on yet: its share in a window
    i = invoices["i"]
    share = r.index.share[i]
    dep_ok = r.index.full[i] & ~np.isnan(share) & (np.abs(open_now[i] - r.index.total[i]) <= CENT)
    if dep_ok.any():
        dep = share[dep_ok] * r.index.total[i][dep_ok]
        lo = np.where(same, conv - wide, np.minimum(conv / (1 + f), conv - CENT)) - slack
        hi = np.where(same, conv + wide, np.maximum(far, conv + CENT)) + slack
        q2, at2 = _Sorted(invoices["g"][dep_ok], dep).within(q["g"], lo, hi)
        hits.append((q2, i[dep_ok][at2]))
    query = np.concatenate([h[0] for h in hits])
    inv = np.concatenate([h[1] for h in hits])
    # once per (payer row, invoice), in the order of the payer rows, then invoice; not an
    # invoice the remittance names (that pair is there already, with its reference)
    pos = who.index.to_numpy()[q["row"][query]]
    order = np.lexsort((inv, pos))
    query, inv, pos = query[order], inv[order], pos[order]
    first = np.ones(len(inv), dtype=bool)
    first[1:] = (inv[1:] != inv[:-1]) | (pos[1:] != pos[:-1])
    named = r.found.pairs
    n_inv = len(r.index)
    taken = (
        named["e"].to_numpy()[~named["amount_only"].to_numpy()] * n_inv
        + named["i"].to_numpy()[~named["amount_only"].to_numpy()]
    )
    first &= ~np.isin(q["e"][query] * n_inv + inv, taken)
    return _query_pairs(r, q, query[first], inv[first], open_now)


def _query_pairs(
    r: Round, q: Columns, query: np.ndarray, inv: np.ndarray, open_now: np.ndarray
) -> Columns:
    """Pair columns for (payer row, invoice) pairs: the receipt's side from the query rows."""
    return {
        "e": q["e"][query],
        "i": inv,
        "via": np.zeros(len(query), dtype=np.int64),
        "payer": q["payer"][query],
        "open": open_now[inv],
        **{k: q[k][query] for k in ("iccy", "rate", "fixing", "conv", "tol", "same")},
        "due": r.index.due[inv],
        "order": r.index.order[inv],
        "cust": r.index.customer_code[inv],
    }


def _oldest_runs(r: Round, open_now: np.ndarray, unfitted: np.ndarray) -> Columns:
    """For receipts nothing fits, from a payer surely known: the customer's oldest open
    invoices in one currency (due date, then register order) up to the first two or more whose
    total the amount settles. Member columns for `_set`, grouped by (e, cust, ccy)."""
    who = r.found.who
    sure = (who["strength"].to_numpy() == 2) & (who["c"].to_numpy() >= 0)
    who = who.loc[sure & np.isin(who["e"].to_numpy(), unfitted)]
    empty: Columns = {k: np.zeros(0, dtype=np.int64) for k in ("e", "i", "cust", "ccy")}
    if not len(who):
        return empty
    invoices, q = _payer_groups(r, open_now, who)
    # the live invoices by group, oldest first, with their running total
    i = invoices["i"]
    order = np.lexsort((i, r.index.due[i], invoices["g"]))
    i, g = i[order], invoices["g"][order]
    cum = pd.Series(open_now[i]).groupby(g).cumsum().to_numpy()
    sorted_cum = _Sorted(g, cum)  # cum grows within a group: the same order
    starts = np.searchsorted(g, q["g"], "left")
    ends = np.searchsorted(g, q["g"], "right")
    f = max(float(r.policy.fx_tolerance), 0.0)
    conv = q["conv"]
    slack = _SLACK * (np.abs(conv) + 1)
    far = conv / (1 - f) if f < 1 else np.full(len(conv), np.inf)
    lo = np.where(q["same"], conv - CENT, conv / (1 + f)) - slack
    hi = np.where(q["same"], conv + np.maximum(q["tol"], CENT), far) + slack
    at = np.maximum(sorted_cum.first_at_least(q["g"], lo), starts + 1)  # two or more
    hit = np.full(len(conv), -1)
    active = np.flatnonzero(~np.isnan(conv))
    while active.size:
        p = at[active]
        inside = p < ends[active]
        active, p = active[inside], p[inside]
        inside = cum[p] <= hi[active]
        active, p = active[inside], p[inside]
        fits = r.fit(conv[active], cum[p], q["tol"][active], q["same"][active])
        done = np.isin(fits, SETTLING)
        hit[active[done]] = p[done]
        active = active[~done]
        at[active] += 1
    found = np.flatnonzero(hit >= 0)
    found = found[
        np.lexsort((q["ccy"][found], who["c"].to_numpy()[q["row"][found]], q["e"][found]))
    ]
    n = hit[found] - starts[found] + 1
    rows = np.repeat(found, n)
    member = i[np.repeat(starts[found], n) + offsets(n)]
    return {**_query_pairs(r, q, rows, member, open_now), "ccy": q["ccy"][rows]}


def _set(
    r: Round,
    P: Columns,
    rows: np.ndarray,
    keys: list[np.ndarray],
    kind: Kind,
    hid0: int,
    heads: list[Columns],
    members: list[Columns],
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
    fit = r.fit(conv, total, P["tol"][first], P["same"][first])
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
    settles = np.isin(fit[group], SETTLING)
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
