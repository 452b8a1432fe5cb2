"""Statement files written by hand to the standards import with every entry; broken ones give an
error naming the line or element, and dangerous XML is refused.

The expected values below are read off the files in tests/bank/files by hand (they were written
from the camt.053 schemas and the MT940 field formats, not by OrderDesk's own writer)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from orderdesk.adapters.banks import StatementError, read_statement, read_statement_bytes

FILES = Path(__file__).parent / "files"


def test_camt053_001_02_every_entry_with_batch_split() -> None:
    st = read_statement(FILES / "camt053_v02_hsbc.xml")
    assert st.format == "camt.053.001.02"
    got = [(e.bank_ref, e.amount, e.currency, e.payer) for e in st.entries]
    assert got == [
        ("HK2026103000417", Decimal("12000.00"), "USD", "ACME TRADING GMBH"),
        # the batch of two: each with its own AcctSvcrRef and its own USD amount (not the
        # EUR instructed amount 4300.00 that comes first in the element)
        ("HK2026103100098-1", Decimal("5000.00"), "USD", "Importaciones Ibéricas S.L."),
        ("HK2026103100098-2", Decimal("2500.00"), "USD", "NORDIC HOME AB"),
        ("HK2026103100311", Decimal("-125.00"), "USD", None),
    ]
    first, batch1, batch2, fee = st.entries
    assert first.remittance == "INVOICE INV-2026-0001 PO 4500012345"  # both Ustrd lines
    assert first.payer_account == "DE89370400440532013000"
    assert first.end_to_end_id is None  # NOTPROVIDED is no reference
    assert batch1.end_to_end_id == "E2E-MADRID-7781"
    assert batch2.remittance == "SO-2026-0007"  # structured creditor reference
    assert fee.remittance == "ACCOUNT MAINTENANCE FEE OCT 2026"  # AddtlNtryInf
    assert {e.account for e in st.entries} == {"HK0000000000123456789"}
    assert first.booking_date == dt.date(2026, 10, 30)


def test_camt053_001_08_two_statements_and_new_elements() -> None:
    st = read_statement(FILES / "camt053_v08_commerzbank.xml")
    assert st.format == "camt.053.001.08"
    assert len(st.entries) == 3
    gadgets, deposit, euro = st.entries
    assert gadgets.booking_date == dt.date(2026, 11, 2)  # BookgDt/DtTm with a time zone
    assert gadgets.payer == "Global Gadgets Inc."  # Dbtr/Pty/Nm in .08
    assert gadgets.amount == Decimal("9975.50")  # TxDtls/Amt, not InstdAmt 10000.00
    assert gadgets.payer_account == "000123456789"  # DbtrAcct/Id/Othr/Id
    assert deposit.remittance == "GUTSCHRIFT SO-2026-0011 ANZAHLUNG"  # entry without details
    assert euro.currency == "EUR" and euro.account == "DE44500400000123456701"
    # the referred-document number of the structured remittance is kept with the reference
    assert euro.remittance == "INV-2026-0004 RF18539007547034"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "mt940_deutsche_bank.sta",
            [
                ("DB2610310001", "12000.00", "ACME TRADING GMBH", "INV-2026-0001 PO 4500012345"),
                ("DB2610310002", "-25.00", None, "KONTOFUEHRUNG OKTOBER"),
                ("DB2610310003", "4550.00", "MÜLLER KÜCHEN GMBH", "RE INV-2026-0005"),
            ],
        ),
        (
            "mt940_abn_amro.sta",
            [
                ("ABN-1029-77", "8600.00", "MAISON LUMIERE SARL", "INV-2026-0004"),
                (None, "1200.00", "IMPORTACIONES IBERICAS SL", "FACTURA SO-2026-0002 ANTICIPO"),
                (None, "1200.00", "IMPORTACIONES IBERICAS SL", "FACTURA SO-2026-0002 ANTICIPO"),
            ],
        ),
        (
            "mt940_hsbc_uk.sta",
            [
                ("HSBC0001", "9975.50", "GLOBAL GADGETS INC.", "INV-2026-0003"),
                (
                    "HSBC0002",
                    "3000.00",
                    None,
                    "NORDIC HOME AB PAYMENT FOR SO 2026 0007 BALANCE THANK YOU",
                ),
                ("HSBC0003", "-500.00", None, "RETURN OF PAYMENT HSBC0000 ACCOUNT CLOSED"),
            ],
        ),
    ],
)
def test_mt940_banks_conventions(name: str, expected: list[tuple[object, ...]]) -> None:
    st = read_statement(FILES / name)
    assert st.format == "MT940"
    got = [(e.bank_ref, str(e.amount), e.payer, e.remittance) for e in st.entries]
    assert got == expected


def test_mt940_details() -> None:
    db = read_statement(FILES / "mt940_deutsche_bank.sta").entries
    assert db[0].end_to_end_id == "E2E-ACME-0001"  # ?20 EREF+
    assert db[0].payer_account == "DE89370400440532013000"  # ?31
    assert db[0].value_date == dt.date(2026, 10, 31)
    hsbc = read_statement(FILES / "mt940_hsbc_uk.sta").entries
    assert hsbc[0].end_to_end_id == "PAYREF-20261101"  # the :61: customer reference
    assert hsbc[2].reversal  # RC: reversal of a credit, money out
    abn = read_statement(FILES / "mt940_abn_amro.sta").entries
    assert abn[0].payer_account == "FR7630006000011234567890189"


CAMT054 = b"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">
  <BkToCstmrDbtCdtNtfctn>
    <GrpHdr><MsgId>N-1</MsgId><CreDtTm>2026-11-03T09:00:00</CreDtTm></GrpHdr>
    <Ntfctn>
      <Id>N-1-1</Id>
      <Acct><Id><IBAN>DE44500400000123456700</IBAN></Id></Acct>
      <Ntry>
        <Amt Ccy="USD">640.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-11-03</Dt></BookgDt>
        <AcctSvcrRef>NTF-77</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <RltdPties><Dbtr><Pty><Nm>Nordic Home AB</Nm></Pty></Dbtr></RltdPties>
          <RmtInf><Ustrd>INV-2026-0012</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>
    </Ntfctn>
  </BkToCstmrDbtCdtNtfctn>
</Document>"""

