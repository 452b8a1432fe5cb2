"""Quote actions: price, re-price, revise, diff, approve, reject, verify the approval log.

Each reads what it needs from the register, calls the domain, writes OrderDesk's columns and
appends to its logs, and saves once. Approve and reject read the log, append one hash-chained
row and save in one go: when someone else saved the workbook in between, the file adapter
refuses the save (ChangedOnDisk) and the user runs the action again, so two approvers never fork
the chain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from orderdesk.actions.base import Outcome
from orderdesk.adapters import grid as G
from orderdesk.adapters.approval_journal import META_KEY, ApprovalJournal
from orderdesk.domain.quotes import approval as A
from orderdesk.domain.quotes import chain, checks, pricing, versions
from orderdesk.domain.quotes.models import (
    LEVELS,
    ApprovalStep,
    CheckState,
    PricingPolicy,
    Quote,
)
from orderdesk.domain.trade import money
from orderdesk.ports import Register, RegisterError, TableData, today
from orderdesk.schema import (
    ApprovalLog,
    Approvers,
    Capacity,
    Column,
    CostDrivers,
    CreditBands,
    Customers,
    Decision,
    LCBanks,
    OrderLines,
    Orders,
    Products,
    QuoteLines,
    Quotes,
    QuoteStatus,
    Setting,
    Settings,
    Table,
)
from orderdesk.settings import Policy


class Refused(RegisterError):
    """The action was not done: the rules do not allow it. Nothing was written."""


def pricing_policy(policy: Policy) -> PricingPolicy:
    return PricingPolicy(
        base_currency=policy.base_currency,
        fx_buffer=policy.decimal(Setting.FX_BUFFER),
        target_margin=policy.decimal(Setting.TARGET_MARGIN),
        margin_floor=policy.decimal(Setting.MARGIN_FLOOR),
        reprice_threshold=policy.decimal(Setting.REPRICE_THRESHOLD),
        insurance_rate=policy.decimal(Setting.INSURANCE_RATE),
    )


def now_local() -> dt.datetime:
    """The time of a decision: today's date (pinnable for demos and tests), the clock's time."""
    return dt.datetime.combine(today(), dt.datetime.now().time()).replace(microsecond=0)


# --- reading -------------------------------------------------------------------------------


@dataclass
class Book:
    """What the quote actions read from the register, each table once."""

    register: Register
    _data: dict[type[Table], TableData] = field(default_factory=dict)
    _digests: pd.Series | None = None

    def __getitem__(self, table: type[Table]) -> TableData:
        if table not in self._data:
            self._data[table] = self.register.read(table)
        return self._data[table]

    def frame(self, table: type[Table]) -> pd.DataFrame:
        return self[table].frame

    def where(self, table: type[Table], row: int | None, column: Column) -> str:
        if row is None:
            return f"{table.sheet} ({table.title or table.__name__})"
        return str(self[table].ref(row, column))

    def quote_row(self, quote_id: str, version: int | None) -> tuple[int, pd.Series]:
        """The sheet row of a quote version (the newest when no version is given)."""
        rows = versions.versions_of(self.frame(Quotes), quote_id)
        if rows.empty:  # typed on the command line: "q-2026-0001 " is Q-2026-0001
            ids = self.frame(Quotes)[Quotes.quote_id].dropna().astype(str)
            same = ids[ids.str.upper() == quote_id.strip().upper()]
            if same.empty:
                raise Refused(f"{Quotes.sheet} has no quote {quote_id}")
            rows = versions.versions_of(self.frame(Quotes), str(same.iloc[0]))
        if version is None:
            rows = rows[rows[Quotes.version].notna()]
            if rows.empty:
                raise Refused(f"{quote_id} has no Version on the {Quotes.sheet} sheet")
            return int(rows.index[-1]), rows.iloc[-1]
        hit = rows[rows[Quotes.version] == version]
        if hit.empty:
            have = ", ".join(str(v) for v in rows[Quotes.version].dropna().astype(int))
            raise Refused(f"{quote_id} has no version {version} (versions: {have or 'none'})")
        return int(hit.index[0]), hit.iloc[0]

    def quote(self, quote_id: str, version: int | None) -> Quote:
        row, data = self.quote_row(quote_id, version)
        rec = {c.attr: G.python_cell(data[str(c)]) for c in Quotes.columns()}
        return Quote.from_record({**rec, "row": row})

    def lines(self, quote_id: str, version: int) -> pd.DataFrame:
        return versions.lines_of(self.frame(QuoteLines), quote_id, version)

    def policy(self) -> PricingPolicy:
        return pricing_policy(Policy(self[Settings]))

    def digests(self) -> pd.Series:
        if self._digests is None:
            self._digests = versions.quote_digests(self.frame(Quotes), self.frame(QuoteLines))
        return self._digests

    def state(self) -> pd.DataFrame:
        return A.approval_state(self.frame(ApprovalLog), self.digests())


def _problem_text(book: Book, p: pricing.Problem) -> str:
    where = book.where(p.table, p.row, p.column)
    value = "" if p.value is None else f" = {p.value!r}"
    line = ""
    if p.line_row is not None and p.table is not QuoteLines:
        rec = book.frame(QuoteLines).loc[p.line_row]
        line = f" (quote {rec[QuoteLines.quote_id]} v{rec[QuoteLines.version]} line {rec[QuoteLines.line_no]})"
    return f"{where}{value}: {p.text}{line}"


# --- price -----------------------------------------------------------------------------------


def price_quote(
    register: Register,
    quote_id: str | None = None,
    version: int | None = None,
    *,
    now: dt.datetime | None = None,
) -> Outcome:
    """Work out the cost build-up and suggested prices of a quote version (the newest when no
    version is given), or of every draft quote when no quote is given, and write them."""
    book = Book(register)
    policy = book.policy()
    quotes = book.frame(Quotes)
    state = book.state()
    if quote_id:
        row, data = book.quote_row(quote_id, version)
        targets = [(data[Quotes.quote_id], int(data[Quotes.version]))]
        _may_price(data, A.state_of(state, *targets[0]))
    else:
        current = versions.current_versions(quotes)
        status = current[Quotes.status].astype("string").str.lower().fillna("")
        drafts = current[status.isin(["", QuoteStatus.DRAFT])]
        targets = [
            (q, int(v))
            for q, v in zip(drafts[Quotes.quote_id], drafts[Quotes.version], strict=True)
            if not A.has_decisions(A.state_of(state, q, int(v)))
        ]
    if not targets:
        return Outcome("nothing to price: no draft quote versions")
    lines_all = book.frame(QuoteLines)
    wanted = pd.Series(
        list(zip(lines_all[QuoteLines.quote_id], lines_all[QuoteLines.version], strict=True)),
        index=lines_all.index,
    ).isin(targets)
    lines = lines_all[wanted]
    result = pricing.build_up(lines, quotes, book.frame(Products), book.frame(CostDrivers), policy)
    when = (now or now_local()).replace(microsecond=0)
    line_changes: dict[tuple[Any, ...], dict[Column, Any]] = {}
    for row, line in lines.iterrows():
        key = (
            line[QuoteLines.quote_id],
            int(line[QuoteLines.version]),
            int(line[QuoteLines.line_no]),
        )
        out = result.frame.loc[row]
        line_changes[key] = {c: G.python_cell(out[str(c)]) for c in pricing.BUILD_UP}
    register.update(QuoteLines, line_changes)

    quote_changes: dict[tuple[Any, ...], dict[Column, Any]] = {}
    details: list[str] = []
    below = 0
    for q, v in targets:
        _, header = book.quote_row(q, v)
        mine = lines[(lines[QuoteLines.quote_id] == q) & (lines[QuoteLines.version] == v)]
        priced = result.frame.loc[mine.index]
        ok = bool(len(mine)) and bool(priced[pricing.OK].all())
        total = _total(mine, priced, str(header[Quotes.currency] or policy.base_currency))
        cost = float((mine[QuoteLines.qty] * priced[str(QuoteLines.unit_cost)]).sum())
        rates = priced[pricing.FX_RATE].dropna().unique()
        quote_changes[(q, v)] = {
            Quotes.status: QuoteStatus.PRICED.value if ok else QuoteStatus.DRAFT.value,
            Quotes.priced_at: when,
            Quotes.fx_rate: float(round(rates[0], 6)) if len(rates) == 1 else None,
            Quotes.fx_date: G.python_cell(priced[pricing.FX_FIXING].min()),
            Quotes.drivers_date: G.python_cell(priced[pricing.DRIVERS_AS_OF].max()),
            Quotes.total: float(total) if ok else None,
            Quotes.margin_pct: round((float(total) - cost) / float(total), 4)
            if ok and total
            else None,
            Quotes.approval: A.approval_summary(None) if ok else "build-up incomplete",
        }
        ccy = str(header[Quotes.currency])
        verdict = f"total {total:,.2f} {ccy}" if ok else "not priced: see the problems below"
        details.append(f"{q} version {v} ({header[Quotes.incoterm]}, {ccy}): {verdict}")
        for row, line in mine.iterrows():
            bu = result.build_up(int(row), ccy)
            if bu is None:
                continue
            flag = "  BELOW FLOOR" if bu.below_floor else ""
            below += bu.below_floor
            details.append(
                f"  line {line[QuoteLines.line_no]} {line[QuoteLines.sku]} × {line[QuoteLines.qty]:,.0f}: "
                f"{bu.explain()}{flag}"
            )
    register.update(Quotes, quote_changes)
    problems = [_problem_text(book, p) for p in result.problems]
    details += [f"problem: {p}" for p in problems]
    register.save()
    n_ok = sum(1 for c in quote_changes.values() if c[Quotes.status] == QuoteStatus.PRICED)
    summary = f"priced {n_ok} of {len(targets)} quote version(s)"
    if below:
        summary += f"; {below} line(s) below the margin floor"
    if problems:
        summary += f"; {len(problems)} problem(s) to fix"
    return Outcome(
        summary,
        findings=len(problems) + below,
        details=details,
        data={"quotes": [f"{q} v{v}" for q, v in targets], "problems": problems},
    )


def _may_price(header: pd.Series, st: Mapping[str, Any] | None) -> None:
    label = f"{header[Quotes.quote_id]} version {header[Quotes.version]}"
    status = str(header[Quotes.status] or "").strip().lower()
    if status in versions.FROZEN:
        raise Refused(
            f"{label} is {status}: a quote that has left the draft stage is never changed in "
            f"place; make a new version with Revise (orderdesk quote revise)"
        )
    if A.has_decisions(st):
        raise Refused(
            f"{label} already has approval decisions ({A.approval_summary(st)}): re-pricing it in "
            "place would change what was approved; make a new version with Revise"
        )


def _total(lines: pd.DataFrame, priced: pd.DataFrame, currency: str) -> Any:
    amounts = [
        money(pricing.dec(q) * pricing.dec(p), currency)
        for q, p in zip(lines[QuoteLines.qty], priced[pricing.PRICE], strict=True)
        if not pd.isna(q) and not pd.isna(p)
    ]
    return sum(amounts, start=money(pricing.dec(0), currency))


# --- re-price --------------------------------------------------------------------------------


def reprice(register: Register, *, on: dt.date | None = None) -> Outcome:
    """Open quotes whose costs moved past the re-pricing threshold since they were priced, with
    the new suggested price and the margin at the old price. Writes nothing."""
    book = Book(register)
    policy = book.policy()
    day = on or today()
    quotes = versions.current_versions(book.frame(Quotes))
    status = quotes[Quotes.status].astype("string").str.lower()
    valid = quotes[Quotes.valid_until].isna() | (quotes[Quotes.valid_until] >= pd.Timestamp(day))
    open_ = quotes[status.isin([QuoteStatus.PRICED, QuoteStatus.SENT]).fillna(False) & valid]
    lines_all = book.frame(QuoteLines)
    keys = set(zip(open_[Quotes.quote_id], open_[Quotes.version].astype(int), strict=True))
    mask = pd.Series(
        list(zip(lines_all[QuoteLines.quote_id], lines_all[QuoteLines.version], strict=True)),
        index=lines_all.index,
    ).isin(keys)
    lines = lines_all[mask & lines_all[QuoteLines.unit_cost].notna()]
    if lines.empty:
        return Outcome(f"no open priced quotes to compare ({day.isoformat()})")
    now = pricing.build_up(
        lines, book.frame(Quotes), book.frame(Products), book.frame(CostDrivers), policy, fx_on=day
    ).frame
    old_price = lines[QuoteLines.unit_price].where(
        lines[QuoteLines.unit_price] > 0, lines[QuoteLines.suggested_price]
    )
    new_ex = now[pricing.K_FX] + now[pricing.K_Q]
    margin_old_price = pricing.margin_at(old_price, new_ex, now[pricing.INS_SHARE])
    rows, details = [], []
    limit = float(policy.reprice_threshold)
    for (q, v), group in lines.groupby([str(QuoteLines.quote_id), str(QuoteLines.version)]):
        rep = now.loc[group.index]
        if not rep[pricing.OK].all():
            details.append(f"{q} v{v}: cannot be re-priced today (a cost or rate is missing)")
            continue
        move = checks.cost_move(group, rep)
        if abs(move) <= limit:
            continue
        details.append(f"{q} version {v}: costs moved {move:+.1%} since pricing")
        for row, line in group.iterrows():
            rec = {
                "quote": q,
                "version": int(v),
                "line": int(line[QuoteLines.line_no]),
                "sku": line[QuoteLines.sku],
                "old_price": float(old_price[row]),
                "new_suggested": float(rep.at[row, str(QuoteLines.suggested_price)]),
                "margin_at_old_price": round(float(margin_old_price[row]), 4),
                "cost_move": round(move, 4),
            }
            rows.append(rec)
            details.append(
                f"  line {rec['line']} {rec['sku']}: price {rec['old_price']:,.2f} → suggested "
                f"{rec['new_suggested']:,.2f}; margin at the old price now "
                f"{rec['margin_at_old_price']:.1%}"
            )
    stale = len({(r["quote"], r["version"]) for r in rows})
    summary = (
        f"{stale} open quote(s) moved more than {limit:.0%} since pricing"
        if stale
        else f"no open quote moved more than {limit:.0%} since pricing"
    )
    return Outcome(summary, findings=stale, details=details, data={"lines": rows})


# --- revise and diff ---------------------------------------------------------------------------


@dataclass
class RevisionRequest:
    """A revision as typed: `Header=value` for terms, `LINE:Header=value` for lines,
    `SKU:QTY` for new lines, and line numbers to drop."""

    terms: Sequence[str] = ()
    lines: Sequence[str] = ()
    add: Sequence[str] = ()
    drop: Sequence[int] = ()


def _parse_assignment(
    table: type[Table], text: str, allowed: Sequence[Column]
) -> tuple[Column, Any]:
    header, sep, raw = text.partition("=")
    if not sep:
        raise Refused(f"'{text}': expected Header=value, e.g. \"Payment Terms=TT50-50 BS\"")
    try:
        col = _by_header(table, header)
    except KeyError as exc:
        raise Refused(f"{table.sheet} has no column '{header.strip()}'") from exc
    if col not in allowed:
        raise Refused(f"a revision cannot set {table.sheet} → {col}")
    return col, _parse_value(table, col, raw)


def _by_header(table: type[Table], header: str) -> Column:
    want = G.norm_header(header)
    for col in table.columns():
        if want in G.header_names(col):
            return col
    raise KeyError(header)


def _parse_value(table: type[Table], col: Column, raw: str) -> Any:
    series, bad = G.coerce([raw], col)
    if bad:
        raise Refused(f"{table.sheet} → {col}: {bad[0][2]}")
    return G.python_cell(series.iloc[0])


def _revision(req: RevisionRequest) -> versions.Revision:
    rev = versions.Revision()
    for text in req.terms:
        col, value = _parse_assignment(Quotes, text, versions.REVISABLE)
        rev.terms[col] = value
    for text in req.lines:
        number, sep, rest = text.partition(":")
        if not sep or not number.strip().isdigit():
            raise Refused(f"'{text}': expected LINE:Header=value, e.g. \"2:Qty=800\"")
        col, value = _parse_assignment(QuoteLines, rest, versions.LINE_REVISABLE)
        rev.lines.setdefault(int(number), {})[col] = value
    for text in req.add:
        sku, sep, qty = text.partition(":")
        if not sep or not sku.strip():
            raise Refused(f"'{text}': expected SKU:QTY, e.g. \"HW-0042:500\"")
        rev.add.append(
            {
                QuoteLines.sku: sku.strip(),
                QuoteLines.qty: _parse_value(QuoteLines, QuoteLines.qty, qty),
            }
        )
    rev.drop = set(req.drop)
    return rev


def revise_quote(
    register: Register,
    quote_id: str,
    request: RevisionRequest | None = None,
    *,
    comment: str = "",
    now: dt.datetime | None = None,
    journal: ApprovalJournal | None = None,
) -> Outcome:
    """Make version n + 1 of a quote from its newest version, with the changes asked for; the
    earlier versions are marked superseded and the revision is logged. Approvals start again."""
    book = Book(register)
    _, current = book.quote_row(quote_id, None)
    quote_id = str(current[Quotes.quote_id])
    n = int(current[Quotes.version])
    status = str(current[Quotes.status] or "").lower()
    if status == QuoteStatus.WON:
        raise Refused(
            f"{quote_id} version {n} is won (order {current[Quotes.order_id] or '?'}): "
            "change the order, not the quote"
        )
    rev = _revision(request or RevisionRequest())
    products = book.frame(Products).drop_duplicates(str(Products.sku))
    units = dict(zip(products[Products.sku], products[Products.unit], strict=True))
    for extra in rev.add:
        if extra[QuoteLines.sku] not in units:
            raise Refused(f"{Products.sheet} has no SKU '{extra[QuoteLines.sku]}'")
        unit = units[extra[QuoteLines.sku]]
        extra.setdefault(QuoteLines.unit, unit if isinstance(unit, str) else None)
    when = (now or now_local()).replace(microsecond=0)
    try:
        new_quote, new_lines = versions.revise(
            current, book.lines(quote_id, n), rev, when.date(), next_version=n + 1
        )
    except versions.VersionError as exc:
        raise Refused(str(exc)) from exc
    new_quote[Quotes.approval] = A.approval_summary(None)
    register.append(Quotes, [new_quote])
    register.append(QuoteLines, new_lines)
    older = versions.older_versions(book.frame(Quotes), quote_id, n + 1)
    register.update(
        Quotes,
        {
            (quote_id, v): {
                Quotes.status: QuoteStatus.SUPERSEDED.value,
                Quotes.approval: "superseded",
            }
            for v in older
        },
    )
    digest = versions.quote_digest(_as_frame_row(new_quote), _as_frame(QuoteLines, new_lines))
    what = _describe_revision(rev)
    note = f"version {n + 1} from version {n}" + (f": {what}" if what else "")
    if comment.strip():
        note += f" — {comment.strip()}"
    entry = _log_step(book, register.user, quote_id, n + 1, Decision.REVISE, note, digest, None)
    j = journal or ApprovalJournal(register.source)
    log = book.frame(ApprovalLog)
    _refuse_unless_intact(register, j, log, "not revised")
    row = chain.next_entry(log, entry.entry(), at=when)
    register.append(ApprovalLog, [row])
    record = _keep_record(register, log, row)
    register.save()
    where = _record_head(j, record)
    return Outcome(
        f"{quote_id}: version {n + 1} made from version {n} (draft; price it, then it needs all "
        f"{len(LEVELS)} approvals); version(s) {', '.join(map(str, older)) or n} superseded",
        details=[note, f"journal: {where}"],
        data={"quote": quote_id, "version": n + 1, "superseded": older},
    )


def _describe_revision(rev: versions.Revision) -> str:
    parts = [f"{c} = {versions.canonical(v)}" for c, v in rev.terms.items()]
    parts += [
        f"line {n} {c} = {versions.canonical(v)}"
        for n, change in sorted(rev.lines.items())
        for c, v in change.items()
    ]
    parts += [f"add {a[QuoteLines.sku]} × {versions.canonical(a[QuoteLines.qty])}" for a in rev.add]
    parts += [f"drop line {n}" for n in sorted(rev.drop)]
    return "; ".join(parts)


def _as_frame(table: type[Table], rows: Sequence[Mapping[Column, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame([{str(c): r.get(c) for c in table.columns()} for r in rows])
    for col in table.columns():
        if col.type.numeric and col.type.value != "int":
            frame[str(col)] = pd.to_numeric(frame[str(col)], errors="coerce")
    return frame


def _as_frame_row(row: Mapping[Column, Any]) -> dict[str, Any]:
    return {str(c): v for c, v in row.items()}


def diff_quote(
    register: Register, quote_id: str, old: int | None = None, new: int | None = None
) -> Outcome:
    """What changed between two versions of a quote (default: the newest and the one before)."""
    book = Book(register)
    _, current = book.quote_row(quote_id, None)
    quote_id = str(current[Quotes.quote_id])
    new = new if new is not None else int(current[Quotes.version])
    old = old if old is not None else new - 1
    try:
        changes = versions.diff(book.frame(Quotes), book.frame(QuoteLines), quote_id, old, new)
    except versions.VersionError as exc:
        raise Refused(str(exc)) from exc
    summary = (
        f"{quote_id}: {len(changes)} change(s) from version {old} to version {new}"
        if changes
        else f"{quote_id}: versions {old} and {new} offer the same terms and lines"
    )
    return Outcome(
        summary,
        details=[c.text for c in changes],
        data={
            "quote": quote_id,
            "from": old,
            "to": new,
            "changes": [
                {"line": c.line, "field": c.field, "from": c.old, "to": c.new} for c in changes
            ],
        },
    )


# --- approve and reject --------------------------------------------------------------------------


def _log_step(
    book: Book,
    user: str,
    quote_id: str,
    version: int,
    decision: Decision,
    comment: str,
    digest: str,
    level: int | None,
) -> ApprovalStep:
    matrix = A.approvers(book.frame(Approvers))
    held = [a for a in matrix if A.same_user(a.user, user)]
    pick = next((a for a in held if a.level == level), held[0] if held else None)
    return ApprovalStep(
        user=pick.user if pick else user,
        role=pick.role if pick else None,
        level=level,
        quote_id=quote_id,
        version=version,
        decision=decision,
        comment=comment,
        digest=digest,
    )


def check_inputs(book: Book, policy: PricingPolicy, day: dt.date) -> checks.CheckInputs:
    return checks.CheckInputs(
        customers=book.frame(Customers),
        orders=book.frame(Orders),
        order_lines=book.frame(OrderLines),
        products=book.frame(Products),
        credit_bands=book.frame(CreditBands),
        lc_banks=book.frame(LCBanks),
        capacity=book.frame(Capacity),
        policy=policy,
        today=day,
    )


def approve_quote(
    register: Register,
    quote_id: str,
    version: int | None = None,
    *,
    level: int | None = None,
    comment: str | None = None,
    override: bool = False,
    now: dt.datetime | None = None,
    journal: ApprovalJournal | None = None,
) -> Outcome:
    """Approve a quote version at the next level, after showing that level's checks."""
    return _decide(
        register, quote_id, version, Decision.APPROVE, level, comment, override, now, journal
    )


