"""Finance actions: Sync bank (statements and the bank API → BankEntries, receipts matched to
invoices), Export settlement (the journal of a month's receipts) and Export sheet (any table as a
safe CSV). One function per button / command; each writes everything and saves once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from orderdesk import ports
from orderdesk.actions.base import NO_PROGRESS, Outcome, Progress, stage
from orderdesk.adapters.banks import StatementError, read_statement
from orderdesk.adapters.banks import exports as files
from orderdesk.adapters.banks.psd2 import Psd2Client, consent_from_env
from orderdesk.domain.payments import ledger, settlement
from orderdesk.domain.payments.entries import BankEntry, MatchStatus, statuses
from orderdesk.domain.payments.identity import Admitted, EntryBook, known_rows
from orderdesk.domain.payments.matching import Match, Matcher, MatchPolicy, RatesFn
from orderdesk.domain.reference import fx
from orderdesk.ports import Register, RegisterError, TableData
from orderdesk.schema import (
    Accounts,
    BankEntries,
    ColType,
    Column,
    Customers,
    Invoices,
    Orders,
    Setting,
    table_by_name,
    tables,
)
from orderdesk.settings import Policy, load_policy

API_LOOKBACK_DAYS = 90  # first API sync: this far back
API_OVERLAP_DAYS = 7  # later syncs: from the last API booking day minus this (dedup absorbs it)
SHOWN = 25  # detail lines per kind


@dataclass(frozen=True)
class BankApi:
    """Where and how to read the bank API. The consent comes from the environment."""

    base_url: str
    account_id: str
    consent_id: str
    date_from: dt.date | None = None
    client: Psd2Client | None = None  # tests hand one in; otherwise built from the above


def match_policy(policy: Policy) -> MatchPolicy:
    return MatchPolicy(
        base_currency=policy.base_currency,
        charge_tolerance=policy.decimal(Setting.BANK_CHARGE_TOLERANCE),
        fx_tolerance=policy.decimal(Setting.FX_TOLERANCE),
        threshold=policy.decimal(Setting.MATCH_THRESHOLD),
    )


# --- sync bank ---------------------------------------------------------------------------------


def sync_bank(
    register: Register,
    *,
    statements: Sequence[Path] = (),
    api: BankApi | None = None,
    progress: Progress = NO_PROGRESS,
    rates: RatesFn = fx.rates_vector,
) -> Outcome:
    """Import statements and API transactions (each entry once), match open receipts to
    invoices, and bring Invoices (paid, outstanding, status) and Customers (days late) up to date.
    A broken statement or a failing API raises before anything is written."""
    today = ports.today()
    details: list[str] = []
    sources: list[tuple[str, list[BankEntry]]] = []
    with stage(progress, "reading statements", len(statements)) as bar:
        for path in statements:
            st = read_statement(Path(path))
            sources.append((st.name, st.entries))
            what = f"{st.name}: {st.format}, {len(st.entries)} entries"
            if st.skipped:
                what += f", {len(st.skipped)} not booked (left out)"
            details.append(what)
            details += st.notes
            bar.advance()
    data = register.read(BankEntries)
    frame = data.frame
    if api is not None:
        with stage(progress, "reading the bank API"):
            client = api.client or Psd2Client(api.base_url, api.consent_id)
            since = api.date_from or _api_since(frame, today)
            got = client.transactions(api.account_id, since)
            sources.append(("bank API", got))
            details.append(f"bank API: {len(got)} booked transactions since {since.isoformat()}")

    policy = load_policy(register)
    book = EntryBook(
        known_rows(
            frame.index,
            *(
                frame[c]
                for c in (
                    BankEntries.entry_ref,
                    BankEntries.account,
                    BankEntries.booking_date,
                    BankEntries.amount,
                    BankEntries.currency,
                    BankEntries.payer,
                    BankEntries.payer_account,
                    BankEntries.remittance,
                    BankEntries.statement,
                )
            ),
        )
    )
    new_rows: list[Admitted] = []
    duplicates = 0
    for name, entries in sources:
        admission = book.admit(entries)
        new_rows += admission.new
        duplicates += admission.duplicates
        if len(sources) > 1 or admission.duplicates:
            details.append(
                f"{name}: {len(admission.new)} new, {admission.duplicates} already in BankEntries"
            )
        details += [f"{name}: {_probable(a)}" for a in admission.probable]
    probable = [a for a in new_rows if a.duplicate_of is not None]
    added = _new_frame(new_rows, frame)
    combined = pd.concat([frame, added]) if len(added) else frame.copy()
    reversals = {a.key for a in new_rows if a.entry.reversal}

    with stage(progress, "matching receipts"):
        invoices = register.read(Invoices)
        orders = register.read(Orders).frame
        customers = register.read(Customers)
        prior = ledger.applied_allocations(frame, invoices.frame, rates=rates).allocations
        opening = ledger.opening_paid(invoices.frame, prior)
        state, results, problems = _reconcile(
            combined, invoices.frame, orders, customers.frame, match_policy(policy), rates,
            reversals, opening,
        )  # fmt: skip

    with stage(progress, "writing the register"):
        cells = _write_entries(register, data, combined, added, state)
        inv_state = _invoice_state(combined.assign(**state), invoices.frame, today, rates, opening)
        cells += _write_changes(
            register, invoices, inv_state.drop(columns=["_ok"]), inv_state["_ok"]
        )
        late = ledger.days_late(invoices.frame, inv_state, today)
        cust = customers.frame
        avg = cust[Customers.customer_id].astype("string").map(late).astype(float)
        has_invoices = cust[Customers.customer_id].astype("string").isin(late.index)
        cells += _write_changes(
            register, customers, pd.DataFrame({Customers.avg_days_late: avg}), has_invoices
        )
        if len(added) or cells:
            register.save()

    counts = pd.Series(state[BankEntries.match_status]).value_counts().to_dict()
    matched_now = [m for m in results if m.status is MatchStatus.MATCHED]
    suggested = [m for m in results if m.status is MatchStatus.SUGGESTED]
    unmatched = [m for m in results if m.status is MatchStatus.UNMATCHED]
    issues = [
        str(i)
        for i in (*data.issues, *invoices.issues)
        if i.ref.column
        in (
            BankEntries.amount,
            BankEntries.booking_date,
            BankEntries.currency,
            Invoices.amount,
            Invoices.currency,
            Invoices.due_date,
        )
    ]
    lines = [*details]
    lines += [
        f"matched {m.entry} → {_invoices_of(m)} ({m.confidence:.0%}): {m.reasons}"
        for m in matched_now[:SHOWN]
    ]
    lines += [
        f"suggested {m.entry} → {_invoices_of(m)} ({m.confidence:.0%}): {m.reasons}"
        for m in suggested[:SHOWN]
    ]
    lines += [f"unmatched {m.entry}: {m.reasons}" for m in unmatched[:SHOWN]]
    lines += [p for p in problems]
    lines += issues
    findings = len(suggested) + len(unmatched) + len(problems) + len(issues) + len(probable)
    by_status = inv_state.loc[inv_state["_ok"], Invoices.status].value_counts()
    invoice_line = ", ".join(f"{n} {s}" for s, n in by_status.items())
    kept = f", {len(probable)} kept as probable duplicates" if probable else ""
    summary = (
        f"bank sync: {len(new_rows)} new entries ({duplicates} already there{kept}); "
        f"{len(matched_now)} receipts matched, {len(suggested)} suggested, "
        f"{len(unmatched)} unmatched; invoices: {invoice_line or 'none'}"
    )
    return Outcome(
        summary,
        findings=findings,
        details=lines,
        data={
            "new_entries": [a.key for a in new_rows],
            "duplicates": duplicates,
            "probable_duplicates": [
                {"entry": a.key, "of": a.duplicate_of.key} for a in probable if a.duplicate_of
            ],
            "matched": [_match_json(m) for m in matched_now],
            "suggested": [_match_json(m) for m in suggested],
            "unmatched": [_match_json(m) for m in unmatched],
            "problems": problems,
            "statuses": {str(k): int(v) for k, v in counts.items()},
            "cells_written": cells,
        },
    )


def _api_since(frame: pd.DataFrame, today: dt.date) -> dt.date:
    api_rows = frame.loc[frame[BankEntries.source].astype("string").str.upper().eq("PSD2")]
    last = pd.to_datetime(api_rows[BankEntries.booking_date]).max()
    if pd.isna(last):
        return today - dt.timedelta(API_LOOKBACK_DAYS)
    return last.date() - dt.timedelta(API_OVERLAP_DAYS)


def _new_frame(rows: Sequence[Admitted], like: pd.DataFrame) -> pd.DataFrame:
    """The new entries as BankEntries rows (index -1, -2 …: not yet on the sheet); a probable
    duplicate comes marked, for a person to decide."""
    records = [
        {
            BankEntries.entry_ref: a.key,
            BankEntries.account: e.account,
            BankEntries.booking_date: pd.Timestamp(e.booking_date),
            BankEntries.value_date: pd.Timestamp(e.value_date) if e.value_date else pd.NaT,
            BankEntries.amount: float(e.amount),
            BankEntries.currency: e.currency,
            BankEntries.payer: e.payer,
            BankEntries.payer_account: e.payer_account,
            BankEntries.remittance: e.remittance,
            BankEntries.end_to_end_id: e.end_to_end_id,
            BankEntries.source: e.source,
            BankEntries.statement: e.statement,
            BankEntries.match_status: (
                MatchStatus.PROBABLE_DUPLICATE.value if a.duplicate_of else None
            ),
            BankEntries.match_reasons: _probable(a) if a.duplicate_of else None,
        }
        for a in rows
        for e in (a.entry,)
    ]
    frame = pd.DataFrame(records, columns=list(like.columns))
    frame.index = pd.Index([-(i + 1) for i in range(len(frame))], name=like.index.name)
    for col in (BankEntries.booking_date, BankEntries.value_date):
        frame[col] = pd.to_datetime(frame[col])
    return frame


def _probable(a: Admitted) -> str:
    """Why an entry is kept as a probable duplicate, and what a person does about it."""
    of = a.duplicate_of
    assert of is not None
    row = f"{BankEntries.sheet} row {of.row}" if of.row > 0 else "an entry of this sync"
    return (
        f"{a.key} ({a.entry.where}) is probably {of.key} ({row}) again: {a.why}; kept, marked "
        f"'{MatchStatus.PROBABLE_DUPLICATE.value}': set {BankEntries.match_status} to "
        f"'{MatchStatus.IGNORED.value}' if it is, or clear it to have it matched"
    )


def _reconcile(
    entries: pd.DataFrame,
    invoices: pd.DataFrame,
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    policy: MatchPolicy,
    rates: RatesFn,
    reversals: set[str],
    opening: pd.Series,
) -> tuple[dict[Column, pd.Series], list[Match], list[str]]:
    """New values of BankEntries' own columns, the matches made, and the entries a person
    confirmed that cannot be used."""
    status = pd.Series(
        statuses(entries[BankEntries.match_status]), index=entries.index, dtype=object
    )
    new_status = status.copy()
    matched = entries[BankEntries.matched_invoices].astype(object).copy()
    confidence = entries[BankEntries.confidence].astype(float).copy()
    reasons = entries[BankEntries.match_reasons].astype(object).copy()
    amount = entries[BankEntries.amount].astype(float)
    keys = entries[BankEntries.entry_ref].astype("string")
    open_status = pd.Series(
        [s in (None, MatchStatus.UNMATCHED, MatchStatus.SUGGESTED) for s in status],
        index=entries.index,
    )
    money_out = (amount <= 0) | keys.isin(list(reversals))
    outgoing = open_status & money_out & amount.notna()
    new_status[outgoing] = MatchStatus.OUTGOING
    matched[outgoing] = None
    confidence[outgoing] = math.nan
    reasons[outgoing] = [
        "reversal of an earlier entry" if k in reversals else "money out" for k in keys[outgoing]
    ]
    candidates = (
        open_status & ~money_out & amount.notna() & entries[BankEntries.booking_date].notna()
    )

    applied = ledger.applied_allocations(entries, invoices, rates=rates)
    outstanding = (
        invoices[Invoices.amount].astype(float)
        - opening.reindex(invoices.index).fillna(0.0)
        - ledger.allocated(invoices, applied.allocations)
    )
    known = _known_accounts(entries, applied.allocations, invoices)
    matcher = Matcher(
        invoices.loc[invoices[Invoices.amount].notna()],
        outstanding.loc[invoices[Invoices.amount].notna()],
        orders,
        customers,
        policy,
        rates=rates,
        known_accounts=known,
    )
    todo = entries.loc[candidates]
    results = matcher.match(todo) if len(todo) else []
    for row, m in zip(todo.index, results, strict=True):
        new_status[row] = m.status
        matched[row] = ledger.format_allocations(m.allocations) or None
        confidence[row] = m.confidence
        reasons[row] = m.reasons
    problems = [
        f"{BankEntries.sheet} row {p.row}, column {BankEntries.matched_invoices} "
        f"('{p.value}'), entry {p.entry}: {p.message}; not applied"
        for p in applied.problems
    ]
    state = {
        BankEntries.match_status: new_status.map(lambda s: None if s is None else str(s)),
        BankEntries.matched_invoices: matched,
        BankEntries.confidence: confidence,
        BankEntries.match_reasons: reasons,
    }
    return state, results, problems


def _known_accounts(
    entries: pd.DataFrame, allocations: pd.DataFrame, invoices: pd.DataFrame
) -> pd.DataFrame:
    """Payer accounts that paid a customer's invoices before (learned from applied entries)."""
    if not len(allocations):
        return pd.DataFrame()
    acct = entries[BankEntries.payer_account].astype("string").str.replace(" ", "").str.upper()
    customer = invoices.drop_duplicates(Invoices.invoice_no).set_index(
        invoices.drop_duplicates(Invoices.invoice_no)[Invoices.invoice_no].astype(str)
    )[Invoices.customer]
    pairs = pd.DataFrame(
        {
            "account": allocations["row"].map(acct),
            "customer": allocations["invoice"].map(customer),
        }
    ).dropna()
    # An account that paid for several customers (a group's treasury) identifies none of them.
    single = pairs.drop_duplicates().groupby("account")["customer"].transform("size") == 1
    return pairs.drop_duplicates().loc[single.to_numpy()].reset_index(drop=True)


