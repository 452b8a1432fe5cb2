"""SWIFT MT940 customer statements, read through `mt-940`, checked line by line first.

mt-940 is lenient where money needs strictness: it reads `:61:261031C3X00,00NTRF` as 3.00 with a
customer reference 'X00,00NTRF'. So before it parses anything, every tag is checked here against
the SWIFT field formats (`:61:` 6!n[4!n]2a[1!a]15d1!a3!c16x[//16x], balances 1!a6!n3!a15d), each
statement must have its account, opening and closing balance, and its opening balance plus its
entries must be its closing balance: a malformed line or a truncated file gives an error naming
the line, and nothing is imported.

The `:86:` details come in each bank's convention, all read here:
- German banks' structured subfields (`166?00GUTSCHRIFT?20EREF+…?21SVWZ+…?32NAME`), through
  mt-940's own reader;
- SWIFT-style codes (`/ORDP/…/REMI/…/EREF/…`, ABN AMRO's `/TRTP/…/NAME/…`, ING's
  `/CNTP/iban/bic/name/…`);
- free text, kept whole as the remittance.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import mt940

from orderdesk.adapters.banks.statement import Statement, StatementError
from orderdesk.domain.payments.entries import BankEntry, meaningful

OPTIONS = mt940.Options(
    applicant_iban=True,
    merge_keeps_values=True,
    reversal_sign=True,
    case_insensitive_marks=True,
    unbounded_details=True,
    strip_bom=True,
    gvc_leading_text=True,
)

_TAG = re.compile(r"^:(?P<tag>\d{2}[A-Z]?|NS):(?P<value>.*)$")
_LINE61 = re.compile(
    r"""^(?P<vdate>\d{6})(?P<edate>\d{4})?
    (?P<mark>R?[CD])(?P<funds>[A-Z])?
    (?P<amount>\d{1,12},\d{0,2})
    (?P<type>[NFS][A-Z0-9]{3})
    (?P<custref>(?:(?!//).){0,16})
    (?://(?P<bankref>.{1,16}))?\s*$""",
    re.X | re.I,
)
_BALANCE = re.compile(
    r"^(?P<mark>[CD])(?P<date>\d{6})(?P<ccy>[A-Z]{3})(?P<amount>\d{1,12},\d{0,2})$"
)
_CODES = [
    "ORDP",
    "BENM",
    "NAME",
    "REMI",
    "EREF",
    "IREF",
    "MREF",
    "IBAN",
    "BIC",
    "CNTP",
    "TRTP",
    "CSID",
    "MARF",
    "PURP",
    "ULTC",
    "ULTD",
    "ULTB",
    "RTRN",
    "ACCW",
    "SVCL",
    "ADDR",
    "ISDT",
    "BUSP",
    "CPRP",
    "OCMT",
    "CHGS",
    "EXCH",
]
_CODED = re.compile(r"/(" + "|".join(_CODES) + r")/")


@dataclass
class _Tag:
    tag: str
    value: str
    line: int
    extra: list[str] = field(default_factory=list)  # continuation lines


@dataclass
class _Block:
    tags: list[_Tag]

    def first(self, *names: str) -> _Tag | None:
        return next((t for t in self.tags if t.tag in names), None)


def decode(data: bytes) -> str:
    """UTF-8 if it is; otherwise Windows-1252 (German banks write ISO 8859-1 umlauts)."""
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _tags(text: str, name: str) -> list[_Tag]:
    tags: list[_Tag] = []
    enveloped = text.lstrip().startswith("{")
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        if enveloped and line.startswith("{"):
            # SWIFT envelope blocks {1:…}{2:…}{3:…}{4: — the text block starts after '{4:'
            rest = line.split("{4:", 1)[1] if "{4:" in line else ""
            if not rest.strip():
                continue
            line = rest
        if line.startswith("-}") or line == "-":
            continue
        m = _TAG.match(line)
        if m:
            tags.append(_Tag(m["tag"], m["value"], n))
        elif tags:
            tags[-1].extra.append(line)
        else:
            raise StatementError(f"{name}: line {n}: '{line[:40]}' is before the first tag (:20:)")
    if enveloped and not re.search(r"-\}\s*$", text):
        last = tags[-1].line if tags else 1
        raise StatementError(
            f"{name}: the SWIFT message is not closed ('-}}' missing after line {last}): the file "
            "is truncated. Nothing was imported."
        )
    return tags


def _blocks(tags: list[_Tag], name: str) -> list[_Block]:
    blocks: list[_Block] = []
    for tag in tags:
        if tag.tag == "20":
            blocks.append(_Block([tag]))
        elif not blocks:
            raise StatementError(f"{name}: line {tag.line}: :{tag.tag}: before the first :20:")
        else:
            blocks[-1].tags.append(tag)
    if not blocks:
        raise StatementError(f"{name}: no MT940 statement (no :20: tag)")
    return blocks


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _date(yymmdd: str) -> dt.date:
    return dt.date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6]))


