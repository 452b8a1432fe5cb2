"""Finance: the Sync bank button and command. Statements and the bank API → BankEntries (each
entry once), receipts matched to invoices, Invoices and Customers brought up to date: read, then
`domain.payments.reconcile`, then write what changed and save once. (Export settlement and
Export sheet: `actions.settlement`.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from orderdesk.actions.base import Outcome, stage
from orderdesk.actions.context import RunContext
from orderdesk.adapters.banks import StatementError, read_statement
from orderdesk.adapters.banks.psd2 import Psd2Client, consent_from_env
from orderdesk.domain.payments.entries import BankEntry, MatchStatus
from orderdesk.domain.payments.matching import MatchPolicy
from orderdesk.domain.payments.reconcile import (
    NEEDED,
    Admissions,
    Reconciliation,
    admit,
    api_since,
    reconcile,
)
from orderdesk.domain.payments.updates import cell_updates, entry_row
from orderdesk.ports import Register, RegisterError, TableData
from orderdesk.schema import BankEntries, Customers, Invoices, Orders, Setting
from orderdesk.settings import Policy

SHOWN = 25  # detail lines per kind
STATEMENT_SUFFIXES = {".xml", ".sta", ".mt940", ".940", ".txt", ".stm"}
PSD2 = "psd2"  # ctx.client(PSD2): the bank API's client (a double in tests)


@dataclass(frozen=True)
class BankApi:
    """Where and how to read the bank API. The consent comes from the environment."""

    base_url: str
    account_id: str
    consent_id: str
    date_from: dt.date | None = None


def match_policy(policy: Policy) -> MatchPolicy:
    return MatchPolicy(
        base_currency=policy.base_currency,
        charge_tolerance=policy.decimal(Setting.BANK_CHARGE_TOLERANCE),
        fx_tolerance=policy.decimal(Setting.FX_TOLERANCE),
        threshold=policy.decimal(Setting.MATCH_THRESHOLD),
    )


def sync_bank(
    ctx: RunContext, *, statements: Sequence[Path] = (), api: BankApi | None = None
) -> Outcome:
    """Import statements and API transactions (each entry once), match open receipts to
    invoices, and bring Invoices (paid, outstanding, status) and Customers (days late) up to date.
    A broken statement or a failing API raises before anything is written. The bank API's
    client is `ctx.client("psd2")` when a test hands one in."""
    register, progress = ctx.register, ctx.progress
    details: list[str] = []
    sources: list[tuple[str, list[BankEntry]]] = []
    with stage(progress, "reading statements", len(statements)) as bar:
        for path in statements:
            st = read_statement(Path(path))
            sources.append((st.name, st.entries))
            what = f"{st.name}: {st.format}, {len(st.entries)} entries"
            if st.skipped:
                what += f", {len(st.skipped)} not booked (left out)"
            details += [what, *st.notes]
            bar.advance()
    data = register.read(BankEntries)
    if api is not None:
        with stage(progress, "reading the bank API"):
            client = ctx.client(PSD2) or Psd2Client(api.base_url, api.consent_id)
            since = api.date_from or api_since(data.frame, ctx.today)
            got = client.transactions(api.account_id, since)
            sources.append(("bank API", got))
            details.append(f"bank API: {len(got)} booked transactions since {since.isoformat()}")
    admitted = admit(data.frame, sources)

    with stage(progress, "matching receipts"):
        invoices = register.read(Invoices)
        customers = register.read(Customers)
        done = reconcile(
            data.frame, admitted.new, invoices.frame, register.read(Orders).frame,
            customers.frame, match_policy(ctx.policy), ctx.today, rates=ctx.rates,
        )  # fmt: skip

    with stage(progress, "writing the register"):
        cells = _write(register, data, done.owned.loc[done.owned.index >= 0])
        if len(done.added):
            register.append(BankEntries, [entry_row(rec) for _, rec in done.added.iterrows()])
        cells += _write(register, invoices, done.invoices, done.invoice_readable)
        late = pd.DataFrame({Customers.avg_days_late: done.avg_days_late})
        cells += _write(register, customers, late, done.has_invoices)
        if len(done.added) or cells:
            register.save()
    issues = [str(i) for i in (*data.issues, *invoices.issues) if i.ref.column in NEEDED]
    return _outcome(done, admitted, [*details, *admitted.details], issues, cells)


def _write(
    register: Register, data: TableData, new: pd.DataFrame, ok: pd.Series | None = None
) -> int:
    """Write the owned cells whose value changed (rows where `ok`); returns cells written."""
    updates = cell_updates(data.table, data.frame, data.keys(), new, ok)
    return register.update(data.table, updates) if updates else 0


def _outcome(
    done: Reconciliation, admitted: Admissions, details: list[str], issues: list[str], cells: int
) -> Outcome:
    matched = done.by_status(MatchStatus.MATCHED)
    suggested = done.by_status(MatchStatus.SUGGESTED)
    unmatched = done.by_status(MatchStatus.UNMATCHED)
    new, probable = admitted.new, admitted.probable
    lines = [*details]
    for kind, found in (("matched", matched), ("suggested", suggested)):
        lines += [f"{kind} {m.entry} → {m.invoices} ({m.confidence:.0%}): {m.reasons}"
                  for m in found[:SHOWN]]  # fmt: skip
    lines += [f"unmatched {m.entry}: {m.reasons}" for m in unmatched[:SHOWN]]
    lines += [*done.problems, *issues]
    findings = len(suggested) + len(unmatched) + len(done.problems) + len(issues) + len(probable)
    invoice_line = ", ".join(f"{n} {s}" for s, n in done.invoice_status_counts.items())
    kept = f", {len(probable)} kept as probable duplicates" if probable else ""
    summary = (
        f"bank sync: {len(new)} new entries ({admitted.duplicates} already there{kept}); "
        f"{len(matched)} receipts matched, {len(suggested)} suggested, "
        f"{len(unmatched)} unmatched; invoices: {invoice_line or 'none'}"
    )
    return Outcome(
        summary,
        findings=findings,
        details=lines,
        data={
            "new_entries": [a.key for a in new],
            "duplicates": admitted.duplicates,
            "probable_duplicates": [
                {"entry": a.key, "of": a.duplicate_of.key} for a in probable if a.duplicate_of
            ],
            "matched": [m.as_json() for m in matched],
            "suggested": [m.as_json() for m in suggested],
            "unmatched": [m.as_json() for m in unmatched],
            "problems": done.problems,
            "statuses": done.status_counts,
            "cells_written": cells,
        },
    )


def configured_api(ctx: RunContext, date_from: dt.date | None = None) -> BankApi | None:
    """The bank API as Settings name it (None when it is not set up), with the consent from
    the environment."""
    policy = ctx.policy
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


def statement_folder(ctx: RunContext) -> Path:
    """Settings' statement folder, relative to the workbook's folder."""
    folder = Path(str(ctx.policy.get(Setting.STATEMENT_FOLDER) or "statements"))
    return folder if folder.is_absolute() else Path(ctx.register.source).parent / folder


def sync_bank_configured(ctx: RunContext) -> Outcome:
    """The Sync bank button: the statement folder's files and, if set up, the bank API."""
    folder = statement_folder(ctx)
    found = statement_files(folder)
    api = configured_api(ctx)
    if not found and api is None:
        return Outcome(
            f"bank sync: no statement files in {folder} and no bank API in Settings",
            findings=1,
            details=[
                f"put camt or MT940 files in {folder}, or set '{Setting.BANK_API_URL.key}' and "
                f"'{Setting.BANK_API_ACCOUNT.key}' in Settings"
            ],
        )
    return sync_bank(ctx, statements=found, api=api)


def statement_files(folder: Path) -> list[Path]:
    """The statement files in a folder (camt XML and MT940), in name order."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in STATEMENT_SUFFIXES
    )
