"""Documents: make trade documents for orders and record each one in the Documents sheet.

One function serves the `orderdesk docs` command, the ribbon's Documents menu and the demo. It
reads the register, builds each document (domain), writes it as HTML and PDF into the output
folder, appends a row per document to the Documents sheet (order, kind, version, language, path,
SHA-256, by, at) and saves once.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from orderdesk.actions.base import NO_PROGRESS, Outcome, Progress, known_orders, stage
from orderdesk.actions.context import RunContext
from orderdesk.actions.documents_book import (
    _Run,
    _still_to_confirm,
    _version,
    _where,
    default_out_dir,
    open_run,
    order_facts,
)
from orderdesk.actions.documents_files import DocumentsUsage, _finish, _pdfs, _Pending, _record_made
from orderdesk.domain.documents import content as K
from orderdesk.domain.documents.i18n import Language, UnknownLanguage, customer_language, language
from orderdesk.domain.documents.render import render_html
from orderdesk.ports import Register
from orderdesk.schema import (
    Customers,
    DocKind,
    Documents,
    Orders,
    Stage,
)

ALL_KINDS: tuple[DocKind, ...] = tuple(DocKind)


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
    ctx: RunContext | None = None,
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
    run = _open(register, out_dir, ctx or RunContext.of(register, progress=progress))
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

    pending = [p for order_id, kind in targets if (p := _one(run, order_id, kind, forced))]
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


# --- reading -------------------------------------------------------------------------------


def _open(register: Register, out_dir: Path | None, ctx: RunContext | None) -> _Run:
    out = Path(out_dir) if out_dir is not None else default_out_dir(register)
    if out.exists() and not out.is_dir():
        raise DocumentsUsage(f"--out {out}: not a folder (documents go into a folder)")
    run = open_run(register, out, ctx)  # a register without what documents need: refused here
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file in the path, or no right to write there
        raise DocumentsUsage(
            f"--out {out}: cannot put documents there "
            f"({exc.strerror or 'cannot be created'}); nothing was written"
        ) from None
    return run


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


def _one(run: _Run, order_id: str, kind: DocKind, forced: Language | None) -> _Pending | None:
    """Build and write one document as HTML; None (and the problems noted) if it cannot be."""
    facts = order_facts(run, order_id, kind)
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
    built = K.build(kind, facts, run.company, version=1, issue_date=run.ctx.today)
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
