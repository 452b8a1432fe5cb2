"""Which order a credit pays for, when the user did not say (docs/lc.md, Import)."""

from __future__ import annotations

from orderdesk.domain.lc.checks import _fold
from orderdesk.domain.lc.model import Credit
from orderdesk.domain.reference.payment_terms import Instrument, payment_term
from orderdesk.ports import TableData
from orderdesk.schema import Customers, LCs, Orders


def order_for(credit: Credit, orders: TableData, customers: TableData, lcs: TableData) -> str:
    """The order a credit pays for: the order its text names (45A's
    "PROFORMA INVOICE NO. PI-SO-…", the order number, the customer's PO), else the one L/C order
    of the applicant for that currency and amount that has no credit yet. "?why" when unsure."""
    f = orders.frame
    ids = f[Orders.order_id].astype("string").str.strip()
    text = f"{credit.goods}\n{credit.conditions}\n{credit.documents_required}".upper()
    named = [str(o) for o in ids.dropna() if str(o).upper() in text]
    if len(set(named)) == 1:
        return named[0]
    po = f[Orders.customer_po].astype("string").str.strip().str.upper()
    by_po = [
        str(o)
        for o, p in zip(ids, po, strict=True)
        if isinstance(p, str) and len(p) >= 4 and p in text
    ]
    if len(set(by_po)) == 1:
        return by_po[0]
    with_lc = set(lcs.frame[LCs.order_id].astype("string").str.strip().dropna())
    applicant = _fold(credit.applicant.splitlines()[0] if credit.applicant else "")
    names: dict[str, str] = {}
    for r in customers.records():
        for n in [r[Customers.name.attr] or "", *(r[Customers.aliases.attr] or "").split(";")]:
            if n.strip():
                names[_fold(n)] = str(r[Customers.customer_id.attr])
    customer = names.get(applicant)
    candidates = []
    for rec in orders.records():
        oid = str(rec[Orders.order_id.attr] or "")
        term = payment_term(rec[Orders.payment_terms.attr])
        if not oid or oid in with_lc or term is None or term.instrument is not Instrument.LC:
            continue
        if customer and rec[Orders.customer.attr] != customer:
            continue
        if str(rec[Orders.currency.attr] or "").upper() != credit.currency:
            continue
        total = rec[Orders.order_total.attr]
        if total is not None and credit.minimum() <= total * 1 <= credit.maximum() * 1:
            candidates.append(oid)
    if len(candidates) == 1 and customer:
        return candidates[0]
    why = (
        "no order on L/C terms matches its applicant, currency and amount"
        if not candidates
        else f"it could pay for {', '.join(candidates[:4])}"
    )
    return f"?{why}; name the order with --order (or type the credit on the LCs sheet)"
