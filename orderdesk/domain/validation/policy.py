"""The validation context from the register's Settings tables (pure: takes what was read)."""

from __future__ import annotations

import datetime as dt

from orderdesk.domain.credit import accepted_banks, credit_bands
from orderdesk.domain.validation.model import ValidationContext
from orderdesk.ports import TableData
from orderdesk.schema import UNITS


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
