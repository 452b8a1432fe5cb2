"""Sample quote history: every quote version priced, and the approvals, rejections and revisions
that led to it, in a hash-chained ApprovalLog that verifies.

What the desk did, version by version:
- a version that was superseded was either rejected at some level (and revised to meet the
  objection) or revised at the customer's request after zero to three approvals;
- the last version of a won quote was approved at all three levels before the order was placed,
  so every order at confirmed or later names a fully approved quote version;
- quotes sent to customers (open, lost or expired) were fully approved before they went out,
  now and then one was rejected and never sent; drafts have up to two approvals.
Approvers are the approval matrix of the new register (orderdesk.defaults). An approval that had
to pass a failing check (a margin below the floor, a deposit below the credit band) says so in
its comment, as the approve action records an override.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from typing import Any, cast

import pandas as pd

from orderdesk.defaults import policy_rows
from orderdesk.domain import credit
from orderdesk.domain.quotes import approval as A
from orderdesk.domain.quotes import checks, pricing, versions
from orderdesk.domain.quotes.chain import GENESIS, link
from orderdesk.domain.quotes.models import LEVELS, PricingPolicy
from orderdesk.domain.reference.payment_terms import Instrument, payment_term
from orderdesk.sample import Sample, extension
from orderdesk.schema import (
    ApprovalLog,
    Approvers,
    Column,
    CostDrivers,
    CreditBands,
    Customers,
    Decision,
    LCBanks,
    Orders,
    Products,
    QuoteLines,
    Quotes,
    QuoteStatus,
    Setting,
    Stage,
    Table,
)

ORDER = 60  # after the core data (quotes, orders) exists

REJECTIONS = {
    1: (
        "quantity far above this customer's usual orders: confirm with the buyer",
        "customer on credit watch: check with finance first",
        "wrong ship-to country for this customer",
    ),
    2: (
        "margin below the floor at this price",
        "freight in the build-up is last month's rate: price again",
        "packaging cost missing for the new carton",
    ),
    3: (
        "deposit below the credit band minimum: ask for 50%",
        "L/C bank not on our accepted list",
        "lead time too short for what is already booked",
    ),
}
APPROVAL_NOTES = (
    "",
    "",
    "",
    "ok",
    "volumes as discussed with the buyer",
    "margin fine",
    "capacity confirmed with the factory",
    "terms as last year",
)
REVISIONS = (
    "customer asked for a better price",
    "customer changed the quantities",
    "new freight rates",
    "customer asked for another payment term",
)


def _rows(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame indexed like a read sheet (row 2 onwards), as the domain functions expect."""
    out = frame.reset_index(drop=True)
    out.index = pd.RangeIndex(2, 2 + len(out), name="row")
    return out


def _defaults(table: type[Table]) -> pd.DataFrame:
    from orderdesk.adapters.register_reads import read_block

    rows = policy_rows()[table]
    cols = table.columns()
    grid: list[list[Any]] = [[str(c) for c in cols], *[[r.get(c) for c in cols] for r in rows]]
    return read_block(grid, table).frame


def _policy() -> PricingPolicy:
    d = {k.key: k.default for k in (getattr(Setting, n) for n in dir(Setting) if n.isupper())}
    return PricingPolicy(
        base_currency=str(d[Setting.BASE_CURRENCY.key]),
        fx_buffer=d[Setting.FX_BUFFER.key],
        target_margin=d[Setting.TARGET_MARGIN.key],
        margin_floor=d[Setting.MARGIN_FLOOR.key],
        reprice_threshold=d[Setting.REPRICE_THRESHOLD.key],
        insurance_rate=d[Setting.INSURANCE_RATE.key],
    )


def _index_on(name: str, day: dt.date, as_of: dt.date) -> float:
    """The sample's material index on a day (the generator's own drift), else today's value."""
    try:
        from orderdesk.sample.orders import material_index
    except ImportError:
        return 1.0
    return float(material_index(name, day, as_of))


