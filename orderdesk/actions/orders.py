"""The ribbon's Orders group: Validate and Questions.

Validate checks the register and writes what it found: the Issues sheet (one row per finding,
then the completeness questions), the Check column on Orders and a highlight on every offending
cell. Each run replaces the previous one's results, marks included, and writes nothing else.

The rules always run over the whole register: a duplicate PO number or a credit limit involves
other orders, and the whole register checks in a fraction of the time it takes to read it. The
orders asked for (`--order`, or the rows selected in Excel) decide what is reported: the Issues
sheet, the summary and the exit code (`domain/validation/report.py` decides the scope, the sheet
and the cells). The Check column and the highlights always show the state of every order, so
neither is ever left stale by a narrower run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from orderdesk.actions.aftersales import with_complaint_clock
from orderdesk.actions.base import Outcome, known_orders, stage
from orderdesk.actions.context import RunContext
from orderdesk.domain.questions import OrderQuestions, questions_for
from orderdesk.domain.validation import Finding, ValidationContext, context_from, validate
from orderdesk.domain.validation.report import (
    Scope,
    Tally,
    check_cells,
    chooses_rows,
    issues_sheet,
    marked_cells,
    questions_summary,
    report_lines,
    rows_used_by,
    selected_orders,
    selected_rows,
)
from orderdesk.ports import Register, TableData
from orderdesk.schema import (
    ApprovalLog,
    BankEntries,
    Complaints,
    CreditBands,
    Customers,
    Invoices,
    LCBanks,
    LCs,
    Milestones,
    OrderLines,
    Orders,
    Products,
    QuoteLines,
    Quotes,
    Settings,
    Shipments,
    Standings,
    Suppliers,
    Table,
)
from orderdesk.settings import Policy

# The tables Validate reads: the trade tables and the policy tables the rules apply.
CHECKED: tuple[type[Table], ...] = (
    Orders,
    OrderLines,
    Customers,
    Products,
    Suppliers,
    Shipments,
    LCs,
    Invoices,
    BankEntries,
    CreditBands,
    LCBanks,
    Standings,
    Quotes,
    QuoteLines,
    ApprovalLog,
    Milestones,  # execution (issue 20): MILESTONE-OVERDUE
    Complaints,  # after-sales (issue 21): COMPLAINT-SLA-BREACH
)
MARK = "FFC7CE"  # Excel's light red "bad" fill: the offending cells
DETAIL_LINES = 25  # findings listed in the summary; the Issues sheet has them all


@dataclass
class Checked:
    """The register as read and what the rules found in it."""

    tables: dict[type[Table], TableData]
    context: ValidationContext
    findings: list[Finding]
    scope: Scope

    @property
    def reported(self) -> list[Finding]:
        return [f for f in self.findings if self.scope.includes(f)]


def check_register(
    run: RunContext | Register,
    orders: Sequence[str] = (),
    *,
    current_row: bool = False,
    needed: Iterable[type[Table]] = (),
) -> Checked:
    """Read the register, run every rule, and work out which orders to report on. A table in
    `needed` (another action's own inputs) is refused when its sheet or a required column is
    missing; for Validate itself that is what it reports (COLUMN-MISSING, skipped rules). The
    documents' actions, which check before they write, pass their register: a context is then
    built for this check."""
    ctx = run if isinstance(run, RunContext) else RunContext.of(run)
    strict = set(needed)
    with stage(ctx.progress, "Reading the register", len(CHECKED) + 1) as bar:
        tables: dict[type[Table], TableData] = {}
        for table in CHECKED:
            tables.update(ctx.tables(table, optional=table not in strict))
            bar.advance()
        policy = Policy(ctx.tables(Settings, optional=True)[Settings])
        bar.advance()
    context = context_from(ctx.today, policy.base_currency, tables[CreditBands], tables[LCBanks])
    context = with_complaint_clock(ctx, policy, context)
    with stage(ctx.progress, "Checking the orders"):
        findings = validate(tables, context)
    return Checked(tables, context, findings, _scope(ctx.register, tables, orders, current_row))


def validate_orders(ctx: RunContext, *, orders: Sequence[str] = ()) -> Outcome:
    """Validate: findings to the Issues sheet, Check column, highlights; exit code 1 on errors."""
    register, progress = ctx.register, ctx.progress
    checked = check_register(ctx, orders)
    reported = checked.reported
    with stage(progress, "Asking the questions"):
        questions = questions_for(
            reported, checked.tables, checked.context, orders=checked.scope.orders
        )
    with stage(progress, "Writing the results", 4) as bar:
        register.write_sheet(
            issues_sheet(reported, questions, checked.scope, register.user, ctx.today)
        )
        bar.advance()
        register.update(Orders, check_cells(checked.tables[Orders], checked.findings))
        bar.advance()
        for table, cells in marked_cells(checked.findings, checked.tables).items():
            register.set_marks(table, cells, MARK)
        bar.advance()
        register.save()
        bar.advance()
    return _outcome(checked, reported, questions)


def order_questions(ctx: RunContext, *, orders: Sequence[str] = ()) -> Outcome:
    """Questions: the completeness questions of the orders asked for, ready to send. Writes
    nothing (Validate puts the same questions on the Issues sheet)."""
    checked = check_register(ctx, orders, current_row=True)
    questions = questions_for(
        checked.reported, checked.tables, checked.context, orders=checked.scope.orders
    )
    letters = [q.letter() for q in questions]
    details: list[str] = []
    for q, letter in zip(questions, letters, strict=True):
        details.append(f"── {q.order_id} · {q.customer or '?'} · {q.language} " + "─" * 20)
        details += letter.splitlines()
        details.append("")
    summary = questions_summary(len(questions), checked.scope)
    return Outcome(
        summary,
        findings=len(questions),
        details=details,
        data={
            "questions": [
                {**q.model_dump(), "letter": letter}
                for q, letter in zip(questions, letters, strict=True)
            ]
        },
    )


# --- what is reported --------------------------------------------------------------------------


def _scope(
    register: Register,
    tables: dict[type[Table], TableData],
    orders: Sequence[str],
    current_row: bool,
) -> Scope:
    ids: set[str] | None
    if orders:
        ids = set(known_orders(orders, tables[Orders].frame[Orders.order_id]))
    else:
        ids = _selected_orders(register, tables, current_row)
    if ids is None:
        return Scope()
    return Scope(ids, rows_used_by(ids, tables))


def _selected_orders(
    register: Register, tables: dict[type[Table], TableData], current_row: bool
) -> set[str] | None:
    """The orders behind the rows selected in Excel (None: all orders)."""
    selection = register.selection()
    if selection is None or not chooses_rows(selection, current_row=current_row):
        return None
    data = tables.get(selection.table) or register.read(selection.table)
    rows = selected_rows(data, selection)
    return selected_orders(selection.table, rows, tables[Orders].frame)


def _outcome(
    checked: Checked, reported: Sequence[Finding], questions: Sequence[OrderQuestions]
) -> Outcome:
    tally = Tally.of(reported)
    return Outcome(
        tally.summary(checked.scope, len(questions)),
        findings=tally.errors,
        details=report_lines(reported, checked.tables, DETAIL_LINES),
        data={
            "errors": tally.errors,
            "warnings": tally.warnings,
            "by_rule": tally.by_rule,
            "issues": [f.as_dict() for f in reported],
            "questions": [q.model_dump() for q in questions],
        },
    )
