"""The sample's bank statement files, for the demo's bank sync: new receipts for the sample
register's open invoices, written to the standards as a bank would send them.

- `statement-camt053.xml`: a camt.053.001.08 message with a statement per currency account: a
  deposit paid against the order number, an invoice paid short by the banks' charges, one
  transfer paying two invoices, and euros for a dollar invoice at the ECB rate of the day (on the
  EUR account).
- `statement-mt940.sta`: an MT940 in the German banks' structured `:86:` convention (a balance
  invoice paid, and the bank's fee).

Each file's balances add up (opening + entries = closing) and every receipt carries what real
ones do: the payer's name as its bank writes it, the reference in the remittance.
"""

from __future__ import annotations

import datetime as dt
import random
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from orderdesk.domain.reference import fx
from orderdesk.sample import Sample, extension
from orderdesk.schema import BankEntries, Customers, Invoices, Orders

CAMT_FILE = "statement-camt053.xml"
MT940_FILE = "statement-mt940.sta"
CAMT_NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
USD_IBAN = "LU650031234567890123"  # the company's receipts account (the sample's BankEntries)
EUR_IBAN = "LU280019400644750000"
ACCOUNTS = {"USD": USD_IBAN, "EUR": EUR_IBAN}
BIC = "BCEELULLXXX"
CENT = Decimal("0.01")


@dataclass
class Payment:
    kind: str  # deposit, short, pair, eur, balance
    invoices: list[tuple[str, Decimal]]  # what it settles, in the invoices' currency
    amount: Decimal  # what arrives, in `currency`
    currency: str
    payer: str
    remittance: str
    ref: str


def _d(x: object) -> Decimal:
    return Decimal(repr(float(x))).quantize(CENT, rounding=ROUND_HALF_UP)  # type: ignore[arg-type]


def open_amounts(invoices: pd.DataFrame, receipts: Iterable[object] = ()) -> pd.Series:
    """What is still open on each invoice (by number): amount − paid when bank sync started −
    what the sample's own receipts since then pay."""
    amount = invoices[Invoices.amount].astype(float)
    paid = invoices[Invoices.paid].astype(float).fillna(0.0)
    left = pd.Series((amount - paid).to_numpy(), index=invoices[Invoices.invoice_no].astype(str))
    for r in receipts:
        for number, part in getattr(r, "allocations", ()):
            if number in left.index:
                left[number] -= float(part)
    return left.round(2)


def _ccy(row: pd.Series) -> str:
    return str(row[Invoices.currency]).upper()


