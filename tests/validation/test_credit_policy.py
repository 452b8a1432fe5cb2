"""One credit policy for Validate and the quotes' approval check: same bands, same banks."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from orderdesk.defaults import policy_rows
from orderdesk.domain import credit
from orderdesk.domain.quotes import checks
from orderdesk.schema import CreditBands, LCBanks

BANKS = pd.DataFrame([{str(k): v for k, v in r.items()} for r in policy_rows()[LCBanks]])
BANDS = pd.DataFrame([{str(k): v for k, v in r.items()} for r in policy_rows()[CreditBands]])


@pytest.mark.parametrize(
    ("typed", "bank"),
    [
        ("HSBC", "HSBC"),
        ("hsbc hong kong", "HSBC"),
        ("HSBCHKHHXXX", "HSBC"),  # its BIC with a branch code
        ("Bank of China, Ningbo Branch", "Bank of China"),
        ("  deutsche   BANK AG ", "Deutsche Bank"),
        ("Bank of Chinatown", None),  # not a bank on the list, though it starts like one
        ("Deutsche", None),  # too little to say which bank
        ("Banco Popular", None),
    ],
)
def test_an_lc_bank_is_accepted_by_both_or_by_neither(typed: str, bank: str | None) -> None:
    found = credit.accepted_bank(typed, credit.accepted_banks(BANKS))
    assert (found.name if found else None) == bank
    assert checks.accepted_bank(typed, BANKS) == bank  # the quotes' level-3 check


@pytest.mark.parametrize(
    ("score", "late", "band"),
    [
        (85, None, "A"),
        (85, 25, "B"),
        (85, 45, "C"),
        (60, 0, "B"),
        (59.5, None, "C"),
        (None, 3, "D"),
    ],
)
def test_a_customer_is_banded_by_score_and_payment_behaviour(score, late, band) -> None:
    effective = credit.effective_score(score, late)
    assert credit.band_for(effective, credit.credit_bands(BANDS)).band == band
    assert checks.credit_band(effective, BANDS)[0] == band


def test_the_late_payment_penalty() -> None:
    assert credit.effective_score(80, 20.0) == 65  # 15 days beyond the 5 of grace
    assert credit.effective_score(80, 90.0) == 40  # at most 40 points off
    assert credit.effective_score(10, 90.0) == 0
    assert credit.band_for(None, ()) is None
    assert credit.credit_bands(BANDS)[1].min_deposit == Decimal("0.2")
