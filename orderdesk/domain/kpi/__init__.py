"""KPIs: delivery (cycle time, OTIF, complaints, product delay, supplier on-time, ship-date risk),
money (customer profit Pareto, receivables, quotes), early-warning bands and the dashboard PNG.

Pure: takes the register's tables as frames, returns frames (and PNG bytes).
"""

from orderdesk.domain.kpi.bands import Band, BandError, Kpi, State, read_bands
from orderdesk.domain.kpi.base import KpiInputs, Window
from orderdesk.domain.kpi.report import KpiReport, kpi_report

__all__ = [
    "Band",
    "BandError",
    "Kpi",
    "KpiInputs",
    "KpiReport",
    "State",
    "Window",
    "kpi_report",
    "read_bands",
]
