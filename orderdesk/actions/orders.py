"""The ribbon's Orders group: Validate and Questions.

Validate checks the register and writes what it found: the Issues sheet (one row per finding,
then the completeness questions), the Check column on Orders and a highlight on every offending
cell. Each run replaces the previous one's results, marks included, and writes nothing else.

The rules always run over the whole register: a duplicate PO number or a credit limit involves
other orders, and the whole register checks in a fraction of the time it takes to read it. The
orders asked for (`--order`, or the rows selected in Excel) decide what is reported: the Issues
sheet, the summary and the exit code. The Check column and the highlights always show the state
of every order, so neither is ever left stale by a narrower run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from orderdesk.actions.base import NO_PROGRESS, Outcome, Progress, known_orders, stage
from orderdesk.domain.questions import OrderQuestions, questions_for
from orderdesk.domain.validation import (
    CONTEXT_ONLY,
    Finding,
    Severity,
    ValidationContext,
    context_from,
    row_statuses,
    validate,
)
from orderdesk.ports import Block, Key, Register, SheetContent, TableData, today
from orderdesk.schema import (
    ApprovalLog,
    BankEntries,
    Column,
    CreditBands,
    Customers,
    Invoices,
    Issues,
    LCBanks,
    LCs,
    Milestones,
    OrderLines,
    Orders,
    Products,
    Questions,
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
)
MARK = "FFC7CE"  # Excel's light red "bad" fill: the offending cells
ERROR_FILL, WARNING_FILL = "FFC7CE", "FFEB9C"  # severity cells on the Issues sheet
DETAIL_LINES = 25  # findings listed in the summary; the Issues sheet has them all
QUESTION_WIDTH = 28  # the Questions' text column, which is also the findings' Value column


@dataclass
class Scope:
    """The orders a run reports on (None: all), and the customer, product and supplier rows
    those orders use (their findings are reported with them)."""

    orders: set[str] | None = None
    rows: set[tuple[str, int]] = field(default_factory=set)

    def includes(self, f: Finding) -> bool:
        if self.orders is None:
            return True
        if f.order_id is not None:
            return f.order_id in self.orders
        return (f.cell.sheet, f.cell.row) in self.rows

    def describe(self) -> str:
        if self.orders is None:
            return "all orders"
        ids = sorted(self.orders)
        shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
        return f"{len(ids)} order{'s' if len(ids) != 1 else ''} ({shown})"


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
    register: Register,
    orders: Sequence[str] = (),
    progress: Progress = NO_PROGRESS,
    *,
    current_row: bool = False,
    needed: Iterable[type[Table]] = (),
) -> Checked:
    """Read the register, run every rule, and work out which orders to report on. A table in
    `needed` (another action's own inputs) is refused when its sheet or a required column is
    missing; for Validate itself that is what it reports (COLUMN-MISSING, skipped rules)."""
    strict = set(needed)
    with stage(progress, "Reading the register", len(CHECKED) + 1) as bar:
        tables: dict[type[Table], TableData] = {}
        for table in CHECKED:
            tables[table] = register.read(table, optional=table not in strict)
            bar.advance()
        policy = Policy(register.read(Settings, optional=True))
        bar.advance()
    context = context_from(today(), policy.base_currency, tables[CreditBands], tables[LCBanks])
    with stage(progress, "Checking the orders"):
        findings = validate(tables, context)
    return Checked(tables, context, findings, _scope(register, tables, orders, current_row))


def validate_orders(
    register: Register, *, orders: Sequence[str] = (), progress: Progress = NO_PROGRESS
) -> Outcome:
    """Validate: findings to the Issues sheet, Check column, highlights; exit code 1 on errors."""
    checked = check_register(register, orders, progress)
    reported = checked.reported
    with stage(progress, "Asking the questions"):
        questions = questions_for(
            reported, checked.tables, checked.context, orders=checked.scope.orders
        )
    with stage(progress, "Writing the results", 4) as bar:
        register.write_sheet(issues_sheet(reported, questions, checked.scope, register.user))
        bar.advance()
        _write_check(register, checked.tables[Orders], checked.findings)
        bar.advance()
        _write_marks(register, checked)
        bar.advance()
        register.save()
        bar.advance()
    return _outcome(checked, reported, questions)


def order_questions(register: Register, *, orders: Sequence[str] = ()) -> Outcome:
    """Questions: the completeness questions of the orders asked for, ready to send. Writes
    nothing (Validate puts the same questions on the Issues sheet)."""
    checked = check_register(register, orders, current_row=True)
    questions = questions_for(
        checked.reported, checked.tables, checked.context, orders=checked.scope.orders
    )
    letters = [q.letter() for q in questions]
    details: list[str] = []
    for q, letter in zip(questions, letters, strict=True):
        details.append(f"── {q.order_id} · {q.customer or '?'} · {q.language} " + "─" * 20)
        details += letter.splitlines()
        details.append("")
    if questions:
        summary = (
            f"questions for {len(questions)} order{'s' if len(questions) != 1 else ''} "
            f"of {checked.scope.describe()}"
        )
    else:
        summary = f"no questions: nothing is missing or doubtful in {checked.scope.describe()}"
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
    return Scope(ids, _rows_used_by(ids, tables))


def _selected_orders(
    register: Register, tables: dict[type[Table], TableData], current_row: bool
) -> set[str] | None:
    """The orders behind the rows selected in Excel: orders, their lines, shipments or
    invoices, or all orders of selected customers. None: all orders. The one active cell Excel
    always has is not a choice of rows, except for an action on the current row (`current_row`:
    Questions asks about the order under the cursor)."""
    selection = register.selection()
    if selection is None or not selection.keys or (selection.single_cell and not current_row):
        return None
    table = selection.table
    data = tables.get(table) or register.read(table)
    keys = {tuple(str(v) for v in k) for k in selection.keys}
    frame = data.frame
    chosen = [
        row
        for row, key in zip(frame.index, data.keys(), strict=True)
        if tuple(str(v) for v in key) in keys
    ]
    rows = frame.loc[chosen]
    if table is Customers:
        orders = tables[Orders].frame
        return set(
            orders.loc[
                orders[Orders.customer].isin(rows[Customers.customer_id]), Orders.order_id
            ].dropna()
        )
    column = getattr(table, "order_id", None)
    if not isinstance(column, Column):
        return None
    return set(rows[str(column)].dropna())


def _rows_used_by(orders: set[str], tables: dict[type[Table], TableData]) -> set[tuple[str, int]]:
    """Customer, product and supplier rows the given orders use."""
    order_frame = tables[Orders].frame
    lines = tables[OrderLines].frame if tables[OrderLines].found else None
    used: dict[Column, set[str]] = {
        Customers.customer_id: set(
            order_frame.loc[order_frame[Orders.order_id].isin(orders), Orders.customer].dropna()
        ),
        Products.sku: set(),
        Suppliers.supplier_id: set(),
    }
    if lines is not None:
        mine = lines[lines[OrderLines.order_id].isin(orders)]
        used[Products.sku] = set(mine[OrderLines.sku].dropna())
        used[Suppliers.supplier_id] = set(mine[OrderLines.supplier].dropna())
    rows: set[tuple[str, int]] = set()
    for key, ids in used.items():
        data = tables[key.table]
        if not data.found or not ids:
            continue
        hit = data.frame.index[data.frame[str(key)].isin(ids)]
        rows |= {(key.table.sheet, int(r)) for r in hit}
    return rows


def issues_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """The findings as the Issues table's rows."""
    rows = [
        {
            Issues.order_id: f.order_id,
            Issues.sheet_name: f.cell.sheet,
            Issues.row_no: f.cell.row,
            Issues.column_name: f.cell.column,
            Issues.value: f.value or None,
            Issues.rule: f.rule,
            Issues.severity: f.severity.value,
            Issues.message: f.message,
        }
        for f in findings
    ]
    return pd.DataFrame(rows, columns=list(Issues.columns()))


def questions_frame(questions: Iterable[OrderQuestions]) -> pd.DataFrame:
    rows = [
        {
            Questions.order_id: q.order_id,
            Questions.customer: q.customer,
            Questions.language: q.language,
            Questions.number: i,
            Questions.question: text,
        }
        for q in questions
        for i, text in enumerate(q.questions, start=1)
    ]
    return pd.DataFrame(rows, columns=list(Questions.columns()))


def issues_sheet(
    findings: Sequence[Finding], questions: Sequence[OrderQuestions], scope: Scope, user: str
) -> SheetContent:
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    notes = [
        f"{_first_upper(scope.describe())} checked on {today().isoformat()} by {user}: "
        f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}.",
        "Fix the highlighted cells, then run Validate again: this sheet is rewritten every time.",
    ]
    heading = "Validation findings"
    frame = issues_frame(findings)
    # The severity cells, coloured: rows start under the heading, the notes and a blank line.
    header_row = 1 + 1 + len(notes) + 1
    letter = chr(ord("A") + list(Issues.columns()).index(Issues.severity))
    marks = {
        f"{letter}{header_row + i}": ERROR_FILL if f.severity is Severity.ERROR else WARNING_FILL
        for i, f in enumerate(findings, start=1)
    }
    blocks = [
        Block(
            Issues.table_name,
            frame,
            widths={str(c): c.width for c in Issues.columns()},
        ),
        Block(
            Questions.table_name,
            questions_frame(questions),
            title=f"Questions for the customers ({len(questions)} order{'s' if len(questions) != 1 else ''})",
            # The question shares its column with the findings' Value above it: a width both
            # can use, the question wrapping in it (on paper, text running on would be cut).
            widths={
                **{str(c): c.width for c in Questions.columns()},
                str(Questions.question): QUESTION_WIDTH,
            },
        ),
    ]
    return SheetContent(Issues.sheet, blocks, heading=heading, notes=notes, marks=marks)


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- the Check column and the highlights -----------------------------------------------------


