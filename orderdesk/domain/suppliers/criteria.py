"""The scorecard's four criteria and the Scorecard columns that show them."""

from __future__ import annotations

from enum import StrEnum

from orderdesk.schema import Column, Scorecard


class Criterion(StrEnum):
    """The value is the name used in Settings (supplier scorecard → Criterion)."""

    ON_TIME = "on time"
    QUALITY = "quality"
    PRICE = "price"
    RESPONSIVENESS = "responsiveness"

    @property
    def column(self) -> Column:
        return CRITERION_COLUMNS[self]


CRITERION_COLUMNS: dict[Criterion, Column] = {
    Criterion.ON_TIME: Scorecard.on_time,
    Criterion.QUALITY: Scorecard.quality,
    Criterion.PRICE: Scorecard.price,
    Criterion.RESPONSIVENESS: Scorecard.responsiveness,
}