def plan(
    invoices: pd.DataFrame,
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    left: pd.Series,
    day: dt.date,
    rng: random.Random,
) -> list[Payment]:
    """One payment of each kind the demo shows, for open invoices (none paid twice)."""
    inv = invoices.assign(_no=invoices[Invoices.invoice_no].astype(str))
    inv = inv.assign(_open=inv["_no"].map(left).astype(float))
    inv = inv.loc[inv["_open"] > 0.5]
    inv = inv.loc[pd.to_datetime(inv[Invoices.issue_date]) <= pd.Timestamp(day)]
    names = dict(
        zip(
            customers[Customers.customer_id].astype(str),
            customers[Customers.name].astype(str),
            strict=True,
        )
    )
    po = dict(
        zip(
            orders[Orders.order_id].astype(str),
            orders[Orders.customer_po].astype("string"),
            strict=True,
        )
    )
    kind = inv[Invoices.kind].astype("string").str.lower()
    ccy = inv[Invoices.currency].astype("string").str.upper()
    usd = ccy == "USD"
    anyccy = ccy.notna()
    used: set[str] = set()
    out: list[Payment] = []
    seq = iter(range(1, 100))

    def pick(*masks: pd.Series) -> pd.Series | None:
        """A random open invoice of the first mask that has one (dollars first, as most are)."""
        for mask in masks:
            rows = inv.loc[mask & ~inv["_no"].isin(used)]
            if not rows.empty:
                row = rows.iloc[rng.randrange(len(rows))]
                used.add(str(row["_no"]))
                return row
        return None

    def payer(row: pd.Series) -> str:
        return names.get(str(row[Invoices.customer]), "UNKNOWN PAYER").upper()

    def ref() -> str:
        return f"{day:%Y%m%d}{next(seq):06d}"

    row = pick((kind == "deposit") & usd, (kind == "deposit") & anyccy)
    if row is not None:
        order = str(row[Invoices.order_id])
        number = po.get(order)
        text = f"ADVANCE PAYMENT {order}" + (f" PO {number}" if isinstance(number, str) else "")
        amount = _d(row["_open"])
        out.append(
            Payment("deposit", [(row["_no"], amount)], amount, _ccy(row), payer(row), text, ref())
        )
    settling = kind.isin(["balance", "full"]) & (inv["_open"] > 1000)
    row = pick(settling & usd, settling & anyccy)
    if row is not None:
        charge = Decimal(rng.choice(("18.00", "25.00", "32.50")))
        amount = _d(row["_open"])
        out.append(
            Payment(
                "short",
                [(row["_no"], amount)],
                amount - charge,
                _ccy(row),
                payer(row),
                f"{row['_no']} LESS BANK CHARGES",
                ref(),
            )
        )
    # One transfer for two open invoices of one customer, in one currency.
    rest = inv.loc[anyccy & ~inv["_no"].isin(used)]
    counts = rest.groupby([Invoices.customer, Invoices.currency])["_no"].transform("size")
    pairs = rest.loc[counts >= 2]
    if not pairs.empty:
        chosen = pairs.iloc[rng.randrange(len(pairs))]
        same = (pairs[Invoices.customer] == chosen[Invoices.customer]) & (
            pairs[Invoices.currency] == chosen[Invoices.currency]
        )
        two = pairs.loc[same].head(2)
        used.update(two["_no"].astype(str))
        parts = [(str(n), _d(a)) for n, a in zip(two["_no"], two["_open"], strict=True)]
        out.append(
            Payment(
                "pair",
                parts,
                sum((a for _, a in parts), Decimal(0)),
                _ccy(two.iloc[0]),
                payer(two.iloc[0]),
                " ".join(n for n, _ in parts),
                ref(),
            )
        )
    row = pick(usd & (inv["_open"] > 500))
    if row is not None:
        due = _d(row["_open"])
        rate = fx.fx_rate("USD", "EUR", day).rate
        eur = (due * rate).quantize(CENT, rounding=ROUND_HALF_UP)
        out.append(
            Payment(
                "eur", [(row["_no"], due)], eur, "EUR", payer(row), f"INVOICE {row['_no']}", ref()
            )
        )
    row = pick((kind == "balance") & usd, (kind == "balance") & anyccy, (kind == "full") & anyccy)
    if row is not None:
        amount = _d(row["_open"])
        out.append(
            Payment(
                "balance",
                [(row["_no"], amount)],
                amount,
                _ccy(row),
                payer(row),
                f"RE {row['_no']}",
                ref(),
            )
        )
    return out


# --- camt.053.001.08 ------------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{CAMT_NS}}}{tag}", attrib)
    if text is not None:
        el.text = text
    return el


def camt_path(parent: ET.Element, path: str, text: str | None = None, **attrib: str) -> ET.Element:
    """The camt.053.001.08 elements of `path` ('Tp/CdOrPrtry/Cd') under `parent`, the last one
    with `text` and `attrib`."""
    el = parent
    parts = path.split("/")
    for tag in parts[:-1]:
        el = _sub(el, tag)
    return _sub(el, parts[-1], text, **attrib)


def _balance(stmt: ET.Element, code: str, amount: Decimal, ccy: str, day: dt.date) -> None:
    bal = _sub(stmt, "Bal")
    camt_path(bal, "Tp/CdOrPrtry/Cd", code)
    _sub(bal, "Amt", f"{abs(amount):.2f}", Ccy=ccy)
    _sub(bal, "CdtDbtInd", "CRDT" if amount >= 0 else "DBIT")
    camt_path(bal, "Dt/Dt", day.isoformat())


