"""Letters about a complaint (ribbon: After-sales → Letter; CLI: `orderdesk aftersales letter`).

The acknowledgement or the resolution of one complaint, in the customer's language (as for the
other documents: Customers → Language, or `lang`), on the company's letterhead (Settings), as a
PDF in the documents folder (Documents beside the workbook, or `out`). The register is not
changed. Same complaint, same letter, same file: a letter whose content changed gets the next
version beside the earlier one, which stays as it was sent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from orderdesk.actions.aftersales import clock_now, company_calendar, complaint_limits
from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.actions.documents_book import default_out_dir
from orderdesk.actions.documents_files import DocumentsUsage, _address, _pdf_job, logo_uri
from orderdesk.adapters.pdf import PdfError
from orderdesk.adapters.workbook_safety import write_file
from orderdesk.domain.aftersales.complaints import run_clocks
from orderdesk.domain.documents import letters as L
from orderdesk.domain.documents.i18n import Language, UnknownLanguage, customer_language, language
from orderdesk.domain.documents.models import Party
from orderdesk.domain.documents.naming import document_file_stem, version_for
from orderdesk.domain.documents.render import render_letter
from orderdesk.ports import Selection, TableData
from orderdesk.schema import Column, Complaints, ComplaintSla, Customers, FiveWhys, Orders, Setting


def _find(data: TableData, column: Column, key: str) -> int | None:
    """The sheet row whose `column` is `key` (as typed: case and spaces aside)."""
    want = key.strip().casefold()
    for row, value in zip(data.frame.index, data.frame[column], strict=True):
        if isinstance(value, str) and value.strip().casefold() == want:
            return int(row)
    return None


def _record(data: TableData, row: int) -> dict:
    return next(r for r in data.records() if r["row"] == row)


def complaint_letter(
    ctx: RunContext,
    complaint_id: str,
    kind: L.LetterKind,
    *,
    lang: str | None = None,
    out: Path | None = None,
) -> Outcome:
    """Write the `kind` letter of one complaint as a PDF; an unknown complaint, or a resolution
    with nothing to settle, is refused naming the cell, and nothing is written."""
    register = ctx.register
    complaints = register.read(Complaints)
    row = _find(complaints, Complaints.complaint_id, complaint_id)
    if row is None:
        raise L.LetterError(
            f"{Complaints.sheet}: no complaint '{complaint_id}' in column "
            f"{Complaints.complaint_id}; nothing was written"
        )
    complaint = _record(complaints, row)
    orders = register.read(Orders)
    order_row = _find(orders, Orders.order_id, str(complaint[Complaints.order_id.attr] or ""))
    if order_row is None:
        raise L.LetterError(
            f"{complaints.ref(row, Complaints.order_id)}: "
            f"'{complaint[Complaints.order_id.attr] or ''}' is not an order in the Orders sheet; "
            "nothing was written"
        )
    order = _record(orders, order_row)
    customers = register.read(Customers)
    cust_row = _find(customers, Customers.customer_id, str(order[Orders.customer.attr] or ""))
    customer = _record(customers, cust_row) if cust_row is not None else None
    letter = L.build_letter(
        kind,
        complaint,
        lambda col: str(complaints.ref(row, col)),
        order=order,
        order_where=lambda col: str(orders.ref(order_row, col)),
        customer=customer,
        five_why=_five_why(ctx, complaint_id),
        seller=_seller(ctx),
        logo=_logo(ctx),
        solution_due=_solution_due(ctx, complaints, row),
        today=ctx.today,
    )
    written, note = _language(lang, customer)
    html = render_letter(letter, written)
    data, notes, error = _pdf_job(html, _cjk_font(ctx), letter.number)
    if data is None:
        raise PdfError(f"{letter.number}: {error}")
    folder = out if out is not None else default_out_dir(register)
    path, fresh = _place(folder, letter, written.code, data)
    return Outcome(
        f"{kind.value} letter for complaint {letter.complaint_id} ({written.code}): "
        + (f"{path.name} written" if fresh else f"{path.name} already written, unchanged"),
        details=[*([note] if note else []), *notes],
        data={"pdf": str(path), "language": written.code, "number": letter.number},
    )


def letter_for_selection(ctx: RunContext, picked: Selection | None, kind: L.LetterKind) -> Outcome:
    """The ribbon's Letter menu: the letter of the complaint under the cursor."""
    key = picked.keys[0][0] if picked is not None and picked.keys else None
    if picked is None or picked.table is not Complaints or not isinstance(key, str):
        return Outcome(f"Select a complaint (a row of {Complaints.sheet}), then Letter.")
    return complaint_letter(ctx, key, kind)


