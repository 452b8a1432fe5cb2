"""OD_CHECK's plumbing: a block of cells (header row first) → the register table it is → one
status per row from the Validate rules (`orderdesk.domain.validation`).

The block is read with the same reader as a register sheet (`read_block`), so a pasted or referenced
Orders or OrderLines table is read exactly as Validate reads the sheet. Rules that need a table
the block does not hold (customers, products, invoices …) are skipped by `validate` itself.
"""

from __future__ import annotations

from typing import Any

from orderdesk.adapters.register_reads import find_table, read_block
from orderdesk.ports import TableData, today
from orderdesk.schema import OrderLines, Orders, Table

from . import _cells as C

CANDIDATES: tuple[type[Table], ...] = (Orders, OrderLines)
HEADING = "Check"


def which_table(rows: list[list[Any]]) -> type[Table] | None:
    """The table whose headers the first row holds (its key header, and the most of the rest)."""
    best: tuple[int, type[Table]] | None = None
    for table in CANDIDATES:
        found = find_table(rows[:1], table)
        if found is None:
            continue
        keys = table.keys()
        key_found = all(k in found[3] for k in keys)
        score = len(found[3]) if key_found else 0
        if score and (best is None or score > best[0]):
            best = (score, table)
    return best[1] if best else None


def statuses(data: TableData) -> dict[int, str]:
    """Row → "OK", "1 error", "2 warnings", … from the Validate rules."""
    from orderdesk.domain import validation

    context = validation.ValidationContext(today=today())
    findings = validation.validate({data.table: data}, context)
    return validation.row_statuses(findings, data)


def check(block: Any) -> Any:
    cells = C.grid(block)
    rows = [list(r) for r in cells]
    table = which_table(rows)
    if table is None:
        names = " or ".join(t.sheet for t in CANDIDATES)
        return C.error(f"the first row must be the headers of the {names} table")
    data = read_block(rows, table)
    found = statuses(data)
    out: list[list[Any]] = [[HEADING]]
    for row in range(2, len(rows) + 1):  # the block's own rows, as read_block numbers them
        out.append([found.get(row, "OK") if row in data.frame.index else C.BLANK])
    return out