def camt053(payments: list[Payment], day: dt.date) -> bytes:
    ET.register_namespace("", CAMT_NS)
    doc = ET.Element(f"{{{CAMT_NS}}}Document")
    root = _sub(doc, "BkToCstmrStmt")
    hdr = _sub(root, "GrpHdr")
    _sub(hdr, "MsgId", f"SAMPLE-053-{day:%Y%m%d}")
    _sub(hdr, "CreDtTm", f"{day + dt.timedelta(1):%Y-%m-%d}T06:00:00")
    currencies = sorted({p.currency for p in payments}, key=lambda c: (c != "USD", c))
    for n, ccy in enumerate(currencies, start=1):
        iban = ACCOUNTS.get(ccy, f"LU0000000000000000{ccy}")
        mine = [p for p in payments if p.currency == ccy]
        stmt = _sub(root, "Stmt")
        _sub(stmt, "Id", f"SAMPLE-{ccy}-{day:%Y%m%d}")
        _sub(stmt, "ElctrncSeqNb", str(n))
        _sub(stmt, "CreDtTm", f"{day + dt.timedelta(1):%Y-%m-%d}T06:00:00")
        acct = _sub(stmt, "Acct")
        camt_path(acct, "Id/IBAN", iban)
        _sub(acct, "Ccy", ccy)
        camt_path(acct, "Svcr/FinInstnId/BICFI", BIC)
        total = sum((p.amount for p in mine), Decimal(0))
        _balance(stmt, "PRCD", Decimal(0), ccy, day - dt.timedelta(1))
        _balance(stmt, "CLBD", total, ccy, day)
        for p in mine:
            ntry = _sub(stmt, "Ntry")
            _sub(ntry, "Amt", f"{p.amount:.2f}", Ccy=ccy)
            _sub(ntry, "CdtDbtInd", "CRDT")
            camt_path(ntry, "Sts/Cd", "BOOK")
            camt_path(ntry, "BookgDt/Dt", day.isoformat())
            camt_path(ntry, "ValDt/Dt", day.isoformat())
            _sub(ntry, "AcctSvcrRef", p.ref)
            domain = camt_path(ntry, "BkTxCd/Domn")
            _sub(domain, "Cd", "PMNT")
            camt_path(domain, "Fmly/Cd", "RCDT")
            family = domain.find(f"{{{CAMT_NS}}}Fmly")
            assert family is not None
            _sub(family, "SubFmlyCd", "ESCT" if ccy == "EUR" else "XBCT")
            txd = camt_path(ntry, "NtryDtls/TxDtls")
            camt_path(txd, "Refs/EndToEndId", "NOTPROVIDED")
            _sub(txd, "Amt", f"{p.amount:.2f}", Ccy=ccy)
            _sub(txd, "CdtDbtInd", "CRDT")
            camt_path(txd, "RltdPties/Dbtr/Pty/Nm", p.payer)
            camt_path(txd, "RmtInf/Ustrd", p.remittance)
    ET.indent(doc)
    return ET.tostring(doc, encoding="utf-8", xml_declaration=True)


# --- MT940 (German structured :86:) -------------------------------------------------------------


def _mt_amount(x: Decimal) -> str:
    return f"{abs(x):.2f}".replace(".", ",")


def mt940(payments: list[Payment], day: dt.date, fee: Decimal = Decimal("12.00")) -> bytes:
    """One account, in the currency of the payments (USD when there are none)."""
    ccy = payments[0].currency if payments else "USD"
    lines = [
        ":20:SAMPLE" + f"{day:%y%m%d}",
        f":25:{ACCOUNTS.get(ccy, USD_IBAN)}",
        ":28C:00001/001",
        f":60F:C{day - dt.timedelta(1):%y%m%d}{ccy}0,00",
    ]
    total = Decimal(0)
    for n, p in enumerate(payments, start=1):
        lines.append(
            f":61:{day:%y%m%d}{day:%m%d}C{_mt_amount(p.amount)}NTRFNONREF//MT{day:%m%d}{n:04d}"
        )
        lines.append(f":86:166?00GUTSCHRIFT?20EREF+NOTPROVIDED?21SVWZ+{p.remittance[:23]}")
        lines.append(f"?32{p.payer[:27]}")
        total += p.amount
    lines.append(f":61:{day:%y%m%d}{day:%m%d}D{_mt_amount(fee)}NCHGNONREF//MT{day:%m%d}FEE1")
    lines.append(":86:805?00ENTGELT?20KONTOFUEHRUNG")
    total -= fee
    mark = "C" if total >= 0 else "D"
    lines.append(f":62F:{mark}{day:%y%m%d}{ccy}{_mt_amount(total)}")
    return ("\r\n".join(lines) + "\r\n").encode("latin-1", errors="replace")


def statement_files(
    invoices: pd.DataFrame,
    orders: pd.DataFrame,
    customers: pd.DataFrame,
    left: pd.Series,
    day: dt.date,
    rng: random.Random,
) -> tuple[dict[str, bytes], list[Payment]]:
    payments = plan(invoices, orders, customers, left, day, rng)
    in_camt = [p for p in payments if p.kind != "balance"]
    in_mt940 = [p for p in payments if p.kind == "balance"]
    files = {CAMT_FILE: camt053(in_camt, day), MT940_FILE: mt940(in_mt940, day)}
    return files, payments


@extension(80, name="bank statements")
def sample_statements(sample: Sample, rng: random.Random) -> None:
    """Statement files with new receipts for what is still open after the sample's own ones."""
    invoices = sample.frame(Invoices)
    left = open_amounts(invoices, sample.receipts)
    entries = sample.frame(BankEntries)
    last = pd.to_datetime(entries[BankEntries.booking_date]).max()
    day = sample.as_of if pd.isna(last) else max(last.date(), sample.as_of)
    files, _ = statement_files(
        invoices, sample.frame(Orders), sample.frame(Customers), left, day, rng
    )
    sample.files.update(files)
