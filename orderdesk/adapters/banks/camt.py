"""ISO 20022 bank-to-customer cash management: camt.053 statements (.001.02 … .001.08 and later),
camt.052 account reports and camt.054 notifications, read through `pycamt`.

The XML is parsed safely twice over: first by defusedxml, which refuses any DTD (a bank statement
never has one; a DTD is how an "XML bomb" expands a few bytes into gigabytes and how an external
entity reads a local file or calls a server), then by pycamt's lxml parser, which resolves no
entities and opens no network connection.

pycamt finds the statements (or reports) and splits batched entries into their transactions.
Where it reads too loosely for money, this module reads the element itself: a transaction's own
amount (`TxDtls/Amt` in .08, `AmtDtls/TxAmt/Amt` in .02, never the instructed amount in another
currency), its own AcctSvcrRef, the referred-document number and every unstructured line of the
remittance, and the balances. A statement whose opening balance plus its entries is not its
closing balance is refused: the file is incomplete or altered.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from pycamt.parser import Camt053ParseError, Camt053Parser

from orderdesk.adapters.banks.statement import Statement, StatementError
from orderdesk.domain.payments.entries import BankEntry, meaningful

BOOKED = {"BOOK", "BOOKED", None}
_AMOUNT = re.compile(r"(?=[\d.]{1,19}$)\d{1,18}(?:\.\d{0,5})?")


def check_safe_xml(data: bytes, name: str) -> None:
    """Refuse XML with a DTD (entities, external references) and XML that is not well-formed."""
    try:
        SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise StatementError(
            f"{name}: refused: the XML declares a document type (DTD) with entities. Bank "
            "statements never do; entities are how an 'XML bomb' expands to gigabytes or an "
            "external reference reads a local file. Nothing was imported.",
            file=name,
        ) from exc
    except LookupError as exc:  # an encoding the XML declaration names and Python does not know
        raise StatementError(
            f"{name}: the XML declaration names an encoding that does not exist ("
            f"{str(exc).removeprefix('unknown encoding: ')[:40]}). Nothing was imported.",
            file=name,
            line=1,
        ) from exc
    except SafeET.ParseError as exc:
        line, col = getattr(exc, "position", (None, None))
        raise StatementError(
            f"{name}: not well-formed XML at line {line}, column {col}: "
            f"{str(exc).split(':')[0]}. Nothing was imported.",
            file=name,
            line=line,
        ) from exc


class _Parser(Camt053Parser):
    """pycamt's safe lxml parse, told about camt.054 notifications and prefixed namespaces.
    Its row extraction is not used: it takes a transaction's first `Amt` (which can be the
    instructed amount in another currency) and searches each entry again for every field."""

    def __init__(self, xml_data: bytes) -> None:
        super().__init__(xml_data)
        uri = self.tree.tag[1:].split("}", 1)[0] if self.tree.tag.startswith("{") else ""
        self.namespaces = {None: uri} if uri else {}

    def _find_statements_or_reports(self) -> Any:
        for path in ("Stmt", "Rpt", "Ntfctn"):
            found = self.tree.findall(f"*/{path}", self.namespaces)
            if found:
                return found
        raise Camt053ParseError()


def read_camt(data: bytes, name: str) -> Statement:
    """Every booked entry of every statement (report, notification) in the document, in order;
    one pass over the entries."""
    check_safe_xml(data, name)
    try:
        parser = _Parser(data)
    except Exception as exc:  # lxml's own errors, after defusedxml accepted the document
        raise StatementError(
            f"{name}: cannot be read as XML ({exc}). Nothing was imported.", file=name
        ) from exc
    root = parser.tree
    ns = parser.namespaces.get(None, "")
    kind = ns.rsplit(":", 1)[-1] if "camt.05" in ns else ""
    if not kind.startswith(("camt.052", "camt.053", "camt.054")):
        raise StatementError(
            f"{name}: not an ISO 20022 camt.052/053/054 document (root element "
            f"'{_local(root.tag)}', namespace '{ns or 'none'}'). Nothing was imported.",
            file=name,
            line=root.sourceline,
        )
    try:
        statements = parser._find_statements_or_reports()
    except Camt053ParseError as exc:
        raise StatementError(
            f"{name}: {kind} without a statement (no Stmt, Rpt or Ntfctn). Nothing was imported.",
            file=name,
        ) from exc
    reader = _Reader(parser, name, kind)
    entries: list[BankEntry] = []
    skipped: list[str] = []
    for number, stmt in enumerate(statements, start=1):
        got = reader.statement(stmt, number)
        entries += got.entries
        skipped += got.skipped
    ids = sorted({reader.text(s, "Id") or "" for s in statements} - {""})
    return Statement(name, kind, entries, skipped, ", ".join(ids))


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


@dataclass
class _Got:
    entries: list[BankEntry]
    skipped: list[str]


@dataclass(frozen=True)
class _Where:
    """An entry's place, for messages and for its identity."""

    label: str  # "Stmt 2"
    entry: int  # the Ntry's position in its statement

    def text(self, line: int | None, tx: int | None = None) -> str:
        parts = [self.label, f"Ntry {self.entry}"] + ([f"TxDtls {tx}"] if tx else [])
        return f"{' / '.join(parts)} (line {line})"