def _write_check(register: Register, orders: TableData, findings: Sequence[Finding]) -> None:
    statuses = row_statuses(findings, orders)
    changes: dict[Key, dict[Column, str]] = {}
    for row, key in zip(orders.frame.index, orders.keys(), strict=True):
        if all(v is not None for v in key) and key not in changes:
            changes[key] = {Orders.check: statuses[int(row)]}
    register.update(Orders, changes)


def _write_marks(register: Register, checked: Checked) -> None:
    """Highlight each offending cell; every table is marked anew, so a fixed cell loses its
    highlight. A row whose id is missing or used twice cannot be addressed and is not marked."""
    by_table: dict[str, list[Finding]] = {}
    for f in checked.findings:
        by_table.setdefault(f.cell.sheet, []).append(f)
    orders = checked.tables[Orders]
    statuses = row_statuses(checked.findings, orders)
    for table, data in checked.tables.items():
        if not data.found or not table.keys() or table in CONTEXT_ONLY:
            continue
        keys = dict(zip(data.frame.index, data.keys(), strict=True))
        twice = {k for k, n in Counter(keys.values()).items() if n > 1}
        headers = set(data.letters)
        own_letters = set(data.letters.values())
        cells: list[tuple[Key, Column]] = []
        for f in by_table.get(table.sheet, []):
            key = keys.get(f.cell.row)
            if (
                key is None
                or key in twice
                or None in key
                or f.cell.column not in headers
                or f.cell.letter not in own_letters
            ):
                continue
            cells.append((key, table.by_header(f.cell.column)))
        if table is Orders:
            cells += [
                (keys[row], Orders.check)
                for row, status in statuses.items()
                if "error" in status and keys[row] not in twice and None not in keys[row]
            ]
        register.set_marks(table, cells, MARK)