def reject_quote(
    register: Register,
    quote_id: str,
    version: int | None = None,
    *,
    level: int | None = None,
    comment: str | None = None,
    now: dt.datetime | None = None,
    journal: ApprovalJournal | None = None,
) -> Outcome:
    """Reject a quote version at the next level, with a comment saying why."""
    return _decide(
        register, quote_id, version, Decision.REJECT, level, comment, False, now, journal
    )


def _decide(
    register: Register,
    quote_id: str,
    version: int | None,
    decision: Decision,
    level: int | None,
    comment: str | None,
    override: bool,
    now: dt.datetime | None,
    journal: ApprovalJournal | None,
) -> Outcome:
    book = Book(register)
    quote = book.quote(quote_id, version)
    label = quote.label
    if str(quote.status or "").lower() == QuoteStatus.SUPERSEDED:
        raise Refused(f"{label} is superseded: decide on the newest version")
    if decision is Decision.APPROVE and (
        str(quote.status or "").lower() in ("", QuoteStatus.DRAFT) or not quote.priced_at
    ):
        raise Refused(
            f"not approved: {label} is {quote.status or 'not priced'}: price it first (Price "
            "quote), so that the approvers see its cost build-up"
        )
    state = book.state()
    st = A.state_of(state, quote.quote_id, quote.version)
    try:
        approver = A.decide(
            st,
            quote=label,
            user=register.user,
            matrix=A.approvers(book.frame(Approvers)),
            decision=decision,
            level=level,
        )
    except A.ApprovalRefused as exc:
        raise Refused(f"not {_past(decision)}: {exc}") from exc
    lines = book.lines(quote.quote_id, quote.version)
    when = (now or now_local()).replace(microsecond=0)
    policy = book.policy()
    inputs = check_inputs(book, policy, when.date())
    if approver.level == 2 and len(lines) and lines[QuoteLines.unit_cost].notna().all():
        inputs.repriced = pricing.build_up(
            lines,
            book.frame(Quotes),
            book.frame(Products),
            book.frame(CostDrivers),
            policy,
            fx_on=when.date(),
        ).frame
    found = checks.level_checks(approver.level, quote, lines, inputs)
    shown = [c.line() for c in found]
    failed = [c for c in found if c.state is CheckState.FAIL]
    text = (comment if comment is not None else _note(book, quote, st)).strip()
    if decision is Decision.REJECT and not text:
        raise Refused(
            f"not rejected: a rejection needs a comment saying why (--comment, or the "
            f"{Quotes.decision_note} cell of {label})"
        )
    if decision is Decision.APPROVE and failed:
        names = ", ".join(c.name for c in failed)
        if not override:
            raise Refused(
                f"not approved: {label} fails the level {approver.level} check(s) {names}:\n"
                + "\n".join(f"  {line}" for line in shown)
                + "\nReject it, have it revised, or approve with --override and a comment "
                "saying why."
            )
        if not text:
            raise Refused("not approved: an override needs a comment saying why (--comment)")
        text = f"OVERRIDE ({names}): {text}"
    digest = versions.quote_digest(book.quote_row(quote.quote_id, quote.version)[1], lines)
    step = _log_step(
        book, approver.user, quote.quote_id, quote.version, decision, text, digest, approver.level
    )
    log = book.frame(ApprovalLog)
    j = journal or ApprovalJournal(register.source)
    _refuse_unless_intact(register, j, log, f"not {_past(decision)}")
    row = chain.next_entry(log, step.entry(), at=when)
    register.append(ApprovalLog, [row])
    record = _keep_record(register, log, row)
    after = A.approval_state(
        pd.concat([log, _as_frame(ApprovalLog, [row])], ignore_index=True), book.digests()
    )
    st_after = A.state_of(after, quote.quote_id, quote.version)
    register.update(
        Quotes, {(quote.quote_id, quote.version): {Quotes.approval: A.approval_summary(st_after)}}
    )
    register.save()
    where = _record_head(j, record)
    role = LEVELS[approver.level].value
    summary = f"{label}: {_past(decision)} at level {approver.level} ({role}) by {approver.user}"
    summary += f"; now {A.approval_summary(st_after)}"
    details = [*shown]
    if text:
        details.append(f"comment: {text}")
    details.append(f"journal: {where}")
    return Outcome(
        summary,
        details=details,
        data={
            "quote": quote.quote_id,
            "version": quote.version,
            "level": approver.level,
            "decision": decision.value,
            "user": approver.user,
            "checks": [c.model_dump(mode="json") for c in found],
            "approval": A.approval_summary(st_after),
            "seq": row[ApprovalLog.seq],
        },
    )