def price_versions(
    quotes: pd.DataFrame,
    lines: pd.DataFrame,
    products: pd.DataFrame,
    policy: PricingPolicy,
    as_of: dt.date,
) -> pd.DataFrame:
    """Fill the build-up of every line not yet priced, with the cost drivers of its month (the
    material indices as they stood then), at its quote date's ECB fixing."""
    drivers = _defaults(CostDrivers)
    todo = lines[lines[QuoteLines.unit_cost].isna()]
    if todo.empty:
        return lines
    dates = todo[[str(QuoteLines.quote_id), str(QuoteLines.version)]].merge(
        quotes[[str(Quotes.quote_id), str(Quotes.version), str(Quotes.quote_date)]],
        how="left",
    )[str(Quotes.quote_date)]
    month = pd.Series(pd.to_datetime(dates).dt.to_period("M").to_numpy(), index=todo.index)
    out = lines.copy()
    out[pricing.FX_RATE] = float("nan")
    for period, part in todo.groupby(month):
        start = period.start_time.date()
        drv = drivers.copy()
        is_index = drv[CostDrivers.unit].astype("string").str.lower() == "index"
        drv.loc[is_index, str(CostDrivers.value)] = [
            round(_index_on(str(n), start, as_of), 4)
            for n in drv.loc[is_index, str(CostDrivers.driver)]
        ]
        drv[str(CostDrivers.as_of)] = pd.Timestamp(start)
        priced = pricing.build_up(part, quotes, products, drv, policy).frame
        for col in (*pricing.BUILD_UP, pricing.FX_RATE):
            out.loc[part.index, str(col)] = priced[str(col)].to_numpy()
    return out


class _History:
    """Builds the decisions of all quotes, then chains them in time order."""

    def __init__(self, rng: random.Random, customers: pd.DataFrame, policy: PricingPolicy) -> None:
        self.rng = rng
        self.entries: list[dict[Column, Any]] = []
        matrix = A.approvers(_defaults(Approvers))
        self.by_level = {n: [a for a in matrix if a.level == n] for n in LEVELS}
        self.bands = credit.credit_bands(_defaults(CreditBands))
        self.banks = credit.accepted_banks(_defaults(LCBanks))
        self.scores = dict(
            zip(customers[Customers.customer_id], customers[Customers.credit_score], strict=True)
        )
        self.policy = policy

    def add(
        self,
        at: dt.datetime,
        quote: pd.Series,
        decision: Decision,
        level: int | None,
        comment: str,
        digest: str,
    ) -> None:
        if level is None:
            pick = self.rng.choice(self.by_level[1])
        else:
            pick = self.rng.choice(self.by_level[level])
        self.entries.append(
            {
                ApprovalLog.at: at,
                ApprovalLog.user: pick.user,
                ApprovalLog.role: pick.role.value if pick.role else None,
                ApprovalLog.level: level,
                ApprovalLog.quote_id: quote[Quotes.quote_id],
                ApprovalLog.version: int(quote[Quotes.version]),
                ApprovalLog.decision: decision.value,
                ApprovalLog.comment: comment,
                ApprovalLog.quote_digest: digest,
            }
        )

    def times(self, start: dt.datetime, end: dt.datetime, n: int) -> list[dt.datetime]:
        """n moments in office hours between start and end, in order."""
        span = max((end - start).total_seconds(), 60.0 * n)
        picks = sorted(self.rng.uniform(0, span) for _ in range(n))
        out = []
        for s in picks:
            t = start + dt.timedelta(seconds=int(s))
            if not 8 <= t.hour < 19:  # move to the next morning
                t = (t + dt.timedelta(hours=12)).replace(hour=9, minute=self.rng.randint(0, 59))
            if end > start and t > end:
                t = end - dt.timedelta(
                    minutes=self.rng.randint(5, 90), seconds=self.rng.randint(0, 59)
                )
            out.append(t)
        for i in range(1, len(out)):  # strictly later than the one before
            if out[i] <= out[i - 1]:
                out[i] = out[i - 1] + dt.timedelta(minutes=self.rng.randint(3, 40))
        return out

    def note(self, level: int, quote: pd.Series, lines: pd.DataFrame) -> str:
        """An approval comment; an override names the check it passed over, as the action does."""
        failed = []
        if level == 2 and lines[QuoteLines.below_floor].fillna(False).astype("bool").any():
            failed.append(("margin floor", "strategic account, volume follows"))
        if level == 3:
            term = payment_term(quote[Quotes.payment_terms])
            if term is not None and term.instrument is Instrument.LC:
                bank = quote[Quotes.lc_bank]
                if not isinstance(bank, str) or checks.accepted_bank(bank, self.banks) is None:
                    failed.append(("L/C bank", "bank confirmed by our house bank"))
            elif term is not None:
                score = self.scores.get(quote[Quotes.customer])
                band = checks.credit_band(
                    None if score is None or pd.isna(score) else float(score), self.bands
                )
                if band is not None and float(term.deposit) + 1e-9 < band[1]:
                    failed.append(("deposit", "long-standing customer, pays on time"))
        if failed:
            names = ", ".join(n for n, _ in failed)
            return f"OVERRIDE ({names}): {failed[0][1]}"
        return self.rng.choice(APPROVAL_NOTES)


