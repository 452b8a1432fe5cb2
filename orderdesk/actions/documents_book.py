"""The register as the documents read it, once a run: the tables (Validate's view included),
Settings, the company, every order's facts (`domain.documents.facts`), and where a problem's
cell is. Shared by Make documents and Check L/C (which reads what the documents would print).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from orderdesk.actions.context import RunContext
from orderdesk.actions.documents_files import _address, _logo
from orderdesk.domain import validation as V
from orderdesk.domain.documents import content as K
from orderdesk.domain.documents import facts as F
from orderdesk.domain.documents.clauses import ClauseRow
from orderdesk.domain.documents.i18n import Language
from orderdesk.domain.documents.models import BankDetails
from orderdesk.domain.documents.naming import recorded_versions, version_for
from orderdesk.domain.documents.packing import Problem, where
from orderdesk.domain.questions import questions_for as V_questions
from orderdesk.ports import Register, TableData
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
    Table,
)
from orderdesk.settings import Policy


@dataclass
class _Run:
    register: Register
    ctx: RunContext
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
    made: list[Any] = field(default_factory=list)
    pending: list[tuple[str, DocKind, int, str]] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    findings: int = 0
    confirm_findings: list[V.Finding] | None = None
    confirm_tables: dict[type[Table], TableData] | None = None
    facts: F.RegisterFacts | None = None  # every order's facts, gathered on first use


DOCUMENT_INPUTS = (Orders, OrderLines, Customers, Products, Invoices, Shipments)


def default_out_dir(register: Register) -> Path:
    """A "Documents" folder beside the workbook."""
    src = Path(register.source)
    base = src.parent if src.suffix else Path.home()
    return base / "Documents"


def open_run(register: Register, out: Path | None = None, ctx: RunContext | None = None) -> _Run:
    """The register as the documents read it (Validate's view included), for making documents
    into `out`, or, without it, for reading what they would print (the L/C check)."""
    from orderdesk.actions.orders import check_register

    ctx = ctx or RunContext.of(register)
    policy = ctx.policy  # Settings, read once for the run
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
        ctx=ctx,
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


def order_facts(run: _Run, order_id: str, kind: DocKind) -> K.OrderFacts:
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
            today=run.ctx.today,
            clause_rows=run.clause_rows,
            findings=run.findings_by_order,
            lc_defaults=run.lc_defaults,
            pi_valid_days=run.pi_valid_days,
        )
    return run.facts


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
        tables = dict(run.tables)
        tables[Orders] = replace(run.orders, frame=F.as_to_ship(run.orders.frame))
        run.confirm_tables = tables
        run.confirm_findings = V.validate(tables, run.context)
    return run.confirm_findings, run.confirm_tables


def _version(run: _Run, order_id: str, kind: DocKind, content: str) -> int:
    """The version of a document with this content (see `naming.version_for`): the versions
    the Documents sheet records and those made earlier in this run."""
    known = [(v, c) for o, k, v, c in run.pending if o == order_id and k is kind]
    known += recorded_versions(run.documents.frame, order_id, kind)
    return version_for(content, known)


def _where(run: _Run, p: Problem) -> str:
    return where(p, run.orders, run.lines)
