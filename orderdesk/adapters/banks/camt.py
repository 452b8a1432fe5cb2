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
from decimal import Decimal, InvalidOperation
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from pycamt.parser import Camt053ParseError, Camt053Parser

from orderdesk.adapters.banks.statement import Statement, StatementError
from orderdesk.domain.payments.entries import BankEntry, meaningful

BOOKED = {"BOOK", "BOOKED", None}


def check_safe_xml(data: bytes, name: str) -> None:
    """Refuse XML with a DTD (entities, external references) and XML that is not well-formed."""
    try:
        SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise StatementError(
            f"{name}: refused: the XML declares a document type (DTD) with entities "
            f"({type(exc).__name__}). Bank statements never do; entities are how an 'XML bomb' "
            "expands to gigabytes or an external reference reads a local file. Nothing was "
            "imported."
        ) from exc
    except SafeET.ParseError as exc:
        line, col = getattr(exc, "position", (None, None))
        raise StatementError(
            f"{name}: not well-formed XML at line {line}, column {col}: "
            f"{str(exc).split(':')[0]}. Nothing was imported."
        ) from exc


class _Parser(Camt053Parser):
    """pycamt, told about camt.054 notifications, and keeping each row's elements."""

    def _find_statements_or_reports(self) -> Any:
        for path in (".//Stmt", ".//Rpt", ".//Ntfctn"):
            found = self.tree.findall(path, self.namespaces)
            if found:
                return found
        raise Camt053ParseError()

    def _extract_transaction(self, entry: Any, statement: Any) -> Any:
        rows = super()._extract_transaction(entry, statement)
        txs = entry.findall("NtryDtls/TxDtls", self.namespaces)
        for k, row in enumerate(rows):
            row["_entry"], row["_stmt"] = entry, statement
            row["_tx"] = txs[k] if k < len(txs) else None
            row["_txs"] = len(txs)
        return rows


def read_camt(data: bytes, name: str) -> Statement:
    check_safe_xml(data, name)
    try:
        parser = _Parser(data)
    except Exception as exc:  # lxml's own errors, after defusedxml accepted the document
        raise StatementError(f"{name}: cannot be read as XML ({exc})") from exc
    root = parser.tree
    ns = root.nsmap.get(None) or ""
    kind = ns.rsplit(":", 1)[-1] if "camt.05" in ns else ""
    if not kind.startswith(("camt.052", "camt.053", "camt.054")):
        raise StatementError(
            f"{name}: not an ISO 20022 camt.052/053/054 document (root element "
            f"'{_local(root.tag)}', namespace '{ns or 'none'}')"
        )
    try:
        rows = parser.get_transactions()
    except Camt053ParseError as exc:
        raise StatementError(
            f"{name}: {kind} without a statement (no Stmt, Rpt or Ntfctn)"
        ) from exc
    reader = _Reader(parser, name, kind)
    statements = parser._find_statements_or_reports()
    for number, stmt in enumerate(statements, start=1):
        reader.number[stmt] = number
    entries: list[BankEntry] = []
    skipped: list[str] = []
    done_entries: set[Any] = set()
    for row in rows:
        entry = row["_entry"]
        if entry in done_entries:
            continue
        status = _status(reader, entry)
        if status not in BOOKED:
            skipped.append(f"{reader.where(entry)}: status {status}, not booked")
            done_entries.add(entry)
            continue
        got = reader.entries(entry, [r for r in rows if r["_entry"] is entry])
        done_entries.add(entry)
        entries += got
    if kind.startswith("camt.053"):
        for stmt in statements:
            reader.check_balances(stmt)
    ids = sorted({reader.text(s, "Id") or "" for s in statements} - {""})
    return Statement(name, kind, entries, skipped, ", ".join(ids))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _status(reader: _Reader, entry: Any) -> str | None:
    sts = entry.find("Sts", reader.ns)
    if sts is None:
        return None
    code = sts.find("Cd", reader.ns)
    text = (code.text if code is not None else sts.text) or ""
    return text.strip().upper() or None


