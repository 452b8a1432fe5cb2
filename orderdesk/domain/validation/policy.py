"""The validation context from the register's Settings tables (pure: takes what was read)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from orderdesk.domain.validation.model import AcceptedBank, CreditBand, ValidationContext
from orderdesk.ports import TableData
from orderdesk.schema import UNITS, CreditBands, LCBanks


def credit_bands(data: TableData | None) -> tuple[CreditBand, ...]:
    """Bands with a readable minimum score and deposit (an unreadable cell is reported by
    CELL-UNREADABLE on the Settings sheet; the band is left out rather than guessed)."""
    if data is None or not data.found:
        return ()
    frame = data.frame
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


def accepted_banks(data: TableData | None) -> tuple[AcceptedBank, ...]:
    if data is None or not data.found:
        return ()
    frame = data.frame
    out = []
    for name, bic in zip(frame[LCBanks.bank], frame[LCBanks.bic], strict=True):
        if isinstance(name, str) or isinstance(bic, str):
            out.append(
                AcceptedBank(
                    name=name if isinstance(name, str) else str(bic),
                    bic=bic if isinstance(bic, str) else None,
                )
            )
    return tuple(out)


def context_from(
    today: dt.date,
    base_currency: str,
    bands: TableData | None = None,
    banks: TableData | None = None,
    units: tuple[str, ...] = UNITS,
) -> ValidationContext:
    return ValidationContext(
        today=today,
        base_currency=base_currency.upper(),
        credit_bands=credit_bands(bands),
        lc_banks=accepted_banks(banks),
        units=units,
    )
