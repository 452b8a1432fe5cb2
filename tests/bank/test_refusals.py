"""Only what is truly broken is refused — unbalanced, cut short, impossible dates, no currency —
with the file, the line and the offending text in a finance clerk's words; nothing is written.
A stray control byte is no reason to refuse (issue 14, item 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orderdesk.adapters.banks import StatementError, read_statement_bytes
from orderdesk.cli import main
from orderdesk.schema import BankEntries
from tests.bank.conftest import FILES
from tests.bank.sheets import by_key

HSBC = (FILES / "mt940_hsbc_uk.sta").read_text()
COBA = (FILES / "camt053_v08_commerzbank.xml").read_text()


def refusal(text: str, name: str = "s.sta") -> StatementError:
    with pytest.raises(StatementError) as caught:
        read_statement_bytes(text.encode("utf-8"), name)
    error = caught.value
    message = str(error)
    # no library dumps or Python reprs, ever
    assert "b'" not in message and "\\x" not in message and "Traceback" not in message
    assert error.file == name and message.startswith(f"{name}: ")
    assert message.endswith("Nothing was imported.")
    return error


def test_unbalanced_statement_names_the_closing_balance() -> None:
    error = refusal(HSBC.replace(":61:2611021102C3000,00NTRF", ":61:2611021102C3100,00NTRF"))
    assert error.line == 13
    assert (
        "statement 1 (from line 1): opening balance 250.00 + entries 12,575.50 = 12,825.50, but "
        "the closing balance ':62F:C261102USD12725,50' is 12,725.50 USD: the statement is "
        "incomplete or altered"
    ) in str(error)


def test_a_statement_cut_short_is_truncated() -> None:
    cut = "\n".join(HSBC.splitlines()[:10]) + "\n"  # up to the second :61: and its :86:
    error = refusal(cut)
    assert error.line == 10
    assert "no closing balance (:62F:) after line 10: the file is truncated" in str(error)


@pytest.mark.parametrize(
    ("old", "new", "line", "what"),
    [
        (":61:2611021102C3000", ":61:2613021102C3000", 8, "is not a real date"),
        (":61:2611021102C3000", ":61:2611020230C3000", 8, "is not a real date"),  # 30 February
        (":60F:C261101USD250,00", ":60F:C261131USD250,00", 4, "261131 is not a date"),
        (":60F:C261101USD250,00", ":60F:C261101250,00", 4, "has no currency"),
        (":25:400515 71234567", ":26:400515 71234567", 1, "no account (:25:)"),
        (":20:HSBC261102", ":21:HSBC261102", 1, "':21:HSBC261102' comes before the first :20:"),
    ],
)
def test_broken_fields_name_line_and_text(old: str, new: str, line: int, what: str) -> None:
    error = refusal(HSBC.replace(old, new))
    assert error.line == line and what in str(error)


def test_what_is_not_broken_is_read() -> None:
    """The shapes the earlier reader refused, each in one line of a known-good file."""
    for old, new in [
        (":61:2611021102C3000,00NTRFNONREF", ":61:2611021102C3000NTRFNONREF"),  # no decimals
        (":61:2611021102C3000,00NTRFNONREF", ":61:261102    C3000,00NTRFNONREF"),  # blank date
        (":61:2611021102C3000,00NTRFNONREF", ":61:2611021102C3000,00S   NONREF"),  # 'S   '
        (":61:2611021102C3000,00NTRFNONREF//HSBC0002", ":61:2611021102C3000,00NTRFNONREF//"),
        (":20:HSBC261102", ":940:\n:20:HSBC261102"),
        (":62F:C261102USD12725,50", ":62F:C261102USD12725,50\n-}{5:{CHK:ABC}}"),
    ]:
        assert HSBC.count(old) == 1
        entries = read_statement_bytes(HSBC.replace(old, new).encode(), "h.sta").entries
        assert [str(e.amount) for e in entries][1] in ("3000", "3000.00")


def test_camt_refusals_name_the_element_and_line() -> None:
    no_ccy = COBA.replace('<Amt Ccy="USD">3000.00</Amt>', "<Amt>3000.00</Amt>", 1)
    error = refusal(no_ccy, "coba.xml")
    assert "Stmt 1 / Ntry 2" in str(error) and "has no currency" in str(error)
    assert error.line == no_ccy[: no_ccy.index("<Amt>3000.00")].count("\n") + 1
    bad_day = COBA.replace("<Dt>2026-11-02</Dt></BookgDt>", "<Dt>2026-02-30</Dt></BookgDt>", 1)
    error = refusal(bad_day, "coba.xml")
    assert "BookgDt '2026-02-30' is not a date" in str(error)


def test_not_a_statement_says_how_it_starts_in_words() -> None:
    error = refusal("\x00\x01PK\x03\x04 binary junk", "x.sta")
    assert "it starts with 'PK binary junk…'" in str(error)


# --- on the command line ----------------------------------------------------------------------


def test_json_refusal_names_file_and_line(trade_register: Path, tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.sta"
    broken.write_text(HSBC.replace(":61:2611021102C3000,00NTRF", ":61:2611021102C3X00,00NTRF"))
    before = trade_register.read_bytes()
    code = main(["sync", "bank", str(trade_register), "--statement", str(broken), "--json"])
    assert code == 2
    answer = json.loads(capsys.readouterr().out)
    assert answer["file"] == "broken.sta" and answer["line"] == 8
    assert "the statement line ':61:2611021102C3X00,00NTRF" in answer["error"]
    assert trade_register.read_bytes() == before
    # negative: a good file gives the result, not an error
    good = main(["sync", "bank", str(trade_register), "--statement", str(FILES / "mt940_hsbc_uk.sta"), "--json"])  # fmt: skip
    assert good in (0, 1) and "error" not in json.loads(capsys.readouterr().out)


def test_a_control_byte_in_the_details_is_read_as_a_space(trade_register: Path, tmp_path: Path, capsys) -> None:  # fmt: skip
    bell = tmp_path / "bell.sta"
    bell.write_bytes(HSBC.replace("THANK YOU", "THANK\x07YOU\x1bOK").encode())
    st = read_statement_bytes(bell.read_bytes(), "bell.sta")
    assert (
        st.entries[1].remittance == "NORDIC HOME AB PAYMENT FOR SO 2026 0007 BALANCE THANK YOU OK"
    )
    assert st.notes == ["bell.sta: line 10: control character U+0007, U+001B read as a space"]
    code = main(["sync", "bank", str(trade_register), "--statement", str(bell)])
    assert code in (0, 1)
    assert "line 10: control character U+0007, U+001B read as a space" in capsys.readouterr().out
    saved = by_key(trade_register, BankEntries, BankEntries.entry_ref)["HSBC0002"]
    assert saved[BankEntries.remittance].endswith("THANK YOU OK")
