"""Quote approval actions: approve, reject, and verify the approval log.

Approve and reject read the log, append one hash-chained row and save in one go: when someone
else saved the workbook in between, the file adapter refuses the save (ChangedOnDisk) and the
user runs the action again, so two approvers never fork the chain.
"""

from __future__ import annotations

import pandas as pd

from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.actions.quote_book import (
    Book,
    append_entry,
    as_frame,
    record_head,
    records,
)
from orderdesk.adapters.approval_journal import META_KEY, ApprovalJournal
from orderdesk.domain.quotes import approval as A
from orderdesk.domain.quotes import chain, checks, versions
from orderdesk.domain.quotes import rules as R
from orderdesk.domain.quotes.models import LEVELS
from orderdesk.domain.quotes.rules import Refused
from orderdesk.ports import RegisterError
from orderdesk.schema import (
    ApprovalLog,
    Approvers,
    CostDrivers,
    Decision,
    Products,
    Quotes,
)

JOURNAL = "journal"  # ctx.client(JOURNAL): the approval journal (else the one beside the workbook)


def journal_of(ctx: RunContext) -> ApprovalJournal:
    """The run's approval journal: a test's, else the one beside the workbook."""
    return ctx.client(JOURNAL) or ApprovalJournal(ctx.register.source)


def approve_quote(
    ctx: RunContext,
    quote_id: str,
    version: int | None = None,
    *,
    level: int | None = None,
    comment: str | None = None,
    override: bool = False,
) -> Outcome:
    """Approve a quote version at the next level, after showing that level's checks."""
    return _decide(ctx, quote_id, version, Decision.APPROVE, level, comment, override)


def reject_quote(
    ctx: RunContext,
    quote_id: str,
    version: int | None = None,
    *,
    level: int | None = None,
    comment: str | None = None,
) -> Outcome:
    """Reject a quote version at the next level, with a comment saying why."""
    return _decide(ctx, quote_id, version, Decision.REJECT, level, comment, False)


def _decide(
    ctx: RunContext,
    quote_id: str,
    version: int | None,
    decision: Decision,
    level: int | None,
    comment: str | None,
    override: bool,
) -> Outcome:
    register = ctx.register
    book = Book(ctx)
    quote = book.quote(quote_id, version)
    label = quote.label
    R.may_decide(quote, decision)
    st = A.state_of(book.state(), quote.quote_id, quote.version)
    matrix = A.approvers(book.frame(Approvers))
    try:
        approver = A.decide(
            st, quote=label, user=register.user, matrix=matrix, decision=decision, level=level
        )
    except A.ApprovalRefused as exc:
        raise Refused(f"not {R.past(decision)}: {exc}") from exc
    lines = book.lines(quote.quote_id, quote.version)
    when = ctx.now()
    policy = book.policy()
    inputs = book.check_inputs(policy, when.date())
    inputs.repriced = R.repriced_for_level(
        approver.level,
        lines,
        book.frame(Quotes),
        book.frame(Products),
        book.frame(CostDrivers),
        policy,
        when.date(),
    )
    found = checks.level_checks(approver.level, quote, lines, inputs)
    log = book.frame(ApprovalLog)
    _, row = book.quote_row(quote.quote_id, quote.version)
    note = R.unrepeated_note(row[Quotes.decision_note], log, quote.quote_id, quote.version)
    text = R.decision_comment(
        decision,
        comment if comment is not None else note,
        label=label,
        level=approver.level,
        shown=found,
        override=override,
    )
    digest = versions.quote_digest(row, lines)
    step = R.log_step(
        matrix, approver.user, quote.quote_id, quote.version, decision, text, digest, approver.level
    )
    j = journal_of(ctx)
    entry, record = append_entry(
        register, j, log, step.entry(), at=when, refusal=f"not {R.past(decision)}"
    )
    after = A.approval_state(
        pd.concat([log, as_frame(ApprovalLog, [entry])], ignore_index=True), book.digests()
    )
    st_after = A.state_of(after, quote.quote_id, quote.version)
    register.update(
        Quotes, {(quote.quote_id, quote.version): {Quotes.approval: A.approval_summary(st_after)}}
    )
    register.save()
    where = record_head(j, record)
    role = LEVELS[approver.level].value
    summary = f"{label}: {R.past(decision)} at level {approver.level} ({role}) by {approver.user}"
    summary += f"; now {A.approval_summary(st_after)}"
    details = [c.line() for c in found]
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
            "seq": entry[ApprovalLog.seq],
        },
    )


# --- verify ---------------------------------------------------------------------------------------


def verify_log(ctx: RunContext, *, accept: bool = False) -> Outcome:
    """Check the ApprovalLog's hash chain and its journal; name every edited, deleted, inserted
    or reordered row. `accept` records the log's current head as the journal's (after restoring
    a backup on purpose)."""
    register = ctx.register
    log = register.read(ApprovalLog)
    j = journal_of(ctx)
    head, where, problem = j.read()
    found, kept_problem = records(register, j)
    report = chain.verify_records(log.frame, [] if accept else found)
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
                if found
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