def _morning(day: Any, rng: random.Random) -> dt.datetime:
    d = pd.Timestamp(day).date()
    return dt.datetime.combine(d, dt.time(9, rng.randint(0, 50), rng.randint(0, 59)))


def build_history(
    quotes: pd.DataFrame,
    lines: pd.DataFrame,
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    as_of: dt.date,
    rng: random.Random,
    policy: PricingPolicy | None = None,
    keep_unapproved: frozenset[tuple[str, int]] = frozenset(),
) -> list[dict[Column, Any]]:
    """The hash-chained ApprovalLog rows for these quotes (frames indexed by sheet row)."""
    history = _History(rng, customers, policy or _policy())
    digests = versions.quote_digests(quotes, lines)
    order_day = dict(zip(orders[Orders.order_id], orders[Orders.order_date], strict=True))
    order_stage = dict(
        zip(orders[Orders.order_id], orders[Orders.stage].map(Stage.read), strict=True)
    )
    deadline_default = dt.datetime.combine(as_of, dt.time(8, 0))
    # Each version's lines, found once: filtering the whole table per version is quadratic.
    groups = lines.groupby([str(QuoteLines.quote_id), str(QuoteLines.version)], sort=False)
    by_version = {
        (str(key[0]), int(key[1])): part.sort_values(str(QuoteLines.line_no))
        for key, part in cast(Iterable[tuple[tuple[Any, Any], pd.DataFrame]], groups)
    }
    no_lines = lines.iloc[0:0]
    for qid, group in quotes.groupby(str(Quotes.quote_id), sort=True):
        group = group.sort_values(str(Quotes.version))
        vs = list(group.iterrows())
        for k, (_, q) in enumerate(vs):
            v = int(q[Quotes.version])
            digest = digests.get((str(qid), v), "")
            mine = by_version.get((str(qid), v), no_lines)
            start = _morning(q[Quotes.quote_date], rng)
            last = k == len(vs) - 1
            if not last:
                end = _morning(vs[k + 1][1][Quotes.quote_date], rng) - dt.timedelta(hours=1)
            else:
                oid = q[Quotes.order_id]
                day = order_day.get(oid) if isinstance(oid, str) else None
                end = (
                    dt.datetime.combine(pd.Timestamp(day).date(), dt.time(8, 0))
                    if day is not None and not pd.isna(day)
                    else deadline_default
                )
            status = str(q[Quotes.status] or "").lower()
            plan = _plan(status, last, rng, order_stage.get(q[Quotes.order_id]))
            if (str(qid), v) in keep_unapproved:
                plan = ("approve", min(plan[1], 2)) if plan[0] == "approve" else plan
            kind, depth = plan
            n = depth + (1 if kind == "reject" else 0)
            moments = history.times(start, end, n + (0 if last else 1))
            for level in range(1, depth + 1):
                history.add(
                    moments[level - 1],
                    q,
                    Decision.APPROVE,
                    level,
                    history.note(level, q, mine),
                    digest,
                )
            if kind == "reject":
                level = depth + 1
                history.add(
                    moments[depth], q, Decision.REJECT, level, rng.choice(REJECTIONS[level]), digest
                )
            if not last:
                nq = vs[k + 1][1]
                nv = int(nq[Quotes.version])
                why = REJECTIONS[depth + 1][0] if kind == "reject" else rng.choice(REVISIONS)
                history.add(
                    max(moments[-1], _morning(nq[Quotes.quote_date], rng)),
                    nq,
                    Decision.REVISE,
                    None,
                    f"version {nv} from version {v}: {why}",
                    digests.get((str(qid), nv), ""),
                )
    entries = sorted(history.entries, key=lambda e: (e[ApprovalLog.at], e[ApprovalLog.quote_id]))
    for i in range(1, len(entries)):  # one decision per second at most: times are unique
        if entries[i][ApprovalLog.at] <= entries[i - 1][ApprovalLog.at]:
            entries[i][ApprovalLog.at] = entries[i - 1][ApprovalLog.at] + dt.timedelta(seconds=1)
    return link(entries, 1, GENESIS)