def _past(decision: Decision) -> str:
    return {Decision.APPROVE: "approved", Decision.REJECT: "rejected"}.get(decision, "revised")


def _note(book: Book, quote: Quote, st: Mapping[str, Any] | None) -> str:
    """The Decision Note typed on the quote's row, unless the log already carries it for this
    version (a note left by the previous approver is not repeated under another name)."""
    _, row = book.quote_row(quote.quote_id, quote.version)
    note = row[Quotes.decision_note]
    if not isinstance(note, str) or not note.strip():
        return ""
    log = book.frame(ApprovalLog)
    mine = log[
        (log[ApprovalLog.quote_id] == quote.quote_id) & (log[ApprovalLog.version] == quote.version)
    ]
    said = {str(c).strip() for c in mine[ApprovalLog.comment].dropna()}
    return "" if any(note.strip() == s or s.endswith(note.strip()) for s in said) else note


def _records(register: Register, j: ApprovalJournal) -> tuple[list[chain.ChainHead], str | None]:
    """What is recorded of the log outside it: the journal file and the workbook's own copy."""
    head, _, problem = j.read()
    records = [head] if head is not None else []
    kept = register.meta(META_KEY)
    if isinstance(kept, dict):
        try:
            records.append(chain.ChainHead.from_dict(kept))
        except (ValueError, TypeError) as exc:
            problem = f"the workbook's own record of the approval log cannot be read ({exc})"
    return records, problem