CAMT052 = b"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02">
  <BkToCstmrAcctRpt>
    <GrpHdr><MsgId>R-1</MsgId><CreDtTm>2026-11-03T12:00:00</CreDtTm></GrpHdr>
    <Rpt>
      <Id>R-1-1</Id>
      <Acct><Id><IBAN>DE44500400000123456700</IBAN></Id></Acct>
      <Ntry>
        <Amt Ccy="USD">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-11-03</Dt></BookgDt><AcctSvcrRef>RPT-1</AcctSvcrRef>
      </Ntry>
      <Ntry>
        <Amt Ccy="USD">900.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>PDNG</Sts>
        <BookgDt><Dt>2026-11-03</Dt></BookgDt><AcctSvcrRef>RPT-2</AcctSvcrRef>
      </Ntry>
    </Rpt>
  </BkToCstmrAcctRpt>
</Document>"""


def test_camt054_notification_and_camt052_report() -> None:
    note = read_statement_bytes(CAMT054, "n.xml")
    assert note.format == "camt.054.001.08"
    assert [(e.bank_ref, e.amount, e.payer) for e in note.entries] == [
        ("NTF-77", Decimal("640.00"), "Nordic Home AB")
    ]
    report = read_statement_bytes(CAMT052, "r.xml")
    assert [e.bank_ref for e in report.entries] == ["RPT-1"]  # the pending one is left out
    assert len(report.skipped) == 1 and "PDNG" in report.skipped[0]


# --- broken and hostile files -----------------------------------------------------------------

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE Document [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>&c;</BkToCstmrStmt></Document>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>&x;</BkToCstmrStmt></Document>"""