def _invoice_state(
    entries: pd.DataFrame,
    invoices: pd.DataFrame,
    today: dt.date,
    rates: RatesFn,
    opening: pd.Series,
) -> pd.DataFrame:
    applied = ledger.applied_allocations(entries, invoices, rates=rates)
    state = ledger.invoice_state(invoices, applied.allocations, today, opening)
    state["_ok"] = invoices[Invoices.amount].notna()
    return state


def _changed(old: pd.Series, new: pd.Series, col: Column) -> np.ndarray:
    """Which cells of a column differ (a cent for amounts, whitespace for text), vectorised."""
    blank_old, blank_new = old.isna().to_numpy(), new.isna().to_numpy()
    if col.type in (ColType.MONEY, ColType.NUMBER, ColType.PERCENT, ColType.RATE):
        a = pd.to_numeric(old, errors="coerce").to_numpy(dtype=float)
        b = pd.to_numeric(new, errors="coerce").to_numpy(dtype=float)
        differ = ~(np.abs(a - b) < 0.005)
    elif col.type in (ColType.DATE, ColType.DATETIME):
        differ = (pd.to_datetime(old) != pd.to_datetime(new)).to_numpy()
    else:
        fold = lambda s: s.astype("string").str.split().str.join(" ")  # noqa: E731
        differ = (fold(old) != fold(new)).fillna(True).to_numpy(dtype=bool)
    return np.where(blank_old | blank_new, blank_old != blank_new, differ)


