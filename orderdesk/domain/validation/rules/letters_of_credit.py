"""Letters of credit (LCs sheet): the MT700 fields the documents print must be of the form SWIFT
gives them and agree with each other, or the invoice a bank checks against them is wrong too.

- LC-NUMBER: field 20 is at most 16 characters of the SWIFT character set, neither starting nor
  ending with "/" and without "//" (SWIFT's rule for references).
- LC-DATES: the credit expires (31D) on or after its issue (31C), and the latest shipment date
  (44C) is no later than the expiry: a shipment after expiry can never be presented.
- LC-AMOUNT: the credit amount (32B) is above zero, a tolerance (39A) between 0 and 100 %.
- LC-OPTION: partial shipments (43P) and transhipment (43T) read ALLOWED, NOT ALLOWED or
  CONDITIONAL; confirmation (49) CONFIRM, MAY ADD or WITHOUT; presentation days (48) above 0.
The currency (CURRENCY-UNKNOWN), the banks' BICs (BIC-CHECK) and the order (ORDER-UNKNOWN) are
checked with the same rules as elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from orderdesk.domain.lc.fields import reference_ok as _reference_ok
from orderdesk.domain.validation.registry import ERROR, Hits, hits, rule, show
from orderdesk.domain.validation.view import Tables
from orderdesk.schema import LC_CONFIRMATION, LC_SHIPMENT_OPTIONS, LCs


@rule("LC-NUMBER", ERROR, LCs, title="L/C number not of SWIFT field 20 form")
def lc_number(t: Tables) -> Iterator[Hits]:
    bad = t.matches(LCs, LCs.lc_no, lambda v: not _reference_ok(v))
    yield hits(
        LCs,
        LCs.lc_no,
        bad,
        "not an L/C number as SWIFT field 20 carries it (at most 16 letters, digits and / - ? : "
        "( ) . , ' + or spaces; no '/' at either end, no '//')",
    )


@rule("LC-DATES", ERROR, LCs, title="L/C expiry before issue, or latest shipment after expiry")
def lc_dates(t: Tables) -> Iterator[Hits]:
    f = t[LCs].frame
    issued, expiry, latest = f[LCs.issue_date], f[LCs.expiry_date], f[LCs.latest_shipment]
    early = expiry.notna() & issued.notna() & (expiry < issued)
    yield hits(
        LCs,
        LCs.expiry_date,
        early,
        lambda rows: [
            f"the credit expires before it was issued ({show(LCs.issue_date, issued.loc[r])})"
            for r in rows
        ],
    )
    late = latest.notna() & expiry.notna() & (latest > expiry)
    yield hits(
        LCs,
        LCs.latest_shipment,
        late,
        lambda rows: [
            "the latest shipment date is after the credit expires "
            f"({show(LCs.expiry_date, expiry.loc[r])}): documents could never be presented"
            for r in rows
        ],
    )


@rule("LC-AMOUNT", ERROR, LCs, title="L/C amount not above zero, or tolerance outside 0–100 %")
def lc_amount(t: Tables) -> Iterator[Hits]:
    f = t[LCs].frame
    amount = f[LCs.amount]
    yield hits(LCs, LCs.amount, amount.notna() & (amount <= 0), "the credit amount must be above 0")
    for col in (LCs.tolerance_plus, LCs.tolerance_minus):
        v = f[col]
        yield hits(
            LCs, col, v.notna() & ((v < 0) | (v > 1)), "a tolerance is from 0% to 100% (39A)"
        )


def _option(t: Tables, column: str, allowed: tuple[str, ...]) -> pd.Series:
    norm = " ".join
    return t.matches(
        LCs,
        LCs.by_header(column),
        lambda v: norm(str(v).upper().split()) not in allowed,
    )


@rule("LC-OPTION", ERROR, LCs, title="L/C field 43P, 43T, 48 or 49 not one of its values")
def lc_option(t: Tables) -> Iterator[Hits]:
    for col in (LCs.partial_shipments, LCs.transhipment):
        yield hits(
            LCs,
            col,
            _option(t, col, LC_SHIPMENT_OPTIONS),
            "not one of " + ", ".join(LC_SHIPMENT_OPTIONS),
        )
    yield hits(
        LCs,
        LCs.confirmation,
        _option(t, LCs.confirmation, LC_CONFIRMATION),
        "not one of " + ", ".join(LC_CONFIRMATION),
    )
    days = t[LCs].frame[LCs.presentation_days]
    yield hits(
        LCs,
        LCs.presentation_days,
        days.notna() & (days <= 0),
        "the days for presenting documents must be above 0 (48)",
    )
