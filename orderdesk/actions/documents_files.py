"""Documents to files: HTML to PDF (in worker processes when asked), written beside the output
folder until the workbook is saved, then moved into place and recorded on the Documents sheet.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from orderdesk.adapters.pdf import PdfError, html_to_pdf, warm_fonts
from orderdesk.adapters.workbook_safety import write_file
from orderdesk.domain.documents import content as K
from orderdesk.domain.documents.naming import document_file_stem
from orderdesk.errors import OrderDeskError
from orderdesk.ports import Register
from orderdesk.schema import DocKind, Documents, Setting
from orderdesk.settings import Policy

if TYPE_CHECKING:
    from orderdesk.actions.documents_book import _Run


class DocumentsUsage(OrderDeskError, ValueError):
    """Options that cannot be acted on (unknown kind or language, no order named)."""


_NO_GLYPH = re.compile(r"can draw .* \(U\+([0-9A-F]{4,6})\)")


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


def _address(text: str) -> str:
    """A one-cell address reads best on two lines: street, then city and country."""
    if "\n" in text or text.count(",") < 2:
        return text
    head, _, tail = text.rpartition(",")
    head2, _, mid = head.rpartition(",")
    return f"{head2.strip()}\n{mid.strip()}, {tail.strip()}"


def _logo(run: _Run, path_text: str) -> str | None:
    uri, problem = logo_uri(Path(run.register.source), run.policy, path_text)
    if problem:
        run.details.append(problem)
        run.findings += 1
    return uri


def logo_uri(source: Path, policy: Policy, path_text: str) -> tuple[str | None, str | None]:
    """The company logo (Settings) as a data: URI, or None and why it was left out."""
    if not path_text.strip():
        return None, None
    path = Path(path_text.strip()).expanduser()
    if not path.is_absolute():
        path = source.parent / path
    mime = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}
    ref = policy.ref(Setting.COMPANY_LOGO)
    kind = mime.get(path.suffix.lower())
    if kind is None:
        return None, (
            f"{ref}: company logo {path_text!r} is not a PNG or JPEG; documents made without it"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, (
            f"{ref}: company logo {path_text!r} cannot be read ({exc.strerror}); documents made without it"
        )
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}", None
