"""The invoice Check L/C checks is the invoice OrderDesk prints: on the demo's sample register, for every
order with a credit, the CI and PL the check reads (`presentation`, as `check_lc` builds it from
the register's facts gathered in one pass) have the content fingerprint the Documents sheet
records for the PDFs `orderdesk docs` makes (read back with openpyxl), and the printed CI (read
with pypdf) shows the credit's number and the total the check compared with 32B."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from orderdesk.actions.documents import make_documents
from orderdesk.actions.documents_book import facts_of, open_run, order_facts
from orderdesk.adapters.file_register import FileRegister
from orderdesk.cli import main
from orderdesk.domain.documents.content import fingerprint
from orderdesk.domain.lc.presentation import presentation
from orderdesk.schema import DocKind, Documents, LCs, OrderLines


def _checked(reg, order_ids):
    """What Check L/C reads for each order: {order: {kind: document}}."""
    run = open_run(FileRegister(reg))
    out = {}
    for oid in order_ids:
        facts = order_facts(run, oid, DocKind.CI)
        pres = presentation(
            facts,
            facts_of(run).shipments.get(oid, []),
            run.company,
            presented_on=None,
            today=run.ctx.today,
            where=str,
        )
        out[oid] = {DocKind.CI: pres.ci, DocKind.PL: pres.pl}
    return out


def _recorded(reg) -> dict[tuple[str, str], str]:
    ws = openpyxl.load_workbook(reg, read_only=True)[Documents.sheet]
    rows = ws.iter_rows(values_only=True)
    header = list(next(rows))
    while Documents.content not in header:
        header = list(next(rows))
    at = {h: header.index(h) for h in (Documents.order_id, Documents.kind, Documents.content)}
    return {
        (r[at[Documents.order_id]], r[at[Documents.kind]]): r[at[Documents.content]]
        for r in rows
        if r[at[Documents.order_id]]
    }


@pytest.mark.slow  # the demo's sample register (120 orders) and some 34 PDFs
def test_the_check_reads_the_documents_orderdesk_prints(tmp_path, monkeypatch, demo_sample_folder):
    """On a copy of the demo's sample (built once per test run, shared with other tests; its
    17 credits, one a draft, prove per order what the 300-order sample's 50 did)."""
    monkeypatch.setenv("ORDERDESK_TODAY", "2026-11-15")
    shutil.copytree(demo_sample_folder[0], tmp_path, dirs_exist_ok=True)
    reg = tmp_path / "SampleRegister.xlsx"
    files = sorted((tmp_path / "letters-of-credit").glob("MT7*.txt"))
    assert files, "the sample's arriving credits"
    assert main(["lc", "import", str(reg), *map(str, files)]) == 0
    credits = {
        str(r[LCs.order_id.attr]): str(r[LCs.lc_no.attr])
        for r in FileRegister(reg).read(LCs).records()
    }
    assert len(credits) >= 5
    checked = _checked(reg, sorted(credits))
    pdfs = {}
    for draft in (True, False):
        mine = [o for o, d in checked.items() if d[DocKind.CI].draft is draft]
        if mine:
            made = make_documents(
                FileRegister(reg),
                kinds=[DocKind.CI, DocKind.PL],
                order_ids=mine,
                draft=draft,
                lang="en",
                out_dir=tmp_path / "docs",
            )
            assert made.findings == 0, made.details
            pdfs.update({(d["order"], d["kind"]): d["pdf"] for d in made.data["documents"]})
    recorded = _recorded(reg)
    for oid, docs in checked.items():
        for kind, doc in docs.items():
            assert recorded[(oid, kind.value)] == fingerprint(doc), (oid, kind)
        ci = docs[DocKind.CI]
        if (oid, "ci") in pdfs:
            reader = PdfReader(io.BytesIO(Path(pdfs[(oid, "ci")]).read_bytes()))
            text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
            assert credits[oid] in text
            assert f"{ci.totals.total.amount:,.2f}" in text

    # The comparison can fail: one line's description changed, the check reads another invoice.
    oid = sorted(credits)[0]
    wb = openpyxl.load_workbook(reg)
    ws = wb[OrderLines.sheet]
    top = next(r for r in range(1, 10) if OrderLines.order_id in [c.value for c in ws[r]])
    header = [c.value for c in ws[top]]
    col_o = header.index(OrderLines.order_id) + 1
    col_d = header.index(OrderLines.description) + 1
    row = next(r for r in range(top + 1, ws.max_row + 1) if ws.cell(r, col_o).value == oid)
    ws.cell(row, col_d).value = f"{ws.cell(row, col_d).value} (revised)"
    wb.save(reg)
    changed = _checked(reg, [oid])[oid][DocKind.CI]
    assert changed is not None and any(x.description.endswith("(revised)") for x in changed.lines)
    assert fingerprint(changed) != recorded[(oid, "ci")]