@pytest.mark.parametrize("data", [BOMB, EXTERNAL], ids=["xml-bomb", "external-entity"])
def test_dangerous_xml_is_refused(data: bytes) -> None:
    with pytest.raises(StatementError, match="refused: the XML declares a document type"):
        read_statement_bytes(data, "evil.xml")


def test_bad_xml_names_the_line() -> None:
    text = (FILES / "camt053_v02_hsbc.xml").read_text()
    broken = text.replace("<Sts>BOOK</Sts>", "<Sts>BOOK</Stst>", 1)
    line = next(n for n, ln in enumerate(broken.splitlines(), 1) if "</Stst>" in ln)
    with pytest.raises(StatementError, match=rf"not well-formed XML at line {line}, column"):
        read_statement_bytes(broken.encode(), "hsbc.xml")


def test_camt_element_errors_name_the_entry() -> None:
    text = (FILES / "camt053_v08_commerzbank.xml").read_text()
    no_date = text.replace("<BookgDt><Dt>2026-11-02</Dt></BookgDt>", "", 1)
    with pytest.raises(StatementError, match=r"Stmt 1 / Ntry 2 \(line \d+\): no BookgDt"):
        read_statement_bytes(no_date.encode(), "coba.xml")
    bad_amount = text.replace('<Amt Ccy="USD">3000.00</Amt>', '<Amt Ccy="USD">3.000,00</Amt>', 1)
    with pytest.raises(StatementError, match=r"Stmt 1 / Ntry 2 .*'3.000,00' is not an amount"):
        read_statement_bytes(bad_amount.encode(), "coba.xml")


def test_camt_balances_must_reconcile() -> None:
    text = (FILES / "camt053_v02_hsbc.xml").read_text()
    dropped = text.replace('<Amt Ccy="USD">12000.00</Amt>', '<Amt Ccy="USD">1200.00</Amt>', 1)
    with pytest.raises(StatementError, match=r"closing balance is 29,375\.00: the statement is"):
        read_statement_bytes(dropped.encode(), "hsbc.xml")


def test_truncated_mt940_names_the_line() -> None:
    lines = (FILES / "mt940_abn_amro.sta").read_text().splitlines()
    cut = "\n".join(lines[:13]) + "\n"  # stops after the second statement's first entry
    with pytest.raises(StatementError, match=r"statement 2 \(from line 8\): no closing balance"):
        read_statement_bytes(cut.encode(), "abn.sta")
    enveloped = (FILES / "mt940_deutsche_bank.sta").read_bytes().replace(b"-}\r\n", b"")
    with pytest.raises(StatementError, match=r"not closed \('-}' missing after line 13\)"):
        read_statement_bytes(enveloped, "db.sta")


def test_malformed_statement_line_names_the_line() -> None:
    text = (FILES / "mt940_hsbc_uk.sta").read_text()
    broken = text.replace(":61:2611021102C3000,00NTRF", ":61:2611021102C3X00,00NTRF")
    with pytest.raises(StatementError, match=r"line 8: the statement line ':61:2611021102C3X00"):
        read_statement_bytes(broken.encode(), "hsbc.sta")
    bad_date = text.replace(":61:2611021102C3000,00", ":61:2613021102C3000,00")
    with pytest.raises(StatementError, match=r"line 8: .* not a real date"):
        read_statement_bytes(bad_date.encode(), "hsbc.sta")


def test_mt940_balances_must_reconcile() -> None:
    text = (FILES / "mt940_deutsche_bank.sta").read_bytes()
    altered = text.replace(b"C4550,00NTRF", b"C4500,00NTRF")
    with pytest.raises(StatementError, match=r"closing balance .* is 17,525\.00"):
        read_statement_bytes(altered, "db.sta")


def test_not_a_statement() -> None:
    with pytest.raises(StatementError, match="neither a camt XML statement nor an MT940 file"):
        read_statement_bytes(b"Date;Amount\n2026-10-01;5\n", "export.csv")
    html = b"<html><body>login</body></html>"
    with pytest.raises(StatementError, match="not an ISO 20022 camt"):
        read_statement_bytes(html, "page.xml")
