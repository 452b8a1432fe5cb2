"""What the quote desk may do, and what pricing a quote version decides.

The quote actions read the register, ask this module, and write what it answers: which draft
versions Price quote prices, what a priced version's Quotes row then says, which open quotes
Re-price names, whether a version may be priced, revised, approved or rejected, what comment a
decision carries, and what a typed revision (`Header=value`) means. A refusal is `Refused`: the
user's request is not done and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import pandas as pd

from orderdesk.domain.quotes import approval as A
from orderdesk.domain.quotes import checks, pricing, versions
from orderdesk.domain.quotes.models import (
    ApprovalCheck,
    ApprovalStep,
    CheckState,
    PricingPolicy,
    Quote,
)
from orderdesk.domain.trade import money
from orderdesk.domain.values import Unreadable
from orderdesk.ports import RegisterError
from orderdesk.schema import (
    ApprovalLog,
    Column,
    Decision,
    Products,
    QuoteLines,
    Quotes,
    QuoteStatus,
    Table,
)


class Refused(RegisterError):
    """The action was not done: the rules do not allow it. Nothing was written."""


# --- which versions -------------------------------------------------------------------------


def version_keys(frame: pd.DataFrame, quote_id: Column, version: Column) -> pd.Series:
    """(quote id, version) of every row, for `isin` against a set of versions."""
    return pd.Series(list(zip(frame[quote_id], frame[version], strict=True)), index=frame.index)


def draft_targets(quotes: pd.DataFrame, state: pd.DataFrame) -> list[tuple[Any, int]]:
    """The versions Price quote prices when no quote is named: every newest version still a
    draft (or with no status) on which nobody has decided yet."""
    current = versions.current_versions(quotes)
    status = current[Quotes.status].astype("string").str.lower().fillna("")
    drafts = current[status.isin(["", QuoteStatus.DRAFT])]
    return [
        (q, int(v))
        for q, v in zip(drafts[Quotes.quote_id], drafts[Quotes.version], strict=True)
        if not A.has_decisions(A.state_of(state, q, int(v)))
    ]


def open_versions(quotes: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Newest versions priced or sent and still valid on `day`: the ones Re-price compares."""
    current = versions.current_versions(quotes)
    status = current[Quotes.status].astype("string").str.lower()
    valid = current[Quotes.valid_until].isna() | (current[Quotes.valid_until] >= pd.Timestamp(day))
    return current[status.isin([QuoteStatus.PRICED, QuoteStatus.SENT]).fillna(False) & valid]


# --- preconditions --------------------------------------------------------------------------


def may_price(header: pd.Series, st: Mapping[str, Any] | None) -> None:
    """A version is priced in place only while it is a draft nobody has decided on."""
    label = f"{header[Quotes.quote_id]} version {header[Quotes.version]}"
    status = str(header[Quotes.status] or "").strip().lower()
    if status in versions.FROZEN:
        raise Refused(
            f"{label} is {status}: a quote that has left the draft stage is never changed in "
            f"place; make a new version with Revise (orderdesk quote revise)"
        )
    if A.has_decisions(st):
        raise Refused(
            f"{label} already has approval decisions ({A.approval_summary(st)}): re-pricing it in "
            "place would change what was approved; make a new version with Revise"
        )


def may_revise(current: pd.Series) -> None:
    """A won quote became an order: what changes now is the order."""
    if str(current[Quotes.status] or "").lower() == QuoteStatus.WON:
        raise Refused(
            f"{current[Quotes.quote_id]} version {int(current[Quotes.version])} is won (order "
            f"{current[Quotes.order_id] or '?'}): change the order, not the quote"
        )


def may_decide(quote: Quote, decision: Decision) -> None:
    """Decisions go to the newest version; an approval to a priced one (its approvers see its
    cost build-up)."""
    status = str(quote.status or "").lower()
    if status == QuoteStatus.SUPERSEDED:
        raise Refused(f"{quote.label} is superseded: decide on the newest version")
    if decision is Decision.APPROVE and (status in ("", QuoteStatus.DRAFT) or not quote.priced_at):
        raise Refused(
            f"not approved: {quote.label} is {quote.status or 'not priced'}: price it first "
            "(Price quote), so that the approvers see its cost build-up"
        )


def past(decision: Decision) -> str:
    return {Decision.APPROVE: "approved", Decision.REJECT: "rejected"}.get(decision, "revised")


def decision_comment(
    decision: Decision,
    text: str,
    *,
    label: str,
    level: int,
    shown: Sequence[ApprovalCheck],
    override: bool,
) -> str:
    """The comment logged with a decision, or Refused: a rejection says why; an approval past
    a failed check is an override, which says why too and is marked as one."""
    text = text.strip()
    if decision is Decision.REJECT and not text:
        raise Refused(
            f"not rejected: a rejection needs a comment saying why (--comment, or the "
            f"{Quotes.decision_note} cell of {label})"
        )
    failed = [c for c in shown if c.state is CheckState.FAIL]
    if decision is not Decision.APPROVE or not failed:
        return text
    names = ", ".join(c.name for c in failed)
    if not override:
        raise Refused(
            f"not approved: {label} fails the level {level} check(s) {names}:\n"
            + "\n".join(f"  {c.line()}" for c in shown)
            + "\nReject it, have it revised, or approve with --override and a comment "
            "saying why."
        )
    if not text:
        raise Refused("not approved: an override needs a comment saying why (--comment)")
    return f"OVERRIDE ({names}): {text}"


