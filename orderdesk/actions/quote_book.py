"""What the quote actions share: the register read once per run, and the approval log's records.

`Book` reads each table the quote actions need once and finds quote versions the way staff name
them. The approval log is recorded outside itself twice (the journal file beside the workbook
and the workbook's own bookkeeping copy); `refuse_unless_intact`, `keep_record` and
`record_head` look after both, so an entry is only ever appended to a log that verifies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from orderdesk.actions.context import RunContext
from orderdesk.adapters.approval_journal import META_KEY, ApprovalJournal
from orderdesk.domain import values as V
from orderdesk.domain.quotes import approval as A
from orderdesk.domain.quotes import chain, checks, pricing, versions
from orderdesk.domain.quotes.models import PricingPolicy, Quote
from orderdesk.domain.quotes.rules import Refused
from orderdesk.domain.values import Unreadable
from orderdesk.ports import Register, RegisterError, TableData
from orderdesk.schema import (
    ApprovalLog,
    Capacity,
    Column,
    CreditBands,
    Customers,
    LCBanks,
    OrderLines,
    Orders,
    Products,
    QuoteLines,
    Quotes,
    Setting,
    Table,
)
from orderdesk.settings import Policy


def pricing_policy(policy: Policy) -> PricingPolicy:
    return PricingPolicy(
        base_currency=policy.base_currency,
        fx_buffer=policy.decimal(Setting.FX_BUFFER),
        target_margin=policy.decimal(Setting.TARGET_MARGIN),
        margin_floor=policy.decimal(Setting.MARGIN_FLOOR),
        reprice_threshold=policy.decimal(Setting.REPRICE_THRESHOLD),
        insurance_rate=policy.decimal(Setting.INSURANCE_RATE),
    )


def cells(values: Mapping[Column, Any]) -> dict[Column, Any]:
    """Values as cells hold them (numpy and pandas scalars to Python, NaN/NaT to blank)."""
    return {c: V.python_cell(v) for c, v in values.items()}


def read_value(col: Column, raw: str) -> Any:
    """A typed value read as the register reads its cells."""
    series, bad = V.coerce([raw], col)
    if bad:
        raise Unreadable(bad[0][2])
    return V.python_cell(series.iloc[0])


def line_cells(
    lines: pd.DataFrame, build_up: pd.DataFrame
) -> dict[tuple[Any, ...], dict[Column, Any]]:
    """The build-up columns of each priced QuoteLines row, keyed as the register keys them."""
    built = build_up.loc[lines.index, [str(c) for c in pricing.BUILD_UP]]
    changes: dict[tuple[Any, ...], dict[Column, Any]] = {}
    for q, v, n, values in zip(
        lines[QuoteLines.quote_id],
        lines[QuoteLines.version],
        lines[QuoteLines.line_no],
        built.itertuples(index=False),
        strict=True,
    ):
        cells = zip(pricing.BUILD_UP, values, strict=True)
        changes[(q, int(v), int(n))] = {c: V.python_cell(x) for c, x in cells}
    return changes


@dataclass
class Book:
    """What the quote actions read from the register, each table once (through the run's
    context, which also holds the Settings read once)."""

    ctx: RunContext
    _digests: pd.Series | None = None

    @property
    def register(self) -> Register:
        return self.ctx.register

    def __getitem__(self, table: type[Table]) -> TableData:
        return self.ctx.tables(table)[table]

    def frame(self, table: type[Table]) -> pd.DataFrame:
        return self[table].frame

    def where(self, table: type[Table], row: int | None, column: Column) -> str:
        if row is None:
            return f"{table.sheet} ({table.title or table.__name__})"
        return str(self[table].ref(row, column))

    def quote_row(self, quote_id: str, version: int | None) -> tuple[int, pd.Series]:
        """The sheet row of a quote version (the newest when no version is given)."""
        rows = versions.versions_of(self.frame(Quotes), quote_id)
        if rows.empty:  # typed on the command line: "q-2026-0001 " is Q-2026-0001
            ids = self.frame(Quotes)[Quotes.quote_id].dropna().astype(str)
            same = ids[ids.str.upper() == quote_id.strip().upper()]
            if same.empty:
                raise Refused(f"{Quotes.sheet} has no quote {quote_id}")
            rows = versions.versions_of(self.frame(Quotes), str(same.iloc[0]))
        if version is None:
            rows = rows[rows[Quotes.version].notna()]
            if rows.empty:
                raise Refused(f"{quote_id} has no Version on the {Quotes.sheet} sheet")
            return int(rows.index[-1]), rows.iloc[-1]
        hit = rows[rows[Quotes.version] == version]
        if hit.empty:
            have = ", ".join(str(v) for v in rows[Quotes.version].dropna().astype(int))
            raise Refused(f"{quote_id} has no version {version} (versions: {have or 'none'})")
        return int(hit.index[0]), hit.iloc[0]

    def quote(self, quote_id: str, version: int | None) -> Quote:
        row, data = self.quote_row(quote_id, version)
        rec = {c.attr: V.python_cell(data[str(c)]) for c in Quotes.columns()}
        return Quote.from_record({**rec, "row": row})

    def lines(self, quote_id: str, version: int) -> pd.DataFrame:
        return versions.lines_of(self.frame(QuoteLines), quote_id, version)

    def policy(self) -> PricingPolicy:
        return pricing_policy(self.ctx.policy)

    def digests(self) -> pd.Series:
        if self._digests is None:
            self._digests = versions.quote_digests(self.frame(Quotes), self.frame(QuoteLines))
        return self._digests

    def state(self) -> pd.DataFrame:
        return A.approval_state(self.frame(ApprovalLog), self.digests())

    def problem_text(self, p: pricing.Problem) -> str:
        """A pricing problem with its cell, and the quote line it stopped."""
        where = self.where(p.table, p.row, p.column)
        value = "" if p.value is None else f" = {p.value!r}"
        line = ""
        if p.line_row is not None and p.table is not QuoteLines:
            rec = self.frame(QuoteLines).loc[p.line_row]
            line = f" (quote {rec[QuoteLines.quote_id]} v{rec[QuoteLines.version]} line {rec[QuoteLines.line_no]})"
        return f"{where}{value}: {p.text}{line}"

    def check_inputs(self, policy: PricingPolicy, day: dt.date) -> checks.CheckInputs:
        return checks.CheckInputs(
            customers=self.frame(Customers),
            orders=self.frame(Orders),
            order_lines=self.frame(OrderLines),
            products=self.frame(Products),
            credit_bands=self.frame(CreditBands),
            lc_banks=self.frame(LCBanks),
            capacity=self.frame(Capacity),
            policy=policy,
            today=day,
        )


def as_frame(table: type[Table], rows: Sequence[Mapping[Column, Any]]) -> pd.DataFrame:
    """Rows about to be written, as the reader will frame them (for digests and the state)."""
    frame = pd.DataFrame([{str(c): r.get(c) for c in table.columns()} for r in rows])
    for col in table.columns():
        if col.type.numeric and col.type.value != "int":
            frame[str(col)] = pd.to_numeric(frame[str(col)], errors="coerce")
    return frame


def as_frame_row(row: Mapping[Column, Any]) -> dict[str, Any]:
    return {str(c): v for c, v in row.items()}


# --- the approval log's records ----------------------------------------------------------------


def records(register: Register, j: ApprovalJournal) -> tuple[list[chain.ChainHead], str | None]:
    """What is recorded of the log outside it: the journal file and the workbook's own copy."""
    head, _, problem = j.read()
    found = [head] if head is not None else []
    kept = register.meta(META_KEY)
    if isinstance(kept, dict):
        try:
            found.append(chain.ChainHead.from_dict(kept))
        except (ValueError, TypeError) as exc:
            problem = f"the workbook's own record of the approval log cannot be read ({exc})"
    return found, problem


