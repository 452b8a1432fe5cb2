"""The supplier scorecard: each criterion 0–100 per supplier and period, an overall score, a
current score that weights recent periods more, standings and trend arrows.

- A criterion without data in a period has no score there (blank, never 0 or 100); the Note
  column says which and why.
- The overall score of a period is the weighted mean of the criteria that have data, the weights
  from Settings (they add up to 100), re-scaled over the criteria present.
- The current score of a supplier weights the last 12 periods (the current one included) linearly:
  the current period 12, the one before 11 … the oldest 1. Each criterion is averaged that way
  over the periods where it has data, then combined with the weights as above. Periods older than
  that do not count.
- Standings come from Settings (Excellent ≥ 80, Average ≥ 50, Poor ≥ 30 warn, Very Poor block).
- The trend arrow compares a period's overall score with the supplier's previous scored period:
  ↑ up by 5 points or more, ↓ down by 5 or more, → otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from orderdesk.domain.suppliers import facts as F
from orderdesk.domain.suppliers.criteria import Criterion
from orderdesk.domain.suppliers.formulas import FORMULAS, NO_DATA
from orderdesk.domain.suppliers.periods import PeriodKind, labels, period_label, period_of
from orderdesk.domain.suppliers.policy import ScorePolicy
from orderdesk.schema import Scorecard, Standings, Suppliers

UP, DOWN, LEVEL = "↑", "↓", "→"
PERIODS_SCORED = "Periods Scored"  # header of the current-standing block


@dataclass
class ScorecardResult:
    """Everything the Scorecard sheet shows."""

    table: pd.DataFrame  # the Scorecard table: supplier × period, schema Scorecard columns
    current: pd.DataFrame  # one row per supplier: current criteria, Score, Standing, Action …
    kind: PeriodKind
    policy: ScorePolicy
    first_period: str | None
    last_period: str

    def standing_of(self, supplier: str) -> str | None:
        hit = self.current.loc[self.current[Suppliers.supplier_id] == supplier, Suppliers.standing]
        return None if hit.empty or pd.isna(hit.iloc[0]) else str(hit.iloc[0])

    def chart_frame(self, limit: int = 8) -> tuple[pd.DataFrame, list[str]]:
        """Period rows × supplier columns of overall scores, for a line chart: the `limit`
        suppliers with the most periods scored in the last 12 (all of them when fewer)."""
        t = self.table
        if t.empty:
            return pd.DataFrame({str(Scorecard.period): []}), []
        ranked = self.current.sort_values(
            [PERIODS_SCORED, Suppliers.supplier_id], ascending=[False, True]
        )
        ranked = ranked[ranked[PERIODS_SCORED] > 0]
        chosen = ranked[Suppliers.supplier_id].head(limit).tolist()
        part = t[t[Scorecard.supplier].isin(chosen)]
        wide = part.pivot(
            index=Scorecard.period, columns=Scorecard.supplier, values=Scorecard.overall
        )
        wide = wide.reindex(columns=chosen).sort_index()
        wide.columns = [str(c) for c in wide.columns]
        return wide.reset_index().rename(columns={Scorecard.period: str(Scorecard.period)}), chosen


def _criterion_scores(facts: pd.DataFrame, policy: ScorePolicy) -> pd.DataFrame:
    out = {}
    for c in Criterion:
        out[c.column] = FORMULAS[c][policy.formula(c)](facts).astype("float64")
    return pd.DataFrame(out, index=facts.index)


def _combine(scores: pd.DataFrame, policy: ScorePolicy) -> pd.Series:
    """Weighted mean over the criteria with data (weights re-scaled over those present)."""
    w = np.array([policy.weight(c) for c in Criterion], dtype="float64")
    values = scores[[c.column for c in Criterion]].to_numpy()
    present = ~np.isnan(values) & (w > 0)
    total = (np.where(present, values, 0.0) * w).sum(axis=1)
    weight = (present * w).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.Series(np.where(weight > 0, total / weight, np.nan), index=scores.index)


def _notes(scores: pd.DataFrame, policy: ScorePolicy) -> np.ndarray:
    """The Note for each row, from which weighted criteria lack data (one text per pattern)."""
    used = [c for c in Criterion if policy.weight(c) > 0]
    if not used:
        return np.full(len(scores), "", dtype=object)
    missing = np.zeros(len(scores), dtype="int64")
    for bit, c in enumerate(used):
        missing |= scores[c.column].isna().to_numpy().astype("int64") << bit
    texts = {}
    for pattern in np.unique(missing):
        gone = [c for bit, c in enumerate(used) if pattern >> bit & 1]
        kept = [c for c in used if c not in gone]
        if not gone:
            texts[pattern] = ""
        elif not kept:
            texts[pattern] = "not scored: no deliveries, complaints or requests"
        else:
            why = ", ".join(f"{c} ({NO_DATA[c]})" for c in gone)
            texts[pattern] = f"no score for {why}; overall over {', '.join(kept)}"
    return np.array([texts[m] for m in missing.tolist()], dtype=object)


def _full_grid(facts: pd.DataFrame, upto: int) -> pd.MultiIndex:
    """Every period of every supplier, from its first period with data to the current one, so a
    period without data shows as a row with blank scores rather than vanishing."""
    if facts.empty:
        return pd.MultiIndex.from_arrays([[], []], names=[F.SUPPLIER, F.CODE])
    first = facts.reset_index().groupby(F.SUPPLIER, sort=True)[F.CODE].min().astype("int64")
    first = first.clip(upper=upto)
    counts = (upto - first + 1).to_numpy()
    suppliers = np.repeat(first.index.to_numpy(dtype=object), counts)
    starts = np.repeat(first.to_numpy(), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return pd.MultiIndex.from_arrays(
        [suppliers, (starts + offsets).astype("float64")], names=[F.SUPPLIER, F.CODE]
    )


def _trend(overall: pd.Series, supplier: pd.Series, points: float) -> np.ndarray:
    prev = overall.groupby(supplier.to_numpy(), sort=False).shift(1)
    prev = prev.groupby(supplier.to_numpy(), sort=False).ffill()
    diff = (overall - prev).to_numpy()
    arrows = np.where(diff >= points, UP, np.where(diff <= -points, DOWN, LEVEL)).astype(object)
    arrows[np.isnan(diff)] = ""
    return arrows


def score_suppliers(
    inputs: F.ScoreInputs,
    policy: ScorePolicy,
    today: dt.date,
    kind: PeriodKind = "month",
) -> ScorecardResult:
    upto = period_of(today, kind)
    facts = F.supplier_facts(inputs, kind, today)
    facts = facts.reindex(_full_grid(facts, upto), fill_value=0.0)
    scores = _criterion_scores(facts, policy)
    overall = _combine(scores, policy)
    standing, _ = policy.standings_for(overall)
    supplier = pd.Series(facts.index.get_level_values(F.SUPPLIER), index=facts.index)
    codes = facts.index.get_level_values(F.CODE).to_numpy()
    table = pd.DataFrame(
        {
            str(Scorecard.supplier): supplier.to_numpy(dtype=object),
            str(Scorecard.period): labels(codes, kind) if len(codes) else [],
            **{str(c.column): scores[c.column].to_numpy() for c in Criterion},
            str(Scorecard.overall): overall.to_numpy(),
            str(Scorecard.standing): standing.to_numpy(dtype=object),
            str(Scorecard.trend): _trend(overall, supplier, policy.trend_points),
            str(Scorecard.note): _notes(scores, policy),
        }
    )
    current = _current(inputs, scores, overall, table, policy, upto)
    first = table[Scorecard.period].min() if len(table) else None
    return ScorecardResult(table, current, kind, policy, first, period_label(upto, kind))


def _current(
    inputs: F.ScoreInputs,
    scores: pd.DataFrame,
    overall: pd.Series,
    table: pd.DataFrame,
    policy: ScorePolicy,
    upto: int,
) -> pd.DataFrame:
    """Each supplier's current score: the recency-weighted criteria, combined with the weights."""
    n = policy.recent_periods
    codes = scores.index.get_level_values(F.CODE).to_numpy()
    age = upto - codes
    w = np.where((age >= 0) & (age < n), n - age, 0.0)
    supplier = scores.index.get_level_values(F.SUPPLIER).to_numpy(dtype=object)
    cur = {}
    for c in Criterion:
        s = scores[c.column].to_numpy()
        has = ~np.isnan(s) & (w > 0)
        num = pd.Series(np.where(has, s * w, 0.0)).groupby(supplier, sort=True).sum()
        den = pd.Series(np.where(has, w, 0.0)).groupby(supplier, sort=True).sum()
        cur[c.column] = num / den.where(den > 0)
    current = pd.DataFrame(cur)
    current.index.name = Suppliers.supplier_id
    scored = pd.Series((w > 0) & overall.notna().to_numpy()).groupby(supplier, sort=True).sum()
    trend = pd.Series(np.asarray(table[Scorecard.trend], dtype=object))
    latest = trend.where(overall.notna().to_numpy()).groupby(supplier, sort=True).last()

    # Every supplier of the Suppliers sheet gets a row, scored or not; then any supplier that has
    # purchase lines but no row there (so the Scorecard and Validate can name it).
    listed = inputs.suppliers[Suppliers.supplier_id].dropna().astype("object").drop_duplicates()
    everyone = list(dict.fromkeys([*listed.tolist(), *sorted(current.index.tolist())]))
    current = current.reindex(everyone)
    names = inputs.suppliers.drop_duplicates(Suppliers.supplier_id).set_index(
        Suppliers.supplier_id
    )[Suppliers.name]
    score = _combine(current, policy)
    standing, action = policy.standings_for(score)
    out = pd.DataFrame(
        {
            str(Suppliers.supplier_id): everyone,
            str(Suppliers.name): names.reindex(everyone).to_numpy(dtype=object),
            **{str(c.column): current[c.column].to_numpy() for c in Criterion},
            str(Suppliers.score): score.to_numpy(),
            str(Suppliers.standing): standing.to_numpy(dtype=object),
            str(Scorecard.trend): latest.reindex(everyone).fillna("").to_numpy(dtype=object),
        }
    )
    known = set(listed.tolist())
    note = np.where(
        out[Suppliers.score].isna(),
        f"not scored: no data in the last {n} periods",
        "",
    ).astype(object)
    unknown = ~out[Suppliers.supplier_id].isin(known).to_numpy()
    note[unknown] = [
        (f"{t}; " if t else "") + "not in the Suppliers sheet" for t in note[unknown].tolist()
    ]
    # Trend and Note sit in the same sheet columns as in the Scorecard table below.
    out[str(Scorecard.note)] = note
    out[str(Standings.action)] = action.to_numpy(dtype=object)
    out[PERIODS_SCORED] = scored.reindex(everyone).fillna(0).astype("int64").to_numpy()
    return out
