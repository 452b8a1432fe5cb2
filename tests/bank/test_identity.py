"""Every bank transaction lands once: never two merged, never one twice; what cannot be told apart
is kept and flagged. Domain level: the register's rows as `Known`, new entries as `BankEntry`."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from orderdesk.domain.payments.entries import BankEntry
from orderdesk.domain.payments.identity import EntryBook, Known, keys_in_file, known_rows

DAY = dt.date(2026, 10, 30)
ACCOUNT = "NL91 ABNA 0417 1643 00"


def entry(amount: str = "100.00", **kw: object) -> BankEntry:
    base: dict[str, object] = {
        "booking_date": DAY,
        "amount": Decimal(amount),
        "currency": "EUR",
        "account": ACCOUNT,
        "payer": "ACME BV",
        "remittance": "INV-1",
        "statement": "STMT 00311",
        "place": "NL91ABNA0417164300|STMT 00311|1|C261029EUR0,00|1",
    }
    base.update(kw)
    return BankEntry(**base)  # type: ignore[arg-type]


def keys(book: EntryBook, *entries: BankEntry) -> list[str]:
    return [a.key for a in book.admit(list(entries)).new]


def test_the_key_is_the_banks_reference_else_where_and_what_the_entry_is() -> None:
    got = keys_in_file(
        [
            entry(bank_ref="HK-1", end_to_end_id="E2E-1"),
            entry(bank_ref="NONREF", end_to_end_id="E2E-2"),  # a placeholder is no reference
            entry(bank_ref=None, end_to_end_id="NOTPROVIDED", place="P|2"),
        ]
    )
    assert got[0] == "HK-1"
    # the payer's EndToEndId is not the bank's: it does not identify an entry
    assert got[1].startswith("FP2-") and got[2].startswith("FP2-") and got[1] != got[2]
    assert len(got[1]) == len("FP2-") + 12
    # the same entry read again gets the same key; case and spacing do not change it
    assert keys_in_file([entry(bank_ref="NONREF", payer=" acme bv ")])[0] == got[1]


def test_the_same_file_again_adds_nothing() -> None:
    file = [
        entry(bank_ref="R-1"),
        entry(amount="7.00", place="P|2"),
        entry(amount="7.00", place="P|3"),  # an identical payment on the next line
    ]
    book = EntryBook()
    first = book.admit(file)
    assert len(first.new) == 3 and len({a.key for a in first.new}) == 3
    again = book.admit(file)
    assert again.new == [] and again.duplicates == 3


def test_two_pages_with_the_same_amount_and_customer_reference_from_different_payers() -> None:
    """The silent loss of issue 16: page 2 was taken for page 1 again."""
    page1 = entry(end_to_end_id="INV-1", former_key="INV-1", payer="ALPHA BV", place="P|1|1")
    page2 = entry(end_to_end_id="INV-1", former_key="INV-1", payer="BETA BV", place="P|2|1")
    book = EntryBook()
    assert len(keys(book, page1)) == 1
    second = book.admit([page2])
    assert len(second.new) == 1 and second.duplicates == 0
    assert second.new[0].duplicate_of is None  # a payment of its own, not a suspect
    # negative: the same line imported again is recognised
    assert book.admit([page2]).duplicates == 1


def test_a_reference_reused_for_another_payment_is_kept_under_a_qualified_key() -> None:
    book = EntryBook()
    keys(book, entry(bank_ref="R-1"))
    later = entry(bank_ref="R-1", booking_date=DAY + dt.timedelta(days=3))
    got = book.admit([later]).new
    # the qualifier OrderDesk always gave: a hash of account, booking date, amount, currency
    text = f"NL91ABNA0417164300|{later.booking_date.isoformat()}|100.00|EUR"
    assert [a.key for a in got] == [f"R-1/{hashlib.sha256(text.encode()).hexdigest()[:6].upper()}"]
    assert got[0].duplicate_of is None
    assert book.admit([later]).duplicates == 1  # and it too lands once


def test_a_reference_on_the_same_day_and_amount_with_another_payer_is_flagged() -> None:
    book = EntryBook()
    keys(book, entry(bank_ref="R-1"))
    other = book.admit([entry(bank_ref="R-1", payer="ZETA LTD", remittance="ORDER 9")]).new
    assert len(other) == 1 and other[0].key.startswith("R-1/")
    assert other[0].duplicate_of is not None and other[0].duplicate_of.key == "R-1"
    # negative: the payer written differently by another channel is the same entry
    same = book.admit([entry(bank_ref="R-1", payer="Acme B.V.", remittance="inv 1 thanks")])
    assert same.new == [] and same.duplicates == 1


def test_the_same_payment_on_another_statement_without_a_reference_is_kept_and_flagged() -> None:
    book = EntryBook([("FP2-AAAAAAAAAAAA", _known(7, "FP2-AAAAAAAAAAAA", statement="DAY 301"))])
    monthly = entry(statement="MONTH 11", place="M|1|4")
    got = book.admit([monthly]).new
    assert len(got) == 1
    assert got[0].duplicate_of is not None and got[0].duplicate_of.row == 7
    # negative: another payer, or another amount, is simply new
    assert book.admit([entry(statement="MONTH 11", place="M|1|5", payer="BETA")]).probable == []
    assert book.admit([entry("101.00", statement="MONTH 11", place="M|1|6")]).probable == []


def test_one_register_row_stands_for_one_entry() -> None:
    book = EntryBook([("FP2-AAAAAAAAAAAA", _known(7, "FP2-AAAAAAAAAAAA", statement="DAY 301"))])
    twice = book.admit(
        [entry(statement="MONTH 11", place="M|1|1"), entry(statement="MONTH 11", place="M|1|2")]
    )
    # one of them may repeat row 7; the other is a payment of its own
    assert [a.duplicate_of is not None for a in twice.new] == [True, False]


def test_lines_of_one_statement_are_never_one_another() -> None:
    book = EntryBook()
    keys(book, entry(place="S|1|1"))
    got = book.admit([entry(place="S|2|1")]).new  # page 2 of the same statement, alike
    assert len(got) == 1 and got[0].duplicate_of is None


def test_an_unreadable_row_still_holds_its_key() -> None:
    book = EntryBook(known_rows([5], ["R-1"], [ACCOUNT], [None], [100.0], ["EUR"], *[[None]] * 4))
    assert book.admit([entry(bank_ref="R-1")]).duplicates == 1


# --- registers written before issue 16 ---------------------------------------------------------


def _known(row: int, key: str, **kw: object) -> Known:
    base: dict[str, object] = {
        "account": "NL91ABNA0417164300",
        "booking_date": DAY,
        "amount": Decimal("100.00"),
        "currency": "EUR",
        "payer": "ACMEBV",
        "remittance": "INV1",
        "statement": "STMT 00311",
    }
    base.update(kw)
    return Known(row, key, **base)  # type: ignore[arg-type]


def test_a_row_keyed_by_the_customer_reference_is_the_same_entry() -> None:
    book = EntryBook([("INV-1", _known(2, "INV-1", payer="ALPHABV"))])
    page1 = entry(former_key="INV-1", payer="ALPHA BV", place="P|1|1")
    page2 = entry(former_key="INV-1", payer="BETA BV", place="P|2|1")
    assert book.admit([page1]).duplicates == 1
    assert len(book.admit([page2]).new) == 1  # the payment the earlier version lost


def test_an_old_fallback_key_is_recognised_even_when_the_payer_now_reads_differently() -> None:
    old = (
        "FP-"
        + hashlib.sha256(b"NL91ABNA0417164300|2026-10-30|100.00|EUR|ACME BV|INV-1")
        .hexdigest()[:12]
        .upper()
    )
    book = EntryBook([(old, _known(3, old)), (f"{old} #2", _known(4, f"{old} #2"))])
    two = [entry(place="P|1|1"), entry(place="P|1|2")]
    assert book.admit(two).duplicates == 2  # the old key, and ' #2' for the second
    # the payer read better now (the old reader had none): same statement, an FP- row
    book = EntryBook([(old, _known(3, old, payer=""))])
    assert book.admit([entry(payer="ACME BV INTL", place="P|1|1")]).duplicates == 1
    # negative: from another statement it is only a probable duplicate, kept
    book = EntryBook([(old, _known(3, old, statement="OTHER 1"))])
    assert len(book.admit([entry(payer="ACME BV INTL", place="P|1|1")]).probable) == 1


# --- properties ------------------------------------------------------------------------------

entries_strategy = st.lists(
    st.builds(
        lambda amount, day, payer, ref: (amount, day, payer, ref),
        st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False),
        st.integers(0, 3),
        st.sampled_from(["ACME", "BETA", None]),
        st.sampled_from([None, None, "R-1", "R-2", "NONREF"]),
    ),
    max_size=25,
)


@settings(max_examples=80, deadline=None)
@given(entries_strategy)
def test_a_statement_lands_whole_once_and_then_adds_nothing(rows: list[tuple]) -> None:
    file = [
        entry(
            str(amount),
            booking_date=DAY + dt.timedelta(days=day),
            payer=payer,
            bank_ref=ref,
            place=f"S|1|{n}",
        )
        for n, (amount, day, payer, ref) in enumerate(rows, start=1)
    ]
    book = EntryBook()
    first = book.admit(file)
    assert len(first.new) == len(file)  # never two merged
    assert len({a.key for a in first.new}) == len(file)
    again = book.admit(file)
    assert again.new == [] and again.duplicates == len(file)  # never one twice


def test_an_api_entry_without_ids_once_keyed_by_its_end_to_end_id() -> None:
    """PSD2 entries without entryReference / transactionId were keyed by endToEndId."""
    book = EntryBook([("E2E-7", _known(9, "E2E-7", statement=""))])
    api = entry(place=None, statement=None, end_to_end_id="E2E-7", former_key="E2E-7")
    assert book.admit([api]).duplicates == 1
    # negative: without that key it could only be told by its looks, as a probable duplicate
    book = EntryBook([("E2E-7", _known(9, "E2E-7", statement=""))])
    assert len(book.admit([entry(place=None, statement=None)]).probable) == 1
