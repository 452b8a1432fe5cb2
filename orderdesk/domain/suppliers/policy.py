"""The scorecard's policy as the Settings sheet states it: criterion weights, formulas, standings.

A company changes a weight or picks another formula in Settings, without code. Whatever cannot be
used is refused with the cells named: weights that do not add up to 100, an unknown criterion or
formula, a standing without a minimum score.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import pandas as pd

from orderdesk.domain.suppliers.criteria import Criterion
from orderdesk.domain.suppliers.formulas import FORMULAS
from orderdesk.errors import OrderDeskError
from orderdesk.ports import CellRef, TableData
from orderdesk.schema import ScoreWeights, Standings


class ScorePolicyError(OrderDeskError, ValueError):
    """The scorecard settings cannot be used; the message names the Settings cells."""


class Action(StrEnum):
    NONE = "none"
    WARN = "warn"
    BLOCK = "block"


@dataclass(frozen=True)
class Standing:
    name: str
    min_score: float
    action: Action


@dataclass(frozen=True)
class Weight:
    criterion: Criterion
    weight: float
    formula: str
    ref: CellRef | None = None


@dataclass(frozen=True)
class ScorePolicy:
    weights: tuple[Weight, ...]
    standings: tuple[Standing, ...]  # best first (highest minimum score first)
    recent_periods: int = 12  # the current score weights the last N periods, newest N, oldest 1
    trend_points: float = 5.0  # a change of at least this many points shows an arrow up or down

    def weight(self, criterion: Criterion) -> float:
        return sum(w.weight for w in self.weights if w.criterion is criterion)

    def formula(self, criterion: Criterion) -> str:
        for w in self.weights:
            if w.criterion is criterion:
                return w.formula
        return next(iter(FORMULAS[criterion]))

    def standing_of(self, score: float) -> Standing | None:
        if score != score:  # NaN: not scored
            return None
        for s in self.standings:
            if score >= s.min_score:
                return s
        return self.standings[-1]

    def standings_for(self, scores: pd.Series) -> tuple[pd.Series, pd.Series]:
        """Standing name and action for each score (blank where there is no score)."""
        names = pd.Series(pd.NA, index=scores.index, dtype="str")
        actions = pd.Series(pd.NA, index=scores.index, dtype="str")
        left = scores.notna()
        for s in self.standings:
            hit = left & (scores >= s.min_score)
            names[hit], actions[hit] = s.name, s.action.value
            left &= ~hit
        lowest = self.standings[-1]
        names[left], actions[left] = lowest.name, lowest.action.value  # below every minimum
        return names, actions

    def describe_standings(self) -> str:
        """'Excellent ≥ 80, Average 50–80, Poor 30–50 (warn), Very Poor < 30 (block)'."""
        parts = []
        bands = self.standings
        for i, s in enumerate(bands):
            if i == 0:
                span = f"≥ {s.min_score:g}"
            elif i == len(bands) - 1:
                span = f"< {bands[i - 1].min_score:g}"
            else:
                span = f"{s.min_score:g}–{bands[i - 1].min_score:g}"
            act = f" ({s.action})" if s.action is not Action.NONE else ""
            parts.append(f"{s.name} {span}{act}")
        return ", ".join(parts)

    def describe(self) -> str:
        used = [w for w in self.weights if w.weight > 0]
        return ", ".join(f"{w.criterion} {w.weight:g} ({w.formula})" for w in used)


def _norm(text: object) -> str:
    return " ".join(str(text or "").lower().replace("-", " ").replace("_", " ").split())


def _issues_in(data: TableData, column: str) -> dict[int, str]:
    return {i.ref.row: i.problem for i in data.issues if i.ref.column == column}


def _rows(data: TableData, *columns: str) -> Iterator[tuple[Any, ...]]:
    """(sheet row, value of each column) for every row of a Settings table."""
    frame = data.frame
    yield from zip(frame.index, *(frame[c] for c in columns), strict=True)


def read_weights(data: TableData) -> tuple[Weight, ...]:
    """ScoreWeights rows → weights; refuses unknown names and weights that do not add up to 100."""
    bad_weight = _issues_in(data, ScoreWeights.weight)
    weights: list[Weight] = []
    seen: dict[Criterion, CellRef] = {}
    cols = (ScoreWeights.criterion, ScoreWeights.weight, ScoreWeights.formula)
    for row, name, weight, formula in _rows(data, *cols):
        where = data.ref(row, ScoreWeights.criterion)
        try:
            criterion = Criterion(_norm(name))
        except ValueError:
            known = ", ".join(c.value for c in Criterion)
            raise ScorePolicyError(
                f"{where}: '{name}' is not a scorecard criterion (known: {known})"
            ) from None
        if criterion in seen:
            raise ScorePolicyError(f"{where}: '{name}' is listed twice (also at {seen[criterion]})")
        seen[criterion] = where
        wref = data.ref(row, ScoreWeights.weight)
        if row in bad_weight:
            raise ScorePolicyError(f"{wref}: {bad_weight[row]}")
        if weight != weight:
            raise ScorePolicyError(f"{wref}: the weight of '{criterion}' is empty")
        if weight < 0:
            raise ScorePolicyError(f"{wref}: a weight cannot be negative ({weight:g})")
        names = tuple(FORMULAS[criterion])
        chosen = _norm(formula) or names[0]  # the first is the default for a blank cell
        if chosen not in names:
            known = ", ".join(names)
            raise ScorePolicyError(
                f"{data.ref(row, ScoreWeights.formula)}: '{formula}' is not a formula for "
                f"'{criterion}' (known: {known})"
            )
        weights.append(Weight(criterion, float(weight), chosen, wref))
    total = sum(w.weight for w in weights)
    if not math.isclose(total, 100, abs_tol=1e-6):
        cells = "; ".join(f"{w.ref} {w.criterion} = {w.weight:g}" for w in weights)
        raise ScorePolicyError(
            f"Settings, supplier scorecard: the weights add up to {total:g}, not 100 "
            f"({cells or 'no weights at all'}). Change them in Settings so they add up to 100."
        )
    return tuple(weights)


def read_standings(data: TableData) -> tuple[Standing, ...]:
    bad = _issues_in(data, Standings.min_score)
    out: list[Standing] = []
    cols = (Standings.standing, Standings.min_score, Standings.action)
    for row, name, minimum, action in _rows(data, *cols):
        mref = data.ref(row, Standings.min_score)
        if row in bad:
            raise ScorePolicyError(f"{mref}: {bad[row]}")
        if minimum != minimum:
            raise ScorePolicyError(f"{mref}: the standing '{name}' has no minimum score")
        try:
            act = Action(_norm(action) or Action.NONE.value)
        except ValueError:
            raise ScorePolicyError(
                f"{data.ref(row, Standings.action)}: '{action}' is not an action "
                "(none, warn or block)"
            ) from None
        out.append(Standing(str(name), float(minimum), act))
    if not out:
        raise ScorePolicyError(
            "Settings: the supplier standings table is empty; add at least one standing "
            "(e.g. Excellent 80, Average 50, Poor 30 warn, Very Poor 0 block)"
        )
    return tuple(sorted(out, key=lambda s: -s.min_score))


def read_policy(weights: TableData, standings: TableData) -> ScorePolicy:
    return ScorePolicy(read_weights(weights), read_standings(standings))