def _plan(status: str, last: bool, rng: random.Random, stage: Stage | None) -> tuple[str, int]:
    """("approve", levels approved) or ("reject", levels approved before the rejection)."""
    if not last:
        if rng.random() < 0.45:
            return "reject", rng.choices((0, 1, 2), (25, 45, 30))[0]
        return "approve", rng.choices((0, 1, 2, 3), (20, 25, 25, 30))[0]
    if status == QuoteStatus.WON:
        if stage is Stage.DRAFT and rng.random() < 0.5:
            return "approve", rng.randint(0, 2)
        return "approve", 3
    if status in (QuoteStatus.SENT, QuoteStatus.LOST, QuoteStatus.EXPIRED):
        if status != QuoteStatus.SENT and rng.random() < 0.1:
            return "reject", rng.randint(0, 2)
        return "approve", 3
    return "approve", rng.choices((0, 1, 2), (40, 35, 25))[0]


def add_quote_history(
    tables: dict[type[Table], pd.DataFrame],
    as_of: dt.date,
    rng: random.Random,
    keep_unapproved: frozenset[tuple[str, int]] = frozenset(),
) -> None:
    """Price the quotes, log their history, and mark each version's approval (in place)."""
    quotes = tables.get(Quotes)
    lines = tables.get(QuoteLines)
    if quotes is None or lines is None or quotes.empty:
        return
    log = tables.get(ApprovalLog)
    if log is not None and not log.empty:
        return  # a history is already there
    policy = _policy()
    q, ql = _rows(quotes), _rows(lines)
    products = _rows(tables[Products])
    ql = price_versions(q, ql, products, policy, as_of)
    empty = pd.DataFrame({str(c): pd.Series(dtype="object") for c in Orders.columns()})
    orders = _rows(tables.get(Orders, empty))
    customers = _rows(
        tables.get(Customers, pd.DataFrame({str(c): [] for c in Customers.columns()}))
    )
    rows = build_history(q, ql, orders, customers, as_of, rng, policy, keep_unapproved)
    log_frame = pd.DataFrame([{str(c): r.get(c) for c in ApprovalLog.columns()} for r in rows])
    for col in (ApprovalLog.seq, ApprovalLog.level, ApprovalLog.version):
        log_frame[str(col)] = log_frame[str(col)].astype("Int64")
    state = A.approval_state(_rows(log_frame), versions.quote_digests(q, ql))
    summary = {
        (s[A.QUOTE_ID], int(s[A.VERSION])): A.approval_summary(s)
        for s in cast(list[dict[str, Any]], state.to_dict("records"))  # columns are text
    }
    superseded = A.approval_summary({A.SUPERSEDED: True})
    q[str(Quotes.approval)] = [
        superseded
        if str(status).lower() == QuoteStatus.SUPERSEDED
        else summary.get((qid, int(v)), A.approval_summary(None))
        for qid, v, status in zip(
            q[Quotes.quote_id], q[Quotes.version], q[Quotes.status], strict=True
        )
    ]
    _fill_quote_pricing(q, ql)
    # Priced now: a draft that has been priced is "priced" (it may then be approved).
    status = q[Quotes.status].astype("string").str.lower()
    q.loc[(status == QuoteStatus.DRAFT).fillna(False).to_numpy(), str(Quotes.status)] = (
        QuoteStatus.PRICED.value
    )
    tables[Quotes] = q.reset_index(drop=True)
    tables[QuoteLines] = ql.drop(columns=[pricing.FX_RATE]).reset_index(drop=True)
    tables[ApprovalLog] = log_frame