class _Reader:
    def __init__(self, parser: _Parser, name: str, kind: str) -> None:
        self.ns = parser.namespaces
        self.name = name
        self.kind = kind
        self.number: dict[Any, int] = {}

    # -- where, for messages --

    def where(self, element: Any, *, tx: int | None = None, line: int | None = None) -> str:
        stmt = element
        while stmt is not None and _local(stmt.tag) not in ("Stmt", "Rpt", "Ntfctn"):
            stmt = stmt.getparent()
        label = _local(stmt.tag) if stmt is not None else "?"
        parts = [f"{label} {self.number.get(stmt, '?')}"]
        if _local(element.tag) == "Ntry" and stmt is not None:
            n = stmt.findall("Ntry", self.ns).index(element) + 1
            parts.append(f"Ntry {n}")
        if tx is not None:
            parts.append(f"TxDtls {tx}")
        return f"{' / '.join(parts)} (line {line or element.sourceline})"

    def fail(self, element: Any, what: str, *, tx: int | None = None) -> StatementError:
        return StatementError(
            f"{self.name}: {self.where(element, tx=tx)}: {what}. Nothing was imported."
        )

    # -- element reading --

    def find(self, element: Any, path: str) -> Any:
        return None if element is None else element.find(path, self.ns)

    def text(self, element: Any, path: str) -> str | None:
        found = self.find(element, path)
        return meaningful(found.text) if found is not None and found.text else None

    def amount(self, element: Any, owner: Any, label: str) -> tuple[Decimal, str]:
        raw = (element.text or "").strip()
        ccy = (element.get("Ccy") or "").strip().upper()
        try:
            value = Decimal(raw)
        except InvalidOperation as exc:
            raise self.fail(
                owner, f"{label} '{raw}' is not an amount (line {element.sourceline})"
            ) from exc
        if not value.is_finite() or value < 0 or len(ccy) != 3:
            raise self.fail(owner, f"{label} '{raw}' Ccy='{ccy}' is not an amount with a currency")
        return value, ccy

    def date(self, element: Any, path: str, owner: Any, *, required: bool) -> dt.date | None:
        node = self.find(element, path)
        text = None
        if node is not None:
            inner = self.find(node, "Dt")
            if inner is None:
                inner = self.find(node, "DtTm")
            text = (inner.text if inner is not None else node.text) or None
        if not text:
            if required:
                raise self.fail(owner, f"no {path} (booking date)")
            return None
        try:
            return dt.date.fromisoformat(text.strip()[:10])
        except ValueError as exc:
            raise self.fail(owner, f"{path} '{text.strip()}' is not a date") from exc

    def sign(self, node: Any, owner: Any) -> int:
        ind = (self.text(node, "CdtDbtInd") or "").upper()
        if ind not in ("CRDT", "DBIT"):
            raise self.fail(owner, f"CdtDbtInd '{ind}' is neither CRDT nor DBIT")
        return 1 if ind == "CRDT" else -1

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
        if tx is None:
            return None, None
        name = self.text(tx, f"RltdPties/{role}/Nm") or self.text(tx, f"RltdPties/{role}/Pty/Nm")
        if name is None:
            ultimate = f"RltdPties/Ultmt{role}"
            name = self.text(tx, f"{ultimate}/Nm") or self.text(tx, f"{ultimate}/Pty/Nm")
        account = self.text(tx, f"RltdPties/{role}Acct/Id/IBAN") or self.text(
            tx, f"RltdPties/{role}Acct/Id/Othr/Id"
        )
        return name, account

    # -- entries --

    def entries(self, entry: Any, rows: list[dict[str, Any]]) -> list[BankEntry]:
        stmt = rows[0]["_stmt"]
        amt_node = self.find(entry, "Amt")
        if amt_node is None:
            raise self.fail(entry, "no Amt")
        total, ccy = self.amount(amt_node, entry, "Amt")
        sign = self.sign(entry, entry)
        booked = self.date(entry, "BookgDt", entry, required=True)
        assert booked is not None
        value = self.date(entry, "ValDt", entry, required=False)
        reversal = (self.text(entry, "RvslInd") or "").lower() == "true"
        account = self.text(stmt, "Acct/Id/IBAN") or self.text(stmt, "Acct/Id/Othr/Id")
        entry_ref = self.text(entry, "AcctSvcrRef")
        txs = [r["_tx"] for r in rows if r["_tx"] is not None]
        base = {
            "booking_date": booked,
            "value_date": value,
            "account": account,
            "source": self.kind,
            "statement": self.text(stmt, "Id"),
            "reversal": reversal,
        }
        split = self._split(entry, txs, total, ccy, sign)
        if split is None:  # one transaction, or a batch that cannot be split: the entry whole
            remits = [r for r in (self.remittance(t) for t in txs) if r]
            extra = self.text(entry, "AddtlNtryInf")
            remittance = " | ".join(remits) or extra
            role = "Dbtr" if sign > 0 else "Cdtr"
            name, acct = self.party(txs[0], role) if len(txs) == 1 else (None, None)
            e2e = self.text(txs[0], "Refs/EndToEndId") if len(txs) == 1 else None
            tx_ref = self.text(txs[0], "Refs/AcctSvcrRef") if len(txs) == 1 else None
            return [
                BankEntry(
                    **base,
                    amount=total * sign,
                    currency=ccy,
                    bank_ref=entry_ref or tx_ref,
                    end_to_end_id=e2e,
                    payer=name,
                    payer_account=acct,
                    remittance=remittance,
                    where=self.where(entry),
                )
            ]
        out: list[BankEntry] = []
        for k, (tx, amount, tx_sign) in enumerate(split, start=1):
            role = "Dbtr" if tx_sign > 0 else "Cdtr"
            name, acct = self.party(tx, role)
            tx_ref = self.text(tx, "Refs/AcctSvcrRef")
            out.append(
                BankEntry(
                    **base,
                    amount=amount * tx_sign,
                    currency=ccy,
                    bank_ref=tx_ref or (f"{entry_ref}/{k}" if entry_ref else None),
                    end_to_end_id=self.text(tx, "Refs/EndToEndId"),
                    payer=name,
                    payer_account=acct,
                    remittance=self.remittance(tx),
                    where=self.where(entry, tx=k, line=tx.sourceline),
                )
            )
        return out

    def _split(
        self, entry: Any, txs: list[Any], total: Decimal, ccy: str, sign: int
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
            amount, tx_ccy = self.amount(node, entry, f"TxDtls {k} amount")
            if tx_ccy != ccy:
                return None
            tx_sign = self.sign(tx, entry) if self.find(tx, "CdtDbtInd") is not None else sign
            parts.append((tx, amount, tx_sign))
            net += amount * tx_sign
        return parts if net == total * sign else None

    def check_balances(self, stmt: Any) -> None:
        balances: dict[str, Decimal] = {}
        for bal in stmt.findall("Bal", self.ns):
            code = (self.text(bal, "Tp/CdOrPrtry/Cd") or "").upper()
            node = self.find(bal, "Amt")
            if node is None or code not in ("OPBD", "PRCD", "CLBD"):
                continue
            value, _ = self.amount(node, stmt, f"balance {code}")
            balances[code] = value * self.sign(bal, stmt)
        opening = balances.get("OPBD", balances.get("PRCD"))
        closing = balances.get("CLBD")
        if opening is None or closing is None:
            return
        moved = Decimal(0)
        for entry in stmt.findall("Ntry", self.ns):
            if _status(self, entry) not in BOOKED:
                continue
            node = self.find(entry, "Amt")
            if node is None:
                raise self.fail(entry, "no Amt")
            value, _ = self.amount(node, entry, "Amt")
            moved += value * self.sign(entry, entry)
        if opening + moved != closing:
            raise StatementError(
                f"{self.name}: {self.where(stmt)}: opening balance {opening:,.2f} + entries "
                f"{moved:,.2f} = {opening + moved:,.2f}, but the closing balance is "
                f"{closing:,.2f}: the statement is incomplete or altered. Nothing was imported."
            )
