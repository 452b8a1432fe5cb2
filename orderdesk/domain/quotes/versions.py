"""Quote versions: a quote that has been sent is never edited in place.

A revision copies the current version's terms and lines into version n + 1 (dated today, status
draft, its cost build-up to be priced again), applies the changes asked for, and marks every
earlier version superseded. `diff` says what changed between two versions, and `quote_digest`
fingerprints a version's commercial content, so an approval can tell whether the version it
approved was changed afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from orderdesk.errors import OrderDeskError
from orderdesk.schema import ColType, Column, QuoteLines, Quotes, QuoteStatus

# What the customer is offered: the terms of a version and, per line, what and at which price.
TERMS: tuple[Column, ...] = (
    Quotes.customer,
    Quotes.quote_date,
    Quotes.valid_until,
    Quotes.currency,
    Quotes.incoterm,
    Quotes.named_place,
    Quotes.transport_mode,
    Quotes.payment_terms,
    Quotes.lc_bank,
    Quotes.lead_time_days,
)
LINE_TERMS: tuple[Column, ...] = (
    QuoteLines.sku,
    QuoteLines.qty,
    QuoteLines.unit,
    QuoteLines.unit_price,
    QuoteLines.suggested_price,
)
# Also shown by diff: what pricing concluded.
PRICING: tuple[Column, ...] = (Quotes.total, Quotes.margin_pct)
LINE_PRICING: tuple[Column, ...] = (
    QuoteLines.target_margin,
    QuoteLines.unit_cost,
    QuoteLines.margin_pct,
)
# Columns a revision may change (the user's own columns of a version, keys excluded).
REVISABLE: tuple[Column, ...] = tuple(
    c
    for c in Quotes.columns()
    if not c.owned and not c.key and c not in (Quotes.order_id, Quotes.decision_note)
)
LINE_REVISABLE: tuple[Column, ...] = tuple(
    c for c in QuoteLines.columns() if not c.owned and not c.key
)
# Statuses after which a version must not change in place.
FROZEN: frozenset[str] = frozenset(
    {QuoteStatus.SENT, QuoteStatus.SUPERSEDED, QuoteStatus.WON, QuoteStatus.LOST}
)


class VersionError(OrderDeskError, ValueError):
    """A revision or diff that cannot be made; the message says why."""


def _blank(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def canonical(value: Any) -> str:
    """A cell value as plain text that survives a save and read: dates ISO, numbers normalised."""
    if _blank(value):
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal) or hasattr(value, "item"):
        number = Decimal(repr(round(float(value), 6))).normalize()
        return format(number, "f")
    return " ".join(str(value).split())


def versions_of(quotes: pd.DataFrame, quote_id: str) -> pd.DataFrame:
    rows = quotes[quotes[Quotes.quote_id] == quote_id]
    return rows.sort_values(str(Quotes.version), na_position="first")


def current_versions(quotes: pd.DataFrame) -> pd.DataFrame:
    """The newest version of every quote (the highest Version), one row each."""
    q = quotes.dropna(subset=[str(Quotes.quote_id), str(Quotes.version)])
    if q.empty:
        return q
    newest = q.groupby(str(Quotes.quote_id))[str(Quotes.version)].transform("max")
    return q[q[Quotes.version] == newest].drop_duplicates(
        [str(Quotes.quote_id), str(Quotes.version)]
    )


def lines_of(lines: pd.DataFrame, quote_id: str, version: int) -> pd.DataFrame:
    hit = lines[(lines[QuoteLines.quote_id] == quote_id) & (lines[QuoteLines.version] == version)]
    return hit.sort_values(str(QuoteLines.line_no))


def quote_digest(quote: Mapping[str, Any] | pd.Series, lines: pd.DataFrame) -> str:
    """16 hex digits of SHA-256 over the version's terms and its lines (in line order)."""
    body = {
        "terms": [canonical(quote.get(str(c))) for c in TERMS],
        "lines": [
            [canonical(v) for v in rec]
            for rec in lines.sort_values(str(QuoteLines.line_no), kind="stable")[
                [str(QuoteLines.line_no), *(str(c) for c in LINE_TERMS)]
            ].itertuples(index=False, name=None)
        ],
    }
    return _digest(body)