class _Reader:
    def __init__(self, parser: _Parser, name: str, kind: str) -> None:
        self.ns = parser.namespaces
        self.name = name
        self.kind = kind
        page = self.text(parser.tree, "*/GrpHdr/MsgPgntn/PgNb")
        self.message_page = page or ""

    def fail(self, what: str, line: int | None) -> StatementError:
        return StatementError(
            f"{self.name}: {what}. Nothing was imported.", file=self.name, line=line
        )

    # -- element reading --

    def find(self, element: Any, path: str) -> Any:
        return None if element is None else element.find(path, self.ns)

    def text(self, element: Any, path: str) -> str | None:
        found = self.find(element, path)
        return meaningful(found.text) if found is not None and found.text else None

    def amount(self, element: Any, where: str, label: str) -> tuple[Decimal, str]:
        """An ISO 20022 amount: up to 18 digits, 5 of them decimals, never negative."""
        raw = (element.text or "").strip()
        ccy = (element.get("Ccy") or "").strip().upper()
        if not _AMOUNT.fullmatch(raw):
            raise self.fail(f"{where}: {label} '{raw[:40]}' is not an amount", element.sourceline)
        value = Decimal(raw)
        if not re.fullmatch(r"[A-Z]{3}", ccy):
            raise self.fail(
                f"{where}: {label} {raw} has no currency (Ccy='{ccy[:10]}')", element.sourceline
            )
        return value, ccy

    def date(self, element: Any, path: str, where: str, *, required: bool) -> dt.date | None:
        node = self.find(element, path)
        text = None
        if node is not None:
            inner = self.find(node, "Dt")
            if inner is None:
                inner = self.find(node, "DtTm")
            text = (inner.text if inner is not None else node.text) or None
        line = node.sourceline if node is not None else element.sourceline
        if not text or not text.strip():
            if required:
                raise self.fail(f"{where}: no {path} (booking date)", line)
            return None
        try:
            return dt.date.fromisoformat(text.strip()[:10])
        except ValueError:
            raise self.fail(f"{where}: {path} '{text.strip()[:30]}' is not a date", line) from None

    def sign(self, node: Any, where: str) -> int:
        ind = (self.text(node, "CdtDbtInd") or "").upper()
        if ind not in ("CRDT", "DBIT"):
            raise self.fail(
                f"{where}: CdtDbtInd '{ind[:10]}' is neither CRDT nor DBIT", node.sourceline
            )
        return 1 if ind == "CRDT" else -1

    def account(self, acct: Any) -> str | None:
        """An account's id: IBAN, or the bank's own (`Othr/Id`; `PrtryAcct/Id`, `BBAN` in the
        first camt versions)."""
        for path in ("Id/IBAN", "Id/Othr/Id", "Id/PrtryAcct/Id", "Id/BBAN", "Id/UPIC"):
            found = self.text(acct, path)
            if found:
                return found
        return None

    def remittance(self, tx: Any) -> str | None:
        if tx is None:
            return None
        parts: list[str] = []
        for path in (
            "RmtInf/Ustrd",
            "RmtInf/Strd/RfrdDocInf/Nb",
            "RmtInf/Strd/CdtrRefInf/Ref",
            "RmtInf/Strd/AddtlRmtInf",
            "AddtlTxInf",
        ):
            for node in tx.findall(path, self.ns):
                text = " ".join((node.text or "").split())
                if text and text not in parts:
                    parts.append(text)
        return " ".join(parts) or None

    def party(self, tx: Any, role: str) -> tuple[str | None, str | None]:
        """The counterparty's name and account: `Dbtr` of a credit, `Cdtr` of a debit."""
        if tx is None:
            return None, None
        name = self.text(tx, f"RltdPties/{role}/Nm") or self.text(tx, f"RltdPties/{role}/Pty/Nm")
        if name is None:
            ultimate = f"RltdPties/Ultmt{role}"
            name = self.text(tx, f"{ultimate}/Nm") or self.text(tx, f"{ultimate}/Pty/Nm")
        return name, self.account(self.find(tx, f"RltdPties/{role}Acct"))

    # -- statements and entries --

    def statement(self, stmt: Any, number: int) -> _Got:
        label = f"{_local(stmt.tag)} {number}"
        account = self.account(self.find(stmt, "Acct"))
        sid = self.text(stmt, "Id")
        page = self.text(stmt, "StmtPgntn/PgNb") or self.message_page
        seq = self.text(stmt, "ElctrncSeqNb") or ""
        got = _Got([], [])
        moved = Decimal(0)
        for position, entry in enumerate(stmt.findall("Ntry", self.ns), start=1):
            where = _Where(label, position)
            status = _status(self, entry)
            if status not in BOOKED:
                got.skipped.append(f"{where.text(entry.sourceline)}: status {status}, not booked")
                continue
            place = "|".join((account or "", sid or "", seq, page, str(position)))
            new = self.entries(entry, where, account, sid, place)
            moved += sum((e.amount for e in new), start=Decimal(0))
            got.entries += new
        if self.kind.startswith("camt.053"):
            self.check_balances(stmt, label, moved)
        return got

    def entries(
        self, entry: Any, where: _Where, account: str | None, sid: str | None, place: str
    ) -> list[BankEntry]:
        here = where.text(entry.sourceline)
        amt_node = self.find(entry, "Amt")
        if amt_node is None:
            raise self.fail(f"{here}: no Amt", entry.sourceline)
        total, ccy = self.amount(amt_node, here, "Amt")
        sign = self.sign(entry, here)
        booked = self.date(entry, "BookgDt", here, required=True)
        assert booked is not None
        value = self.date(entry, "ValDt", here, required=False)
        reversal = (self.text(entry, "RvslInd") or "").lower() == "true"
        entry_ref = self.text(entry, "AcctSvcrRef")
        entry_own = entry_ref or self.text(entry, "NtryRef")
        # camt.05x.001.01 has the transactions right under the entry
        txs = entry.findall("NtryDtls/TxDtls", self.ns) or entry.findall("TxDtls", self.ns)
        base: dict[str, Any] = {  # the fields every entry of this Ntry shares
            "booking_date": booked,
            "value_date": value,
            "account": account,
            "source": self.kind,
            "statement": sid,
            "reversal": reversal,
        }
        split = self._split(txs, total, ccy, sign, here)
        if split is None:  # one transaction, or a batch that cannot be split: the entry whole
            remits = [r for r in (self.remittance(t) for t in txs) if r]
            remittance = " | ".join(remits) or self.text(entry, "AddtlNtryInf")
            role = "Dbtr" if sign > 0 else "Cdtr"
            one = txs[0] if len(txs) == 1 else None
            name, acct = self.party(one, role)
            e2e = self.text(one, "Refs/EndToEndId")
            tx_ref = self.text(one, "Refs/AcctSvcrRef")
            return [
                BankEntry(
                    **base,
                    amount=total * sign,
                    currency=ccy,
                    bank_ref=entry_own or tx_ref or self.text(one, "Refs/TxId"),
                    end_to_end_id=e2e,
                    payer=name,
                    payer_account=acct,
                    remittance=remittance,
                    where=here,
                    place=place,
                    former_key=entry_ref or tx_ref or e2e,
                )
            ]
        out: list[BankEntry] = []
        for k, (tx, amount, tx_sign) in enumerate(split, start=1):
            role = "Dbtr" if tx_sign > 0 else "Cdtr"
            name, acct = self.party(tx, role)
            tx_ref = self.text(tx, "Refs/AcctSvcrRef")
            e2e = self.text(tx, "Refs/EndToEndId")
            former = tx_ref or (f"{entry_ref}/{k}" if entry_ref else None)
            out.append(
                BankEntry(
                    **base,
                    amount=amount * tx_sign,
                    currency=ccy,
                    bank_ref=tx_ref
                    or (f"{entry_own}/{k}" if entry_own else None)
                    or self.text(tx, "Refs/TxId"),
                    end_to_end_id=e2e,
                    payer=name,
                    payer_account=acct,
                    remittance=self.remittance(tx),
                    where=where.text(tx.sourceline, k),
                    place=f"{place}/{k}",
                    former_key=former or e2e,
                )
            )
        return out

    def _split(
        self, txs: list[Any], total: Decimal, ccy: str, sign: int, here: str
    ) -> list[tuple[Any, Decimal, int]] | None:
        """A batched entry's transactions with their own amounts, or None when it is one
        transaction or its transactions do not carry amounts that add up to the entry."""
        if len(txs) < 2:
            return None
        parts: list[tuple[Any, Decimal, int]] = []
        net = Decimal(0)
        for k, tx in enumerate(txs, start=1):
            node = self.find(tx, "Amt")
            if node is None:
                node = self.find(tx, "AmtDtls/TxAmt/Amt")
            if node is None:
                return None
            amount, tx_ccy = self.amount(node, here, f"TxDtls {k} amount")
            if tx_ccy != ccy:
                return None
            tx_sign = self.sign(tx, here) if self.find(tx, "CdtDbtInd") is not None else sign
            parts.append((tx, amount, tx_sign))
            net += amount * tx_sign
        return parts if net == total * sign else None

    def check_balances(self, stmt: Any, label: str, moved: Decimal) -> None:
        """Opening (or previous closing) balance + the booked entries = the closing balance."""
        balances: dict[str, Decimal] = {}
        for bal in stmt.findall("Bal", self.ns):
            code = (self.text(bal, "Tp/CdOrPrtry/Cd") or self.text(bal, "Tp/Cd") or "").upper()
            node = self.find(bal, "Amt")
            if node is None or code not in ("OPBD", "PRCD", "CLBD"):
                continue
            here = f"{label} balance {code} (line {bal.sourceline})"
            value, _ = self.amount(node, here, "Amt")
            balances.setdefault(code, value * self.sign(bal, here))
        opening = balances.get("OPBD", balances.get("PRCD"))
        closing = balances.get("CLBD")
        if opening is None or closing is None:
            return
        if opening + moved != closing:
            raise self.fail(
                f"{label} (line {stmt.sourceline}): opening balance {opening:,.2f} + entries "
                f"{moved:,.2f} = {opening + moved:,.2f}, but the closing balance is "
                f"{closing:,.2f}: the statement is incomplete or altered",
                stmt.sourceline,
            )


def _status(reader: _Reader, entry: Any) -> str | None:
    sts = entry.find("Sts", reader.ns)
    if sts is None:
        return None
    code = sts.find("Cd", reader.ns)
    text = (code.text if code is not None else sts.text) or ""
    return text.strip().upper() or None