def _refuse_unless_intact(
    register: Register, j: ApprovalJournal, log: pd.DataFrame, refusal: str
) -> None:
    """An entry is appended only to a log that verifies against its chain and its records:
    appending to a broken one would bury the break under a fresh, intact head."""
    records, problem = _records(register, j)
    report = chain.verify_records(log, records)
    if report.ok and not problem:
        return
    register.check_unchanged()  # a save by someone else since the read is not a broken log
    if problem:
        raise Refused(f"{refusal}: {problem}; nothing was written. Run Verify approval log.")
    first = report.findings[0]
    more = f" (and {len(report.findings) - 1} more finding(s))" if len(report.findings) > 1 else ""
    raise Refused(
        f"{refusal}: the approval log does not verify, so nothing is added to it: "
        f"{first.message}{more}. Nothing was written; run Verify approval log "
        "(quote verify-log) and restore the log from a backup."
    )


def _keep_record(
    register: Register, log: pd.DataFrame, row: Mapping[Column, Any]
) -> chain.ChainHead:
    """The record of the log with `row` appended, kept in the workbook (saved with the row)."""
    record = chain.record_of_frame(log).then([row])
    register.set_meta(META_KEY, record.as_dict())
    return record


def _record_head(j: ApprovalJournal, record: chain.ChainHead) -> str:
    try:
        return str(j.write(record))
    except OSError as exc:
        return f"not written ({exc}); verify-log cannot catch deleted newest rows until it is"
    except RegisterError as exc:
        return f"not written: {exc}"


