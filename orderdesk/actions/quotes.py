"""Quote actions: price, re-price, revise and diff (approve, reject and verify-log are in
`quote_approval`, re-exported here).

Each reads what it needs from the register (`quote_book.Book`), asks the domain
(`domain/quotes/`: pricing, versions and the desk's rules), writes OrderDesk's columns and
appends to its logs, and saves once.
"""

from __future__ import annotations

from typing import Any

from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.actions.quote_approval import approve_quote, journal_of, reject_quote, verify_log
from orderdesk.actions.quote_book import (
    Book,
    append_entry,
    as_frame,
    as_frame_row,
    cells,
    line_cells,
    read_value,
    record_head,
)
from orderdesk.domain.quotes import approval as A
from orderdesk.domain.quotes import pricing, versions
from orderdesk.domain.quotes import rules as R
from orderdesk.domain.quotes.models import LEVELS
from orderdesk.domain.quotes.rules import Refused, RevisionRequest
from orderdesk.schema import (
    ApprovalLog,
    Approvers,
    Column,
    CostDrivers,
    Decision,
    Products,
    QuoteLines,
    Quotes,
    QuoteStatus,
)

# approve, reject and verify-log live in quote_approval; callers find them here too
__all__ = ["Refused", "RevisionRequest", "approve_quote", "reject_quote", "verify_log"]


# --- price -----------------------------------------------------------------------------------


def price_quote(
    ctx: RunContext, quote_id: str | None = None, version: int | None = None
) -> Outcome:
    """Work out the cost build-up and suggested prices of a quote version (the newest when no
    version is given), or of every draft quote when no quote is given, and write them."""
    register = ctx.register
    book = Book(ctx)
    policy = book.policy()
    quotes = book.frame(Quotes)
    state = book.state()
    if quote_id:
        row, data = book.quote_row(quote_id, version)
        targets = [(data[Quotes.quote_id], int(data[Quotes.version]))]
        R.may_price(data, A.state_of(state, *targets[0]))
    else:
        targets = R.draft_targets(quotes, state)
    if not targets:
        return Outcome("nothing to price: no draft quote versions")
    lines_all = book.frame(QuoteLines)
    lines = lines_all[
        R.version_keys(lines_all, QuoteLines.quote_id, QuoteLines.version).isin(targets)
    ]
    result = pricing.build_up(lines, quotes, book.frame(Products), book.frame(CostDrivers), policy)
    when = ctx.now()
    register.update(QuoteLines, line_cells(lines, result.frame))

    quote_changes: dict[tuple[Any, ...], dict[Column, Any]] = {}
    details: list[str] = []
    below = 0
    for q, v in targets:
        _, header = book.quote_row(q, v)
        mine = lines[(lines[QuoteLines.quote_id] == q) & (lines[QuoteLines.version] == v)]
        priced = result.frame.loc[mine.index]
        ccy = str(header[Quotes.currency])
        in_ccy = str(header[Quotes.currency] or policy.base_currency)
        terms = cells(R.priced_terms(mine, priced, in_ccy, when))
        quote_changes[(q, v)] = terms
        total = terms[Quotes.total]
        verdict = (
            f"total {total:,.2f} {ccy}"
            if terms[Quotes.status] == QuoteStatus.PRICED
            else "not priced: see the problems below"
        )
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
    problems = [book.problem_text(p) for p in result.problems]
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


# --- re-price --------------------------------------------------------------------------------


def reprice(ctx: RunContext) -> Outcome:
    """Open quotes whose costs moved past the re-pricing threshold since they were priced, with
    the new suggested price and the margin at the old price. Writes nothing."""
    book = Book(ctx)
    policy = book.policy()
    day = ctx.today
    open_ = R.open_versions(book.frame(Quotes), day)
    lines_all = book.frame(QuoteLines)
    keys = set(zip(open_[Quotes.quote_id], open_[Quotes.version].astype(int), strict=True))
    mask = R.version_keys(lines_all, QuoteLines.quote_id, QuoteLines.version).isin(keys)
    lines = lines_all[mask & lines_all[QuoteLines.unit_cost].notna()]
    if lines.empty:
        return Outcome(f"no open priced quotes to compare ({day.isoformat()})")
    now = pricing.build_up(
        lines, book.frame(Quotes), book.frame(Products), book.frame(CostDrivers), policy, fx_on=day
    ).frame
    limit = float(policy.reprice_threshold)
    found = R.repricing(lines, now, limit)
    stale = found.stale
    summary = (
        f"{stale} open quote(s) moved more than {limit:.0%} since pricing"
        if stale
        else f"no open quote moved more than {limit:.0%} since pricing"
    )
    return Outcome(summary, findings=stale, details=found.details, data={"lines": found.rows})


# --- revise and diff ---------------------------------------------------------------------------


def revise_quote(
    ctx: RunContext, quote_id: str, request: RevisionRequest | None = None, *, comment: str = ""
) -> Outcome:
    """Make version n + 1 of a quote from its newest version, with the changes asked for; the
    earlier versions are marked superseded and the revision is logged. Approvals start again."""
    register = ctx.register
    book = Book(ctx)
    _, current = book.quote_row(quote_id, None)
    quote_id = str(current[Quotes.quote_id])
    n = int(current[Quotes.version])
    R.may_revise(current)
    rev = R.parse_revision(request or RevisionRequest(), read_value)
    R.add_units(rev, book.frame(Products))
    when = ctx.now()
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
    digest = versions.quote_digest(as_frame_row(new_quote), as_frame(QuoteLines, new_lines))
    what = R.describe_revision(rev)
    note = f"version {n + 1} from version {n}" + (f": {what}" if what else "")
    if comment.strip():
        note += f" — {comment.strip()}"
    matrix = A.approvers(book.frame(Approvers))
    entry = R.log_step(matrix, register.user, quote_id, n + 1, Decision.REVISE, note, digest, None)
    j = journal_of(ctx)
    log = book.frame(ApprovalLog)
    _, record = append_entry(register, j, log, entry.entry(), at=when, refusal="not revised")
    register.save()
    where = record_head(j, record)
    return Outcome(
        f"{quote_id}: version {n + 1} made from version {n} (draft; price it, then it needs all "
        f"{len(LEVELS)} approvals); version(s) {', '.join(map(str, older)) or n} superseded",
        details=[note, f"journal: {where}"],
        data={"quote": quote_id, "version": n + 1, "superseded": older},
    )


def diff_quote(
    ctx: RunContext, quote_id: str, old: int | None = None, new: int | None = None
) -> Outcome:
    """What changed between two versions of a quote (default: the newest and the one before)."""
    book = Book(ctx)
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