def unrepeated_note(note: Any, log: pd.DataFrame, quote_id: str, version: int) -> str:
    """The Decision Note typed on the quote's row, unless the log already carries it for this
    version (a note left by the previous approver is not repeated under another name)."""
    if not isinstance(note, str) or not note.strip():
        return ""
    mine = log[(log[ApprovalLog.quote_id] == quote_id) & (log[ApprovalLog.version] == version)]
    said = {str(c).strip() for c in mine[ApprovalLog.comment].dropna()}
    return "" if any(note.strip() == s or s.endswith(note.strip()) for s in said) else note


def log_step(
    matrix: Iterable[A.Approver],
    user: str,
    quote_id: str,
    version: int,
    decision: Decision,
    comment: str,
    digest: str,
    level: int | None,
) -> ApprovalStep:
    """The ApprovalLog row of a decision, under the user's name and role in the matrix."""
    held = [a for a in matrix if A.same_user(a.user, user)]
    pick = next((a for a in held if a.level == level), held[0] if held else None)
    return ApprovalStep(
        user=pick.user if pick else user,
        role=pick.role if pick else None,
        level=level,
        quote_id=quote_id,
        version=version,
        decision=decision,
        comment=comment,
        digest=digest,
    )


def repriced_for_level(
    level: int,
    lines: pd.DataFrame,
    quotes: pd.DataFrame,
    products: pd.DataFrame,
    drivers: pd.DataFrame,
    policy: PricingPolicy,
    day: dt.date,
) -> pd.DataFrame | None:
    """The cost accountant (level 2) sees how far costs moved since pricing: the version's
    build-up again with today's drivers and rates, when every line was priced."""
    if level != 2 or not len(lines) or not lines[QuoteLines.unit_cost].notna().all():
        return None
    return pricing.build_up(lines, quotes, products, drivers, policy, fx_on=day).frame


# --- what pricing decides -------------------------------------------------------------------


def quote_total(lines: pd.DataFrame, priced: pd.DataFrame, currency: str) -> Any:
    """Σ qty × price, each line in the currency's minor unit."""
    amounts = [
        money(pricing.dec(q) * pricing.dec(p), currency)
        for q, p in zip(lines[QuoteLines.qty], priced[pricing.PRICE], strict=True)
        if not pd.isna(q) and not pd.isna(p)
    ]
    return sum(amounts, start=money(pricing.dec(0), currency))


def priced_terms(
    lines: pd.DataFrame, priced: pd.DataFrame, currency: str, when: dt.datetime
) -> dict[Column, Any]:
    """What a version's Quotes row says after pricing its `lines` (their `priced` build-up):
    priced with total and margin when every line has a full build-up, else still a draft."""
    ok = bool(len(lines)) and bool(priced[pricing.OK].all())
    total = quote_total(lines, priced, currency)
    cost = float((lines[QuoteLines.qty] * priced[str(QuoteLines.unit_cost)]).sum())
    rates = priced[pricing.FX_RATE].dropna().unique()
    return {
        Quotes.status: QuoteStatus.PRICED.value if ok else QuoteStatus.DRAFT.value,
        Quotes.priced_at: when,
        Quotes.fx_rate: float(round(rates[0], 6)) if len(rates) == 1 else None,
        Quotes.fx_date: priced[pricing.FX_FIXING].min(),
        Quotes.drivers_date: priced[pricing.DRIVERS_AS_OF].max(),
        Quotes.total: float(total) if ok else None,
        Quotes.margin_pct: round((float(total) - cost) / float(total), 4) if ok and total else None,
        Quotes.approval: A.approval_summary(None) if ok else "build-up incomplete",
    }