def quote_digests(quotes: pd.DataFrame, lines: pd.DataFrame) -> pd.Series:
    """The digest of every quote version in Quotes, indexed by (quote id, version); the same
    text as `quote_digest` hashes, laid out column by column: each distinct value written as
    JSON once, each line's array joined once, the lines put under their version with one sort,
    and every version's text hashed."""
    key = [str(Quotes.quote_id), str(Quotes.version)]
    q = quotes.dropna(subset=key).drop_duplicates(key)
    ids = q[key[0]].astype(str).to_numpy(dtype=object)
    versions = q[key[1]].astype(int).to_numpy(dtype=np.int64)
    index = pd.MultiIndex.from_arrays([ids, versions], names=["quote_id", "version"])
    if q.empty:
        return pd.Series([], index=index, dtype="str")
    terms = _json_rows(q, [str(c) for c in TERMS])
    lkey = [str(QuoteLines.quote_id), str(QuoteLines.version)]
    known = lines.dropna(subset=lkey).sort_values(str(QuoteLines.line_no), kind="stable")
    texts = _json_rows(known, [str(QuoteLines.line_no), *(str(c) for c in LINE_TERMS)])
    # Each line's version among the distinct versions of Quotes (-1: none), and the lines
    # grouped by it, keeping their line order within a version (a stable sort).
    distinct = index.unique()
    at = distinct.get_indexer(
        pd.MultiIndex.from_arrays(
            [
                known[lkey[0]].astype(str).to_numpy(dtype=object),
                known[lkey[1]].astype(int).to_numpy(dtype=np.int64),
            ]
        )
    )
    order = np.argsort(at, kind="stable")
    order = order[at[order] >= 0]
    grouped = np.asarray(texts, dtype=object)[order].tolist()
    ends = np.cumsum(np.bincount(at[order], minlength=len(distinct)))
    starts = ends - np.bincount(at[order], minlength=len(distinct))
    mine = distinct.get_indexer(index)  # a version Quotes repeats takes the same lines
    sha = hashlib.sha256
    digests = [
        sha(f'{{"terms":{t},"lines":[{",".join(grouped[a:b])}]}}'.encode()).hexdigest()[:16]
        for t, a, b in zip(terms, starts[mine].tolist(), ends[mine].tolist(), strict=True)
    ]
    return pd.Series(digests, index=index, dtype="str")