def refuse_unless_intact(
    register: Register, j: ApprovalJournal, log: pd.DataFrame, refusal: str
) -> None:
    """An entry is appended only to a log that verifies against its chain and its records:
    appending to a broken one would bury the break under a fresh, intact head."""
    found, problem = records(register, j)
    report = chain.verify_records(log, found)
    if report.ok and not problem:
        return
    register.check_unchanged()  # a save by someone else since the read is not a broken log
    if problem:
        raise Refused(f"{refusal}: {problem}; nothing was written. Run Verify approval log.")
    first = report.findings[0]
    more = f" (and {len(report.findings) - 1} more finding(s))" if len(report.findings) > 1 else ""
    raise Refused(
        f"{refusal}: the approval log does not verify, so nothing is added to it: "
        f"{first.message}{more}. Nothing was written; run Verify approval log "
        "(quote verify-log) and restore the log from a backup."
    )


def append_entry(
    register: Register,
    j: ApprovalJournal,
    log: pd.DataFrame,
    entry: Mapping[Column, Any],
    *,
    at: dt.datetime,
    refusal: str,
) -> tuple[dict[Column, Any], chain.ChainHead]:
    """Append one chained row to a log that verifies, and keep its record in the workbook
    (saved with the row). Returns the row and the record for the journal."""
    refuse_unless_intact(register, j, log, refusal)
    row = chain.next_entry(log, entry, at=at)
    register.append(ApprovalLog, [row])
    record = chain.record_of_frame(log).then([row])
    register.set_meta(META_KEY, record.as_dict())
    return row, record


def record_head(j: ApprovalJournal, record: chain.ChainHead) -> str:
    """Write the journal after the save; where it went, or why not."""
    try:
        return str(j.write(record))
    except OSError as exc:
        return f"not written ({exc}); verify-log cannot catch deleted newest rows until it is"
    except RegisterError as exc:
        return f"not written: {exc}"