def _write_changes(register: Register, data: TableData, new: pd.DataFrame, ok: pd.Series) -> int:
    """Write the owned cells whose value changed (rows where `ok`); returns cells written."""
    table = data.table
    frame = data.frame
    keys = data.keys()
    # A row is written when it is readable and its key is there and not repeated (the first
    # row with a key is the one the file adapter finds).
    valid = np.array(ok.reindex(frame.index).fillna(False), dtype=bool)
    valid &= np.array([all(k is not None for k in key) for key in keys], dtype=bool)
    first = ~pd.Series([str(k) for k in keys]).duplicated().to_numpy()
    valid &= first
    changes: dict[tuple[Any, ...], dict[Column, Any]] = {}
    for col_name in new.columns:
        col = table.by_header(str(col_name))
        values = new[col_name].reindex(frame.index)
        differ = valid & _changed(frame[col], values, col)
        for pos in np.flatnonzero(differ):
            changes.setdefault(keys[pos], {})[col] = _cell(values.iloc[pos])
    return register.update(table, changes) if changes else 0


def _write_entries(
    register: Register,
    data: TableData,
    combined: pd.DataFrame,
    added: pd.DataFrame,
    state: Mapping[Column, pd.Series],
) -> int:
    owned = pd.DataFrame(state)
    existing = owned.loc[owned.index >= 0]
    ok = pd.Series(True, index=data.frame.index)
    cells = _write_changes(register, data, existing, ok) if len(existing) else 0
    if len(added):
        rows = []
        for row, rec in added.iterrows():
            values = {BankEntries.by_header(str(c)): _cell(v) for c, v in rec.items()}
            for col, series in state.items():
                values[col] = _cell(series.loc[cast(int, row)])  # index = sheet row numbers
            rows.append({c: v for c, v in values.items() if v is not None})
        register.append(BankEntries, rows)
    return cells