def _fill_quote_pricing(q: pd.DataFrame, ql: pd.DataFrame) -> None:
    """Quote-level results where the sample left them blank: priced at, margin, FX date."""
    key = [str(QuoteLines.quote_id), str(QuoteLines.version)]
    price = ql[QuoteLines.unit_price].where(
        ql[QuoteLines.unit_price] > 0, ql[QuoteLines.suggested_price]
    )
    g = pd.DataFrame(
        {
            "revenue": ql[QuoteLines.qty] * price,
            "cost": ql[QuoteLines.qty] * ql[QuoteLines.unit_cost],
        }
    ).groupby([ql[k] for k in key])
    sums = g.sum(min_count=1)
    rate = ql[pricing.FX_RATE].groupby([ql[k] for k in key]).first()
    k = list(zip(q[Quotes.quote_id], q[Quotes.version].astype(int), strict=True))
    revenue = sums["revenue"].reindex(k).to_numpy()
    cost = sums["cost"].reindex(k).to_numpy()
    margin = pd.Series((revenue - cost) / revenue, index=q.index).round(4)
    q[str(Quotes.margin_pct)] = q[Quotes.margin_pct].fillna(margin)
    fx = pd.Series(rate.reindex(k).round(6).to_numpy(), index=q.index)
    q[str(Quotes.fx_rate)] = q[Quotes.fx_rate].fillna(fx)
    days = pd.to_datetime(q[Quotes.quote_date])
    q[str(Quotes.priced_at)] = q[Quotes.priced_at].fillna(days + pd.Timedelta(hours=8, minutes=40))
    q[str(Quotes.fx_date)] = q[Quotes.fx_date].fillna(days)
    q[str(Quotes.drivers_date)] = q[Quotes.drivers_date].fillna(
        days.dt.to_period("M").dt.start_time
    )


@extension(ORDER)
def quote_history(sample: Sample, rng: random.Random) -> None:
    """The sample generator's hook: history for the sample's quotes."""
    # An order planted to break QUOTE-NOT-APPROVED keeps its quote short of full approval.
    orders = sample.tables.get(Orders)
    planted = {
        str(p.key[0]) for p in getattr(sample, "planted", []) if p.rule == "QUOTE-NOT-APPROVED"
    }
    keep: set[tuple[str, int]] = set()
    if planted and orders is not None:
        hit = orders[orders[Orders.order_id].isin(planted) & orders[Orders.quote_version].notna()]
        keep = set(zip(hit[Orders.quote_id], hit[Orders.quote_version].astype(int), strict=True))
    add_quote_history(sample.tables, sample.as_of, rng, frozenset(keep))
