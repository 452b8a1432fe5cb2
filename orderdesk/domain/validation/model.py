"""What validation produces (findings) and what it needs besides the tables (the policy context)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from orderdesk.domain.aftersales.sla import Calendar
from orderdesk.domain.credit import AcceptedBank, CreditBand, band_for
from orderdesk.ports import CellRef
from orderdesk.schema import UNITS, Setting


class Severity(StrEnum):
    """An error stops the order from moving on; a warning asks a person to look."""

    ERROR = "error"
    WARNING = "warning"


class Finding(BaseModel):
    """One problem in one cell: which rule, how bad, which order, where, what value, and why.

    `message` is a sentence for a person; it names sheet, row, column and value itself, so it can
    be read on its own (in a terminal, in the Issues sheet, in a tooltip).
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    rule: str
    severity: Severity
    order_id: str | None
    cell: CellRef
    value: str  # the cell's value as a person reads it ("" when empty)
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "order_id": self.order_id,
            "sheet": self.cell.sheet,
            "row": self.cell.row,
            "column": self.cell.column,
            "cell": self.cell.address,
            "value": self.value,
            "message": self.message,
        }


class ValidationContext(BaseModel):
    """The policy the rules apply, read from the Settings sheet (or given by a caller such as a
    worksheet function). Rules that need a part that is empty here are skipped."""

    model_config = ConfigDict(frozen=True)

    today: dt.date
    base_currency: str = str(Setting.BASE_CURRENCY.default)
    credit_bands: tuple[CreditBand, ...] = ()
    lc_banks: tuple[AcceptedBank, ...] = ()
    units: tuple[str, ...] = UNITS
    # after-sales (issue 21): the complaint SLA clock; COMPLAINT-SLA-BREACH is skipped without it
    calendar: Calendar | None = None
    complaint_limits: dict[str, tuple[float, float]] = {}
    now: dt.datetime | None = None

    def band_for(self, score: float | None) -> CreditBand | None:
        """The band of a score (see `orderdesk.domain.credit.band_for`)."""
        return band_for(score, self.credit_bands)
