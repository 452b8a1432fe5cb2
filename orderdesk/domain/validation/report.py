"""What Validate reports and writes, from the findings: which orders a run reports on (the
scope), the Issues sheet, the Check column and the cells to highlight.

The rules always run over the whole register; the orders asked for (or selected in Excel) decide
what is reported. The Check column and the highlights always show every order's state.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from orderdesk.domain.questions import OrderQuestions
from orderdesk.domain.validation.model import Finding, Severity
from orderdesk.domain.validation.registry import row_statuses
from orderdesk.domain.validation.view import CONTEXT_ONLY
from orderdesk.ports import Block, Key, Selection, SheetContent, TableData
from orderdesk.schema import (
    Column,
    Customers,
    Issues,
    OrderLines,
    Orders,
    Products,
    Questions,
    Settings,
    Suppliers,
    Table,
)

ERROR_FILL, WARNING_FILL = "FFC7CE", "FFEB9C"  # severity cells on the Issues sheet
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


@dataclass(frozen=True)
class Tally:
    """What a run found, counted: errors (the exit code counts them), warnings, the orders with
    a finding and the findings per rule."""

    errors: int
    warnings: int
    orders: int
    by_rule: dict[str, int]

    @classmethod
    def of(cls, findings: Sequence[Finding]) -> Tally:
        errors = sum(f.severity is Severity.ERROR for f in findings)
        return cls(
            errors=errors,
            warnings=len(findings) - errors,
            orders=len({f.order_id for f in findings if f.order_id}),
            by_rule=dict(sorted(Counter(f.rule for f in findings).items())),
        )

    def summary(self, scope: Scope, questions: int) -> str:
        """Validate's one-line result."""
        return (
            f"validated {scope.describe()}: {_n(self.errors, 'error')}, "
            f"{_n(self.warnings, 'warning')} in {_n(self.orders, 'order')}; "
            f"questions for {questions}; results on the {Issues.sheet} sheet"
        )


def report_lines(
    findings: Sequence[Finding], tables: Mapping[type[Table], TableData], shown: int
) -> list[str]:
    """The first `shown` findings (the Issues sheet has them all), then the tables the workbook
    lacks, whose rules were skipped (a Settings table named by its title)."""
    lines = [f.message + f" [{f.rule}]" for f in findings[:shown]]
    if len(findings) > shown:
        lines.append(f"… and {len(findings) - shown} more on the {Issues.sheet} sheet")
    skipped = [
        t.sheet if t.sheet != Settings.sheet else f"{t.sheet} ({t.title})"
        for t, d in tables.items()
        if not d.found
    ]
    if skipped:
        lines.append("not in this workbook (their rules were skipped): " + ", ".join(skipped))
    return lines


def questions_summary(questions: int, scope: Scope) -> str:
    """The Questions command's one-line result."""
    if questions:
        return f"questions for {_n(questions, 'order')} of {scope.describe()}"
    return f"no questions: nothing is missing or doubtful in {scope.describe()}"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def selected_orders(
    table: type[Table], rows: pd.DataFrame, orders: pd.DataFrame
) -> set[str] | None:
    """The orders behind rows selected on a sheet: orders, their lines, shipments or invoices,
    or all orders of selected customers. None when the sheet's rows are not about orders."""
    if table is Customers:
        return set(
            orders.loc[
                orders[Orders.customer].isin(rows[Customers.customer_id]), Orders.order_id
            ].dropna()
        )
    column = getattr(table, "order_id", None)
    if not isinstance(column, Column):
        return None
    return set(rows[str(column)].dropna())


def chooses_rows(selection: Selection | None, *, current_row: bool) -> bool:
    """Whether a selection in Excel is a choice of rows to report on. The one active cell Excel
    always has is not, except for an action on the current row (Questions asks about the order
    under the cursor)."""
    if selection is None or not selection.keys:
        return False
    return current_row or not selection.single_cell


def selected_rows(data: TableData, selection: Selection) -> pd.DataFrame:
    """The rows of `data` whose keys were selected, keys compared as text."""
    keys = {tuple(str(v) for v in k) for k in selection.keys}
    chosen = [
        row
        for row, key in zip(data.frame.index, data.keys(), strict=True)
        if tuple(str(v) for v in key) in keys
    ]
    return data.frame.loc[chosen]


def rows_used_by(orders: set[str], tables: dict[type[Table], TableData]) -> set[tuple[str, int]]:
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
    findings: Sequence[Finding],
    questions: Sequence[OrderQuestions],
    scope: Scope,
    user: str,
    today: dt.date,
) -> SheetContent:
    """The Issues sheet: a note of what was checked, when and by whom; the findings with their
    severity cells coloured; then the questions for the customers."""
    tally = Tally.of(findings)
    notes = [
        f"{_first_upper(scope.describe())} checked on {today.isoformat()} by {user}: "
        f"{_n(tally.errors, 'error')}, {_n(tally.warnings, 'warning')}.",
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


def check_cells(orders: TableData, findings: Sequence[Finding]) -> dict[Key, dict[Column, str]]:
    """The Check column of every order (the first row of a key; a row without a whole key
    cannot be addressed)."""
    statuses = row_statuses(findings, orders)
    changes: dict[Key, dict[Column, str]] = {}
    for row, key in zip(orders.frame.index, orders.keys(), strict=True):
        if all(v is not None for v in key) and key not in changes:
            changes[key] = {Orders.check: statuses[int(row)]}
    return changes


def marked_cells(
    findings: Sequence[Finding], tables: Mapping[type[Table], TableData]
) -> dict[type[Table], list[tuple[Key, Column]]]:
    """The cells to highlight, per table: each offending cell, and the Check cell of an order
    with errors. Every table read is listed (a fixed cell loses its highlight). A row whose id
    is missing or used twice cannot be addressed and is not marked."""
    by_table: dict[str, list[Finding]] = {}
    for f in findings:
        by_table.setdefault(f.cell.sheet, []).append(f)
    statuses = row_statuses(findings, tables[Orders])
    out: dict[type[Table], list[tuple[Key, Column]]] = {}
    for table, data in tables.items():
        if not data.found or not table.keys() or table in CONTEXT_ONLY:
            continue
        if table is not Orders and table.sheet not in by_table:
            out[table] = []  # nothing to mark: its keys are not worked out
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
        out[table] = cells
    return out