def _outcome(
    checked: Checked, reported: Sequence[Finding], questions: Sequence[OrderQuestions]
) -> Outcome:
    errors = [f for f in reported if f.severity is Severity.ERROR]
    warnings = len(reported) - len(errors)
    with_findings = {f.order_id for f in reported if f.order_id}
    by_rule = Counter(f.rule for f in reported)
    summary = (
        f"validated {checked.scope.describe()}: {len(errors)} error{'s' if len(errors) != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''} in {len(with_findings)} "
        f"order{'s' if len(with_findings) != 1 else ''}; questions for {len(questions)}; "
        f"results on the {Issues.sheet} sheet"
    )
    details = [f.message + f" [{f.rule}]" for f in reported[:DETAIL_LINES]]
    if len(reported) > DETAIL_LINES:
        details.append(f"… and {len(reported) - DETAIL_LINES} more on the {Issues.sheet} sheet")
    skipped = [
        t.sheet if t.sheet != Settings.sheet else f"{t.sheet} ({t.title})"
        for t, d in checked.tables.items()
        if not d.found
    ]
    if skipped:
        details.append("not in this workbook (their rules were skipped): " + ", ".join(skipped))
    return Outcome(
        summary,
        findings=len(errors),
        details=details,
        data={
            "errors": len(errors),
            "warnings": warnings,
            "by_rule": dict(sorted(by_rule.items())),
            "issues": [f.as_dict() for f in reported],
            "questions": [q.model_dump() for q in questions],
        },
    )
