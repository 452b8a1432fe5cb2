"""Import L/C: the MT700 / MT701 / MT707 files the bank sent into the LCs and LCAmendments
sheets (docs/lc.md). Every file is read before anything is written; a malformed message refuses
the whole run, naming file, line and tag."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orderdesk.actions.base import NO_PROGRESS, Outcome, Progress, stage
from orderdesk.domain.lc.linking import order_for
from orderdesk.domain.lc.messages import AmendmentMessage, amend, amendments_for, read_file
from orderdesk.domain.lc.model import Credit
from orderdesk.domain.lc.rows import (
    amended_cells,
    amendment_row,
    applied_amendments,
    credit_of,
    row_of,
)
from orderdesk.errors import OrderDeskError
from orderdesk.ports import Register, TableData
from orderdesk.schema import (
    Customers,
    LCAmendments,
    LCs,
    Orders,
    Setting,
)
from orderdesk.settings import load_policy

SUFFIXES = (".txt", ".fin", ".mt", ".swift", ".700", ".707", ".prt")


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class LcImportError(OrderDeskError):
    """An L/C file that cannot be read, or an option that cannot be acted on."""


def lc_folder(register: Register) -> Path:
    """Settings' L/C folder, relative to the workbook's folder."""
    folder = Path(str(load_policy(register).get(Setting.LC_FOLDER) or "letters-of-credit"))
    return folder if folder.is_absolute() else Path(register.source).parent / folder


def lc_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def import_lc_folder(register: Register, progress: Progress = NO_PROGRESS) -> Outcome:
    """The Import L/C button: every message file in the L/C folder (each credit and amendment
    once: those already on the register are left as they are)."""
    folder = lc_folder(register)
    files = lc_files(folder)
    if not files:
        return Outcome(
            f"import L/C: no message files in {folder}",
            details=[
                f"put the MT700 / MT707 text the bank sent ({', '.join(SUFFIXES)}) in {folder}, "
                "or type a credit that came as a PDF on the LCs sheet"
            ],
        )
    return import_lc(register, files, progress=progress)


def _text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LcImportError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


@dataclass
class _Import:
    new: list[tuple[Credit, str]] = field(default_factory=list)  # credit, order
    amended: dict[str, tuple[Credit, int]] = field(default_factory=dict)  # lc_no → credit, row
    log: list[dict[Any, Any]] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    findings: int = 0
    skipped: int = 0


def import_lc(
    register: Register,
    files: Sequence[Path],
    *,
    order_id: str | None = None,
    progress: Progress = NO_PROGRESS,
) -> Outcome:
    """Read every file first (a malformed message refuses the whole run, naming file, line and
    tag: nothing is written), then add each new credit to the LCs sheet linked to its order,
    apply each MT707 to its credit in number order (kept on LCAmendments), and save once."""
    reads = []
    with stage(progress, "Reading L/C messages", len(files)) as bar:
        for path in files:
            reads.append(read_file(_text(Path(path)), Path(path).name))
            bar.advance()
    credits = [c for r in reads for c in r.credits]
    pending = [a for r in reads for a in r.amendments]
    if order_id and len(credits) != 1:
        raise LcImportError(
            f"--order names one order, but the files hold {len(credits)} credits: import them "
            "one at a time with --order, or without it"
        )
    lcs = register.read(LCs)
    orders = register.read(Orders)
    customers = register.read(Customers)
    known = {str(r[LCs.lc_no.attr]).strip().upper(): r for r in lcs.records() if r[LCs.lc_no.attr]}
    done = applied_amendments(register.read(LCAmendments).frame)
    job = _Import()
    for credit in credits:
        if credit.number.upper() in known:
            job.skipped += 1
            job.details.append(
                f"{credit.source}: credit {credit.number} is already on the LCs sheet"
            )
            continue
        target = _order_for(credit, orders, customers, lcs, order_id)
        if isinstance(target, str) and target.startswith("?"):
            job.findings += 1
            job.details.append(
                f"{credit.source}: credit {credit.number} not imported: {target[1:]}"
            )
            continue
        for am in amendments_for(credit, pending):
            credit = amend(credit, am)
            job.log.append(amendment_row(credit, am.source, _now()))
        job.new.append((credit, str(target)))
        job.details.append(
            f"{credit.source}: credit {credit.number} for {target}, {credit.currency} "
            f"{credit.amount:,.2f}, expires {credit.expiry_date.isoformat()}"
            + (f", {len(credit.amendments)} amendment(s) applied" if credit.amendments else "")
        )
    new_numbers = {c.number.upper() for c, _ in job.new}
    _amend_known(job, pending, known, done, new_numbers, lcs)
    if job.new:
        register.append(LCs, [row_of(c, o) for c, o in job.new])
    if job.amended:
        register.update(
            LCs, {(lc_no,): amended_cells(credit) for lc_no, (credit, _) in job.amended.items()}
        )
    if job.log:
        register.append(LCAmendments, job.log)
    if job.new or job.amended or job.log:
        register.save()
    n, m = len(job.new), len(job.log)
    summary = f"imported {n} credit{'s' if n != 1 else ''} and {m} amendment{'s' if m != 1 else ''}"
    if job.skipped:
        summary += f"; {job.skipped} already on the register"
    if job.findings:
        summary += f"; {job.findings} not imported (see below)"
    return Outcome(
        summary,
        findings=job.findings,
        details=job.details,
        data={
            "credits": [{"lc": c.number, "order": o} for c, o in job.new],
            "amendments": [
                {"lc": r[LCAmendments.lc_no], "number": r[LCAmendments.number]} for r in job.log
            ],
        },
    )


def _amend_known(
    job: _Import,
    pending: list[AmendmentMessage],
    known: dict[str, dict[str, Any]],
    done: set[tuple[str, int]],
    new_numbers: set[str],
    lcs: TableData,
) -> None:
    """Amendments of credits already on the register, in number order; one already applied is
    left alone (a file imported twice changes nothing)."""
    for am in sorted(pending, key=lambda a: a.number):
        refs = [r.upper() for r in am.references]
        if any(r in new_numbers for r in refs):
            continue  # applied above, with its credit
        lc_no = next((r for r in refs if r in known), None)
        if lc_no is None:
            job.findings += 1
            job.details.append(
                f"{am.source}: amendment {am.number} of credit {' / '.join(am.references)} not "
                "applied: the credit is not on the LCs sheet (import its MT700 first)"
            )
            continue
        if (lc_no, am.number) in done:
            job.skipped += 1
            job.details.append(f"{am.source}: amendment {am.number} of {lc_no} is already applied")
            continue
        if lc_no in job.amended:
            credit, row = job.amended[lc_no]
        else:
            rec = known[lc_no]
            typed, problems = credit_of(rec)
            row = int(rec["row"])
            if typed is None:
                p = problems[0]
                raise LcImportError(
                    f"{lcs.ref(p.row, p.column)}: {p.problem}; the credit cannot be amended until "
                    "it is corrected. Nothing was imported."
                )
            credit = typed
        credit = amend(credit, am)
        job.amended[lc_no] = (credit, row)
        job.log.append(amendment_row(credit, am.source, _now()))
        job.details.append(
            f"{am.source}: amendment {am.number} of {credit.number} applied: "
            + "; ".join(credit.amendments[-1].changes)
        )


def _order_for(
    credit: Credit, orders: TableData, customers: TableData, lcs: TableData, given: str | None
) -> str:
    """The order named with --order (refused when there is none), else `linking.order_for`."""
    if not given:
        return order_for(credit, orders, customers, lcs)
    ids = orders.frame[Orders.order_id].astype("string").str.strip()
    hit = ids[ids.str.upper() == given.strip().upper()]
    if hit.empty:
        raise LcImportError(f"{Orders.sheet}: no order {given!r} (--order)")
    return str(hit.iloc[0])
