"""Credit policy, in one place: credit bands, the score a customer is banded by, accepted L/C banks.

Validate (DEPOSIT-BELOW-BAND, LC-BANK) and the quotes' level-3 approval check both ask these
questions; they must get the same answers, or a quote approved at level 3 becomes an order that
fails validation.

- A customer is banded by its credit score less a penalty for paying late: one point per day of
  average lateness beyond five days of grace, at most 40 points (the bank sync writes Avg Days
  Late). Payment behaviour so moves a habitual late payer into a band that asks more deposit.
- The band is the one with the highest Min Score the score reaches; a customer without a score
  gets the strictest band.
- An L/C bank is accepted when the typed text names an accepted bank (whole words, any case) or
  carries its BIC (first eight characters).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from orderdesk.ports import TableData
from orderdesk.schema import CreditBands, LCBanks

GRACE_DAYS = 5  # average days late that cost no points
MAX_PENALTY = 40  # points at most


@dataclass(frozen=True)
class CreditBand:
    """Customers scoring `min_score` or more (and less than the next band) pay at least
    `min_deposit` in advance."""

    band: str
    min_score: int
    min_deposit: Decimal


@dataclass(frozen=True)
class AcceptedBank:
    """A bank whose letters of credit the company accepts (by name, or by BIC)."""

    name: str
    bic: str | None = None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def effective_score(credit_score: object, avg_days_late: object = None) -> float | None:
    """The score a customer is banded by: its credit score less the late-payment penalty."""
    if _blank(credit_score):
        return None
    late = 0.0 if _blank(avg_days_late) else float(avg_days_late)  # type: ignore[arg-type]
    penalty = min(max(late - GRACE_DAYS, 0.0), MAX_PENALTY)
    return max(float(credit_score) - penalty, 0.0)  # type: ignore[arg-type]


def band_for(score: float | None, bands: Sequence[CreditBand]) -> CreditBand | None:
    """The band of a score; the strictest band when there is no score; None without bands."""
    if not bands:
        return None
    ordered = sorted(bands, key=lambda b: b.min_score)
    if score is None:
        return ordered[0]
    reached = [b for b in ordered if score >= b.min_score]
    return reached[-1] if reached else ordered[0]


def accepted_bank(text: object, banks: Sequence[AcceptedBank]) -> AcceptedBank | None:
    """The accepted bank a typed issuing-bank cell names, or None."""
    if _blank(text) or not str(text).strip():
        return None
    folded = " ".join(str(text).split()).casefold()
    tokens = {t.upper()[:8] for t in re.findall(r"[A-Za-z0-9]{8,11}", str(text))}
    for bank in banks:
        name = " ".join(bank.name.split()).casefold()
        if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded):
            return bank
        if bank.bic and bank.bic.strip().upper()[:8] in tokens:
            return bank
    return None


def credit_bands(data: TableData | pd.DataFrame | None) -> tuple[CreditBand, ...]:
    """The bands of the Settings sheet with a readable minimum score and deposit (an unreadable
    cell is reported where the sheet is validated; its band is left out, not guessed)."""
    frame = _frame(data)
    if frame is None:
        return ()
    ok = frame[CreditBands.min_score].notna() & frame[CreditBands.min_deposit].notna()
    return tuple(
        CreditBand(
            band=str(band) if isinstance(band, str) else f"{int(score)}+",
            min_score=int(score),
            min_deposit=Decimal(repr(float(deposit))),
        )
        for band, score, deposit in zip(
            frame.loc[ok, CreditBands.band],
            frame.loc[ok, CreditBands.min_score],
            frame.loc[ok, CreditBands.min_deposit],
            strict=True,
        )
    )


def accepted_banks(data: TableData | pd.DataFrame | None) -> tuple[AcceptedBank, ...]:
    frame = _frame(data)
    if frame is None:
        return ()
    out = []
    for name, bic in zip(frame[LCBanks.bank], frame[LCBanks.bic], strict=True):
        if isinstance(name, str) or isinstance(bic, str):
            label = name if isinstance(name, str) else str(bic)
            out.append(AcceptedBank(name=label, bic=bic if isinstance(bic, str) else None))
    return tuple(out)


def _frame(data: TableData | pd.DataFrame | None) -> pd.DataFrame | None:
    if data is None:
        return None
    if isinstance(data, TableData):
        return data.frame if data.found else None
    return data
