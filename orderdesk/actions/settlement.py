"""Finance actions that write files: Export settlement (the journal of a month's receipts) and
Export sheet (any table as a safe CSV). One function per button / command."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.adapters.banks import exports as files
from orderdesk.domain.payments import ledger, settlement
from orderdesk.ports import Register, RegisterError
from orderdesk.schema import Accounts, BankEntries, Invoices, table_by_name, tables

SETTLEMENT_FORMATS = {
    "Date": "yyyy-mm-dd",
    "Debit": "#,##0.00",
    "Credit": "#,##0.00",
    "Amount": "#,##0.00",
    "FX Rate": "0.000000",
    "Base Amount": "#,##0.00",
}
SETTLEMENT_WIDTHS = {
    "Date": 12,
    "Account": 10,
    "Account Name": 22,
    "Currency": 9,
    "FX Rate": 11,
    "Payer": 26,
    "Remittance": 40,
    "Bank Reference": 20,
}


def export_settlement(ctx: RunContext, period: str, out: Path, *, fmt: str = "csv") -> Outcome:
    """The month's receipts as balanced journal lines (the applied allocations worked out once,
    at the run's rates)."""
    register, rates = ctx.register, ctx.rates
    fmt = fmt.lower()
    if fmt not in ("csv", "xlsx"):
        raise RegisterError(f"--format must be csv or xlsx, not '{fmt}'")
    base = ctx.policy.base_currency
    entries = register.read(BankEntries).frame
    invoices = register.read(Invoices).frame
    book = settlement.ledger_of(register.read(Accounts).frame, base)
    applied = ledger.applied_allocations(entries, invoices, rates=rates)
    try:
        lines = settlement.settlement_journal(
            entries, applied.allocations, invoices, book, period, rates=rates
        )
    except settlement.SettlementError as exc:
        raise RegisterError(str(exc)) from exc
    journal = settlement.journal_frame(lines)
    out = Path(out)
    if fmt == "csv":
        files.write_csv(journal, out)
    else:
        files.write_xlsx(
            journal,
            out,
            sheet=f"Settlement {period}",
            formats=SETTLEMENT_FORMATS,
            widths=SETTLEMENT_WIDTHS,
        )
    debit = sum((x.debit for x in lines), start=Decimal(0))
    credit = sum((x.credit for x in lines), start=Decimal(0))
    receipts = len({x.bank_reference for x in lines})
    problems = [
        f"{BankEntries.sheet} row {p.row}, column {BankEntries.matched_invoices} ('{p.value}'), "
        f"entry {p.entry}: {p.message}; posted to suspense"
        for p in applied.problems
    ]
    summary = (
        f"settlement {period}: {len(lines)} journal lines for {receipts} receipts, "
        f"debits {debit:,.2f} = credits {credit:,.2f} {base}, written to {out}"
        if lines
        else f"settlement {period}: no receipts booked in {period}; wrote the headers to {out}"
    )
    return Outcome(
        summary,
        findings=len(problems),
        details=problems,
        data={
            "out": str(out),
            "lines": len(lines),
            "receipts": receipts,
            "debit": str(debit),
            "credit": str(credit),
            "base_currency": base,
        },
    )


def export_settlement_last_month(ctx: RunContext) -> Outcome:
    """The Export settlement button: last calendar month, as XLSX beside the workbook."""
    period = settlement.previous_period(ctx.today)
    out = Path(ctx.register.source).parent / f"Settlement-{period}.xlsx"
    return export_settlement(ctx, period, out, fmt="xlsx")


def export_sheet(register: Register, sheet: str, out: Path) -> Outcome:
    try:
        table = table_by_name(sheet)
    except KeyError:
        names = sorted({t.sheet for t in tables()} | {t.__name__ for t in tables()})
        raise RegisterError(
            f"no sheet or table '{sheet}' in the register; there are: {', '.join(names)}"
        ) from None
    data = register.read(table)
    if not data.found:
        raise RegisterError(
            f"{register.source}: no sheet '{table.sheet}' with the {table.__name__} table"
        )
    frame = data.frame[[str(c) for c in table.columns()]].astype(object)
    # A cell that could not be read as its type goes out as it was typed (as text), not blank.
    for issue in data.issues:
        frame.at[issue.ref.row, issue.ref.column] = str(issue.value)
    files.write_csv(frame, Path(out))
    issues = [str(i) for i in data.issues]
    return Outcome(
        f"exported {table.sheet} ({table.__name__}, {len(frame)} rows) to {out}",
        findings=len(issues),
        details=[f"exported as typed, unreadable as its type: {i}" for i in issues],
        data={"out": str(out), "rows": len(frame), "table": table.__name__},
    )