def _check(block: _Block, number: int, name: str) -> tuple[Decimal, str]:
    """Check one statement's tags; returns the sum of its entries and its currency."""
    where = f"{name}: statement {number} (from line {block.tags[0].line})"
    if block.first("25") is None:
        raise StatementError(f"{where}: no account (:25:). Nothing was imported.")
    opening = block.first("60F", "60M")
    closing = block.first("62F", "62M")
    if opening is None:
        raise StatementError(f"{where}: no opening balance (:60F:). Nothing was imported.")
    if closing is None:
        last = block.tags[-1].line
        raise StatementError(
            f"{where}: no closing balance (:62F:) after line {last}: the file is truncated. "
            "Nothing was imported."
        )
    balances: dict[str, tuple[Decimal, str]] = {}
    for tag in (opening, closing):
        m = _BALANCE.match(tag.value.strip())
        if not m:
            raise StatementError(
                f"{name}: line {tag.line}: the balance :{tag.tag}:{tag.value} is malformed "
                "(expected C or D, YYMMDD, currency, amount with a decimal comma, e.g. "
                "C261030USD2500,00). Nothing was imported."
            )
        try:
            _date(m["date"])
        except ValueError as exc:
            raise StatementError(f"{name}: line {tag.line}: {m['date']} is not a date") from exc
        sign = -1 if m["mark"] == "D" else 1
        balances[tag.tag[:2]] = (sign * _amount(m["amount"]), m["ccy"])
    moved = Decimal(0)
    for tag in block.tags:
        if tag.tag != "61":
            continue
        m = _LINE61.match(tag.value.strip())
        problem = None
        if not m:
            problem = "expected value date YYMMDD, [entry date MMDD], C/D/RC/RD, amount with a decimal comma, type code (e.g. NTRF), reference[//bank reference]"
        else:
            try:
                _date(m["vdate"])
                if m["edate"]:
                    dt.date(2000, int(m["edate"][:2]), int(m["edate"][2:]))
            except ValueError:
                problem = "its value or entry date is not a real date"
        if problem:
            raise StatementError(
                f"{name}: line {tag.line}: the statement line :61:{tag.value.strip()} is "
                f"malformed: {problem}. Nothing was imported."
            )
        assert m is not None
        mark = m["mark"].upper()
        value = _amount(m["amount"])
        moved += value if mark in ("C", "RD") else -value
    open_amount, ccy = balances["60"]
    close_amount, close_ccy = balances["62"]
    if close_ccy != ccy:
        raise StatementError(f"{where}: opening in {ccy} but closing in {close_ccy}")
    if open_amount + moved != close_amount:
        raise StatementError(
            f"{where}: opening balance {open_amount:,.2f} + entries {moved:,.2f} = "
            f"{open_amount + moved:,.2f}, but the closing balance (line {closing.line}) is "
            f"{close_amount:,.2f}: the statement is incomplete or altered. Nothing was imported."
        )
    return moved, ccy


def coded_details(text: str) -> dict[str, str]:
    """`/ORDP/ACME/REMI/INV 1/EREF/E2E` → {ORDP: ACME, REMI: INV 1, EREF: E2E}."""
    flat = "".join(text.splitlines())
    parts = _CODED.split(flat)
    out: dict[str, str] = {}
    for code, value in zip(parts[1::2], parts[2::2], strict=True):
        value = value.strip().strip("/").strip()
        if code in out:
            out[code] += " " + value
        else:
            out[code] = value
    return out