def _cell(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date() if value == value.normalize() else value.to_pydatetime()
    if isinstance(value, MatchStatus):
        return value.value
    return value


def _invoices_of(m: Match) -> str:
    return ", ".join(f"{a.invoice} {a.amount} {a.currency}" for a in m.allocations) or "-"


def _match_json(m: Match) -> dict[str, Any]:
    return {
        "entry": m.entry,
        "status": m.status.value,
        "confidence": m.confidence,
        "reasons": m.reasons,
        "allocations": [
            {"invoice": a.invoice, "amount": str(a.amount), "currency": a.currency}
            for a in m.allocations
        ],
    }


def configured_api(register: Register, date_from: dt.date | None = None) -> BankApi | None:
    """The bank API as Settings name it (None when it is not set up), with the consent from
    the environment."""
    policy = load_policy(register)
    url = str(policy.get(Setting.BANK_API_URL) or "").strip()
    account = str(policy.get(Setting.BANK_API_ACCOUNT) or "").strip()
    if not url and not account:
        return None
    if not url or not account:
        missing = Setting.BANK_API_URL if not url else Setting.BANK_API_ACCOUNT
        raise RegisterError(
            f"Settings: '{missing.key}' is empty at {policy.ref(missing) or 'Settings'}; the bank "
            f"API needs both '{Setting.BANK_API_URL.key}' and '{Setting.BANK_API_ACCOUNT.key}'"
        )
    try:
        consent = consent_from_env()
    except StatementError as exc:
        raise RegisterError(str(exc)) from exc
    return BankApi(url, account, consent, date_from)


def statement_folder(register: Register) -> Path:
    """Settings' statement folder, relative to the workbook's folder."""
    folder = Path(str(load_policy(register).get(Setting.STATEMENT_FOLDER) or "statements"))
    return folder if folder.is_absolute() else Path(register.source).parent / folder


def sync_bank_configured(register: Register, progress: Progress = NO_PROGRESS) -> Outcome:
    """The Sync bank button: the statement folder's files and, if set up, the bank API."""
    folder = statement_folder(register)
    found = statement_files(folder)
    api = configured_api(register)
    if not found and api is None:
        return Outcome(
            f"bank sync: no statement files in {folder} and no bank API in Settings",
            findings=1,
            details=[
                f"put camt or MT940 files in {folder}, or set '{Setting.BANK_API_URL.key}' and "
                f"'{Setting.BANK_API_ACCOUNT.key}' in Settings"
            ],
        )
    return sync_bank(register, statements=found, api=api, progress=progress)


def statement_files(folder: Path) -> list[Path]:
    """The statement files in a folder (camt XML and MT940), in name order."""
    if not folder.is_dir():
        return []
    suffixes = {".xml", ".sta", ".mt940", ".940", ".txt", ".stm"}
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in suffixes)


