"""Every bank entry lands once: keys from the bank's reference, a stable fallback otherwise."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from orderdesk.domain.payments.entries import BankEntry, Fingerprint, admit, keys_in_file

DAY = dt.date(2026, 10, 30)


def entry(amount: str = "100.00", **kw: object) -> BankEntry:
    base: dict[str, object] = {
        "booking_date": DAY,
        "amount": Decimal(amount),
        "currency": "USD",
        "account": "DE44 5004 0000 0123 4567 00",
        "payer": "ACME",
        "remittance": "INV-1",
    }
    base.update(kw)
    return BankEntry(**base)  # type: ignore[arg-type]


def test_bank_reference_first_then_end_to_end_then_fallback() -> None:
    keys = keys_in_file(
        [
            entry(bank_ref="HK-1", end_to_end_id="E2E-1"),
            entry(bank_ref="NONREF", end_to_end_id="E2E-2"),
            entry(bank_ref=None, end_to_end_id="NOTPROVIDED"),
        ]
    )
    assert keys[:2] == ["HK-1", "E2E-2"]
    assert keys[2].startswith("FP-") and len(keys[2]) == 15


def test_two_identical_payments_on_one_day_stay_two_and_keep_their_keys() -> None:
    same = [entry(), entry(), entry("5.00")]
    keys = keys_in_file(same)
    assert keys[1] == f"{keys[0]} #2" and keys[2] != keys[0]
    assert keys_in_file(same) == keys  # the same file again: the same keys
    # whitespace and case in the payer and remittance do not change the key
    assert keys_in_file([entry(payer=" acme ", remittance="inv-1")])[0] == keys[0]


def test_the_same_file_again_adds_nothing_and_a_reused_reference_is_kept() -> None:
    first, known = admit([entry(bank_ref="R-1"), entry(bank_ref="R-2", amount="7.00")], {})
    assert [k for k, _ in first.new] == ["R-1", "R-2"]
    again, known = admit([entry(bank_ref="R-1"), entry(bank_ref="R-2", amount="7.00")], known)
    assert again.new == [] and again.duplicates == 2
    # the customer reused an end-to-end id for a second instalment, another day
    later = entry(end_to_end_id="INV-1", booking_date=DAY + dt.timedelta(days=3))
    first_e2e, known = admit([entry(end_to_end_id="INV-1")], known)
    second_e2e, known = admit([later], known)
    assert [k for k, _ in first_e2e.new] == ["INV-1"]
    assert second_e2e.new[0][0] == f"INV-1/{Fingerprint.of(later).short_hash()}"
    third, _ = admit([later], known)
    assert third.new == [] and third.duplicates == 1