def _details(
    tx: dict[str, Any], raw86: str
) -> tuple[str | None, str | None, str | None, str | None]:
    """payer, payer account, remittance, end-to-end id from a transaction's :86:."""
    if tx.get("transaction_code") is not None and "transaction_details" not in tx:
        # German structured ?-subfields, read by mt-940.
        purpose = " ".join(
            x for x in (tx.get("purpose"), tx.get("additional_purpose")) if isinstance(x, str) and x
        )
        name = tx.get("applicant_name")
        return (
            meaningful(name),
            meaningful(tx.get("applicant_iban") or tx.get("gvc_applicant_iban")),
            meaningful(" ".join(purpose.split())) or meaningful(tx.get("posting_text")),
            meaningful(tx.get("end_to_end_reference")),
        )
    flat = " ".join(raw86.split())
    if _CODED.search(flat):
        codes = coded_details(raw86)
        cntp = [p for p in codes.get("CNTP", "").split("/")]
        name = codes.get("NAME") or (cntp[2] if len(cntp) > 2 else "") or codes.get("ORDP")
        account = codes.get("IBAN") or (cntp[0] if cntp else "")
        ordp = codes.get("ORDP", "")
        if ordp and not codes.get("NAME") and re.match(r"^[A-Z]{2}\d{2}[A-Z0-9]{10,30}\b", ordp):
            account, _, name = ordp.partition(" ")  # /ORDP/IBAN NAME
        remi = codes.get("REMI", "")
        remi = re.sub(r"^(USTD|STRD/CUR|STRD/ISO)/+", "", remi)
        return (
            meaningful(name),
            meaningful(account),
            meaningful(" ".join(remi.split())) or meaningful(flat),
            meaningful(codes.get("EREF")),
        )
    return None, None, meaningful(flat), None


def read_mt940(data: bytes, name: str) -> Statement:
    text = decode(data)
    tags = _tags(text, name)
    blocks = _blocks(tags, name)
    for number, block in enumerate(blocks, start=1):
        _check(block, number, name)
    try:
        parsed = mt940.parse_statements(text, options=OPTIONS)
    except Exception as exc:  # mt-940 raises plain exceptions for what it cannot parse
        raise StatementError(
            f"{name}: cannot be read as MT940 ({exc}). Nothing was imported."
        ) from exc
    if len(parsed) != len(blocks):
        raise StatementError(f"{name}: {len(blocks)} statements, but only {len(parsed)} readable")
    entries: list[BankEntry] = []
    ids: list[str] = []
    for block, statement in zip(blocks, parsed, strict=True):
        lines61 = [t for t in block.tags if t.tag == "61"]
        raw86 = _details_after(block)
        account = meaningful(str(statement.data.get("account_identification") or ""))
        sid = " ".join(
            x
            for x in (
                meaningful(str(statement.data.get("transaction_reference") or "")),
                meaningful(str(statement.data.get("statement_number") or "")),
            )
            if x
        )
        ids.append(sid)
        if len(statement.transactions) != len(lines61):
            raise StatementError(
                f"{name}: statement from line {block.tags[0].line}: {len(lines61)} :61: lines, "
                f"but {len(statement.transactions)} transactions read"
            )
        for tag61, tx, details in zip(lines61, statement.transactions, raw86, strict=True):
            data = tx.data
            amount = data["amount"].amount
            value_date = _as_date(data.get("date"))
            booked = _as_date(data.get("entry_date")) or value_date
            if booked is None:
                raise StatementError(f"{name}: line {tag61.line}: no date in :61:")
            payer, payer_acct, remittance, e2e = _details(data, details)
            custref = meaningful(data.get("customer_reference"))
            status = str(data.get("status") or "").upper()
            entries.append(
                BankEntry(
                    booking_date=booked,
                    value_date=value_date,
                    amount=Decimal(amount),
                    currency=str(data["amount"].currency or "").upper(),
                    account=account,
                    bank_ref=meaningful(data.get("bank_reference")),
                    end_to_end_id=e2e or custref,
                    payer=payer,
                    payer_account=payer_acct,
                    remittance=remittance,
                    source="MT940",
                    statement=sid or None,
                    reversal=status.startswith("R"),
                    where=f"line {tag61.line}",
                )
            )
    return Statement(name, "MT940", entries, [], ", ".join(x for x in ids if x))


def _details_after(block: _Block) -> list[str]:
    """The :86: text that follows each :61: ('' when there is none)."""
    out: list[str] = []
    for tag in block.tags:
        if tag.tag == "61":
            out.append("")
        elif tag.tag == "86" and out and not out[-1]:
            out[-1] = "\n".join([tag.value, *tag.extra])
    return out


def _as_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    return None