def _five_why(ctx: RunContext, complaint_id: str) -> dict | None:
    """The complaint's 5 Why record (the latest dated, if several); none in an older register."""
    data = ctx.register.read(FiveWhys, optional=True)
    if not data.found:
        return None
    want = complaint_id.strip().casefold()
    mine = [
        r
        for r in data.records()
        if str(r[FiveWhys.complaint_id.attr] or "").strip().casefold() == want
    ]
    return max(mine, key=lambda r: (str(r[FiveWhys.date.attr] or ""), r["row"]), default=None)


def _solution_due(ctx: RunContext, complaints: TableData, row: int) -> dt.datetime | None:
    """When a solution is due: the company calendar's business hours from Received."""
    limits = complaint_limits(ctx.register.read(ComplaintSla, optional=True))
    clocks = run_clocks(
        complaints.frame.loc[[row]], company_calendar(ctx.policy), limits, clock_now(ctx)
    )
    return clocks.solution_due.get(row)


def _seller(ctx: RunContext) -> Party:
    return Party(
        name=str(ctx.policy.get(Setting.COMPANY_NAME) or ""),
        address=_address(str(ctx.policy.get(Setting.COMPANY_ADDRESS) or "")),
    )


def _logo(ctx: RunContext) -> str | None:
    uri, _problem = logo_uri(
        Path(ctx.register.source), ctx.policy, str(ctx.policy.get(Setting.COMPANY_LOGO) or "")
    )
    return uri  # a logo that cannot be read: the letter goes without it, as the documents do


def _cjk_font(ctx: RunContext) -> str | None:
    named = str(ctx.policy.get(Setting.CJK_FONT) or "") or None
    if named and not Path(named).is_absolute():
        return str(Path(ctx.register.source).parent / named)
    return named


def _language(lang: str | None, customer: dict | None) -> tuple[Language, str | None]:
    if lang:
        try:
            return language(lang), None
        except UnknownLanguage as exc:
            raise DocumentsUsage(str(exc)) from None
    return customer_language(customer.get(Customers.language.attr) if customer else None)


def _place(folder: Path, letter: L.Letter, lang: str, data: bytes) -> tuple[Path, bool]:
    """Where the letter goes: the file already holding these bytes, else the next version.
    Returns (path, written now)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DocumentsUsage(
            f"--out {folder}: cannot put letters there ({exc.strerror}); nothing was written"
        ) from None
    prefix = L.PREFIX[letter.kind]
    first = document_file_stem(prefix, letter.complaint_id, 1, lang)
    pattern = re.compile(re.escape(first).replace("_v1_", r"_v(\d+)_") + r"\.pdf")
    known = {
        int(m.group(1)): p
        for p in folder.glob(f"{prefix}_*.pdf")
        if (m := pattern.fullmatch(p.name))
    }
    digest = hashlib.sha256(data).hexdigest()
    hashes = [(v, hashlib.sha256(p.read_bytes()).hexdigest()) for v, p in known.items()]
    version = version_for(digest, hashes)
    if version in known:
        return known[version], False
    path = folder / f"{document_file_stem(prefix, letter.complaint_id, version, lang)}.pdf"
    return write_file(path, data), True


def first_settled_letters(ctx: RunContext, out: Path | None = None) -> Outcome:
    """Both letters of the first complaint settled with an amount (the demo's example)."""
    frame = ctx.register.read(Complaints).frame
    settled = frame[frame[Complaints.settlement].notna() & frame[Complaints.claim_amount].notna()]
    if settled.empty:
        return Outcome("no complaint settled with an amount: no letter written")
    cid = str(settled[Complaints.complaint_id].iloc[0])
    made = [complaint_letter(ctx, cid, kind, out=out) for kind in L.LetterKind]
    return Outcome(
        f"{len(made)} letter(s) for complaint {cid}",
        details=[m.summary for m in made],
        data={"pdfs": [m.data["pdf"] for m in made]},
    )