@dataclass
class Repricing:
    """Re-price's answer: one record per line of a quote whose costs moved past the threshold,
    and the lines of text that explain it."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    @property
    def stale(self) -> int:
        return len({(r["quote"], r["version"]) for r in self.rows})


def repricing(lines: pd.DataFrame, now: pd.DataFrame, limit: float) -> Repricing:
    """Compare priced `lines` with their build-up today (`now`): the quotes whose costs moved
    more than `limit`, each line's new suggested price and its margin at the old price."""
    old_price = lines[QuoteLines.unit_price].where(
        lines[QuoteLines.unit_price] > 0, lines[QuoteLines.suggested_price]
    )
    new_ex = now[pricing.K_FX] + now[pricing.K_Q]
    margin_old_price = pricing.margin_at(old_price, new_ex, now[pricing.INS_SHARE])
    out = Repricing()
    by_version = lines.groupby([str(QuoteLines.quote_id), str(QuoteLines.version)])
    for key, group in by_version:
        q, v = cast(tuple[str, int], key)  # groupby on two columns: (quote id, version)
        rep = now.loc[group.index]
        if not rep[pricing.OK].all():
            out.details.append(f"{q} v{v}: cannot be re-priced today (a cost or rate is missing)")
            continue
        move = checks.cost_move(group, rep)
        if abs(move) <= limit:
            continue
        out.details.append(f"{q} version {v}: costs moved {move:+.1%} since pricing")
        suggested = rep[str(QuoteLines.suggested_price)]
        for line_no, sku, price, new, margin in zip(
            group[QuoteLines.line_no],
            group[QuoteLines.sku],
            old_price[group.index],
            suggested,
            margin_old_price[group.index],
            strict=True,
        ):
            rec = {
                "quote": q,
                "version": int(v),
                "line": int(line_no),
                "sku": sku,
                "old_price": float(price),
                "new_suggested": float(new),
                "margin_at_old_price": round(float(margin), 4),
                "cost_move": round(move, 4),
            }
            out.rows.append(rec)
            out.details.append(
                f"  line {rec['line']} {rec['sku']}: price {rec['old_price']:,.2f} → suggested "
                f"{rec['new_suggested']:,.2f}; margin at the old price now "
                f"{rec['margin_at_old_price']:.1%}"
            )
    return out


# --- a revision as typed ----------------------------------------------------------------------

# How a typed value becomes a cell value of its column; raises Unreadable saying why not.
ReadValue = Callable[[Column, str], Any]


@dataclass
class RevisionRequest:
    """A revision as typed: `Header=value` for terms, `LINE:Header=value` for lines,
    `SKU:QTY` for new lines, and line numbers to drop."""

    terms: Sequence[str] = ()
    lines: Sequence[str] = ()
    add: Sequence[str] = ()
    drop: Sequence[int] = ()


def _value(table: type[Table], col: Column, raw: str, read: ReadValue) -> Any:
    try:
        return read(col, raw)
    except Unreadable as exc:
        raise Refused(f"{table.sheet} → {col}: {exc}") from exc


def parse_assignment(
    table: type[Table], text: str, allowed: Sequence[Column], read: ReadValue
) -> tuple[Column, Any]:
    """`Header=value` → (column, value); the column must be one a revision may set."""
    header, sep, raw = text.partition("=")
    if not sep:
        raise Refused(f"'{text}': expected Header=value, e.g. \"Payment Terms=TT50-50 BS\"")
    col = table.named(header)
    if col is None:
        raise Refused(f"{table.sheet} has no column '{header.strip()}'")
    if col not in allowed:
        raise Refused(f"a revision cannot set {table.sheet} → {col}")
    return col, _value(table, col, raw, read)


def parse_revision(req: RevisionRequest, read: ReadValue) -> versions.Revision:
    rev = versions.Revision()
    for text in req.terms:
        col, value = parse_assignment(Quotes, text, versions.REVISABLE, read)
        rev.terms[col] = value
    for text in req.lines:
        number, sep, rest = text.partition(":")
        if not sep or not number.strip().isdigit():
            raise Refused(f"'{text}': expected LINE:Header=value, e.g. \"2:Qty=800\"")
        col, value = parse_assignment(QuoteLines, rest, versions.LINE_REVISABLE, read)
        rev.lines.setdefault(int(number), {})[col] = value
    for text in req.add:
        sku, sep, qty = text.partition(":")
        if not sep or not sku.strip():
            raise Refused(f"'{text}': expected SKU:QTY, e.g. \"HW-0042:500\"")
        rev.add.append(
            {
                QuoteLines.sku: sku.strip(),
                QuoteLines.qty: _value(QuoteLines, QuoteLines.qty, qty, read),
            }
        )
    rev.drop = set(req.drop)
    return rev


def add_units(rev: versions.Revision, products: pd.DataFrame) -> None:
    """New lines take their product's unit; a SKU not in Products is refused."""
    products = products.drop_duplicates(str(Products.sku))
    units = dict(zip(products[Products.sku], products[Products.unit], strict=True))
    for extra in rev.add:
        if extra[QuoteLines.sku] not in units:
            raise Refused(f"{Products.sheet} has no SKU '{extra[QuoteLines.sku]}'")
        unit = units[extra[QuoteLines.sku]]
        extra.setdefault(QuoteLines.unit, unit if isinstance(unit, str) else None)


def describe_revision(rev: versions.Revision) -> str:
    parts = [f"{c} = {versions.canonical(v)}" for c, v in rev.terms.items()]
    parts += [
        f"line {n} {c} = {versions.canonical(v)}"
        for n, change in sorted(rev.lines.items())
        for c, v in change.items()
    ]
    parts += [f"add {a[QuoteLines.sku]} × {versions.canonical(a[QuoteLines.qty])}" for a in rev.add]
    parts += [f"drop line {n}" for n in sorted(rev.drop)]
    return "; ".join(parts)
