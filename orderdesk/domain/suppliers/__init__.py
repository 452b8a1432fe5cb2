"""Suppliers: the scorecard (on time, quality, price, responsiveness), standings, delay alerts.

Pure: takes the register's tables as frames and the Settings tables, returns frames.
"""

from orderdesk.domain.suppliers.alerts import DAYS_LATE, DAYS_TO_SHIP, delay_alerts
from orderdesk.domain.suppliers.criteria import Criterion
from orderdesk.domain.suppliers.facts import ScoreInputs, line_status, lines_in_play
from orderdesk.domain.suppliers.periods import PERIOD_KINDS, PeriodKind, check_kind
from orderdesk.domain.suppliers.policy import (
    Action,
    ScorePolicy,
    ScorePolicyError,
    Standing,
    Weight,
    read_policy,
)
from orderdesk.domain.suppliers.scorecard import PERIODS_SCORED, ScorecardResult, score_suppliers
from orderdesk.domain.suppliers.standing import blocked_purchase_lines, current_standings

__all__ = [
    "DAYS_LATE",
    "DAYS_TO_SHIP",
    "PERIODS_SCORED",
    "PERIOD_KINDS",
    "Action",
    "Criterion",
    "PeriodKind",
    "ScoreInputs",
    "ScorePolicy",
    "ScorePolicyError",
    "ScorecardResult",
    "Standing",
    "Weight",
    "blocked_purchase_lines",
    "check_kind",
    "current_standings",
    "delay_alerts",
    "line_status",
    "lines_in_play",
    "read_policy",
    "score_suppliers",
]
