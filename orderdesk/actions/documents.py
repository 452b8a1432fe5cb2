"""Documents: make trade documents for orders and record each one in the Documents sheet.

One function serves the `orderdesk docs` command, the ribbon's Documents menu and the demo. It
reads the register, builds each document (domain), writes it as HTML and PDF into the output
folder, appends a row per document to the Documents sheet (order, kind, version, language, path,
SHA-256, by, at) and saves once.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from orderdesk.actions.base import NO_PROGRESS, Outcome, Progress, known_orders, stage
from orderdesk.adapters.pdf import PdfError, html_to_pdf, warm_fonts
from orderdesk.adapters.workbook_safety import write_file
from orderdesk.domain import validation as V
from orderdesk.domain.documents import content as K
from orderdesk.domain.documents import facts as F
from orderdesk.domain.documents.clauses import ClauseRow
from orderdesk.domain.documents.i18n import Language, UnknownLanguage, customer_language, language
from orderdesk.domain.documents.models import BankDetails
from orderdesk.domain.documents.naming import document_file_stem
from orderdesk.domain.documents.packing import Problem
from orderdesk.domain.documents.render import render_html
from orderdesk.domain.questions import questions_for as V_questions
from orderdesk.domain.validation.registry import show
from orderdesk.errors import OrderDeskError
from orderdesk.ports import Register, TableData, today
from orderdesk.schema import (
    Clauses,
    Customers,
    DocKind,
    Documents,
    Invoices,
    LCs,
    OrderLines,
    Orders,
    Products,
    Setting,
    Shipments,
    Stage,
    Table,
)
from orderdesk.settings import Policy, load_policy

ALL_KINDS: tuple[DocKind, ...] = tuple(DocKind)
_NO_GLYPH = re.compile(r"can draw .* \(U\+([0-9A-F]{4,6})\)")


class DocumentsUsage(OrderDeskError, ValueError):
    """Options that cannot be acted on (unknown kind or language, no order named)."""


def parse_kinds(texts: Iterable[str]) -> list[DocKind]:
    kinds: list[DocKind] = []
    for text in texts:
        for part in str(text).replace(",", " ").split():
            try:
                kind = DocKind(part.strip().lower())
            except ValueError:
                names = ", ".join(k.value for k in DocKind)
                raise DocumentsUsage(f"no document kind {part!r}: use {names}") from None
            if kind not in kinds:
                kinds.append(kind)
    return kinds


@dataclass
class _Made:
    order_id: str
    kind: DocKind
    version: int
    language: str
    pdf: Path
    html: Path
    sha256: str
    content: str
    draft: bool
    staged: list[tuple[Path, Path]]  # (written beside, final place): moved once recorded


@dataclass
class _Run:
    register: Register
    out_dir: Path
    policy: Policy
    orders: TableData
    lines: TableData
    customers: TableData
    products: TableData
    invoices: TableData
    shipments: TableData
    documents: TableData
    clause_rows: list[ClauseRow]
    company: K.Company
    cjk_font: str | None
    tables: dict[type[Table], TableData]
    context: V.ValidationContext
    findings_by_order: dict[str, list[V.Finding]]
    lcs: TableData
    lc_defaults: K.LcDefaults
    pi_valid_days: int
    draft: bool = False
    staging: Path | None = None
    made: list[_Made] = field(default_factory=list)
    pending: list[tuple[str, DocKind, int, str]] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    findings: int = 0
    confirm_findings: list[V.Finding] | None = None
    confirm_tables: dict[type[Table], TableData] | None = None
    # Each table's rows by order, built once a run: many orders, one pass over each table.
    by_order: dict[int, dict[str, list[int]]] = field(default_factory=dict)
    facts: F.RegisterFacts | None = None

    def rows_by_order(self, data: TableData) -> dict[str, list[int]]:
        key = id(data)
        if key not in self.by_order:
            f = data.frame
            groups: dict[str, list[int]] = {}
            if not f.empty and Orders.order_id in f:
                ids = f[Orders.order_id].astype("string").str.strip()
                for row, oid in zip(f.index, ids, strict=True):
                    if isinstance(oid, str):
                        groups.setdefault(oid, []).append(int(row))
            self.by_order[key] = groups
        return self.by_order[key]


def make_documents(
    register: Register,
    *,
    kinds: Sequence[DocKind] = ALL_KINDS,
    order_ids: Sequence[str] | None = None,
    all_ready: bool = False,
    fitting_stage: bool = False,
    lang: str | None = None,
    out_dir: Path | None = None,
    workers: int = 1,
    draft: bool = False,
    progress: Progress = NO_PROGRESS,
) -> Outcome:
    """Make `kinds` for the orders named (or selected), or, with `all_ready`, for every order at
    the stage each kind is for that has no such document yet. `fitting_stage` keeps, of the
    named orders, only the kinds their stage is ready for (the ribbon's "all that fit").
    `draft` makes them whatever the order's stage, marked DRAFT on every page (a document
    before its stage is refused otherwise). `workers` > 1 turns HTML into PDF in that many
    processes (the slow part, CPU-bound).

    Either every document made is written and recorded in the Documents sheet, or nothing is
    written: the files wait beside the output folder until the workbook is saved."""
    forced: Language | None = None
    if lang:
        try:
            forced = language(lang)
        except UnknownLanguage as exc:
            raise DocumentsUsage(str(exc)) from None
    if not kinds:
        raise DocumentsUsage("name at least one document kind")
    run = _open(register, out_dir)
    run.draft = draft
    targets = _targets(run, kinds, order_ids, all_ready)
    if fitting_stage and not all_ready:
        stages = dict(
            zip(
                run.orders.frame[Orders.order_id].astype(str),
                run.orders.frame[Orders.stage],
                strict=True,
            )
        )
        targets = [(o, k) for o, k in targets if K.ready(k, Stage.read(stages.get(o)))]
    if not targets:
        what = (
            "every order at the right stage already has its documents" if all_ready else "no orders"
        )
        return Outcome(f"no documents made: {what}", findings=run.findings, details=run.details)

    by_order = run.orders.frame.groupby(Orders.order_id, sort=False).groups
    pending = [
        p for order_id, kind in targets if (p := _one(run, order_id, kind, forced, by_order))
    ]
    run.staging = Path(tempfile.mkdtemp(prefix=".orderdesk-", dir=run.out_dir))
    try:
        with stage(progress, "Documents", len(pending)) as bar:
            for job, result in zip(pending, _pdfs(pending, run.cjk_font, workers), strict=True):
                _finish(run, job, result)
                bar.advance()
        if run.made:
            _record_made(register, run)
            register.save()  # refuses (workbook open, changed on disk …): nothing is written
            for m in run.made:
                for staged, final in m.staged:
                    os.replace(staged, final)
    finally:
        shutil.rmtree(run.staging, ignore_errors=True)
    n = len(run.made)
    summary = f"made {n} document{'s' if n != 1 else ''} (PDF and HTML) in {run.out_dir}"
    if run.findings:
        summary += f"; {run.findings} problem{'s' if run.findings != 1 else ''} (see below)"
    return Outcome(
        summary,
        findings=run.findings,
        details=run.details,
        data={
            "out": str(run.out_dir),
            "documents": [
                {
                    "order": m.order_id,
                    "kind": m.kind.value,
                    "version": m.version,
                    "language": m.language,
                    "draft": m.draft,
                    "pdf": str(m.pdf),
                    "html": str(m.html),
                    "sha256": m.sha256,
                }
                for m in run.made
            ],
        },
    )


def _record_made(register: Register, run: _Run) -> None:
    now = dt.datetime.now().replace(microsecond=0)
    register.append(
        Documents,
        [
            {
                Documents.doc_id: f"{K.PREFIX[m.kind]}-{m.order_id}-v{m.version}-{m.language}"
                + ("-draft" if m.draft else ""),
                Documents.order_id: m.order_id,
                Documents.kind: m.kind.value,
                Documents.version: m.version,
                Documents.language: m.language,
                Documents.path: _shown_path(register, m.pdf),
                Documents.sha256: m.sha256,
                Documents.by: register.user,
                Documents.at: now,
                Documents.content: m.content,
                Documents.draft: m.draft,
            }
            for m in run.made
        ],
    )


def default_out_dir(register: Register) -> Path:
    """A "Documents" folder beside the workbook."""
    src = Path(register.source)
    base = src.parent if src.suffix else Path.home()
    return base / "Documents"


# --- reading -------------------------------------------------------------------------------


DOCUMENT_INPUTS = (Orders, OrderLines, Customers, Products, Invoices, Shipments)


def _open(register: Register, out_dir: Path | None) -> _Run:
    out = Path(out_dir) if out_dir is not None else default_out_dir(register)
    if out.exists() and not out.is_dir():
        raise DocumentsUsage(f"--out {out}: not a folder (documents go into a folder)")
    run = open_run(register, out)  # a register without what documents need: refused here
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file in the path, or no right to write there
        raise DocumentsUsage(
            f"--out {out}: cannot put documents there "
            f"({exc.strerror or 'cannot be created'}); nothing was written"
        ) from None
    return run


def open_run(register: Register, out: Path | None = None) -> _Run:
    """The register as the documents read it (Validate's view included), for making documents
    into `out`, or, without it, for reading what they would print (the L/C check)."""
    from orderdesk.actions.orders import check_register

    policy = load_policy(register)
    out = out if out is not None else default_out_dir(register)
    # Validate's view of the register: a document refuses what Validate calls an error in
    # what it prints, and the confirmation asks Validate's questions. What a document is made
    # of must be there: a missing sheet or required column is refused, naming it.
    checked = check_register(register, needed=DOCUMENT_INPUTS)
    tables = checked.tables
    by_order: dict[str, list[V.Finding]] = {}
    for f in checked.findings:
        if f.order_id is not None:
            by_order.setdefault(f.order_id, []).append(f)
    run = _Run(
        register=register,
        out_dir=out.resolve(),
        policy=policy,
        orders=tables[Orders],
        lines=tables[OrderLines],
        customers=tables[Customers],
        products=tables[Products],
        invoices=tables[Invoices],
        shipments=tables[Shipments],
        documents=register.read(Documents),
        clause_rows=[],
        company=K.Company(name=""),
        cjk_font=None,
        tables=tables,
        context=checked.context,
        findings_by_order=by_order,
        lcs=tables[LCs],
        lc_defaults=K.LcDefaults(
            open_days=int(policy.get(Setting.LC_OPEN_DAYS)),
            expiry_days=int(policy.get(Setting.LC_EXPIRY_DAYS)),
            presentation_days=int(policy.get(Setting.LC_PRESENTATION_DAYS)),
            partial_shipments=str(policy.get(Setting.LC_PARTIAL_SHIPMENTS)).upper(),
            transhipment=str(policy.get(Setting.LC_TRANSHIPMENT)).upper(),
        ),
        pi_valid_days=int(policy.get(Setting.PI_VALID_DAYS)),
    )
    clause_data = register.read(Clauses)
    run.clause_rows = [
        ClauseRow(
            clause=r[Clauses.clause.attr] or "",
            customer_type=r[Clauses.customer_type.attr] or "any",
            product_type=r[Clauses.product_type.attr] or "any",
            parameter=r[Clauses.parameter.attr] or "",
            row=r["row"],
        )
        for r in clause_data.records()
    ]
    name = str(policy.get(Setting.COMPANY_NAME) or "")
    run.company = K.Company(
        name=name,
        address=_address(str(policy.get(Setting.COMPANY_ADDRESS) or "")),
        logo=_logo(run, str(policy.get(Setting.COMPANY_LOGO) or "")),
        bank=BankDetails(
            beneficiary=name,
            bank=str(policy.get(Setting.BANK_NAME) or ""),
            account=str(policy.get(Setting.BANK_ACCOUNT) or ""),
            swift=str(policy.get(Setting.BANK_SWIFT) or ""),
        ),
        arbitration=str(policy.get(Setting.ARBITRATION) or ""),
        penalty_per_day=policy.decimal(Setting.LATE_PENALTY_PER_DAY),
        penalty_cap=policy.decimal(Setting.LATE_PENALTY_CAP),
    )
    run.cjk_font = str(policy.get(Setting.CJK_FONT) or "") or None
    if run.cjk_font and not Path(run.cjk_font).is_absolute():
        run.cjk_font = str(Path(register.source).parent / run.cjk_font)
    for issue in (*run.orders.issues, *run.lines.issues):
        run.details.append(f"{issue} (the documents leave this value out)")
    return run


def _address(text: str) -> str:
    """A one-cell address reads best on two lines: street, then city and country."""
    if "\n" in text or text.count(",") < 2:
        return text
    head, _, tail = text.rpartition(",")
    head2, _, mid = head.rpartition(",")
    return f"{head2.strip()}\n{mid.strip()}, {tail.strip()}"


def _logo(run: _Run, path_text: str) -> str | None:
    if not path_text.strip():
        return None
    path = Path(path_text.strip()).expanduser()
    if not path.is_absolute():
        path = Path(run.register.source).parent / path
    mime = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}
    ref = run.policy.ref(Setting.COMPANY_LOGO)
    kind = mime.get(path.suffix.lower())
    if kind is None:
        run.details.append(
            f"{ref}: company logo {path_text!r} is not a PNG or JPEG; documents made without it"
        )
        run.findings += 1
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        run.details.append(
            f"{ref}: company logo {path_text!r} cannot be read ({exc.strerror}); documents made without it"
        )
        run.findings += 1
        return None
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _targets(
    run: _Run, kinds: Sequence[DocKind], order_ids: Sequence[str] | None, all_ready: bool
) -> list[tuple[str, DocKind]]:
    frame = run.orders.frame
    if all_ready:
        done = set()
        if len(run.documents):
            d = run.documents.frame
            done = set(
                zip(
                    d[Documents.order_id].astype(str),
                    d[Documents.kind].astype(str).str.lower(),
                    strict=True,
                )
            )
        out = []
        for oid, st in zip(frame[Orders.order_id], frame[Orders.stage], strict=True):
            if pd.isna(oid):
                continue
            s = Stage.read(st)
            for kind in kinds:
                if K.ready(kind, s) and (str(oid), kind.value) not in done:
                    out.append((str(oid), kind))
        return out
    ids = list(order_ids or [])
    if not ids:
        selection = run.register.selection()
        if selection is not None and selection.table is Orders:
            ids = [str(k[0]) for k in selection.keys if k and k[0] is not None]
    if not ids:
        raise DocumentsUsage(
            "name the orders (--order SO-…), select order rows in Excel, or use --all-ready"
        )
    return [(oid, kind) for oid in known_orders(ids, frame[Orders.order_id]) for kind in kinds]


# --- one document ----------------------------------------------------------------------------


def _one(
    run: _Run, order_id: str, kind: DocKind, forced: Language | None, by_order: Any
) -> _Pending | None:
    """Build and write one document as HTML; None (and the problems noted) if it cannot be."""
    facts = order_facts(run, order_id, kind, by_order)
    customer = facts.customer
    lang, note = (
        (forced, None)
        if forced
        else customer_language(customer.get(Customers.language.attr) if customer else None)
    )
    assert lang is not None
    if note:
        run.details.append(f"{order_id} {kind.value}: {note}")
    if kind is DocKind.CONFIRMATION:
        missing, facts.missing_lang = _still_to_confirm(run, order_id, lang)
        facts.missing = missing
    built = K.build(kind, facts, run.company, version=1, issue_date=today())
    if built.document is None:
        # One line per cell, however many parts of the document need it.
        lines = dict.fromkeys(
            f"{order_id} {kind.value}: not made: {_where(run, p)}" for p in built.problems
        )
        run.findings += len(lines)
        run.details.extend(lines)
        return None
    content = K.fingerprint(built.document)
    version = _version(run, order_id, kind, content)
    built.document.version = version
    html = render_html(built.document, lang)
    run.pending.append((order_id, kind, version, content))
    return _Pending(
        order_id, kind, version, lang.code, html, built.document.number, content, run.draft
    )


def order_facts(run: _Run, order_id: str, kind: DocKind, by_order: Any = None) -> K.OrderFacts:
    """What the register says about one order that a document of `kind` may print: the one
    place the documents (and the L/C check, which reads what they would print) gather it."""
    return facts_of(run).of(order_id, kind, draft=run.draft)


def facts_of(run: _Run) -> F.RegisterFacts:
    """Every order's facts, gathered once a run (one pass over each table)."""
    if run.facts is None:
        run.facts = F.gather(
            orders=run.orders,
            lines=run.lines,
            customers=run.customers,
            products=run.products,
            invoices=run.invoices,
            shipments=run.shipments,
            lcs=run.lcs,
            today=today(),
            clause_rows=run.clause_rows,
            findings=run.findings_by_order,
            lc_defaults=run.lc_defaults,
            pi_valid_days=run.pi_valid_days,
        )
    return run.facts


def rows_of(run: _Run, data: TableData, order_id: str) -> list[dict[str, Any]]:
    """The records of a table that belong to an order, in sheet order."""
    return [_record(data, r) for r in run.rows_by_order(data).get(order_id.strip(), [])]


def _still_to_confirm(run: _Run, order_id: str, lang: Language) -> tuple[list[str], str]:
    """What the customer still has to tell us, for the confirmation: the questions `orderdesk
    questions` asks (one source: Validate's findings over the whole register, so a customer PO
    used twice is asked about here too), for the order as it will stand once it is to ship
    (what is asked at ready to ship — shipping marks, forwarder, ports — is what the customer
    must give us now), in the document's language; both languages side by side on a bilingual
    one. Returns the questions and their language when the catalog had not the document's."""
    from orderdesk.domain.questions import customer_language as questions_language

    findings, tables = _confirmation_view(run)
    per_language = [
        next(iter(V_questions(findings, tables, run.context, [order_id], part)), None)
        for part in lang.parts
    ]
    texts = [q.questions if q else [] for q in per_language]
    asked_in = questions_language(lang.primary)
    return (
        [" / ".join(parts) for parts in zip(*texts, strict=True)],
        "" if asked_in == lang.primary else asked_in,
    )


def _confirmation_view(run: _Run) -> tuple[list[V.Finding], dict[type[Table], TableData]]:
    """Validate's findings with every order below ready to ship raised to it (once a run)."""
    if run.confirm_findings is None or run.confirm_tables is None:
        orders = run.orders.frame.copy()
        ranks = orders[Orders.stage].map(lambda s: (Stage.read(s) or Stage.CANCELLED).rank)
        early = (ranks >= Stage.CONFIRMED.rank) & (ranks < Stage.READY_TO_SHIP.rank)
        orders.loc[early, Orders.stage] = Stage.READY_TO_SHIP.value
        tables = dict(run.tables)
        tables[Orders] = replace(run.orders, frame=orders)
        run.confirm_tables = tables
        run.confirm_findings = V.validate(tables, run.context)
    return run.confirm_findings, run.confirm_tables


@dataclass(frozen=True)
class _Pending:
    order_id: str
    kind: DocKind
    version: int
    language: str
    html: str
    title: str
    content: str
    draft: bool


def _pdf_job(html: str, cjk_font: str | None, title: str) -> tuple[bytes | None, list[str], str]:
    """One PDF: (bytes, font notes, error). Top-level so that worker processes can run it."""
    try:
        pdf = html_to_pdf(html, cjk_font=cjk_font, title=title)
    except PdfError as exc:
        return None, [], str(exc)
    missing = sorted({m.group(1) for w in pdf.warnings if (m := _NO_GLYPH.search(w))})
    if missing:
        chars = ", ".join(f"U+{c} {chr(int(c, 16))}" for c in missing[:8])
        # A document with boxes in it is no document: not written, not recorded, so that the
        # next run (with a font installed, or the font cache built) makes it.
        return (
            None,
            pdf.fonts.notes,
            f"not made: no font on this computer draws {chars} (they would print as boxes); "
            "install a font that has them, or name one in Settings → 'cjk font'",
        )
    return pdf.data, pdf.fonts.notes, ""


def _pdfs(
    pending: Sequence[_Pending], cjk_font: str | None, workers: int
) -> Iterator[tuple[bytes | None, list[str], str]]:
    args = [(p.html, cjk_font, p.title) for p in pending]
    if workers <= 1 or len(args) < 4:
        for a in args:
            yield _pdf_job(*a)
        return
    from concurrent.futures import ProcessPoolExecutor

    # The font cache is built here, once, before the workers start: each of them then only
    # reads it (and a second `orderdesk docs` at the same moment waits on its lock).
    warm_fonts("".join(p.html for p in pending), cjk_font)
    with ProcessPoolExecutor(min(workers, len(args))) as pool:
        yield from pool.map(_pdf_job, *zip(*args, strict=True), chunksize=2)


def _finish(run: _Run, job: _Pending, result: tuple[bytes | None, list[str], str]) -> None:
    data, notes, error = result
    if error:
        run.findings += 1
        run.details.append(f"{job.order_id} {job.kind.value}: {error}")
    if data is None:
        return
    for n in notes:
        if n not in run.details:
            run.details.append(n)
    stem = document_file_stem(K.PREFIX[job.kind], job.order_id, job.version, job.language)
    if job.draft:
        stem += "_DRAFT"
    assert run.staging is not None
    pdf_path = _final(run.out_dir, f"{stem}.pdf")
    html_path = _final(run.out_dir, f"{stem}.html")
    staged = [
        (write_file(run.staging / pdf_path.name, data), pdf_path),
        (write_file(run.staging / html_path.name, job.html.encode("utf-8")), html_path),
    ]
    digest = hashlib.sha256(data).hexdigest()
    run.made.append(
        _Made(
            job.order_id,
            job.kind,
            job.version,
            job.language,
            pdf_path,
            html_path,
            digest,
            job.content,
            job.draft,
            staged,
        )
    )
    run.details.append(
        f"{job.order_id} {job.kind.value} v{job.version} ({job.language}): {pdf_path.name}"
    )


def _record(data: TableData, row: int) -> dict[str, Any]:
    from orderdesk.ports import to_python

    rec: dict[str, Any] = {"row": row}
    for col in data.table.columns():
        rec[col.attr] = to_python(col, data.frame.at[row, col]) if col in data.frame else None
    return rec


def _version(run: _Run, order_id: str, kind: DocKind, content: str) -> int:
    """The version a document with this content has: the one recorded for the same content
    (in whatever language, or made earlier in this run), else one more than the last."""
    known: list[tuple[int, str]] = [
        (v, c) for o, k, v, c in run.pending if o == order_id and k is kind
    ]
    d = run.documents.frame
    if not d.empty:
        mine = d[
            (d[Documents.order_id].astype("string").str.strip() == order_id)
            & (d[Documents.kind].astype("string").str.strip().str.lower() == kind.value)
        ]
        contents = mine.get(Documents.content)
        for r in mine.index:
            v: Any = mine.at[r, Documents.version]  # a whole number, or NA where blank
            if pd.isna(v):
                continue
            c = contents.at[r] if contents is not None else None
            known.append((int(v), c if isinstance(c, str) else ""))
    same = [v for v, c in known if c == content]
    if same:
        return max(same)
    return max((v for v, _ in known), default=0) + 1


def _where(run: _Run, p: Problem) -> str:
    from orderdesk.schema import OrderLines as OL

    if p.rule:  # Validate's own finding, which names its cell
        return f"Validate {p.rule}: {p.message}"
    table = getattr(p.column, "table", None)
    data = (
        run.orders if table is None else {Orders: run.orders, OL: run.lines}.get(table, run.orders)
    )
    if p.row is None or p.column is None:
        return p.message
    ref = data.ref(p.row, p.column)
    unreadable = [i for i in data.issues if (i.ref.row, i.ref.column) == (ref.row, ref.column)]
    if unreadable:  # not blank: typed, but not as a value of its kind
        return f"{ref}: {unreadable[0].problem}: {p.message}"
    value = show(p.column, p.value)
    return f"{ref} is " + (f"'{value}'" if value else "blank") + f": {p.message}"


def _final(out_dir: Path, name: str) -> Path:
    """Where a document goes: inside `out_dir` and nowhere else."""
    path = (out_dir / name).resolve()
    if path.parent != out_dir:
        raise DocumentsUsage(f"refusing to write {name!r} outside {out_dir}")
    return path


def _shown_path(register: Register, path: Path) -> str:
    """The path as the Documents sheet shows it: relative to the workbook's folder when inside."""
    base = Path(register.source).resolve().parent
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)
