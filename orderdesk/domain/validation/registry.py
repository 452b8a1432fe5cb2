"""The rule registry, `validate` and `row_statuses`.

A rule is a function over the tables (`Tables`) that returns `Hits`: which cells of which column
break it, and a short reason for each. It declares its code, its severity and the tables it needs;
`validate` runs every rule whose tables are there and skips the rest, so a worksheet function can
check just an Orders block and the Validate button the whole register with the same code.

The registry turns hits into `Finding`s: the cell reference, the value as a person reads it, the
order it belongs to and a message naming sheet, row, column and value. That happens once per
finding, never once per cell: the rules themselves work on whole columns.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from orderdesk.domain.collector import collector_paused
from orderdesk.domain.validation.model import Finding, Severity, ValidationContext
from orderdesk.domain.validation.view import Tables, order_id_column
from orderdesk.ports import CellRef, TableData
from orderdesk.schema import SHEET_ORDER, ColType, Column, Orders, Table

ERROR, WARNING = Severity.ERROR, Severity.WARNING


@dataclass
class Hits:
    """Cells of one column that break a rule, with the reason for each (or one for all)."""

    table: type[Table]
    column: Column
    rows: Sequence[int]  # sheet rows
    what: str | Sequence[str]
    code: str | None = None  # the exact code, for a rule family such as REQ-<HEADER>
    values: Sequence[Any] | None = None  # what the cell holds, when the frame has no value for it


def hits(
    table: type[Table],
    column: Column,
    mask: pd.Series,
    what: str | pd.Series | Callable[[pd.Index], Sequence[str]],
    *,
    code: str | None = None,
) -> Hits:
    """Hits for the rows where `mask` is True. `what` is one reason for all, a Series of reasons
    aligned with the mask, or a function giving the reasons for the hit rows (so reasons are
    only built for the few rows that need one)."""
    rows = mask.index[mask.to_numpy(dtype=bool)]
    if isinstance(what, pd.Series):
        reasons: str | Sequence[str] = [str(x) for x in what.loc[rows]]
    elif callable(what):
        reasons = list(what(rows)) if len(rows) else []
    else:
        reasons = what
    return Hits(table, column, [int(r) for r in rows], reasons, code)


CheckFn = Callable[[Tables], Iterable[Hits]]


@dataclass(frozen=True)
class Rule:
    code: str  # "CURRENCY-UNKNOWN", or a family pattern such as "REQ-<HEADER>"
    severity: Severity
    needs: tuple[type[Table], ...]
    check: CheckFn = field(compare=False)
    title: str = ""

    @property
    def family(self) -> bool:
        return "<" in self.code

    def accepts(self, code: str) -> bool:
        if not self.family:
            return code == self.code
        return code.startswith(self.code.split("<", 1)[0])


RULES: list[Rule] = []


def rule(
    code: str, severity: Severity, *needs: type[Table], title: str = ""
) -> Callable[[CheckFn], CheckFn]:
    """Register a rule function: `@rule("HS-UNKNOWN", ERROR, OrderLines, title=...)`."""

    def register(fn: CheckFn) -> CheckFn:
        add_rule(Rule(code, severity, tuple(needs), fn, title or _first_line(fn.__doc__)))
        return fn

    return register


def add_rule(r: Rule) -> Rule:
    RULES.append(r)
    return r


def rule_codes() -> dict[str, Severity]:
    """Every code the registry can report, with its severity."""
    return {r.code: r.severity for r in RULES}


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().splitlines()[0] if doc else ""


# --- validate -------------------------------------------------------------------------------


def validate(tables: Mapping[type[Table], TableData], context: ValidationContext) -> list[Finding]:
    """Run every rule whose tables are present (and found in the workbook); skip the rest.

    Findings come sorted by order, then sheet (in the register's order), row and column.
    """
    view = Tables(tables, context)
    findings: list[Finding] = []
    with collector_paused():
        for r in RULES:
            if not view.has(*r.needs):
                continue
            for h in r.check(view):
                findings.extend(_findings(view, r, h))
    findings.sort(key=_sort_key)
    return findings


def _sort_key(f: Finding) -> tuple[Any, ...]:
    sheet = SHEET_ORDER.index(f.cell.sheet) if f.cell.sheet in SHEET_ORDER else len(SHEET_ORDER)
    letter = f.cell.letter
    return (f.order_id is None, f.order_id or "", sheet, f.cell.row, len(letter), letter, f.rule)


def _findings(view: Tables, r: Rule, h: Hits) -> list[Finding]:
    if not h.rows:
        return []
    code = h.code or r.code
    if not r.accepts(code):
        raise AssertionError(f"rule {r.code} reported {code}")
    data = view[h.table]
    frame = data.frame
    col = str(h.column)
    # Rows outside the frame (a header row, for a missing column) have no value and no order.
    id_col = order_id_column(h.table)
    wanted = [c for c in dict.fromkeys([col, str(id_col)]) if c in frame.columns]
    at = frame[wanted].reindex(list(h.rows))
    values = h.values
    if values is None:
        values = at[col].tolist() if col in at.columns else [None] * len(h.rows)
    ids = at[str(id_col)].tolist() if id_col is not None else [None] * len(h.rows)
    reasons = [h.what] * len(h.rows) if isinstance(h.what, str) else list(h.what)
    out = []
    for row, value, order_id, what in zip(h.rows, values, ids, reasons, strict=True):
        ref = data.ref(row, h.column)
        shown = show(h.column, value)
        out.append(
            Finding.model_construct(
                rule=code,
                severity=r.severity,
                order_id=order_id if isinstance(order_id, str) else None,
                cell=ref,
                value=shown,
                message=message(ref, shown, what, quoted=_is_text(h.column, value)),
            )
        )
    return out


def message(ref: CellRef, shown: str, what: str, *, quoted: bool = True) -> str:
    """'Orders row 7, Currency (F7) = 'USX': not an ISO 4217 currency code.'"""
    if ref.letter == "?":  # a column that is not in the sheet: its header row is the place
        return f"{ref.sheet} row {ref.row} (the header row) has no column '{ref.column}': {what}"
    where = f"{ref.sheet} row {ref.row}, {ref.column} ({ref.address})"
    if shown == "":
        return f"{where} is empty: {what}"
    value = f"'{shown}'" if quoted else shown
    return f"{where} = {value}: {what}"


def _is_text(column: Column, value: Any) -> bool:
    return isinstance(value, str) or getattr(column, "type", ColType.TEXT) in (
        ColType.TEXT,
        ColType.CODE,
        ColType.KEY,
    )


def show(column: Column | str, value: Any) -> str:
    """A cell value as a person reads it: 30% for a percentage, 2026-03-07 for a date, 1,250.5
    for a number, text as it is; "" for an empty cell."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    kind = getattr(column, "type", None)
    if isinstance(value, pd.Timestamp | dt.datetime):
        ts = pd.Timestamp(value)
        return ts.date().isoformat() if ts == ts.normalize() else ts.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if kind is ColType.PERCENT:
            return f"{value * 100:.4g}%"
        number = float(value)
        if number.is_integer():
            return f"{int(number):,}"
        return f"{number:,.6f}".rstrip("0").rstrip(".")
    return str(value)


# --- the Check column -----------------------------------------------------------------------


def row_statuses(findings: Iterable[Finding], data: TableData) -> dict[int, str]:
    """Each sheet row of `data`: "OK", "1 error", "2 warnings", "1 error, 2 warnings".

    A finding counts for the row its cell is on. For the Orders table it also counts for the
    order it belongs to, wherever it is (an order with a wrong HS code on line 3 is not OK).
    """
    table = data.table
    frame = data.frame
    letters = set(data.letters.values())
    errors: Counter[int] = Counter()
    warnings: Counter[int] = Counter()
    rows_of_order: dict[str, list[int]] = {}
    if _keyed_by_order(table):
        ids = frame[str(table.keys()[0])]
        for row, order_id in zip(frame.index, ids, strict=True):
            if isinstance(order_id, str):
                rows_of_order.setdefault(order_id, []).append(int(row))
    own_rows = set(map(int, frame.index))
    for f in findings:
        if f.cell.sheet == table.sheet and f.cell.row in own_rows and f.cell.letter in letters:
            targets = [f.cell.row]
        elif f.order_id is not None and f.order_id in rows_of_order:
            targets = rows_of_order[f.order_id]
        else:
            continue
        counter = errors if f.severity is Severity.ERROR else warnings
        for row in targets:
            counter[row] += 1
    return {int(row): status_text(errors[int(row)], warnings[int(row)]) for row in frame.index}


def status_text(errors: int, warnings: int) -> str:
    parts = []
    if errors:
        parts.append(f"{errors} error" + ("s" if errors != 1 else ""))
    if warnings:
        parts.append(f"{warnings} warning" + ("s" if warnings != 1 else ""))
    return ", ".join(parts) or "OK"


def _keyed_by_order(table: type[Table]) -> bool:
    keys = table.keys()
    return len(keys) == 1 and keys[0] == Orders.order_id