# --- settlement export ------------------------------------------------------------------------

SETTLEMENT_FORMATS = {
    "Date": "yyyy-mm-dd",
    "Debit": "#,##0.00",
    "Credit": "#,##0.00",
    "Amount": "#,##0.00",
    "FX Rate": "0.000000",
    "Base Amount": "#,##0.00",
}


def ledger_accounts(data: TableData, base_currency: str) -> settlement.Ledger:
    accounts: dict[str, tuple[str, str]] = {}
    for purpose, account, name in zip(
        data.frame[Accounts.purpose], data.frame[Accounts.account], data.frame[Accounts.name],
        strict=True,
    ):  # fmt: skip
        if isinstance(purpose, str) and isinstance(account, str):
            accounts.setdefault(" ".join(purpose.lower().split()), (account, name or ""))
    return settlement.Ledger(accounts, base_currency, f"Settings, {Accounts.title}")


def export_settlement(
    register: Register,
    period: str,
    out: Path,
    *,
    fmt: str = "csv",
    rates: RatesFn = fx.rates_vector,
) -> Outcome:
    fmt = fmt.lower()
    if fmt not in ("csv", "xlsx"):
        raise RegisterError(f"--format must be csv or xlsx, not '{fmt}'")
    policy = load_policy(register)
    base = policy.base_currency
    entries = register.read(BankEntries).frame
    invoices = register.read(Invoices).frame
    book = ledger_accounts(register.read(Accounts), base)
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
            widths={
                "Date": 12,
                "Account": 10,
                "Account Name": 22,
                "Currency": 9,
                "FX Rate": 11,
                "Payer": 26,
                "Remittance": 40,
                "Bank Reference": 20,
            },
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


def last_month(today: dt.date) -> str:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return f"{first:%Y-%m}"


def export_settlement_last_month(register: Register) -> Outcome:
    """The Export settlement button: last calendar month, as XLSX beside the workbook."""
    period = last_month(ports.today())
    out = Path(register.source).parent / f"Settlement-{period}.xlsx"
    return export_settlement(register, period, out, fmt="xlsx")


# --- any sheet as CSV ------------------------------------------------------------------------


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