def _json_rows(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    """Each row's canonical values as a compact JSON array, as `json.dumps` writes a list of
    them: every distinct value of a column written once."""
    fields = [_json_column(frame[c]) for c in columns]
    layout = "[" + ",".join(["%s"] * len(columns)) + "]"
    return [layout % row for row in zip(*fields, strict=True)]


def _json_column(values: pd.Series) -> list[str]:
    """`canonical` of each value of a column as a JSON string ('""' where blank), each
    distinct value written once."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if values.dtype.kind == "f":
        shown = [f'"{_number(v)}"' for v in np.asarray(uniques, dtype=float).tolist()]
    else:
        shown = [json.dumps(canonical(v), ensure_ascii=False) for v in uniques]
    return np.asarray([*shown, '""'], dtype=object)[codes].tolist()


def _number(x: float) -> str:
    """`canonical` of a float: a float whose shortest decimal form has at most six places is
    what rounding to six places leaves, so the form itself is trimmed; others go the long way."""
    text = repr(x)
    _, dot, places = text.partition(".")
    if dot and len(places) <= 6 and places.isdigit():
        return text.rstrip("0").rstrip(".")
    return canonical(x)


def _digest(body: Mapping[str, Any]) -> str:
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Revision:
    """What changes in the new version: terms, line fields by line number, new and dropped lines."""

    terms: dict[Column, Any] = field(default_factory=dict)
    lines: dict[int, dict[Column, Any]] = field(default_factory=dict)
    add: list[dict[Column, Any]] = field(default_factory=list)
    drop: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.terms or self.lines or self.add or self.drop)


def revise(
    quote: Mapping[str, Any] | pd.Series,
    lines: pd.DataFrame,
    change: Revision,
    today: dt.date,
    *,
    next_version: int,
) -> tuple[dict[Column, Any], list[dict[Column, Any]]]:
    """Version `next_version` of a quote from `quote` (a Quotes row) and its QuoteLines rows.

    The new version is dated today (its FX fixing and validity start again), keeps the terms
    and lines, and takes the changes; pricing, approvals and the order link start empty.
    """
    bad = [str(c) for c in change.terms if c not in REVISABLE]
    if bad:
        raise VersionError(f"a revision cannot set {', '.join(bad)} on Quotes")
    bad = [
        str(c)
        for ch in [*change.lines.values(), *change.add]
        for c in ch
        if c not in LINE_REVISABLE
    ]
    if bad:
        raise VersionError(f"a revision cannot set {', '.join(sorted(set(bad)))} on QuoteLines")
    quote_id = str(quote[str(Quotes.quote_id)])
    new: dict[Column, Any] = {c: _plain(quote.get(str(c))) for c in REVISABLE}
    new[Quotes.quote_id] = quote_id
    new[Quotes.version] = next_version
    old_date, valid = (
        _date(quote.get(str(Quotes.quote_date))),
        _date(quote.get(str(Quotes.valid_until))),
    )
    new[Quotes.quote_date] = today
    new[Quotes.valid_until] = today + (valid - old_date) if old_date and valid else None
    new[Quotes.status] = QuoteStatus.DRAFT.value
    new.update(change.terms)

    numbers = {int(n) for n in lines[QuoteLines.line_no].dropna()}
    unknown = sorted((set(change.lines) | change.drop) - numbers)
    if unknown:
        raise VersionError(
            f"{quote_id} version {next_version - 1} has no line {', '.join(map(str, unknown))}"
        )
    out: list[dict[Column, Any]] = []
    for _, line in lines.sort_values(str(QuoteLines.line_no)).iterrows():
        n = int(line[QuoteLines.line_no])
        if n in change.drop:
            continue
        row: dict[Column, Any] = {c: _plain(line.get(str(c))) for c in LINE_REVISABLE}
        row.update(change.lines.get(n, {}))
        row.update({QuoteLines.quote_id: quote_id, QuoteLines.version: next_version})
        row[QuoteLines.line_no] = n
        out.append(row)
    nxt = max(numbers, default=0)
    for extra in change.add:
        nxt += 1
        row = {c: None for c in LINE_REVISABLE}
        row.update(extra)
        row.update(
            {
                QuoteLines.quote_id: quote_id,
                QuoteLines.version: next_version,
                QuoteLines.line_no: nxt,
            }
        )
        out.append(row)
    if not out:
        raise VersionError(f"{quote_id} version {next_version} would have no lines")
    return new, out


def _plain(value: Any) -> Any:
    if _blank(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date() if value == value.normalize() else value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()
    return value


def _date(value: Any) -> dt.date | None:
    if _blank(value):
        return None
    return pd.Timestamp(value).date()


@dataclass(frozen=True)
class Change:
    """One difference between two versions. `line` is None for the quote's terms."""

    line: int | None
    field: str
    old: str
    new: str

    @property
    def text(self) -> str:
        where = "terms" if self.line is None else f"line {self.line}"
        if self.field == ADDED:
            return f"{where} added: {self.new}"
        if self.field == REMOVED:
            return f"{where} removed: {self.old}"
        return f"{where}, {self.field}: {self.old or '(blank)'} → {self.new or '(blank)'}"


ADDED, REMOVED = "added", "removed"


def diff(
    quotes: pd.DataFrame, lines: pd.DataFrame, quote_id: str, old: int, new: int
) -> list[Change]:
    """What changed from version `old` to version `new`: terms, lines added or removed, and
    quantities, prices and costs of the lines both have (matched by line number and SKU)."""
    rows = {}
    for v in (old, new):
        hit = versions_of(quotes, quote_id)
        hit = hit[hit[Quotes.version] == v]
        if hit.empty:
            raise VersionError(f"Quotes has no {quote_id} version {v}")
        rows[v] = hit.iloc[0]
    out: list[Change] = []
    for col in (*TERMS, *PRICING):
        a, b = _shown(col, rows[old].get(str(col))), _shown(col, rows[new].get(str(col)))
        if a != b:
            out.append(Change(None, str(col), a, b))
    a_lines = _by_line(lines_of(lines, quote_id, old))
    b_lines = _by_line(lines_of(lines, quote_id, new))
    for n in sorted(set(a_lines) | set(b_lines)):
        la, lb = a_lines.get(n), b_lines.get(n)
        if la is not None and (lb is None or la[QuoteLines.sku] != lb[QuoteLines.sku]):
            out.append(Change(n, REMOVED, _describe(la), ""))
        if lb is not None and (la is None or la[QuoteLines.sku] != lb[QuoteLines.sku]):
            out.append(Change(n, ADDED, "", _describe(lb)))
        if la is None or lb is None or la[QuoteLines.sku] != lb[QuoteLines.sku]:
            continue
        for col in (*LINE_TERMS[1:], *LINE_PRICING):
            a, b = _shown(col, la.get(str(col))), _shown(col, lb.get(str(col)))
            if a != b:
                out.append(Change(n, str(col), a, b))
    return out


def _by_line(frame: pd.DataFrame) -> dict[int, pd.Series]:
    return {
        int(row[QuoteLines.line_no]): row
        for _, row in frame.iterrows()
        if not _blank(row[QuoteLines.line_no])
    }


def _describe(line: pd.Series) -> str:
    qty = _shown(QuoteLines.qty, line.get(str(QuoteLines.qty)))
    unit = canonical(line.get(str(QuoteLines.unit)))
    price = _shown(QuoteLines.unit_price, line.get(str(QuoteLines.unit_price)))
    text = f"{line[QuoteLines.sku]} × {qty}{' ' + unit if unit else ''}"
    return text + (f" at {price}" if price else "")


def _shown(col: Column, value: Any) -> str:
    if _blank(value):
        return ""
    if col.type is ColType.PERCENT or col.number_format.endswith("%"):
        return f"{float(value):.1%}"
    if col.type is ColType.MONEY:
        return (
            f"{float(value):,.2f}"
            if round(float(value), 2) == round(float(value), 6)
            else f"{float(value):,.4f}"
        )
    return canonical(value)


def older_versions(quotes: pd.DataFrame, quote_id: str, newest: int) -> list[int]:
    """The quote's versions below `newest` not yet marked superseded."""
    rows = versions_of(quotes, quote_id)
    status = rows[Quotes.status].astype("string").str.lower()
    older = rows[(rows[Quotes.version] < newest) & (status != QuoteStatus.SUPERSEDED).fillna(True)]
    return [int(v) for v in older[Quotes.version]]