# --- verify ---------------------------------------------------------------------------------------


def verify_log(
    register: Register, *, journal: ApprovalJournal | None = None, accept: bool = False
) -> Outcome:
    """Check the ApprovalLog's hash chain and its journal; name every edited, deleted, inserted
    or reordered row. `accept` records the log's current head as the journal's (after restoring
    a backup on purpose)."""
    log = register.read(ApprovalLog)
    j = journal or ApprovalJournal(register.source)
    head, where, problem = j.read()
    records, kept_problem = _records(register, j)
    report = chain.verify_records(log.frame, [] if accept else records)
    details = [f.message for f in report.findings] + report.notes
    details += [f"unreadable cell: {issue}" for issue in log.issues]
    details += [p for p in (problem, kept_problem) if p]
    current = chain.record_of_frame(log.frame)
    wrote = None
    if accept or (report.ok and not problem):
        # Start the journal, follow rows added elsewhere (it only grows), or accept the log as
        # it stands (after restoring a backup on purpose; the old record is kept).
        try:
            if accept or head is None or current.hashes != head.hashes:
                wrote = j.write(current, replace=accept)
        except (OSError, RegisterError) as exc:
            details.append(f"journal not written: {exc}")
        if accept and register.meta(META_KEY) != current.as_dict():
            register.set_meta(META_KEY, current.as_dict())
            register.save()
    if head is None and not accept:
        details.append(
            "no journal was found: it starts now"
            + (f" ({wrote})" if wrote else "")
            + (
                "; the workbook's own record was checked"
                if records
                else "; the check of deleted newest rows starts now"
            )
        )
    elif accept and wrote:
        details.append(
            f"the journal now records Seq {current.seq if current.seq is not None else '-'} "
            f"({wrote}); the earlier record is kept in it under 'superseded'"
        )
    elif where is not None:
        details.append(f"journal: {where}")
    n = len(report.findings)
    if n:
        summary = f"the approval log does NOT verify: {n} finding(s) in {report.rows} row(s)"
    else:
        summary = f"the approval log verifies: {report.rows} row(s), chain intact"
        if report.head is not None:
            summary += f" up to Seq {report.head.seq}"
    return Outcome(
        summary,
        findings=n,
        details=details,
        data={
            "rows": report.rows,
            "findings": [
                {"kind": f.kind.value, "row": f.row, "seq": f.seq, "message": f.message}
                for f in report.findings
            ],
        },
    )
