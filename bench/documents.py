"""Documents per second: 200 trade documents of 1–3 pages, on one process and on all cores.

Each document is built from an order (domain), written as HTML in its language (jinja2 + gettext)
and turned into a PDF (xhtml2pdf), the work `orderdesk docs` does per document; reading and
saving the workbook is left out (it is done once per run, not per document). Languages and kinds
rotate through en, es, de, fr, zh-CN, ar and en+zh-CN and the five kinds (the order is ready to
ship, so that the stage rule allows every kind); orders have 2–31 lines so
documents run from one to three pages. Prints documents per second for both and their ratio.

    .venv/bin/python bench/documents.py [--docs 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import time
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal

import numpy as np
import pandas as pd
from pypdf import PdfReader

from orderdesk.adapters.pdf import html_to_pdf
from orderdesk.defaults import policy_rows
from orderdesk.domain.documents.clauses import ClauseRow
from orderdesk.domain.documents.content import Company, OrderFacts, build
from orderdesk.domain.documents.i18n import language
from orderdesk.domain.documents.models import BankDetails
from orderdesk.domain.documents.render import render_html
from orderdesk.schema import Clauses, DocKind, Stage
from orderdesk.schema import OrderLines as L

LANGS = ("en", "es", "de", "fr", "zh-CN", "ar", "en+zh-CN")
KINDS = tuple(DocKind)
COMPANY = Company(
    "Ningbo Harbour Trading Co., Ltd.",
    "No. 88 Zhongshan East Road, Haishu District\nNingbo 315000, China",
    bank=BankDetails(
        beneficiary="Ningbo Harbour Trading Co., Ltd.",
        bank="Bank of China, Ningbo Branch",
        account="3581 2046 8891",
        swift="BKCHCNBJ92A",
    ),
    arbitration="China International Economic and Trade Arbitration Commission (CIETAC), Shanghai",
)
CLAUSES = [
    ClauseRow(
        r[Clauses.clause], r[Clauses.customer_type], r[Clauses.product_type], r[Clauses.parameter]
    )
    for r in policy_rows()[Clauses]
]


def job(i: int) -> tuple[int, int]:
    """Make document i; returns (bytes, pages)."""
    rng = np.random.default_rng(i)
    n = int(2 + (i * 7) % 30)
    lines = pd.DataFrame(
        {
            L.order_id: "SO-B",
            L.line_no: range(1, n + 1),
            L.sku: [f"SKU-{k:03d}" for k in range(n)],
            L.description: [f"Stainless steel item {k} 不锈钢制品" for k in range(n)],
            L.spec: "SUS304, 0.6 mm",
            L.hs_code: "732393",
            L.origin: "CN",
            L.qty: rng.integers(50, 5000, n).astype(float),
            L.unit: "PCS",
            L.unit_price: rng.integers(30, 2000, n) / 100,
            L.carton_qty: 12,
            L.net_kg: 100.0,
            L.gross_kg: 110.0,
            L.cbm: 0.5,
        },
        index=range(2, n + 2),
    )
    for c in L.columns():
        if c not in lines:
            lines[c] = np.nan
    order = {
        "row": 2, "order_id": f"SO-2026-{i:04d}", "customer": "CU-1", "customer_po": "PO-1",
        "order_date": dt.date(2026, 9, 1), "stage": "ready to ship", "currency": "USD", "incoterm": "CIF",
        "named_place": "Rotterdam", "payment_terms": "TT30-70 BS", "promised_ship": dt.date(2026, 11, 5),
        "requested_delivery": dt.date(2026, 12, 1), "port_of_loading": "CNNGB", "port_of_discharge": "NLRTM",
        "shipping_marks": "ACME\nROTTERDAM\nC/NO. 1-UP", "ship_to": "ACME B.V.\nRotterdam", "sales_owner": "Li Wei",
    }  # fmt: skip
    customer = {
        "name": "ACME Trading B.V.",
        "address": "Weena 10\n3012 CM Rotterdam",
        "country": "NL",
    }
    kind = KINDS[i % len(KINDS)]
    facts = OrderFacts(
        order,
        lines,
        customer,
        clause_rows=CLAUSES,
        received=Decimal(0),
        stage=Stage.READY_TO_SHIP,
    )
    doc = build(kind, facts, COMPANY, version=1, issue_date=dt.date(2026, 10, 15)).document
    assert doc is not None
    pdf = html_to_pdf(render_html(doc, language(LANGS[i % len(LANGS)])))
    return len(pdf.data), len(PdfReader(io.BytesIO(pdf.data)).pages)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=200)
    args = ap.parse_args()
    job(4)  # warm up this process: templates, catalogs, fonts (a first CJK conversion is cached)
    t0, c0 = time.perf_counter(), time.process_time()
    pages = [job(i)[1] for i in range(args.docs)]
    one, cpu = time.perf_counter() - t0, time.process_time() - c0
    cores = os.cpu_count() or 1
    with ProcessPoolExecutor(cores) as pool:
        list(pool.map(job, range(cores)))  # warm every worker
        t0 = time.perf_counter()
        list(pool.map(job, range(args.docs), chunksize=4))
        many = time.perf_counter() - t0
    spread = {p: pages.count(p) for p in sorted(set(pages))}
    print(f"{args.docs} documents, pages per document: {spread}")
    print(f"one process : {args.docs / one:6.1f} documents/s ({one:.1f} s)")
    # CPU time does not depend on what else the machine is doing: the rate on an idle core.
    print(f"one process, per CPU second: {args.docs / cpu:6.1f} documents/s ({cpu:.1f} s CPU)")
    print(f"{cores} processes : {args.docs / many:6.1f} documents/s ({many:.1f} s)")
    print(f"all cores / one process: {one / many:.2f}x")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {cores} cores")


if __name__ == "__main__":
    main()
